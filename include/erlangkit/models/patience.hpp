// Patience distributions for M/M/n+G (models/general_patience.hpp): how long
// a waiting caller holds on before hanging up. Each law is a small aggregate
// of its parameters (times in the queue's time unit) with
//   survival(t)  G(t) = P(patience > t)
//   cdf(t)       F(t) = P(patience <= t), computed on its own side so that a
//                small F keeps its digits (1 - G would lose them)
//   integrated_survival(t)  H(t) = int_0^t G(x) dx = E[min(patience, t)]
//   mean()       E[patience] = H(inf), finite for every law here
//   breakpoints  where G jumps or has a kink (the quadrature splits there)
//   validate(fn) the parameter check: erlangkit::domain_error naming fn, the
//                parameter and its value.
// `distribution` holds any of them (a std::variant), so that the model and
// the Python module can carry one law chosen at run time. Formulas:
// docs/math/general_patience.md §6.
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "../core/check.hpp"
#include "../math/fp.hpp"
#include "../math/gamma.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models::patience {

// G, F and H at one time, from one evaluation of the law's special function.
template <class T>
struct values {
  T survival, cdf, integrated;
};

namespace detail {

template <class T>
bool check_time(std::string_view fn, std::string_view name, T v, bool zero_ok) {
  if (std::isfinite(v) && (zero_ok ? v >= 0 : v > 0)) return true;
  erlangkit::detail::raise_domain_error<T>(fn, name, v, zero_ok ? "finite and >= 0" : "finite and > 0");
  return false;
}

// "name[i]", built by appending (GCC 12 warns falsely on literal + string).
inline std::string indexed(std::string_view name, std::size_t i) {
  std::string s(name);
  s.append("[").append(std::to_string(i)).append("]");
  return s;
}

}  // namespace detail

/// Exponential patience of the given mean: M/M/n+G reduces to Erlang-A.
template <class T = double>
struct exponential {
  T mean;  ///< finite and > 0

  bool has_nan() const { return std::isnan(mean); }
  bool validate(std::string_view fn) const { return detail::check_time(fn, "patience.mean", mean, false); }
  values<T> at(T t) const {
    const T e = std::expm1(-t / mean);
    return {std::exp(-t / mean), -e, -mean * e};
  }
  T survival(T t) const { return std::exp(-t / mean); }
  T expected() const { return mean; }
  template <class F>
  void for_each_breakpoint(F&&) const {}
};

/// Every caller hangs up after exactly `time` (announcements, IVR time-outs).
template <class T = double>
struct deterministic {
  T time;  ///< finite and > 0

  bool has_nan() const { return std::isnan(time); }
  bool validate(std::string_view fn) const { return detail::check_time(fn, "patience.time", time, false); }
  values<T> at(T t) const { return t < time ? values<T>{1, 0, t} : values<T>{0, 1, time}; }
  T survival(T t) const { return t < time ? T(1) : T(0); }
  T expected() const { return time; }
  template <class F>
  void for_each_breakpoint(F&& f) const {
    f(time);
  }
};

/// Patience uniform on [low, high].
template <class T = double>
struct uniform {
  T low;   ///< finite and >= 0
  T high;  ///< finite and > low

  bool has_nan() const { return erlangkit::detail::any_nan(low, high); }
  bool validate(std::string_view fn) const {
    if (!detail::check_time(fn, "patience.low", low, true)) return false;
    if (std::isfinite(high) && high > low) return true;
    erlangkit::detail::raise_domain_error<T>(
        fn, "patience.high", high, "finite and > low (" + erlangkit::detail::format_value(low) + ")");
    return false;
  }
  values<T> at(T t) const {
    if (t <= low) return {1, 0, t};
    if (t >= high) return {0, 1, (low + high) / 2};
    const T w = high - low, d = t - low;
    return {(high - t) / w, d / w, low + d - d * d / (2 * w)};
  }
  T survival(T t) const { return at(t).survival; }
  T expected() const { return (low + high) / 2; }
  template <class F>
  void for_each_breakpoint(F&& f) const {
    if (low > 0) f(low);
    f(high);
  }
};

enum class mean_cv_family { gamma, lognormal };

/// A law given by its mean and coefficient of variation: gamma (shape 1/cv^2,
/// scale mean cv^2; cv = 1 is exponential, cv = 1/sqrt(k) Erlang-k) or
/// lognormal.
template <class T, mean_cv_family Family>
struct mean_cv_law {
  T mean;  ///< finite and > 0
  T cv;    ///< finite and > 0

