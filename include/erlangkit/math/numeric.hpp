// Elementary building blocks with full relative accuracy where the textbook
// form cancels: log(1+d)-d, Stirling's remainder, Loader's deviance term, the
// log of the Poisson pmf for real k, and differences of digamma values
// (docs/math/incomplete_gamma.md §7-§10).
#pragma once

#include <math.h>
#include <cmath>
#include <numbers>
#include <type_traits>

#include "fp.hpp"
#include "series.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

// log |Gamma(z)| without the global: std::lgamma writes glibc's signgam, a
// data race between threads (found by the ThreadSanitizer test,
// tests/test_threads.cpp); the reentrant lgamma_r where the C library has it.
template <class T>
T log_gamma(T z) {
#if defined(__GLIBC__) || defined(__APPLE__)
  int sign = 0;
  if constexpr (std::is_same_v<T, float>)
    return ::lgammaf_r(z, &sign);
  else if constexpr (std::is_same_v<T, double>)
    return ::lgamma_r(z, &sign);
  else
    return ::lgammal_r(z, &sign);
#else
  return std::lgamma(z);
#endif
}

// log(1+d) - d. For |d| <= 1/2 we use log(1+d) = 2 atanh(r), r = d/(2+d), so
// that log(1+d) - d = r (q - d) with q = 2 r^2 sum r^{2j}/(2j+3) has no
// cancellation: the textbook difference loses all digits as d -> 0.
// log1pmx_atanh returns r and q (|d| <= 1/2) for callers that refine the
// product r (q - d) beyond double (temme.hpp).
template <class T>
struct atanh_form {
  T r, q;
};

template <class T>
atanh_form<T> log1pmx_atanh(T d) {
  const T r = d / (2 + d);
  const T r2 = r * r;
  const T ratio = r2 / (1 - r2);  // each later term is at most r^2 times the one before
  T power = 1, sum = 0;
  sum_series<T>("log1pmx", {{"d", d}}, [&](T k) {
    power *= r2;  // r^(2k)
    const T add = power / (2 * k + 1);
    sum += add;
    return series_part<T>{sum, add * ratio};
  });
  return {r, 2 * sum};
}

template <class T>
T log1pmx(T d) {
  if (std::abs(d) > T(0.5)) return std::log1p(d) - d;
  const auto [r, q] = log1pmx_atanh(d);
  return r * (q - d);
}

// Coefficients B_2j / (2j (2j-1)) of the Stirling series, j = 1..9.
template <class T>
inline constexpr T stirling_series[] = {T(1) / 12,    T(-1) / 360,       T(1) / 1260,
                                        T(-1) / 1680, T(1) / 1188,       T(-691) / 360360,
                                        T(1) / 156,   T(-3617) / 122400, T(43867) / 244188};

// Stirling remainder: log Gamma(k+1) - [(k+1/2) log k - k + log(2 pi)/2].
// The asymptotic series (Bernoulli numbers B_2j / (2j (2j-1) k^(2j-1))) has
// error below 1e-19 for k >= 15; below that lgamma is accurate in absolute
// terms because every quantity involved is O(10).
template <class T>
T stirlerr(T k) {
  constexpr T half_log_2pi = T(0.91893853320467274178032973640561764L);
  if (k < 15) {
    return log_gamma(k + 1) - (k + T(0.5)) * std::log(k) + k - half_log_2pi;
  }
  const T inv = 1 / k;
  const T inv2 = inv * inv;
  const auto& c = stirling_series<T>;
  T sum = c[8];
  for (int j = 7; j >= 0; --j) sum = c[j] + sum * inv2;
  return sum * inv;
}

// Loader's deviance term bd0(k, m) = k log(k/m) + m - k >= 0, computed as
// m * phi(k/m) with phi(1+d) = (1+d) log1pmx(d) + d^2 when k/m is near 1,
// where the direct form cancels to nothing.
// k_minus_m: k - m as the caller knows it. Where k and m are large and close
// (the Erlang-A transition at large x) bd0 ~ (k - m)^2 / (2m) is sensitive to
// their difference, which the caller can form from its inputs more exactly
// than k - m from their roundings.
template <class T>
T bd0(T k, T m, T k_minus_m) {
  if (k == 0) return m;
  const T d = k_minus_m / m;
  if (std::abs(d) < T(0.5)) return m * ((1 + d) * log1pmx(d) + d * d);
  return k * std::log(k / m) + m - k;
}

template <class T>
T bd0(T k, T m) {
  return bd0(k, m, k - m);
}

// log of the Poisson pmf m^k e^{-m} / Gamma(k+1) for real k >= 0, m >= 0.
// Loader's saddle-point form -stirlerr(k) - bd0(k,m) - log(2 pi k)/2 keeps
// the error at a few ulps of the (possibly large) exponent's O(1) part; the
// lgamma route would lose ~1e-10 relative for k ~ 1e5..1e7.
template <class T>
T log_poisson_pmf(T k, T m, T k_minus_m) {
  if (m == 0) return k == 0 ? T(0) : -inf_v<T>;
  if (k < 1) return k * std::log(m) - m - log_gamma(k + 1);
  constexpr T log_2pi = T(1.83787706640934548356065947281123527L);
  return -stirlerr(k) - bd0(k, m, k_minus_m) - (log_2pi + std::log(k)) / 2;
}

