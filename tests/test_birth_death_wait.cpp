// The waiting- and sojourn-time laws of the birth-death family
// (models/birth_death_wait.hpp), each against a route it does not share:
// M/M/c's closed forms against the Poisson-mixture route on a chain long
// enough to hold all the mass, the per-state Erlang and Erlang-plus-service
// laws summed directly in long double, the means of metrics() by
// integrating the survival functions, and the quantiles by their definition.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/models/birth_death_wait.hpp>
#include <limits>
#include <string>
#include <vector>

namespace m = erlangkit::models;
using q_t = m::birth_death_queue<double>;

namespace {

double rel(double a, double b) {
  return a == b ? 0 : std::abs(a - b) / std::abs(b);
}

// P(Poisson(x) <= n) and P(Poisson(x) >= n), by direct sums in long double (small n).
long double poisson_cdf(int n, long double x) {
  long double term = std::exp(-x), sum = 0;
  for (int k = 0; k <= n; ++k) {
    if (k > 0) term *= x / k;
    sum += term;
  }
  return sum;
}

// Per state: an admitted arrival finding j waits Erlang(j - c + 1, c mu) and
// is then served Exp(mu); its laws summed over the arrival-weighted states
// taken from state_probabilities.
struct direct {
  long double wait, sojourn;
};
direct per_state(const q_t& q, double t) {
  const int c = int(q.servers), last = int(std::min(q.capacity, q.sources));
  const auto p = m::state_probabilities(q, std::size_t(last));
  long double total = 0, wait = 0, soj = 0;
  const long double mu = q.service_rate, a = c * mu;
  for (int j = 0; j <= last && j < q.capacity; ++j) {
    const long double rate =
        (std::isinf(q.sources) ? q.arrival_rate : (q.sources - j) * q.arrival_rate) * p[j];
    total += rate;
    if (j < c) {
      soj += rate * std::exp(-mu * t);
      continue;
    }
    const int k = j - c + 1;  // completions to wait for
    const long double w = poisson_cdf(k - 1, a * t);
    wait += rate * w;
    // Erlang(k, a) + Exp(mu) > t: c = 1 adds the pmf at k; else
    // e^{-mu t} r^k P(Poisson((a - mu) t) >= k), r = a / (a - mu).
    long double extra;
    if (c == 1) {
      extra = std::exp(-a * t + k * std::log(a * t) - std::lgamma((long double)k + 1));
    } else {
      const long double y = (a - mu) * t;
      extra = std::exp(-mu * t) * std::pow(a / (a - mu), (long double)k) * (1 - poisson_cdf(k - 1, y));
    }
    soj += rate * (w + extra);
  }
  return {wait / total, soj / total};
}

// int_0^inf f, by Simpson's rule on [0, end] with end where f has fallen below 1e-18.
template <class F>
double integrate(F f, double end) {
  const int n = 12000;
  const double h = end / n;
  double s = f(0) + f(end);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4 : 2) * f(i * h);
  return s * h / 3;
}

}  // namespace

// M/M/c's closed forms (C e^{-(c mu - lambda) t}; the wait plus an
// exponential service) against the finite-chain route at K = c + 3000,
// where the states past K hold below rho^3000 of the mass.
TEST(BirthDeathWait, MMcClosedFormsMatchTheLongChain) {
  for (double c : {1.0, 3.0, 10.0})
    for (double rho : {0.5, 0.8}) {
      const q_t open{rho * c * 2.0, 2.0, c}, chain{rho * c * 2.0, 2.0, c, c + 3000};
      const auto a = m::birth_death_times(open, "t"), b = m::birth_death_times(chain, "t");
      for (double t : {0.0, 0.05, 0.3, 1.0, 4.0, 20.0}) {
        const double wa = a.wait_survival(t), wb = b.wait_survival(t);
        if (wa > 1e-250) {
          EXPECT_LE(rel(wb, wa), 1e-12) << "wait c " << c << " rho " << rho << " t " << t;
        }
        EXPECT_LE(rel(b.sojourn_survival(t), a.sojourn_survival(t)), 1e-12)
            << "sojourn c " << c << " rho " << rho << " t " << t;
      }
    }
}

// Finite rooms and finite sources against the per-state laws in long double:
// the textbook M/M/5/12 (lambda 8, mu 4), an overloaded M/M/1/10, and a
// machine-repair queue (6 sources, 2 servers).
TEST(BirthDeathWait, FiniteChainsMatchThePerStateLaws) {
  const std::vector<q_t> queues = {{8, 4, 5, 12}, {3, 2, 1, 10}, {0.5, 1, 2, 6, 6}, {30, 4, 5, 40}};
  for (const auto& q : queues) {
    const auto law = m::birth_death_times(q, "t");
    for (double t : {0.0, 0.01, 0.1, 0.5, 2.0, 8.0}) {
      const auto d = per_state(q, t);
      EXPECT_LE(rel(law.wait_survival(t), double(d.wait)), 1e-13) << "wait K " << q.capacity << " t " << t;
      EXPECT_LE(rel(law.sojourn_survival(t), double(d.sojourn)), 1e-13)
          << "sojourn K " << q.capacity << " t " << t;
    }
  }
}