  bool has_nan() const { return erlangkit::detail::any_nan(mean, cv); }
  bool validate(std::string_view fn) const {
    return detail::check_time(fn, "patience.mean", mean, false) &&
           erlangkit::detail::check_positive(fn, "patience.cv", cv);
  }
  values<T> at(T t) const {
    if (t <= 0) return {1, 0, 0};
    if constexpr (Family == mean_cv_family::gamma) {
      // H(t) = t Q(k, x) + mean P(k+1, x), x = t/scale, and P(k+1, x) = P(k, x) -
      // pmf(k; x): one incomplete gamma ratio, taken on the side where it is
      // small, and one Poisson pmf shared by P (or Q) and P(k+1, x) (math/gamma.hpp's
      // gamma_p would take the pmf again: 1.4x the cost, bench GeneralPatience).
      const T k = 1 / (cv * cv), x = t / (mean * cv * cv);
      const T pmf = std::exp(math::log_poisson_pmf(k, x, k - x));
      if (x < k + 1) {
        // P(k, x) = pmf (1 + (M - 1)), so P(k+1, x) = pmf (M - 1) without cancellation.
        const T above = pmf * math::kummer(k, x, x - k).m_minus_1, p = pmf + above, q = 1 - p;
        return {q, p, t * q + mean * above};
      }
      const T q = k * pmf * math::upper_gamma_ratio(k, x, x - k), p = 1 - q;
      return {q, p, t * q + mean * std::max(T(0), p - pmf)};
    } else {
      // With s^2 = log(1 + cv^2), z = (log t - log mean)/s + s/2:
      // G = Phi(-z), F = Phi(z), int_0^t x dF = mean Phi(z - s).
      const T s = std::sqrt(std::log1p(cv * cv));
      const T z = std::log(t / mean) / s + s / 2;
      constexpr T r = T(0.707106781186547524400844362104849039L);
      // The smaller of G and F by erfc, the other as 1 minus it (>= 1/2, so
      // exact to rounding): two erfc a point instead of three.
      const T small = std::erfc(std::abs(z) * r) / 2;
      const T g = z >= 0 ? small : 1 - small, f = z >= 0 ? 1 - small : small;
      return {g, f, t * g + mean * std::erfc((s - z) * r) / 2};
    }
  }
  T survival(T t) const { return at(t).survival; }
  T expected() const { return mean; }
  template <class F>
  void for_each_breakpoint(F&&) const {}
};

/// Gamma patience of the given mean and coefficient of variation.
template <class T = double>
using gamma = mean_cv_law<T, mean_cv_family::gamma>;
/// Lognormal patience of the given mean and coefficient of variation.
template <class T = double>
using lognormal = mean_cv_law<T, mean_cv_family::lognormal>;

/// Weibull patience, G(t) = exp(-(t/scale)^shape).
template <class T = double>
struct weibull {
  T shape;  ///< finite and > 0
  T scale;  ///< finite and > 0

  bool has_nan() const { return erlangkit::detail::any_nan(shape, scale); }
  bool validate(std::string_view fn) const {
    if (!erlangkit::detail::check_positive(fn, "patience.shape", shape) ||
        !detail::check_time(fn, "patience.scale", scale, false))
      return false;
    // A small shape has a mean scale Gamma(1 + 1/shape) beyond the type (shape
    // 1e-3: Gamma(1001) ~ 1e2564): every integral would be inf/inf.
    if (std::isfinite(expected())) return true;
    erlangkit::detail::raise_domain_error<T>(fn, "patience.shape", shape,
                                             "large enough for a finite mean scale * Gamma(1 + 1/shape)");
    return false;
  }
  // H(t) = mean P(1/shape, x), x = (t/scale)^shape (substituting x in the integral).
  values<T> at(T t) const { return at(t, expected()); }
  // at(t) with the mean given, exactly as expected() returns it: a caller
  // evaluating many nodes (models/general_patience.hpp) spares a tgamma a
  // node, ~20% of an evaluation (~22 of ~113 ns).
  values<T> at(T t, T mean) const {
    if (t <= 0) return {1, 0, 0};
    const T x = std::pow(t / scale, shape), a = 1 / shape, e = std::expm1(-x);
    // Where x is below eps (underflowing to subnormals or 0 for a large
    // shape), P(a, x) loses its digits (shape 200: H 8e-5 off at t = 0.0245
    // scale, 0 below), and lambda H - n mu u with it; there G = 1 - x to
    // rounding and H = t (1 - x/(shape + 1)) exactly to O(x^2). Where x
    // overflows (t a little above scale for a large shape), P is 1 and
    // gamma_p(a, inf) would be NaN (tests/test_general_patience.cpp,
    // WeibullOfLargeShapeKeepsItsDigits).
    if (x < math::eps_v<T>) return {1 - x, x, t * (1 - x / (shape + 1))};
    if (std::isinf(x)) return {0, 1, mean};
    return {std::exp(-x), -e, mean * math::gamma_p(a, x, x - a)};
  }
  T survival(T t) const { return std::exp(-std::pow(t / scale, shape)); }
  T expected() const { return scale * std::tgamma(1 + 1 / shape); }
  template <class F>
  void for_each_breakpoint(F&&) const {}
};

