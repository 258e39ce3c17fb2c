// The numeric building blocks against independent forms of the same quantity.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/erlang_b.hpp>
#include <erlangkit/math/gamma.hpp>
#include <erlangkit/math/numeric.hpp>
#include <erlangkit/math/roots.hpp>
#include <erlangkit/math/temme.hpp>
#include <limits>
#include <numbers>
#include <utility>

namespace d = erlangkit::math;

TEST(Numeric, Log1pmxMatchesSeriesForSmallArguments) {
  for (double x : {1e-12, -1e-9, 3e-6, -2e-4}) {
    double series = 0, power = x;
    for (int j = 2; j < 12; ++j) power *= x, series += (j % 2 ? 1.0 : -1.0) * power / j;
    EXPECT_NEAR(d::log1pmx(x), series, 1e-15 * std::abs(series)) << x;
  }
  for (double x : {-0.45, -0.3, 0.2, 0.49}) {
    // At these arguments the direct form loses only a few bits.
    EXPECT_NEAR(d::log1pmx(x), std::log1p(x) - x, 1e-14 * std::abs(std::log1p(x) - x)) << x;
  }
}

TEST(Numeric, StirlerrIsContinuousAcrossItsSwitch) {
  // Series (k >= 15) and lgamma (k < 15) routes agree where they meet.
  const double k = 15;
  const double via_lgamma = std::lgamma(k + 1) - (k + 0.5) * std::log(k) + k - 0.5 * std::log(2 * M_PI);
  EXPECT_NEAR(d::stirlerr(k), via_lgamma, 1e-14);
  const double want = 1.0 / 12e6 - 1.0 / 360e18;
  EXPECT_NEAR(d::stirlerr(1e6), want, 4e-16 * want);
}

TEST(Numeric, Bd0IsTheDevianceTerm) {
  EXPECT_EQ(d::bd0(5.0, 5.0), 0.0);
  // (k-m)^2/(2m) - (k-m)^3/(6m^2) + ...: the direct form would cancel to nothing here.
  const double e = 1e-6;  // m [d^2/2 - d^3/6 + d^4/12] with d = 1e-6, m = 1e6
  const double want = 1e6 * (e * e / 2 - e * e * e / 6 + e * e * e * e / 12);
  EXPECT_NEAR(d::bd0(1e6 + 1, 1e6), want, 1e-14 * want);
  EXPECT_NEAR(d::bd0(3.0, 10.0), 3 * std::log(0.3) + 7, 1e-14);
}

TEST(Numeric, LogPoissonPmfMatchesDirectFormAtSmallArguments) {
  for (double k : {1.0, 2.5, 7.0, 20.0}) {
    for (double m : {0.5, 3.0, 12.0}) {
      const double direct = k * std::log(m) - m - std::lgamma(k + 1);
      EXPECT_NEAR(d::log_poisson_pmf(k, m), direct, 1e-13 * std::max(1.0, std::abs(direct))) << k << " " << m;
    }
  }
}

TEST(Numeric, HarmonicShiftMatchesDirectSum) {
  for (double x : {0.0, 0.3, 20.0, 1e4}) {
    for (double m : {1.0, 10.0, 100.0, 5000.0}) {
      long double direct = 0;
      for (int j = 1; j <= static_cast<int>(m); ++j) direct += 1.0L / (x + j);
      EXPECT_NEAR(d::harmonic_shift(x, m), static_cast<double>(direct), 1e-14 * static_cast<double>(direct));
    }
  }
}