template <class T>
T log_poisson_pmf(T k, T m) {
  return log_poisson_pmf(k, m, k - m);
}

// sum_{j=1..m} 1/(x+j) = psi(x+m+1) - psi(x+1) for integer m >= 0, x >= 0.
// Short sums are added directly; long ones use the asymptotic expansion of
// psi written as a difference, with the leading logs combined through log1p
// so that nothing cancels when m << x.
// log z - psi(z) for z >= 16 by the asymptotic expansion of digamma,
// 1/(2z) + sum B_2j / (2j z^{2j}) (DLMF 5.11.2); seven terms leave < 1e-17
// relative at z = 16.
template <class T>
T log_minus_digamma_large(T z) {
  const T i2 = 1 / (z * z);
  constexpr T c[] = {T(1) / 12, T(-1) / 120, T(1) / 252, T(-1) / 240, T(1) / 132, T(-691) / 32760, T(1) / 12};
  T s = c[6];
  for (int j = 5; j >= 0; --j) s = c[j] + s * i2;
  return 1 / (2 * z) + s * i2;
}

// log z - psi(z) > 0 for z > 0: below 16 by psi(z) = psi(z + k) - sum_{j<k}
// 1/(z + j), every term of the result positive or the log1p of a ratio.
template <class T>
T log_minus_digamma(T z) {
  if (z >= 16) return log_minus_digamma_large(z);
  T sum = 0, b = z;
  while (b < 16) sum += 1 / b, b += 1;
  return sum - std::log1p((b - z) / z) + log_minus_digamma_large(b);
}

template <class T>
T harmonic_shift(T x, T m) {
  if (m <= 0) return 0;
  T sum = 0;
  T b = x + 1;  // sum 1/(b + j), j = 0..m-1
  T count = m;
  while (b < 16 && count > 0) {
    sum += 1 / b;
    b += 1;
    count -= 1;
  }
  if (count <= 0) return sum;
  if (count <= 64) {
    for (T j = 0; j < count; j += 1) sum += 1 / (b + j);
    return sum;
  }
  // psi(a) - psi(b) = log(a/b) - [(log a - psi(a)) - (log b - psi(b))], a = b + count.
  return sum + std::log1p(count / b) - (log_minus_digamma_large(b + count) - log_minus_digamma_large(b));
}

// Riemann zeta(k), k = 2..26 (mpmath, 22 digits), for gamma1pm1.
inline constexpr long double zeta_2_to_26[] = {
    1.644934066848226436472L, 1.2020569031595942854L,   1.082323233711138191516L, 1.036927755143369926331L,
    1.017343061984449139715L, 1.00834927738192282684L,  1.004077356197944339379L, 1.002008392826082214418L,
    1.000994575127818085337L, 1.000494188604119464559L, 1.000246086553308048299L, 1.000122713347578489147L,
    1.000061248135058704829L, 1.000030588236307020494L, 1.000015282259408651872L, 1.000007637197637899762L,
    1.00000381729326499984L,  1.000001908212716553939L, 1.000000953962033872796L, 1.000000476932986787806L,
    1.000000238450502727733L, 1.000000119219925965311L, 1.000000059608189051259L, 1.000000029803503514652L,
    1.000000014901554828365L};

// expm1(x)/x, 1 at x = 0, without the 0/0.
template <class T>
T exprel(T x) {
  return std::abs(x) < T(1e-8) ? 1 + x / 2 : std::expm1(x) / x;
}

// (Gamma(1 + a) - 1) / a for |a| <= 0.2, finite as a -> 0 (-> -Euler's
// gamma): expm1(L)/a with L = log Gamma(1 + a) = a (-gamma + sum_{k>=2}
// (-1)^k zeta(k) a^{k-1} / k) (DLMF 5.7.3; the first term left out,
// zeta(27)/27 a^26, is below 1e-20 there).
template <class T>
T gamma1pm1_over_a(T a) {
  constexpr T euler_gamma = T(0.57721566490153286060651209008240243L);
  T sum = 0;
  for (int k = 26; k >= 2; --k) sum = a * (((k % 2) ? T(-1) : T(1)) * T(zeta_2_to_26[k - 2]) / T(k) + sum);
  const T slope = sum - euler_gamma;  // L / a
  return slope * exprel(a * slope);
}

// Gamma(1 + a) - 1 for a > -1, keeping its digits as a -> 0 (where
// tgamma(1 + a) - 1 would lose all of them); beyond |a| = 0.2 the direct
// difference loses at most a factor 12 (at a = 0.2).
template <class T>
T gamma1pm1(T a) {
  if (std::abs(a) > T(0.2)) return std::tgamma(1 + a) - 1;
  return a * gamma1pm1_over_a(a);
}

// Standard normal density and cdf, for square-root staffing guesses only.
template <class T>
T normal_pdf(T z) {
  return std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi_v<T>);
}
template <class T>
T normal_cdf(T z) {
  return std::erfc(-z / std::numbers::sqrt2_v<T>) / 2;
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
