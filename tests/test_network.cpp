// Open Jackson networks and closed networks by MVA (models/network.hpp),
// each against a route it does not share: M/M/c and M/M/1 closed forms,
// the traffic equations by fixed-point iteration, the machine-repairman
// queue (finite-source M/M/1, models/birth_death.hpp) and Buzen's
// convolution of normalising constants in long double.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/models/network.hpp>
#include <random>
#include <string>
#include <vector>

namespace ek = erlangkit;
namespace m = erlangkit::models;

namespace {

double rel(double a, double b) {
  return a == b ? 0 : std::abs(a - b) / std::abs(b);
}

std::string message_of(auto&& f) {
  try {
    f();
  } catch (const ek::domain_error& e) {
    return e.what();
  } catch (const ek::evaluation_error& e) {
    return std::string("evaluation: ") + e.what();
  }
  return "no error";
}

m::jackson_metrics<double> jackson(const std::vector<double>& g, const std::vector<double>& mu,
                                   const std::vector<double>& P, const std::vector<double>& c) {
  return m::jackson_network<double>(g, mu, P, c);
}

}  // namespace

// One node is the M/M/c queue itself.
TEST(Jackson, OneNodeIsMMc) {
  const auto r = jackson({8}, {3}, {0}, {4});
  const auto q = m::metrics(m::birth_death_queue<double>{8, 3, 4});
  EXPECT_DOUBLE_EQ(r.L[0], q.L);
  EXPECT_DOUBLE_EQ(r.W[0], q.W);
  EXPECT_DOUBLE_EQ(r.L_total, q.L);
  EXPECT_DOUBLE_EQ(r.W_total, q.W);
  EXPECT_DOUBLE_EQ(r.throughput, 8);
}

// Two M/M/1 in tandem (gamma = 1, mu = 2 then 3): L = 1/(2-1) + 1/(3-1).
TEST(Jackson, TandemOfTwoMM1) {
  const auto r = jackson({1, 0}, {2, 3}, {0, 1, 0, 0}, {1, 1});
  EXPECT_NEAR(r.arrival_rate[1], 1, 1e-15);
  EXPECT_LE(rel(r.L_total, 1.5), 1e-15);
  EXPECT_LE(rel(r.W_total, 1.5), 1e-15);
  EXPECT_LE(rel(r.W[0], 1.0), 1e-15);
  EXPECT_LE(rel(r.W[1], 0.5), 1e-15);
}

// One M/M/1 node feeding back with probability p: lambda = gamma / (1 - p),
// L = rho / (1 - rho) with rho = lambda / mu, and a customer's time in the
// network L / gamma (Little), i.e. 1 / (1 - p) visits of W each.
TEST(Jackson, FeedbackLoopClosedForm) {
  for (double p : {0.0, 0.3, 0.9, 0.99}) {
    const double gamma = 0.5;
    const double lambda = gamma / (1 - p);
    const double mu_used = lambda / 0.9;  // load 0.9 at the node
    const auto r = jackson({gamma}, {mu_used}, {p}, {1});
    const double rho = lambda / mu_used, L = rho / (1 - rho);
    EXPECT_LE(rel(r.arrival_rate[0], lambda), 1e-14) << p;
    EXPECT_LE(rel(r.L_total, L), 1e-13) << p;
    EXPECT_LE(rel(r.W_total, L / gamma), 1e-13) << p;
    EXPECT_LE(rel(r.visits[0], 1 / (1 - p)), 1e-14) << p;
  }
}