/// A mixture of exponentials: with probability probs[i] the patience is
/// exponential of mean means[i].
template <class T = double>
struct hyperexponential {
  std::vector<T> probs;  ///< each >= 0, summing to 1 (to rounding)
  std::vector<T> means;  ///< each finite and > 0, as many as probs

  bool has_nan() const {
    return std::any_of(probs.begin(), probs.end(), [](T v) { return std::isnan(v); }) ||
           std::any_of(means.begin(), means.end(), [](T v) { return std::isnan(v); });
  }
  bool validate(std::string_view fn) const {
    if (probs.empty() || probs.size() != means.size()) {
      erlangkit::detail::raise_domain_error<T>(
          fn, "patience.probs", T(probs.size()),
          "as many entries as patience.means (" + std::to_string(means.size()) + "), at least one");
      return false;
    }
    T sum = 0;
    for (std::size_t i = 0; i < probs.size(); ++i) {
      if (!(probs[i] >= 0 && probs[i] <= 1)) {
        erlangkit::detail::raise_domain_error<T>(fn, detail::indexed("patience.probs", i), probs[i],
                                                 "in [0, 1]");
        return false;
      }
      // the name is built only for a message (as in empirical::validate)
      if (!(std::isfinite(means[i]) && means[i] > 0) &&
          !detail::check_time(fn, detail::indexed("patience.means", i), means[i], false))
        return false;
      sum += probs[i];
    }
    // The rounding of a sum of n numbers in [0, 1]: [0.1] * 10 is 1 - 1.1e-16.
    if (std::abs(sum - 1) <= 4 * T(probs.size()) * math::eps_v<T>) return true;
    erlangkit::detail::raise_domain_error<T>(fn, "sum(patience.probs)", sum, "1");
    return false;
  }
  values<T> at(T t) const {
    values<T> v{0, 0, 0};
    for (std::size_t i = 0; i < probs.size(); ++i) {
      const T e = std::expm1(-t / means[i]);
      v.survival += probs[i] * std::exp(-t / means[i]), v.cdf -= probs[i] * e,
          v.integrated -= probs[i] * means[i] * e;
    }
    return v;
  }
  T survival(T t) const { return at(t).survival; }
  T expected() const {
    T m = 0;
    for (std::size_t i = 0; i < probs.size(); ++i) m += probs[i] * means[i];
    return m;
  }
  template <class F>
  void for_each_breakpoint(F&&) const {}
};

/// A measured survival table. times strictly increasing from >= 0; survival
/// the value of G from each time on, non-increasing, in [0, 1], ending at 0
/// (every caller has a finite patience), and G = 1 before times[0]. step:
/// G holds its value until the next time; linear: G is interpolated linearly
/// between the points (then survival[0] must be 1, G being continuous).
/// empirical_from_samples builds the step table of a sample of patiences.
template <class T = double>
struct empirical {
  std::vector<T> times;
  std::vector<T> surv;
  bool linear = false;
  std::vector<T> cum;  // H(times[i]), filled by the constructor

  empirical() = default;
  empirical(std::vector<T> t, std::vector<T> s, bool interpolate_linearly = false)
      : times(std::move(t)), surv(std::move(s)), linear(interpolate_linearly) {
    cum.resize(times.size());
    if (times.empty() || times.size() != surv.size()) return;
    cum[0] = times[0];
    for (std::size_t i = 1; i < times.size(); ++i)
      cum[i] = cum[i - 1] + (times[i] - times[i - 1]) * (linear ? (surv[i - 1] + surv[i]) / 2 : surv[i - 1]);
  }

