// The transient day (planning/transient.hpp) against independent routes:
// - a long steady day, whose last interval is the stationary Erlang-A/C
//   (measures/measures.hpp, its own closed forms);
// - a dense matrix exponential of the same chain in long double (Taylor with
//   scaling and squaring), whose augmented form [[Q, I], [0, 0]] gives the
//   time integral of pi(t) too; a caller's answer probabilities from the
//   dense exponential of its own absorbing phase chain;
// - conservation of calls in every interval;
// - the errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <span>
#include <vector>

namespace ek = erlangkit;
namespace pl = erlangkit::planning;
using ld = long double;

namespace {

using matrix = std::vector<std::vector<ld>>;

matrix multiply(const matrix& a, const matrix& b) {
  const std::size_t d = a.size();
  matrix c(d, std::vector<ld>(d, 0));
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t k = 0; k < d; ++k) {
      const ld x = a[i][k];
      if (x == 0) continue;
      for (std::size_t j = 0; j < d; ++j) c[i][j] += x * b[k][j];
    }
  return c;
}

// exp(A t) by Taylor on A t / 2^s (norm <= 1/2, 30 terms: remainder < 1e-30)
// then s squarings.
matrix expm(matrix a, ld t) {
  const std::size_t d = a.size();
  ld norm = 0;
  for (const auto& row : a) {
    ld r = 0;
    for (const ld x : row) r += std::fabs(x);
    norm = std::max(norm, r * t);
  }
  int s = 0;
  while (norm > 0.5L) {
    norm /= 2;
    ++s;
  }
  const ld scale = t / std::ldexp(1.0L, s);
  for (auto& row : a)
    for (ld& x : row) x *= scale;
  matrix result(d, std::vector<ld>(d, 0)), term(d, std::vector<ld>(d, 0));
  for (std::size_t i = 0; i < d; ++i) result[i][i] = term[i][i] = 1;
  for (int k = 1; k <= 30; ++k) {
    term = multiply(term, a);
    for (auto& row : term)
      for (ld& x : row) x /= k;
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t j = 0; j < d; ++j) result[i][j] += term[i][j];
  }
  for (int k = 0; k < s; ++k) result = multiply(result, result);
  return result;
}

struct dense_interval {
  std::vector<ld> end, integral;
};

// The chain on 0..K-1 (arrivals at K-1 blocked; K is chosen so that the
// mass there is negligible), pi(L) and integral_0^L pi from one exponential.
dense_interval dense_solve(const std::vector<ld>& start, std::size_t states, ld lambda, ld mu, ld theta,
                           std::size_t n, ld length) {
  const std::size_t d = 2 * states;
  matrix a(d, std::vector<ld>(d, 0));
  for (std::size_t k = 0; k < states; ++k) {
    const ld death = k <= n ? mu * ld(k) : mu * ld(n) + theta * ld(k - n);
    if (k + 1 < states) {
      a[k][k + 1] = lambda;
      a[k][k] -= lambda;
    }
    if (k > 0) {
      a[k][k - 1] = death;
      a[k][k] -= death;
    }
    a[k][states + k] = 1;
  }
  const matrix e = expm(a, length);
  dense_interval out{std::vector<ld>(states, 0), std::vector<ld>(states, 0)};
  for (std::size_t i = 0; i < states && i < start.size(); ++i)
    for (std::size_t j = 0; j < states; ++j) {
      out.end[j] += start[i] * e[i][j];
      out.integral[j] += start[i] * e[i][states + j];
    }
  return out;
}

// P(answered within tau | a caller at queue position m = 0..M-1): its phase
// chain (m -> m-1 at n mu + theta m, 0 -> answered at n mu, abandon at theta)
// exponentiated densely.
std::vector<ld> dense_answered_within(std::size_t positions, std::size_t n, ld mu, ld theta, ld tau) {
  const std::size_t d = positions + 2;  // + answered, abandoned
  const std::size_t answered = positions, abandoned = positions + 1;
  matrix a(d, std::vector<ld>(d, 0));
  for (std::size_t m = 0; m < positions; ++m) {
    const ld r = mu * ld(n) + theta * ld(m);
    a[m][m == 0 ? answered : m - 1] += r;
    a[m][abandoned] += theta;
    a[m][m] -= r + theta;
  }
  const matrix e = expm(a, tau);
  std::vector<ld> out(positions);
  for (std::size_t m = 0; m < positions; ++m) out[m] = e[m][answered];
  return out;
}