TEST(Numeric, IncompleteGammaAgainstClosedForms) {
  // Closed forms that share nothing with the series, the continued fraction or
  // Temme: P(1/2, z) = erf(sqrt z), and for whole s the Poisson sums
  // Q(s, z) = e^-z sum_{k<s} z^k/k!, P = the rest, summed in long double on the
  // side where they do not cancel.
  for (double z : {0.01, 0.3, 2.0, 9.0, 40.0}) {
    EXPECT_NEAR(d::gamma_p(0.5, z), std::erf(std::sqrt(z)), 1e-15 * std::erf(std::sqrt(z))) << z;
    EXPECT_NEAR(d::gamma_q(0.5, z), std::erfc(std::sqrt(z)), 4e-15 * std::erfc(std::sqrt(z))) << z;
  }
  for (int s : {1, 3, 40, 150, 1000}) {
    for (double f : {0.3, 0.9, 1.0, 1.1, 2.5}) {
      const long double z = f * s;
      long double term = std::exp(-z), below = 0;  // sum_{k<s} e^-z z^k/k!
      for (int k = 0; k < s; ++k) below += term, term *= z / (k + 1);
      long double above = 0;  // sum_{k>=s} e^-z z^k/k!
      for (int k = s; term > 1e-40L * above || k < s + 10; ++k) above += term, term *= z / (k + 1);
      const double q = static_cast<double>(below), p = static_cast<double>(above);
      // A value e^-L carries the rounding of its exponent: ~L eps relative.
      auto tol = [](double v) { return 4e-16 * std::max(20.0, -std::log(v)) * v; };
      EXPECT_NEAR(d::gamma_q(double(s), double(z)), q, tol(q)) << s << " " << f;
      EXPECT_NEAR(d::gamma_p(double(s), double(z)), p, tol(p)) << s << " " << f;
    }
  }
}

TEST(Series, LimitIsReportedNotReturned) {
  // A series that needs more terms than it is given raises evaluation_error
  // naming the function and its inputs, instead of returning a partial sum.
  double sum = 0;
  auto harmonic_like = [&](double k) {
    sum += 1 / (k * k);
    return d::series_part<double>{sum, 1 / k};  // the tail of sum 1/k^2 is below 1/k
  };
  try {
    d::sum_series<double>("test_series", {{"s", 2.0}, {"z", 0.5}}, harmonic_like, 100);
    ADD_FAILURE() << "expected evaluation_error";
  } catch (const erlangkit::evaluation_error& e) {
    EXPECT_STREQ(e.what(),
                 "test_series: series did not converge at s = 2, z = 0.5 (please report this input)");
  }
  // The limit every library series runs under is far above what the domain needs:
  // Kummer's series at s = 1e9 and z just under s + 1 (outside Temme's window
  // its worst case) converges in well under series_max_terms.
  EXPECT_GT(d::series_max_terms, 1000000u);
  auto slow = [](double k) { return d::series_part<double>{1, 1 / k}; };
  EXPECT_THROW(d::sum_series<double>("slow", {{"x", 1.0}}, slow, 1000), erlangkit::evaluation_error);
  auto never = [](double) { return d::fraction_term<double>{1, 1e-300}; };
  EXPECT_THROW(d::continued_fraction<double>("cf", {{"x", 1.0}}, never, 50), erlangkit::evaluation_error);
}

TEST(Roots, BoundedOnAnyBracket) {
  // A step: Illinois falls back to bisection, and root_max_iterations steps take
  // even [0, 1e308] down to a few ulps of the jump.
  auto step = [](double x) { return x < 1.2345 ? -1.0 : 1.0; };
  const double r = d::bracketed_root<double>("test", step, 0.0, 1e308);
  EXPECT_GE(step(r), 0.0);
  EXPECT_NEAR(r, 1.2345, 1e-15);
  // Whole-number search past 2^24 in float: the counts are carried in double.
  const auto w = d::min_integer<float>([](float n) { return n >= 2.0e7f; }, 1.0f, 0.0f, 1e9f);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(*w, 2.0e7f);
}

