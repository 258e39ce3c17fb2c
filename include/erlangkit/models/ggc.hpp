// Approximations for the G/G/c queue: renewal arrivals and general service
// times, described by their means and coefficients of variation, c servers,
// FCFS, unlimited room. These are approximations, not exact results: their
// error against simulation is measured in docs/ggc.md
// (bench/ggc_vs_simulation.py). With Poisson arrivals and one server (ca = 1,
// c = 1) Kingman's form is the Pollaczek-Khinchine formula of M/G/1, exact.
#pragma once

#include <cmath>
#include <limits>
#include <string_view>

#include "../core/check.hpp"
#include "../math/erlang_b.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

/// The approximation of the mean wait.
enum class ggc_method {
  kingman,        ///< one server: rho/(1-rho) (ca^2+cs^2)/2 E[S] (exact for M/G/1: Pollaczek-Khinchine)
  allen_cunneen,  ///< c servers: Wq(M/M/c) (ca^2+cs^2)/2
  kraemer_langenbach_belz,  ///< one server: Kingman times Kraemer and Langenbach-Belz's correction g (ca < 1)
};

/// A G/G/c queue by its first two moments. Times in any one unit, the rate per that unit.
template <class T = double>
struct ggc_queue {
  T arrival_rate;  ///< lambda = 1 / mean interarrival time, finite and > 0
  T service_mean;  ///< E[S], finite and > 0
  T servers = 1;   ///< c, whole and >= 1
  T ca = 1;        ///< coefficient of variation of the interarrival times (1: Poisson), finite and >= 0
  T cs = 1;  ///< coefficient of variation of the service times (1: exponential, 0: constant), finite and >= 0
};

/// The approximate measures: Wq from the method, the rest by Little's law
/// and the means (W = Wq + E[S], Lq = lambda Wq, L = lambda W), P(wait)
/// approximated by Erlang-C's C(c, R) (exact for M/M/c, and rho for M/G/1).
template <class T = double>
struct ggc_metrics {
  T Wq, W, Lq, L;
  T utilization;  ///< rho = lambda E[S] / c (exact)
  T p_wait;       ///< Erlang-C C(c, lambda E[S]): an approximation unless arrivals are Poisson and c = 1 or
                  ///< service exponential
};

/// The G/G/c approximations (docs/ggc.md):
/// - kingman (c = 1): Wq = rho/(1 - rho) (ca^2 + cs^2)/2 E[S];
/// - allen_cunneen: Wq = C(c, R)/(c mu - lambda) (ca^2 + cs^2)/2, R = lambda E[S], mu = 1/E[S];
/// - kraemer_langenbach_belz (c = 1): Kingman times
///   g = exp(-2 (1 - rho)(1 - ca^2)^2 / (3 rho (ca^2 + cs^2))) for ca < 1 (regular
///   arrivals), 1 for ca >= 1.
/// Domain: rho < 1 (else the queue grows without bound: domain_error), the
/// parameters as ggc_queue says; kingman and kraemer_langenbach_belz need
/// c = 1. Errors: domain_error naming the parameter. Accuracy: exact for M/M/c
/// (every method where it applies) and for M/G/1 (kingman); otherwise an
/// approximation whose error against a seeded simulation is tabulated in
/// docs/ggc.md. Cost O(1) (O(c) at most, for Erlang-C).
template <class T>
ggc_metrics<T> ggc_approximation(const ggc_queue<T>& q, ggc_method method = ggc_method::allen_cunneen) {
  constexpr auto fn = "ggc_approximation";
  using erlangkit::detail::raise_domain_error;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const ggc_metrics<T> bad{nan, nan, nan, nan, nan, nan};
  if (erlangkit::detail::any_nan(q.arrival_rate, q.service_mean, q.servers, q.ca, q.cs)) return bad;
  if (!erlangkit::detail::check_positive<T>(fn, "arrival_rate", q.arrival_rate) ||
      !erlangkit::detail::check_positive<T>(fn, "service_mean", q.service_mean) ||
      !erlangkit::detail::check_nonneg<T>(fn, "ca", q.ca) ||
      !erlangkit::detail::check_nonneg<T>(fn, "cs", q.cs))
    return bad;
  const T c = q.servers;
  if (!(c >= 1 && c == std::floor(c) && std::isfinite(c))) {
    raise_domain_error<T>(fn, "servers", c, "a whole number >= 1");
    return bad;
  }
  if (method != ggc_method::allen_cunneen && c != 1) {
    raise_domain_error<T>(fn, "servers", c,
                          "1 for this method (kingman and kraemer_langenbach_belz are one-server forms; "
                          "allen_cunneen takes any number)");
    return bad;
  }
  const T R = q.arrival_rate * q.service_mean, rho = R / c;
  if (!(rho < 1)) {
    raise_domain_error<T>(fn, "arrival_rate * service_mean / servers", rho,
                          "< 1: the queue grows without bound");
    return bad;
  }
  const T ca2 = q.ca * q.ca, cs2 = q.cs * q.cs, v = (ca2 + cs2) / 2;
  const T C = math::erlang_c(c, R);
  T Wq;
  if (method == ggc_method::allen_cunneen) {
    Wq = C / (c / q.service_mean - q.arrival_rate) * v;
  } else {
    Wq = rho / (1 - rho) * v * q.service_mean;
    // The correction for regular arrivals only, as Whitt's QNA uses it: its
    // companion for ca > 1 (exp(-(1 - rho)(ca^2 - 1)/(ca^2 + 4 cs^2))) moved
    // Kingman away from the simulation in every ca = 2 case of docs/ggc.md's
    // table (e.g. -15% to -32% at rho 0.7, cs 0).
    if (method == ggc_method::kraemer_langenbach_belz && ca2 < 1)
      Wq *= std::exp(-2 * (1 - rho) * (1 - ca2) * (1 - ca2) / (3 * rho * (ca2 + cs2)));
  }
  const T W = Wq + q.service_mean;
  return {Wq, W, q.arrival_rate * Wq, q.arrival_rate * W, rho, C};
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