struct day_case {
  std::vector<double> lambda, agents;
  double aht, patience, length, tau;
};

void check_against_dense(const day_case& c, std::size_t states) {
  const std::vector<double> aht{c.aht};
  pl::transient_options<double> o;
  o.patience = c.patience;
  o.target_time = c.tau;
  const auto r = pl::transient_day<double>(c.lambda, c.agents, aht, c.length, o);
  ASSERT_EQ(r.intervals.size(), c.lambda.size());
  const ld mu = 1.0L / c.aht, theta = std::isinf(c.patience) ? 0.0L : 1.0L / c.patience;
  std::vector<ld> start{1};
  for (std::size_t i = 0; i < c.lambda.size(); ++i) {
    const auto n = static_cast<std::size_t>(c.agents[i]);
    const auto d = dense_solve(start, states, c.lambda[i], mu, theta, n, c.length);
    ASSERT_LT(d.end.back(), 1e-20L) << "the dense chain is too short";
    const auto within = dense_answered_within(states - n, n, mu, theta, c.tau);
    ld busy = 0, queue = 0, sl = 0;
    for (std::size_t k = 0; k < states; ++k) {
      busy += ld(std::min(k, n)) * d.integral[k];
      if (k >= n) {
        queue += ld(k - n) * d.integral[k];
        sl += within[k - n] * d.integral[k];
      } else {
        sl += d.integral[k];
      }
    }
    const auto& got = r.intervals[i];
    const ld len = c.length;
    SCOPED_TRACE(i);
    EXPECT_NEAR(got.occupancy, n > 0 ? double(busy / (ld(n) * len)) : 0.0, 1e-10);
    EXPECT_NEAR(got.mean_queue, double(queue / len), 1e-10);
    EXPECT_NEAR(got.abandoned, double(theta * queue), 1e-9);
    EXPECT_NEAR(got.completed, double(mu * busy), 1e-9);
    EXPECT_NEAR(got.service_level, double(sl / len), 1e-10);
    ld diff = 0;
    for (std::size_t k = 0; k < states; ++k) {
      const ld x = k < got.end_distribution.size() ? ld(got.end_distribution[k]) : 0.0L;
      diff += std::fabs(x - d.end[k]);
    }
    EXPECT_LT(double(diff), 1e-10);
    EXPECT_LT(got.error_bound, 1e-13);
    start = d.end;
  }
}

}  // namespace

TEST(Transient, MatchesDenseExponentialWithPatience) {
  // A peak: the queue built in the second interval is carried into the third.
  check_against_dense({{0.05, 0.3, 0.12, 0.02}, {3, 4, 4, 2}, 10.0, 20.0, 30.0, 5.0}, 90);
}

TEST(Transient, MatchesDenseExponentialWithoutPatience) {
  check_against_dense({{0.1, 0.35, 0.2}, {2, 4, 3}, 10.0, std::numeric_limits<double>::infinity(), 40.0, 3.0},
                      110);
}

TEST(Transient, MatchesDenseExponentialWithNoAgents) {
  check_against_dense({{0.2, 0.1}, {0, 2}, 5.0, 8.0, 20.0, 2.0}, 60);
}