// Random substochastic routings (every row leaking at least 5%): the traffic
// equations against the fixed point lambda <- gamma + P^T lambda iterated to
// convergence (a Neumann series, not an elimination), and Little's law.
TEST(Jackson, TrafficEquationsMatchTheFixedPoint) {
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> u(0, 1);
  for (std::size_t k : {3u, 10u, 60u}) {
    std::vector<double> g(k), mu(k), P(k * k), c(k);
    for (std::size_t j = 0; j < k; ++j) {
      g[j] = u(rng) < 0.5 ? u(rng) : 0.0;
      double row = 0;
      for (std::size_t i = 0; i < k; ++i) row += P[j * k + i] = u(rng) < 0.3 ? u(rng) : 0.0;
      const double keep = 0.95 * u(rng);
      for (std::size_t i = 0; i < k; ++i)
        if (row > 0) P[j * k + i] *= keep / row;
      c[j] = 1 + std::floor(3 * u(rng));
    }
    g[0] += 0.1;
    std::vector<double> lam = g;
    for (int it = 0; it < 5000; ++it) {
      std::vector<double> next = g;
      for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < k; ++i) next[i] += P[j * k + i] * lam[j];
      lam = next;
    }
    for (std::size_t j = 0; j < k; ++j) mu[j] = (lam[j] + 0.1) / (0.8 * c[j]);
    const auto r = jackson(g, mu, P, c);
    double L = 0, gsum = 0;
    for (std::size_t j = 0; j < k; ++j) {
      EXPECT_LE(std::abs(r.arrival_rate[j] - lam[j]), 1e-12 * (1 + lam[j])) << k << " node " << j;
      L += r.L[j];
      gsum += g[j];
      EXPECT_LE(rel(r.L[j], r.arrival_rate[j] * r.W[j] + (r.arrival_rate[j] == 0 ? r.L[j] : 0)), 1e-13);
    }
    EXPECT_LE(rel(r.L_total, L), 1e-14);
    EXPECT_LE(rel(r.W_total * gsum, L), 1e-14);
  }
}

// An infinite-server node is a pure delay: L = lambda / mu, W = 1 / mu.
TEST(Jackson, DelayNode) {
  const double inf = std::numeric_limits<double>::infinity();
  const auto r = jackson({2, 0}, {1, 0.5}, {0, 1, 0, 0}, {3, inf});
  EXPECT_LE(rel(r.L[1], 4), 1e-14);
  EXPECT_LE(rel(r.W[1], 2), 1e-14);
}

TEST(Jackson, Errors) {
  EXPECT_EQ(message_of([] {
              jackson({1, 0}, {2, 2}, {0.5, 0.6, 0, 0}, {1, 1});
            }),
            "jackson_network: sum of routing row 0 is 1.1, but must be <= 1 (the rest leaves the network)");
  EXPECT_EQ(
      message_of([] {
        jackson({1, 0}, {2, 2}, {0, 1, 0, 1}, {1, 1});
      }),
      "jackson_network: routing row 0 is 1, but must be a route out of the network: customers at node 0 "
      "and the nodes it routes to never leave");
  EXPECT_EQ(message_of([] {
              jackson({1, 0}, {2, 0.5}, {0, 1, 0, 0}, {1, 1});
            }),
            "jackson_network: the arrival rate at node 1 is 1, but must be < servers * service_rate there "
            "(0.5): the node is unstable");
  EXPECT_EQ(message_of([] { jackson({1}, {2}, {-0.1}, {1}); }),
            "jackson_network: routing[0][0] is -0.1, but must be in [0, 1]");
  EXPECT_EQ(message_of([] { jackson({0}, {2}, {0}, {1}); }),
            "jackson_network: sum(arrival_rates) is 0, but must be > 0 (an open network needs arrivals)");
  EXPECT_EQ(message_of([] { jackson({1}, {2}, {0}, {1.5}); }),
            "jackson_network: servers[0] is 1.5, but must be a whole number >= 1, or inf");
  EXPECT_NE(message_of([] {
              jackson({1, 1}, {2, 2}, {0}, {1, 1});
            }).find("a 2 x 2 matrix"),
            std::string::npos);
}

namespace {

// Buzen: the normalising constants G(0..N) of the product form, station by
// station: a queueing station of demand D multiplies the generating function
// by 1/(1 - D z), a delay (think time Z) by e^{Z z}. X(N) = G(N-1)/G(N),
// Q_k(N) = sum_{i=1..N} D_k^i G(N-i)/G(N).
struct buzen_result {
  long double X;
  std::vector<long double> Q;
};
buzen_result buzen(const std::vector<double>& D, int N, double Z) {
  std::vector<long double> g(N + 1, 0);
  g[0] = 1;
  for (double d : D)
    for (int n = 1; n <= N; ++n) g[n] += d * g[n - 1];
  if (Z > 0) {
    std::vector<long double> h(N + 1, 0);
    for (int n = 0; n <= N; ++n) {
      long double term = 1;  // Z^i / i!
      for (int i = 0; i <= n; ++i) {
        if (i > 0) term *= Z / i;
        h[n] += term * g[n - i];
      }
    }
    g = h;
  }
  buzen_result r{g[N - 1] / g[N], {}};
  for (double d : D) {
    long double q = 0, p = 1;
    for (int i = 1; i <= N; ++i) p *= d, q += p * g[N - i] / g[N];
    r.Q.push_back(q);
  }
  return r;
}

}  // namespace