// Any bracket, any jump, ends of any size: the search ends where the step is,
// to 4 ulps (adjacent numbers where the jump sits at 0), within its bound.
template <class T>
void check_roots_end_at_the_jump() {
  const T tiny = std::numeric_limits<T>::denorm_min(), big = std::numeric_limits<T>::max();
  for (T jump : {T(1.2345), T(1e-30), T(3e-38), tiny, T(0), T(-7.5), T(1e30)}) {
    for (bool rising : {true, false}) {
      int calls = 0;
      auto f = [&](T x) {
        ++calls;
        return (rising ? x >= jump : x <= jump) ? T(1) : T(-1);
      };
      const T a = rising ? -big : big, b = rising ? big : -big;
      calls = 0;
      const T r = d::bracketed_root<T>("test", f, a, b);
      EXPECT_LE(calls, d::root_max_iterations<T> + 2) << jump;
      EXPECT_GE(f(r), 0) << jump;
      // Within 4 ulps of the larger end (8 of a number just below a power of 2) lies one that fails.
      T miss = r;
      for (int i = 0; i < 8 && f(miss) >= 0; ++i) miss = std::nextafter(miss, a);
      EXPECT_LT(f(miss), 0) << jump << " " << r;
    }
  }
}

TEST(Roots, EndAtAdjacentNumbers) {
  check_roots_end_at_the_jump<float>();
  check_roots_end_at_the_jump<double>();
  check_roots_end_at_the_jump<long double>();
  // A smooth root next to a flat stretch of rounding-level values (the shape
  // of an occupancy cap within an ulp of 1), and ends whose values differ by
  // 300 orders of magnitude (a blocking target of 1e-300).
  auto flat = [](double x) { return x < 3.0 ? -1e-16 : 1 - 3.0 / x; };
  EXPECT_NEAR(d::bracketed_root<double>("test", flat, 0.0, 1e4), 3.0, 1e-15 * 3);
  auto steep = [](double x) { return std::pow(x, 5) - 1e-300; };
  EXPECT_NEAR(d::bracketed_root<double>("test", steep, 0.0, 6.0), 1e-60, 1e-74);
}

TEST(Numeric, TemmeExpansionMatchesSeriesAndContinuedFraction) {
  // Reference: the series / continued fraction in long double (slow near z = a,
  // but exact to ~1e-18). Below the transition K ~ e^{a h}, h = lambda - 1 -
  // ln lambda ~ d^2/2, d = (z-a)/a: the exponent is carried in double-double
  // except for its part q (about |d|/6 of h), whose few ulp cost ~ a |d|^3 eps.
  auto reference = [](long double a, long double z) {
    if (z >= a + 1) return d::upper_gamma_cf(a, z);
    const long double pmf = std::exp(d::log_poisson_pmf(a, z));
    return (1 / pmf - (1 + d::kummer_series(a, z).m_minus_1)) / a;
  };
  for (double a : {10.0, 23.5, 100.0, 1000.0, 1e5, 1e7}) {
    for (double f = -0.5; f <= 0.5; f += 0.0125) {
      const double z = a * (1 + f);
      const long double want = reference(a, z);
      if (want > 1e300L) continue;
      const double got = d::upper_gamma_ratio_temme(a, z);
      const double tol = z >= a ? 2e-15 : 2e-15 + 4.5e-16 * a * std::abs(f * f * f);
      EXPECT_NEAR(got, static_cast<double>(want), tol * static_cast<double>(want)) << a << " " << z;
    }
  }
}

TEST(Numeric, TemmeTruncationChangesKByLessThanAnUlp) {
  // temme_degree and temme_terms choose how much of the 22 x 12 table to sum;
  // even one power of eta fewer than chosen must move K by under 2e-16.
  for (double a : {100.0, 129.0, 200.0, 500.0, 1000.0, 1e4, 1e5, 1e6}) {
    for (double f = -0.5; f <= 0.5; f += 0.005) {
      const double z = a * (1 + f);
      const double eta = std::copysign(std::sqrt(-2 * d::log1pmx(f)), f);
      const double full = d::temme_sum<false>(a, eta, d::temme_n, d::temme_k).sum;
      const double cut =
          d::temme_sum<false>(a, eta, d::temme_degree(std::abs(eta)) - 1, d::temme_terms(a)).sum;
      EXPECT_LE(std::abs(cut - full) / a, 2e-16 * d::upper_gamma_ratio_temme(a, z)) << a << " " << f;
    }
  }
}