// After many identical intervals the chain has forgotten its empty start; the
// last interval is the stationary queue (relaxation time of M/M/n about
// aht/(sqrt n - sqrt R)^2: 1555 s at n = 35, R = 30, so 60 x 900 s is 35 of
// them, e^-35 ~ 6e-16; less with patience).
void check_steady(double patience, double agents) {
  const std::size_t days = 60;
  const double lambda = 0.1, aht = 300, tau = 20;
  const std::vector<double> rate(days, lambda), n(days, agents), h{aht};
  pl::transient_options<double> o;
  o.patience = patience;
  o.target_time = tau;
  const auto r = pl::transient_day<double>(rate, n, h, 900.0, o);
  const auto& last = r.intervals.back();
  const auto expect = [&](const auto& m) {
    EXPECT_NEAR(last.service_level, ek::service_level(agents, m, tau, ek::sl_convention::offered), 1e-8);
    EXPECT_NEAR(last.asa, ek::asa(agents, m, ek::asa_convention::answered), 1e-8);
    EXPECT_NEAR(last.abandon_rate, ek::prob_abandon(agents, m), 1e-8);
    EXPECT_NEAR(last.occupancy, ek::occupancy(agents, m), 1e-8);
    EXPECT_NEAR(last.mean_queue, ek::mean_queue_length(agents, m), 1e-8);
  };
  if (std::isinf(patience))
    expect(ek::models::erlang_c<double>{lambda, aht});
  else
    expect(ek::models::erlang_a<double>{lambda, aht, patience});
}

TEST(Transient, LongSteadyDayIsStationaryErlangA) {
  check_steady(180.0, 31.0);
}
TEST(Transient, LongSteadyDayIsStationaryErlangC) {
  check_steady(std::numeric_limits<double>::infinity(), 35.0);
}

// Calls are conserved: arrivals = answered + abandoned + change in queue, and
// arrivals = completed + abandoned + change in system.
TEST(Transient, ConservesCalls) {
  std::vector<double> rate, n;
  for (int i = 0; i < 24; ++i) {
    const double peak = std::exp(-0.5 * std::pow((i - 8) / 3.0, 2));
    rate.push_back(0.05 + 0.3 * peak);
    n.push_back(std::round(10 + 80 * peak));
  }
  const std::vector<double> aht{280.0};
  pl::transient_options<double> o;
  o.patience = 120;
  const auto r = pl::transient_day<double>(rate, n, aht, 900.0, o);
  std::vector<double> start{1};
  for (std::size_t i = 0; i < rate.size(); ++i) {
    const auto& x = r.intervals[i];
    const auto agents = static_cast<std::size_t>(n[i]);
    const auto queue_of = [&](const std::vector<double>& p) {
      double q = 0;
      for (std::size_t k = agents; k < p.size(); ++k) q += double(k - agents) * p[k];
      return q;
    };
    const double scale = std::max(1.0, x.arrivals);
    EXPECT_NEAR(x.arrivals, x.answered + x.abandoned + queue_of(x.end_distribution) - queue_of(start),
                1e-10 * scale)
        << i;
    EXPECT_NEAR(x.arrivals, x.completed + x.abandoned + x.mean_in_system_end - x.mean_in_system_start,
                1e-10 * scale)
        << i;
    start = x.end_distribution;
  }
}

// A day at the benchmark's scale (100 agents) stays inside its budget and the
// staffing meets its target everywhere, with fewer agents failing it.
TEST(Transient, StaffingMeetsTheTargetAndIsTight) {
  std::vector<double> rate;
  for (int i = 0; i < 16; ++i) rate.push_back(0.15 + 0.25 * std::exp(-0.5 * std::pow((i - 6) / 2.0, 2)));
  const std::vector<double> aht{300.0};
  pl::transient_options<double> o;
  o.patience = 180;
  o.target_time = 20;
  const auto s = pl::transient_staffing<double>(rate, aht, 900.0, 0.8, o);
  ASSERT_EQ(s.agents.size(), rate.size());
  const auto day = pl::transient_day<double>(rate, s.agents, aht, 900.0, o);
  for (std::size_t i = 0; i < rate.size(); ++i) {
    EXPECT_TRUE(s.met[i]);
    EXPECT_GE(day.intervals[i].service_level, 0.8) << i;
    EXPECT_NEAR(day.intervals[i].service_level, s.day.intervals[i].service_level, 1e-12);
    // One agent fewer in interval i (earlier intervals as staffed) fails it.
    if (s.agents[i] > 0) {
      auto fewer = s.agents;
      fewer[i] -= 1;
      const auto d = pl::transient_day<double>(std::span(rate).first(i + 1), std::span(fewer).first(i + 1),
                                               aht, 900.0, o);
      EXPECT_LT(d.intervals[i].service_level, 0.8) << i;
    }
    EXPECT_LE(std::fabs(s.agents[i] - s.mol_agents[i]), 6) << i;
  }
}

