// Small queueing networks: open Jackson networks (each node an M/M/c queue,
// Markovian routing) and closed single-class networks by exact mean value
// analysis. Docs and derivations: docs/networks.md.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../core/check.hpp"
#include "birth_death.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

// Largest open network jackson_network solves: the traffic equations are a
// dense k x k solve, O(k^3) — 2,000 nodes with a dense routing take ~1.2 s
// (bench Networks/0/2000); beyond, an evaluation_error rather than a call
// that seems to hang.
inline constexpr std::size_t jackson_max_nodes = 2000;

/// The measures of an open Jackson network, per node (index j) and in
/// total. Times in the unit of the rates.
template <class T = double>
struct jackson_metrics {
  std::vector<T> arrival_rate;  ///< lambda_j, from the traffic equations
  std::vector<T> utilization;   ///< lambda_j / (c_j mu_j) (0 for an infinite-server node)
  std::vector<T> L, Lq, W, Wq;  ///< per node, as birth_death_metrics (W, Wq per visit)
  std::vector<T> p_wait;        ///< P(an arrival at node j waits)
  std::vector<T> visits;        ///< lambda_j / total external rate: visits per customer
  T L_total = 0;                ///< mean customers in the network
  T W_total = 0;                ///< mean time a customer spends in the network (Little: L / throughput)
  T throughput = 0;             ///< customers entering (= leaving) per unit of time
};

namespace detail_net {

// The nodes from which a customer can leave the network, possibly after more
// routing: those with an exit probability 1 - sum_k P[j][k] > 0, and those
// routed to them. Customers at any other node circulate for ever.
template <class T>
std::vector<bool> reaches_exit(std::size_t k, std::span<const T> P) {
  std::vector<bool> out(k, false);
  for (std::size_t j = 0; j < k; ++j) {
    T row = 0;
    for (std::size_t i = 0; i < k; ++i) row += P[j * k + i];
    // An exit probability below the row's rounding is no exit.
    out[j] = 1 - row > T(4 * k) * std::numeric_limits<T>::epsilon();
  }
  for (bool grew = true; grew;) {  // at most k passes of k^2
    grew = false;
    for (std::size_t j = 0; j < k; ++j)
      if (!out[j])
        for (std::size_t i = 0; i < k; ++i)
          if (P[j * k + i] > 0 && out[i]) {
            out[j] = grew = true;
            break;
          }
  }
  return out;
}

// Solves (I - P^T) lambda = gamma by Gaussian elimination with partial
// pivoting. I - P^T is a nonsingular M-matrix once every node reaches an
// exit, so its inverse sum_k (P^T)^k is nonnegative and lambda >= 0 up to
// rounding (clamped at 0).
template <class T>
std::vector<T> traffic(std::size_t k, std::span<const T> gamma, std::span<const T> P) {
  std::vector<T> a(k * k), x(gamma.begin(), gamma.end());
  for (std::size_t r = 0; r < k; ++r)
    for (std::size_t c = 0; c < k; ++c) a[r * k + c] = (r == c ? T(1) : T(0)) - P[c * k + r];
  for (std::size_t col = 0; col < k; ++col) {
    std::size_t piv = col;
    for (std::size_t r = col + 1; r < k; ++r)
      if (std::abs(a[r * k + col]) > std::abs(a[piv * k + col])) piv = r;
    if (piv != col) {
      for (std::size_t c = 0; c < k; ++c) std::swap(a[col * k + c], a[piv * k + c]);
      std::swap(x[col], x[piv]);
    }
    const T d = a[col * k + col];
    for (std::size_t r = col + 1; r < k; ++r) {
      const T f = a[r * k + col] / d;
      if (f == 0) continue;
      for (std::size_t c = col; c < k; ++c) a[r * k + c] -= f * a[col * k + c];
      x[r] -= f * x[col];
    }
  }
  for (std::size_t r = k; r-- > 0;) {
    T s = x[r];
    for (std::size_t c = r + 1; c < k; ++c) s -= a[r * k + c] * x[c];
    x[r] = std::max(T(0), s / a[r * k + r]);
  }
  return x;
}

inline std::string node_name(std::string_view what, std::size_t j) {
  std::string s(what);
  s.append("[").append(std::to_string(j)).append("]");
  return s;
}

}  // namespace detail_net