// The laws' means are metrics()'s Wq and W: int_0^inf P(Wq > t) dt = Wq.
TEST(BirthDeathWait, MeansAreTheMetrics) {
  const std::vector<q_t> queues = {
      {8, 4, 5, 12}, {3, 2, 1, 10}, {0.5, 1, 2, 6, 6}, {7, 1, 8}, {1.8, 1, 1, 50}};
  for (const auto& q : queues) {
    const auto law = m::birth_death_times(q, "t");
    const auto mt = m::metrics(q);
    const double end =
        80 / (q.service_rate * std::min(1.0, std::abs(q.servers - q.arrival_rate / q.service_rate) + 0.02));
    EXPECT_LE(rel(integrate([&](double t) { return law.wait_survival(t); }, end), mt.Wq), 1e-9) << q.capacity;
    EXPECT_LE(rel(integrate([&](double t) { return law.sojourn_survival(t); }, end), mt.W), 1e-9)
        << q.capacity;
  }
}

TEST(BirthDeathWait, Quantiles) {
  // M/M/c: P(Wq > t) = C e^{-(c mu - lambda) t}, so the p-quantile is ln(C / (1 - p)) / (c mu - lambda).
  const q_t mmc{7, 1, 8};
  const double C = m::metrics(mmc).p_wait;
  for (double p : {0.5, 0.9, 0.99}) {
    const double want = p <= 1 - C ? 0 : std::log(C / (1 - p)) / (8 - 7);
    EXPECT_LE(std::abs(m::waiting_time_quantile(mmc, p) - want), 1e-13 * (1 + want)) << p;
  }
  // Finite chains: the survival at the quantile is 1 - p.
  for (const q_t& q : {q_t{8, 4, 5, 12}, q_t{3, 2, 1, 10}, q_t{0.5, 1, 2, 6, 6}})
    for (double p : {0.9, 0.95, 0.999}) {
      const double tw = m::waiting_time_quantile(q, p), ts = m::sojourn_time_quantile(q, p);
      if (tw > 0) {
        EXPECT_NEAR(m::waiting_time_survival(q, tw), 1 - p, 1e-13 * (1 - p) + 1e-15);
      }
      EXPECT_NEAR(m::sojourn_time_survival(q, ts), 1 - p, 1e-13 * (1 - p) + 1e-15);
    }
  // p at or below P(no wait): no wait at all.
  EXPECT_EQ(m::waiting_time_quantile(q_t{1, 1, 5, 10}, 0.5), 0.0);
}

// Large systems: K = 1e6 at load 1 (the mass spread over all of it) and
// c = 1e5: finite, ordered, and the wait's mean is metrics()'s.
TEST(BirthDeathWait, LargeSystems) {
  const q_t big{10, 10, 1, 1e6};
  const auto law = m::birth_death_times(big, "t");
  const double s1 = law.wait_survival(1e4), s2 = law.wait_survival(5e4);
  EXPECT_TRUE(s1 > s2 && s2 > 0 && s1 < 1);
  // At load 1 an arrival finds j uniform on 0..1e6 and waits j completions
  // at rate 10: P(Wq > t) ~ 1 - 10 t / 1e6 (the Erlang spread, ~sqrt(10 t),
  // is 3e-4 of it).
  EXPECT_LE(rel(s1, 0.9), 1e-3);
  EXPECT_LE(rel(s2, 0.5), 1e-3);
  const q_t wide{0.9e5, 1, 1e5};
  EXPECT_GT(m::sojourn_time_quantile(wide, 0.99), 0.0);
  EXPECT_TRUE(std::isfinite(m::waiting_time_quantile(wide, 0.999)));
}

// Far and infinite times end (a huge t once looped for ever: its window of
// Poisson counts started beyond every integer), at 0; negative t is refused.
TEST(BirthDeathWait, FarTimes) {
  const double inf = std::numeric_limits<double>::infinity();
  for (const q_t& q : {q_t{8, 4, 5, 12}, q_t{1, 1, 2}, q_t{3, 1, 2, 40}, q_t{1e4, 1, 1e5, 1e6}})
    for (double t : {1e12, 1e300, inf}) {
      EXPECT_EQ(m::waiting_time_survival(q, t), 0.0) << q.capacity << " " << t;
      EXPECT_EQ(m::sojourn_time_survival(q, t), 0.0) << q.capacity << " " << t;
    }
  EXPECT_THROW(m::waiting_time_survival(q_t{8, 4, 5, 12}, -1.0), erlangkit::domain_error);
  EXPECT_TRUE(std::isnan(m::sojourn_time_survival(q_t{8, 4, 5, 12}, std::nan(""))));
}

TEST(BirthDeathWait, Errors) {
  EXPECT_THROW(m::waiting_time_quantile(q_t{8, 4, 5, 12}, 1.0), erlangkit::domain_error);
  EXPECT_THROW(m::waiting_time_survival(q_t{8, 4, 1}, 1.0), erlangkit::domain_error);  // unstable M/M/1
  EXPECT_THROW(m::waiting_time_survival(q_t{1, 1, 1, 2e7}, 1.0), erlangkit::evaluation_error);
}

// Probabilities stay in [0, 1]: a random hunt found the suffix sums of an
// almost surely waiting law (load ~8 per server over 8 places) at 1 + 4e-16.
TEST(BirthDeathWait, SurvivalNeverPassesOne) {
  for (const q_t& q : {q_t{0.1925517642858755, 0.025579827337984636, 2, 100},
                       q_t{0.2595046357634144, 1.3342473207356749, 1, INFINITY, 45},
                       q_t{11.683596332271705, 2.7603537229650867, 100, 503, 244}})
    for (double t : {0.0, 1e-3, 1.0, 40.0}) {
      EXPECT_LE(m::waiting_time_survival(q, t), 1.0);
      EXPECT_LE(m::sojourn_time_survival(q, t), 1.0);
    }
}