TEST(Transient, InitialDistributionIsCarried) {
  // Two halves of a day, the second started from the first's end, equal the day.
  const std::vector<double> rate{0.2, 0.5, 0.3, 0.1}, n{60, 150, 100, 40}, aht{300.0};
  pl::transient_options<double> o;
  o.patience = 200;
  const auto whole = pl::transient_day<double>(rate, n, aht, 900.0, o);
  const auto first =
      pl::transient_day<double>(std::span(rate).first(2), std::span(n).first(2), aht, 900.0, o);
  o.initial = first.intervals.back().end_distribution;
  const auto second = pl::transient_day<double>(std::span(rate).last(2), std::span(n).last(2), aht, 900.0, o);
  for (std::size_t i = 0; i < 2; ++i) {
    // Not bit-equal: the carried distribution is renormalised (its lost mass, < 1e-13).
    EXPECT_NEAR(whole.intervals[i + 2].service_level, second.intervals[i].service_level, 1e-12);
    EXPECT_NEAR(whole.intervals[i + 2].mean_queue, second.intervals[i].mean_queue, 1e-11);
  }
}

TEST(Transient, FloatAndLongDouble) {
  const std::vector<float> rf{0.1f, 0.3f}, nf{30, 90}, af{300.0f};
  const std::vector<double> rd{0.1, 0.3}, nd{30, 90}, ad{300.0};
  const std::vector<long double> rl{0.1L, 0.3L}, nl{30, 90}, al{300.0L};
  const auto f = pl::transient_day<float>(rf, nf, af, 900.0f);
  const auto d = pl::transient_day<double>(rd, nd, ad, 900.0);
  const auto l = pl::transient_day<long double>(rl, nl, al, 900.0L);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(f.intervals[i].service_level, d.intervals[i].service_level, 1e-4);
    EXPECT_NEAR(double(l.intervals[i].service_level), d.intervals[i].service_level, 1e-11);
  }
}

TEST(Transient, Errors) {
  const std::vector<double> rate{0.1, 0.2}, n{3, 4}, aht{300.0};
  pl::transient_options<double> o;
  EXPECT_THROW(pl::transient_day<double>(rate, std::vector<double>{3}, aht, 900.0), ek::domain_error);
  EXPECT_THROW(pl::transient_day<double>(rate, std::vector<double>{3, 4.5}, aht, 900.0), ek::domain_error);
  EXPECT_THROW(pl::transient_day<double>(std::vector<double>{0.1, -1}, n, aht, 900.0), ek::domain_error);
  EXPECT_THROW(pl::transient_day<double>(rate, n, std::vector<double>{0.0}, 900.0), ek::domain_error);
  EXPECT_THROW(pl::transient_day<double>(rate, n, aht, 0.0), ek::domain_error);
  o.patience = -1;
  EXPECT_THROW(pl::transient_day<double>(rate, n, aht, 900.0, o), ek::domain_error);
  o.patience = 100;
  const std::vector<double> bad{0.5, 0.6};
  o.initial = bad;
  EXPECT_THROW(pl::transient_day<double>(rate, n, aht, 900.0, o), ek::domain_error);
  // Overload without abandonment: the queue outgrows a small state cap.
  pl::transient_options<double> small;
  small.max_states = 64;
  EXPECT_THROW(
      pl::transient_day<double>(std::vector<double>{1.0}, std::vector<double>{1}, aht, 3600.0, small),
      ek::evaluation_error);
  EXPECT_THROW(pl::transient_staffing<double>(rate, aht, 900.0, 1.0), ek::domain_error);
}