TEST(MVA, MatchesBuzensConvolution) {
  const std::vector<std::vector<double>> cases = {{0.05, 0.1, 0.02}, {1, 1, 1, 1}, {0.3}, {0.2, 0.01, 0.19}};
  for (const auto& D : cases)
    for (int N : {1, 2, 7, 40})
      for (double Z : {0.0, 0.5, 3.0}) {
        const auto r = m::mva<double>(D, N, Z);
        const auto b = buzen(D, N, Z);
        EXPECT_LE(rel(r.throughput[N - 1], double(b.X)), 1e-13) << N << " " << Z;
        for (std::size_t k = 0; k < D.size(); ++k) EXPECT_LE(rel(r.queue_length[k], double(b.Q[k])), 1e-12);
        // Little on the whole cycle: N = X (Z + R)
        EXPECT_LE(rel(r.throughput[N - 1] * (Z + r.response_time[N - 1]), N), 1e-14);
      }
}

// One station with think time Z is the machine-repairman queue: N sources,
// each arriving at rate 1/Z while thinking, one server of rate 1/D, i.e.
// the finite-source M/M/1/N/N of models/birth_death.hpp.
TEST(MVA, OneStationIsTheMachineRepairman) {
  for (int N : {1, 5, 50, 300})
    for (double Z : {1.0, 10.0}) {
      const double D = 0.4;
      const auto r = m::mva<double>(std::vector<double>{D}, N, Z);
      const auto q = m::metrics(m::birth_death_queue<double>{1 / Z, 1 / D, 1, double(N), double(N)});
      EXPECT_LE(rel(r.throughput[N - 1], q.throughput), 1e-12) << N << " " << Z;
      EXPECT_LE(rel(r.queue_length[0], q.L), 1e-12) << N << " " << Z;
    }
}

// The asymptotic bounds: X(N) <= min(1/Dmax, N/(D + Z)), reaching 1/Dmax.
TEST(MVA, AsymptoticBounds) {
  const std::vector<double> D{0.05, 0.1, 0.02};
  const auto r = m::mva<double>(D, 2000, 1.0);
  for (int n = 1; n <= 2000; ++n) {
    EXPECT_LE(r.throughput[n - 1], std::min(1 / 0.1, n / (0.17 + 1.0)) * (1 + 1e-14));
    if (n > 1) {  // non-decreasing, to rounding once saturated at 1/Dmax
      EXPECT_GE(r.throughput[n - 1], r.throughput[n - 2] * (1 - 4e-16));
    }
  }
  EXPECT_NEAR(r.throughput.back(), 10, 1e-10);
}

TEST(MVA, DelayStationAndErrors) {
  const std::vector<double> D{0.2, 1.5};
  const bool delay[] = {false, true};
  const auto r = m::mva<double>(D, 6, 0.0, delay);
  const auto z = m::mva<double>(std::vector<double>{0.2}, 6, 1.5);  // a delay station is think time
  EXPECT_LE(rel(r.throughput[5], z.throughput[5]), 1e-15);
  EXPECT_EQ(message_of([] { m::mva<double>(std::vector<double>{0.2}, 2.5); }),
            "mva: population is 2.5, but must be a whole number >= 1");
  EXPECT_EQ(message_of([] { m::mva<double>(std::vector<double>{-1.0}, 2); }),
            "mva: service_demands[0] is -1, but must be finite and >= 0");
  EXPECT_EQ(message_of([] { m::mva<double>(std::vector<double>{0.0}, 2); }),
            "mva: sum(service_demands) + think_time is 0, but must be > 0 (a cycle must take some time)");
  EXPECT_NE(message_of([] {
              m::mva<double>(std::vector<double>{1.0, 1.0}, 1e9);
            }).find("evaluation"),
            std::string::npos);
}