  bool has_nan() const {
    return std::any_of(times.begin(), times.end(), [](T v) { return std::isnan(v); }) ||
           std::any_of(surv.begin(), surv.end(), [](T v) { return std::isnan(v); });
  }
  bool validate(std::string_view fn) const {
    using detail::indexed;
    using erlangkit::detail::format_value;
    using erlangkit::detail::raise_domain_error;
    if (times.empty() || times.size() != surv.size()) {
      raise_domain_error<T>(
          fn, "patience.times", T(times.size()),
          "as many entries as patience.survival (" + std::to_string(surv.size()) + "), at least one");
      return false;
    }
    for (std::size_t i = 0; i < times.size(); ++i) {
      // The entries' names are built only for a message: a table is checked
      // at every call, and two strings an entry cost ~80 ns (bench
      // GeneralPatience, empirical table of 200 times: 16 of its 27 us).
      const T before = i == 0 ? T(1) : surv[i - 1];
      const bool time_ok = std::isfinite(times[i]) && times[i] >= 0 && (i == 0 || times[i] > times[i - 1]);
      if (time_ok && surv[i] >= 0 && surv[i] <= before) continue;
      const std::string time_name = indexed("patience.times", i), surv_name = indexed("patience.survival", i);
      if (!detail::check_time(fn, time_name, times[i], true)) return false;
      if (i > 0 && !(times[i] > times[i - 1])) {
        raise_domain_error<T>(fn, time_name, times[i],
                              "> the time before it (" + format_value(times[i - 1]) + ")");
        return false;
      }
      raise_domain_error<T>(fn, surv_name, surv[i],
                            "in [0, " + format_value(before) + "] (survival falls from 1)");
      return false;
    }
    if (linear && surv[0] != 1) {
      raise_domain_error<T>(fn, "patience.survival[0]", surv[0], "1 for a piecewise-linear table");
      return false;
    }
    if (surv.back() == 0) return true;
    raise_domain_error<T>(fn, indexed("patience.survival", surv.size() - 1), surv.back(),
                          "0 (the table must end where every caller has hung up)");
    return false;
  }
  values<T> at(T t) const {
    if (t < times[0]) return {1, 0, t};
    // Index of the last time <= t: O(log size).
    const auto i =
        static_cast<std::size_t>(std::upper_bound(times.begin(), times.end(), t) - times.begin()) - 1;
    if (!linear || i + 1 == times.size()) {
      const T g = surv[i];
      return {g, 1 - g, cum[i] + g * (t - times[i])};
    }
    const T w = (t - times[i]) / (times[i + 1] - times[i]);
    const T g = surv[i] + w * (surv[i + 1] - surv[i]);
    return {g, 1 - g, cum[i] + (t - times[i]) * (surv[i] + g) / 2};
  }
  T survival(T t) const { return at(t).survival; }
  T expected() const { return cum.back(); }
  template <class F>
  void for_each_breakpoint(F&& f) const {
    for (T t : times)
      if (t > 0) f(t);
  }
};

/// The step table of a sample of patience times (each finite and >= 0): G(t)
/// the share of the sample above t.
template <class T>
empirical<T> empirical_from_samples(std::vector<T> samples) {
  std::sort(samples.begin(), samples.end());
  std::vector<T> times, surv;
  const T n = T(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (i + 1 < samples.size() && samples[i + 1] == samples[i]) continue;
    times.push_back(samples[i]);
    surv.push_back(T(samples.size() - 1 - i) / n);
  }
  return {std::move(times), std::move(surv), false};
}

/// Any one of the laws above, chosen at run time.
template <class T = double>
struct distribution {
  std::variant<exponential<T>, deterministic<T>, uniform<T>, gamma<T>, lognormal<T>, weibull<T>,
               hyperexponential<T>, empirical<T>>
      law;

  distribution() : law(exponential<T>{1}) {}
  template <class L>
  requires(!std::is_same_v<std::remove_cvref_t<L>, distribution>) distribution(L l) : law(std::move(l)) {}

  template <class F>
  decltype(auto) visit(F&& f) const {
    return std::visit(std::forward<F>(f), law);
  }
  bool has_nan() const {
    return visit([](const auto& l) { return l.has_nan(); });
  }
  bool validate(std::string_view fn) const {
    return visit([&](const auto& l) { return l.validate(fn); });
  }
  values<T> at(T t) const {
    return visit([&](const auto& l) { return l.at(t); });
  }
  T survival(T t) const {
    return visit([&](const auto& l) { return l.survival(t); });
  }
  T expected() const {
    return visit([](const auto& l) { return l.expected(); });
  }
};

}  // namespace models::patience
ERLANGKIT_END_NAMESPACE