TEST(Numeric, ErfcxMatchesLongDouble) {
  // e^{w^2} erfc(w) in long double (erfc to ~1e-19, e^{w^2} of a w^2 rounded
  // to 64 bits: ~w^2 5e-20) is a reference to ~5e-17 up to |w| = 26; past that
  // the continued fraction is checked against the long double product too.
  for (double w = -26; w <= 80; w += 0.0137) {
    const long double lw = w;
    const long double want = std::exp(lw * lw) * std::erfc(lw);
    EXPECT_NEAR(d::erfcx(w), static_cast<double>(want), 5e-16 * static_cast<double>(want)) << w;
  }
}

TEST(Numeric, KummerByTemmeMatchesTheSeries) {
  // M(1, s+1, z) - 1 and sum k t_k near z = s through J and D (temme.hpp) against
  // the series in long double (exact to ~1e-18, but O(sqrt(s)) terms).
  for (double s : {100.0, 250.5, 1000.0, 6e4, 1e6, 1e9}) {
    for (double f = -0.5; f < 1 / s; f += f < -0.02 ? 0.0025 : (s > 1e6 ? 0.001 : 0.0001)) {
      const double z = s * (1 + f);
      ASSERT_TRUE(d::temme_applies(s, z));
      const auto want = d::kummer_series<long double>(s, z);
      const auto got = d::kummer(s, z);
      EXPECT_NEAR(got.m_minus_1, static_cast<double>(want.m_minus_1),
                  2e-15 * static_cast<double>(want.m_minus_1))
          << s << " " << z;
      EXPECT_NEAR(got.first_moment, static_cast<double>(want.first_moment),
                  2e-15 * static_cast<double>(want.first_moment))
          << s << " " << z;
    }
  }
}

TEST(Numeric, MillsComplementKeepsItsDigits) {
  // m(v) = 1 - sqrt(pi) v erfcx(v) in long double loses at most log10(1/m) of
  // its 19 digits (3.5 at v = 60), so it is a 1e-15 reference on [0, 60]: the
  // Chebyshev series below v = 40 and the asymptotic series above.
  for (double v = 0; v <= 60; v += 0.0173) {
    const long double lv = v;
    const long double want = 1 - std::sqrt(std::numbers::pi_v<long double>) * lv * d::erfcx(lv);
    EXPECT_NEAR(d::mills_complement(v), static_cast<double>(want), 1e-15 * static_cast<double>(want)) << v;
  }
  EXPECT_EQ(d::mills_complement(0.0), 1.0);
  const double v = 1e4, s = 0.5 / (v * v);  // m = s - 3 s^2 + 15 s^3 - ..., the next term 1e-32 of m
  EXPECT_NEAR(d::mills_complement(v), s * (1 - 3 * s * (1 - 5 * s)), 4e-16 * s);
}

TEST(Numeric, ErlangBContinuousAcrossMethodSwitches) {
  // Temme applies for n + 1 >= 100 and |R - (n+1)| <= 0.5 (n+1): step across both
  // edges. Whole n <= small_n_max take the recursion, their neighbours n +- h the
  // special-function route. log B is nearly linear in n over 2h, so B must sit at
  // the geometric mean of its neighbours (B itself falls by ~e^-0.7 per agent at
  // R = n/2: the arithmetic mean would be off by the curvature).
  const double m = d::small_n_max;
  for (auto [n, R] :
       {std::pair{98.999, 99.5}, std::pair{99.001, 99.5}, std::pair{1000.0, 1501.6},
        std::pair{1000.0, 1501.4}, std::pair{1000.0, 500.6}, std::pair{1000.0, 500.4}, std::pair{m, 0.95 * m},
        std::pair{m, 0.3 * m}, std::pair{m, 2 * m}, std::pair{10.0, 9.5}, std::pair{1.0, 0.5}}) {
    const double b = 1 / d::inverse_erlang_b(n, R);
    const double h = 1e-7 * n;
    const double lo = 1 / d::inverse_erlang_b(n - h, R), hi = 1 / d::inverse_erlang_b(n + h, R);
    EXPECT_LT(hi, b);
    EXPECT_LT(b, lo);
    EXPECT_NEAR(b, std::sqrt(lo * hi), 1e-9 * b) << n << " " << R;
  }
}