/// The open Jackson network: external Poisson arrivals at rate
/// `external[j]` into node j, c_j = `servers[j]` exponential servers of rate
/// `service[j]` (servers may be +inf: a delay node), FCFS with unlimited
/// room, and routing: a customer leaving node j goes to node i with
/// probability `routing[j * k + i]` (row-major k x k) and leaves the network
/// with the rest of row j. Jackson's theorem: with lambda the solution of the
/// traffic equations lambda = gamma + P^T lambda, the network is stable iff
/// lambda_j < c_j mu_j at every node, and then its stationary law is the
/// product of independent M/M/c_j laws at rate lambda_j, so each node's
/// measures are those of models::metrics (birth_death.hpp) and the totals
/// follow by Little's law: L = sum L_j, throughput = sum gamma_j, W = L /
/// throughput. docs/networks.md.
///
/// Domain: k >= 1 nodes (at most jackson_max_nodes), every rate finite and
/// >= 0 (service > 0), servers whole >= 1 or +inf, routing entries in [0, 1]
/// with row sums <= 1, every node able to reach an exit (else customers
/// routed there never leave), some external arrival (throughput > 0).
/// Errors: domain_error naming the parameter and index (an unstable node
/// names its lambda_j and capacity c_j mu_j). Cost O(k^3) for the traffic
/// equations, plus one M/M/c evaluation per node. Accuracy: the traffic
/// equations to a few ulps times k (partial pivoting on an M-matrix); the
/// nodes as models::metrics (~1e-14); tests/test_network.cpp.
template <class T>
jackson_metrics<T> jackson_network(std::span<const T> external, std::span<const T> service,
                                   std::span<const T> routing, std::span<const T> servers) {
  constexpr auto fn = "jackson_network";
  using detail_net::node_name;
  using erlangkit::detail::raise_domain_error;
  using erlangkit::detail::raise_evaluation_error;
  const std::size_t k = external.size();
  jackson_metrics<T> out;
  if (k == 0) {
    raise_domain_error<T>(fn, "arrival_rates", T(0), "at least one node (got none)");
    return out;
  }
  if (k > jackson_max_nodes) {
    raise_evaluation_error<T>(fn, "more nodes than jackson_max_nodes (2000)", {{"nodes", T(k)}});
    return out;
  }
  if (service.size() != k || servers.size() != k || routing.size() != k * k) {
    raise_domain_error<T>(fn, "routing", T(routing.size()),
                          "a " + std::to_string(k) + " x " + std::to_string(k) +
                              " matrix, with as many service_rates and servers as arrival_rates (" +
                              std::to_string(k) + "); got " + std::to_string(service.size()) +
                              " service rates and " + std::to_string(servers.size()) + " servers");
    return out;
  }
  T gamma_total = 0;
  for (std::size_t j = 0; j < k; ++j) {
    if (!(std::isfinite(external[j]) && external[j] >= 0)) {
      raise_domain_error<T>(fn, node_name("arrival_rates", j), external[j], "finite and >= 0");
      return out;
    }
    if (!(std::isfinite(service[j]) && service[j] > 0)) {
      raise_domain_error<T>(fn, node_name("service_rates", j), service[j], "finite and > 0");
      return out;
    }
    const T c = servers[j];
    if (!(c == std::numeric_limits<T>::infinity() || (c >= 1 && c == std::floor(c)))) {
      raise_domain_error<T>(fn, node_name("servers", j), c, "a whole number >= 1, or inf");
      return out;
    }
    T row = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const T p = routing[j * k + i];
      if (!(p >= 0 && p <= 1)) {
        raise_domain_error<T>(fn, "routing[" + std::to_string(j) + "][" + std::to_string(i) + "]", p,
                              "in [0, 1]");
        return out;
      }
      row += p;
    }
    if (row > 1 + T(4 * k) * std::numeric_limits<T>::epsilon()) {
      raise_domain_error<T>(fn, "sum of routing row " + std::to_string(j), row,
                            "<= 1 (the rest leaves the network)");
      return out;
    }
    gamma_total += external[j];
  }
  if (!(gamma_total > 0)) {
    raise_domain_error<T>(fn, "sum(arrival_rates)", gamma_total, "> 0 (an open network needs arrivals)");
    return out;
  }
  const auto exits = detail_net::reaches_exit<T>(k, routing);
  for (std::size_t j = 0; j < k; ++j)
    if (!exits[j]) {
      raise_domain_error<T>(fn, "routing row " + std::to_string(j), T(1),
                            "a route out of the network: customers at node " + std::to_string(j) +
                                " and the nodes it routes to never leave");
      return out;
    }
  out.arrival_rate = detail_net::traffic<T>(k, external, routing);
  for (auto* v : {&out.utilization, &out.L, &out.Lq, &out.W, &out.Wq, &out.p_wait, &out.visits}) v->resize(k);
  for (std::size_t j = 0; j < k; ++j) {
    const T lam = out.arrival_rate[j], mu = service[j], c = servers[j];
    if (c < std::numeric_limits<T>::infinity() && !(lam < c * mu)) {
      raise_domain_error<T>(fn, "the arrival rate at node " + std::to_string(j), lam,
                            "< servers * service_rate there (" + erlangkit::detail::format_value(c * mu) +
                                "): the node is unstable");
      return out;
    }
    out.visits[j] = lam / gamma_total;
    if (lam == 0) {  // a node nobody reaches: empty
      out.utilization[j] = out.L[j] = out.Lq[j] = out.Wq[j] = out.p_wait[j] = 0;
      out.W[j] = 1 / mu;
      continue;
    }
    const auto m = metrics(birth_death_queue<T>{lam, mu, c});
    out.utilization[j] = m.utilization, out.L[j] = m.L, out.Lq[j] = m.Lq, out.W[j] = m.W, out.Wq[j] = m.Wq;
    out.p_wait[j] = m.p_wait;
    out.L_total += m.L;
  }
  out.throughput = gamma_total;
  out.W_total = out.L_total / gamma_total;
  return out;
}

// Largest population x stations product mva walks (O(N K) operations):
// 1e9 take ~1.1 s (bench Networks/1/100 takes 1e7 in ~10 ms); beyond, an
// evaluation_error.
inline constexpr double mva_max_work = 1e9;

/// Exact mean value analysis of a closed single-class network with N
/// customers, K stations of service demands D_k (visits x mean service time,
/// in time units; single-server FCFS stations with exponential service, or
/// any product-form station: processor sharing, LCFS-PR), optionally delay
/// stations (infinite servers: `delay[k]` true, residence D_k) and a think
/// time Z (a delay every customer spends between cycles).
template <class T = double>
struct mva_metrics {
  std::vector<T> throughput;      ///< X(n), n = 1..N: cycles per unit of time
  std::vector<T> response_time;   ///< R(n) = sum_k R_k(n), n = 1..N (think time excluded)
  std::vector<T> residence_time;  ///< R_k(N) per station
  std::vector<T> queue_length;    ///< Q_k(N) = X(N) R_k(N) per station
  std::vector<T> utilization;  ///< U_k(N) = X(N) D_k per station (the mean busy servers of a delay station)
};

/// Reiser and Lavenberg's recursion, from Q_k(0) = 0, for n = 1..N:
///   R_k(n) = D_k (1 + Q_k(n - 1)) (a queueing station: the arrival theorem,
///   an arrival sees the network with n - 1 customers), R_k(n) = D_k (delay),
///   X(n) = n / (Z + sum_k R_k(n)), Q_k(n) = X(n) R_k(n).
/// Every term is a sum or product of positive numbers: no cancellation, a
/// few ulps per step (tests/test_network.cpp against Buzen's convolution of
/// the normalising constants in long double). Domain: demands finite >= 0
/// (one at least > 0 or Z > 0), N whole >= 1, Z finite >= 0; delay empty or
/// one flag a station. Errors: domain_error naming the parameter;
/// evaluation_error past mva_max_work. Cost O(N K).
template <class T>
mva_metrics<T> mva(std::span<const T> demands, T population, T think_time = 0,
                   std::span<const bool> delay = {}) {
  constexpr auto fn = "mva";
  using erlangkit::detail::raise_domain_error;
  const std::size_t K = demands.size();
  mva_metrics<T> out;
  if (K == 0) {
    raise_domain_error<T>(fn, "service_demands", T(0), "at least one station (got none)");
    return out;
  }
  if (!delay.empty() && delay.size() != K) {
    raise_domain_error<T>(fn, "delay", T(delay.size()),
                          "one flag a station (" + std::to_string(K) + "), or none");
    return out;
  }
  T total = 0;
  for (std::size_t j = 0; j < K; ++j) {
    if (!(std::isfinite(demands[j]) && demands[j] >= 0)) {
      raise_domain_error<T>(fn, detail_net::node_name("service_demands", j), demands[j], "finite and >= 0");
      return out;
    }
    total += demands[j];
  }
  if (!(population >= 1 && population == std::floor(population) && std::isfinite(population))) {
    raise_domain_error<T>(fn, "population", population, "a whole number >= 1");
    return out;
  }
  if (!(std::isfinite(think_time) && think_time >= 0)) {
    raise_domain_error<T>(fn, "think_time", think_time, "finite and >= 0");
    return out;
  }
  if (!(total + think_time > 0)) {
    raise_domain_error<T>(fn, "sum(service_demands) + think_time", total + think_time,
                          "> 0 (a cycle must take some time)");
    return out;
  }
  if (population * T(K) > T(mva_max_work)) {
    erlangkit::detail::raise_evaluation_error<T>(fn, "population x stations above mva_max_work (1e9)",
                                                 {{"population", population}, {"stations", T(K)}});
    return out;
  }
  const auto N = static_cast<std::size_t>(population);
  out.throughput.resize(N), out.response_time.resize(N);
  std::vector<T> Q(K, T(0)), R(K);
  for (std::size_t n = 1; n <= N; ++n) {
    T sum = 0;
    for (std::size_t j = 0; j < K; ++j) {
      R[j] = (!delay.empty() && delay[j]) ? demands[j] : demands[j] * (1 + Q[j]);
      sum += R[j];
    }
    const T X = T(n) / (think_time + sum);
    for (std::size_t j = 0; j < K; ++j) Q[j] = X * R[j];
    out.throughput[n - 1] = X, out.response_time[n - 1] = sum;
  }
  out.residence_time = R, out.queue_length = Q;
  out.utilization.resize(K);
  for (std::size_t j = 0; j < K; ++j) out.utilization[j] = out.throughput[N - 1] * demands[j];
  return out;
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
