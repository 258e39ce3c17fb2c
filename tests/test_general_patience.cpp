// M/M/n+G (models/general_patience.hpp) and the patience laws
// (models/patience.hpp), each against a route of its own:
// - exponential patience through the quadrature (gamma with cv = 1, a
//   one-branch hyper-exponential, Weibull of shape 1) against Erlang-A's
//   closed forms (models/erlang_a.hpp, itself checked against mpmath at 50
//   digits in tests/data/erlang_a.csv);
// - deterministic patience against the closed form of J (the integrand is two
//   exponentials) and the published P(Ab) (tests/test_external.cpp);
// - Erlang-2 and Erlang-3 patience against their continuous-time Markov chain
//   (FCFS queue of phases, built and solved here);
// - the laws' G, F, H against closed forms and numerical integration.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <erlangkit/erlangkit.hpp>
#include <map>
#include <string>
#include <vector>

namespace ek = erlangkit;
namespace pt = ek::models::patience;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;
using gp = ek::models::general_patience<double>;

namespace {

double rel(double got, double want) {
  if (got == want) return 0;
  return std::abs(got - want) / std::max(std::abs(want), 1e-300);
}

// Every measure of the waiting capability, through the public functions.
std::vector<std::pair<std::string, double>> all_measures(double n, const auto& m, double t) {
  return {
      {"prob_wait", ek::prob_wait(n, m)},
      {"prob_abandon", ek::prob_abandon(n, m)},
      {"prob_abandon_given_wait", ek::prob_abandon_given_wait(n, m)},
      {"occupancy", ek::occupancy(n, m)},
      {"mean_queue_length", ek::mean_queue_length(n, m)},
      {"sl_offered", ek::service_level(n, m, t, sl::offered)},
      {"sl_answered", ek::service_level(n, m, t, sl::answered)},
      {"sl_virtual", ek::service_level(n, m, t, sl::virtual_wait)},
      {"sl_excl_short", ek::service_level(n, m, t, sl::excl_short_abandons)},
      {"asa_answered", ek::asa(n, m, asa_c::answered)},
      {"asa_all", ek::asa(n, m, asa_c::all)},
      {"asa_virtual", ek::asa(n, m, asa_c::virtual_wait)},
      {"wait_tail", ek::prob_wait_longer_than(n, m, t)},
  };
}

struct case_ {
  double n, lambda, aht, patience, t;
};

// Underload, critical load and overload; small and large staffs; patience
// short and long against the AHT.
const std::vector<case_> cases = {
    {1, 0.5, 1, 1, 0.2},      {3, 2, 1, 0.5, 0.1},         {10, 10, 1, 0.5, 0.1},   {10, 12, 1, 2, 0.3},
    {20, 15, 1, 3, 0.05},     {50, 48, 1, 0.2, 0.02},      {100, 95, 180, 120, 20}, {100, 130, 1, 1, 0.1},
    {200, 180, 1, 10, 0.01},  {1000, 1000, 1, 1, 0.01},    {2.5, 2, 1, 1, 0.5},     {0.4, 1, 1, 1, 0.3},
    {5000, 5500, 1, 2, 0.05}, {10000, 9900, 1, 0.5, 0.01},
};

}  // namespace

TEST(GeneralPatience, ExponentialIsErlangA) {
  for (const auto& c : cases) {
    const gp m{c.lambda, c.aht, pt::exponential<double>{c.patience}};
    const ek::models::erlang_a<double> a{c.lambda, c.aht, c.patience};
    const auto got = all_measures(c.n, m, c.t), want = all_measures(c.n, a, c.t);
    for (std::size_t i = 0; i < got.size(); ++i)
      EXPECT_EQ(got[i].second, want[i].second) << got[i].first << " n=" << c.n << " lambda=" << c.lambda;
  }
}

// The quadrature against Erlang-A's closed forms, with exponential patience
// written three ways that the closed-form path does not recognise.
TEST(GeneralPatience, QuadratureMatchesErlangA) {
  double worst = 0;
  for (const auto& c : cases) {
    const ek::models::erlang_a<double> a{c.lambda, c.aht, c.patience};
    const auto want = all_measures(c.n, a, c.t);
    const std::vector<pt::distribution<double>> laws = {pt::gamma<double>{c.patience, 1.0},
                                                        pt::hyperexponential<double>{{1.0}, {c.patience}},
                                                        pt::weibull<double>{1.0, c.patience}};
    for (const auto& law : laws) {
      const auto got = all_measures(c.n, gp{c.lambda, c.aht, law}, c.t);
      for (std::size_t i = 0; i < got.size(); ++i) {
        const double e = rel(got[i].second, want[i].second);
        worst = std::max(worst, e);
        EXPECT_LE(e, 1e-10) << got[i].first << " n=" << c.n << " lambda=" << c.lambda
                            << " patience=" << c.patience << " law=" << law.law.index() << ": got "
                            << got[i].second << " want " << want[i].second;
      }
    }
  }
  std::printf("worst relative difference from Erlang-A: %.2e\n", worst);
}

namespace {

// The M/M/n+E_k queue as a continuous-time Markov chain: i < n busy agents
// and nobody waiting, or all n busy and a FCFS queue of callers, each in
// phase 0..k-1 of an Erlang-k patience of mean `mean` (each phase ends at
// rate k/mean; the last one ends in abandonment). The queue is a word of
// phases, head first, coded in base k; it is cut at q_max callers (an
// arrival finding q_max waiting is lost, and the test checks the chain's
// mass there, a bound on the error the cut makes, is below 1e-11). Solved by Gauss-Seidel sweeps on the
// balance equations to a change below 1e-15.
struct chain_result {
  double prob_wait, prob_abandon, mean_queue, occupancy, mass_at_cut;
};

chain_result erlang_k_chain(int n, double lambda, double aht, int k, double mean, int q_max) {
  const double mu = 1 / aht, r = k / mean;
  std::vector<long> offset(q_max + 2);
  offset[0] = n;
  long pow_k = 1;
  for (int q = 0; q <= q_max; ++q) offset[q + 1] = offset[q] + pow_k, pow_k *= k;
  const long size = offset[q_max + 1];
  std::vector<std::vector<std::pair<long, double>>> in(size);
  std::vector<double> out(size, 0);
  auto add = [&](long from, long to, double rate) {
    in[to].push_back({from, rate});
    out[from] += rate;
  };
  for (int i = 0; i < n; ++i) {
    add(i, i + 1 < n ? i + 1 : offset[0], lambda);
    if (i > 0) add(i, i - 1, i * mu);
  }
  for (int q = 0; q <= q_max; ++q) {
    long kp = 1;
    for (int p = 0; p < q; ++p) kp *= k;
    for (long code = 0; code < kp; ++code) {
      const long s = offset[q] + code;
      if (q < q_max) add(s, offset[q + 1] + code, lambda);  // joins at the tail in phase 0
      add(s, q == 0 ? n - 1 : offset[q - 1] + code / k, n * mu);
      long kpos = 1;
      for (int p = 0; p < q; ++p, kpos *= k) {
        const long digit = (code / kpos) % k;
        if (digit < k - 1)
          add(s, s + kpos, r);
        else
          add(s, offset[q - 1] + code % kpos + (code / (kpos * k)) * kpos, r);
      }
    }
  }
  std::vector<double> pi(size, 1.0 / double(size));
  for (int sweep = 0; sweep < 100000; ++sweep) {
    double change = 0, total = 0;
    for (long s = 0; s < size; ++s) {
      double v = 0;
      for (const auto& [from, rate] : in[s]) v += pi[from] * rate;
      v /= out[s];
      change = std::max(change, std::abs(v - pi[s]) / std::max(v, 1e-300));
      pi[s] = v;
      total += v;
    }
    for (double& v : pi) v /= total;
    if (change < 1e-15) break;
  }
  chain_result c{0, 0, 0, 0, 0};
  for (int i = 0; i < n; ++i) c.occupancy += pi[i] * i / n;
  for (int q = 0; q <= q_max; ++q) {
    long kp = 1;
    for (int p = 0; p < q; ++p) kp *= k;
    for (long code = 0; code < kp; ++code) {
      const double p_s = pi[offset[q] + code];
      c.occupancy += p_s;
      if (q < q_max) c.prob_wait += p_s;
      if (q == q_max) c.mass_at_cut += p_s;
      c.mean_queue += q * p_s;
      long kpos = 1;
      int last = 0;
      for (int p = 0; p < q; ++p, kpos *= k) last += (code / kpos) % k == k - 1;
      c.prob_abandon += p_s * last * r / lambda;
    }
  }
  return c;
}

}  // namespace

TEST(GeneralPatience, ErlangKPatienceMatchesItsChain) {
  struct chain_case {
    int n;
    double lambda, aht;
    int k;
    double mean;
    int q_max;
  };
  for (const auto& c : {chain_case{2, 2, 1, 2, 0.3, 13}, chain_case{1, 1.5, 1, 2, 0.4, 13},
                        chain_case{2, 1.5, 1, 3, 0.2, 10}, chain_case{3, 2.5, 1, 3, 0.15, 10}}) {
    const auto ch = erlang_k_chain(c.n, c.lambda, c.aht, c.k, c.mean, c.q_max);
    ASSERT_LT(ch.mass_at_cut, 1e-11) << "the chain's cut is not negligible: " << ch.mass_at_cut;
    const gp m{c.lambda, c.aht, pt::gamma<double>{c.mean, 1 / std::sqrt(double(c.k))}};
    const std::string at = "n=" + std::to_string(c.n) + " k=" + std::to_string(c.k);
    EXPECT_LE(rel(ek::prob_wait(c.n, m), ch.prob_wait), 1e-9) << at;
    EXPECT_LE(rel(ek::prob_abandon(c.n, m), ch.prob_abandon), 1e-9) << at;
    EXPECT_LE(rel(ek::mean_queue_length(c.n, m), ch.mean_queue), 1e-9) << at;
    EXPECT_LE(rel(ek::occupancy(c.n, m), ch.occupancy), 1e-9) << at;
    std::printf("%s: P(W>0) %.12f chain %.12f, P(Ab) %.12f chain %.12f\n", at.c_str(), ek::prob_wait(c.n, m),
                ch.prob_wait, ek::prob_abandon(c.n, m), ch.prob_abandon);
  }
}

// Deterministic patience d: phi(u) = (lambda - n mu) u up to d and lambda d -
// n mu u after, so J = (e^{a d} - 1)/a + e^{a d}/(n mu), a = lambda - n mu,
// and P(V > t) = lambda ((e^{a d} - e^{a t})/a + e^{a d}/(n mu)) / (eps +
// lambda J) for t < d; eps = 1/B(n-1, R) by the Erlang-B recursion.
TEST(GeneralPatience, DeterministicMatchesClosedForm) {
  for (const auto& c : cases) {
    const double mu = 1 / c.aht, a = c.lambda - c.n * mu, d = c.patience, R = c.lambda * c.aht;
    // Whole staffs the recursion takes, and e^{a d} within the doubles.
    if (c.n != std::floor(c.n) || c.n < 1 || a == 0 || c.n > 200 || a * d > 600) continue;
    double inv_b = 1;  // 1/B(0, R)
    for (int j = 1; j < int(c.n); ++j) inv_b = 1 + inv_b * j / R;
    const double J = std::expm1(a * d) / a + std::exp(a * d) / (c.n * mu);
    const double den = inv_b + c.lambda * J;
    const double t = std::min(c.t, d / 2);
    const double tail =
        c.lambda * ((std::exp(a * d) - std::exp(a * t)) / a + std::exp(a * d) / (c.n * mu)) / den;
    const gp m{c.lambda, c.aht, pt::deterministic<double>{d}};
    const std::string at = "n=" + std::to_string(c.n) + " lambda=" + std::to_string(c.lambda);
    EXPECT_LE(rel(ek::prob_wait(c.n, m), c.lambda * J / den), 1e-10) << at;
    EXPECT_LE(rel(ek::prob_abandon(c.n, m), (1 + a * J) / den), 1e-9) << at;  // 1 + aJ cancels a little
    const double within = (inv_b + c.lambda * std::expm1(a * t) / a) / den;   // P(V <= t), summed
    EXPECT_LE(rel(ek::service_level(c.n, m, t, sl::virtual_wait), within), 1e-10) << at;
    EXPECT_LE(rel(ek::prob_wait_longer_than(c.n, m, t), tail), 1e-10) << at;
  }
}

TEST(GeneralPatience, PublishedDeterministicAbandonment) {
  // Zeltyn-Mandelbaum's M/M/n+D example (tests/data/external_cases.csv, AD1).
  const gp m{10, 1, pt::deterministic<double>{0.5}};
  EXPECT_NEAR(ek::prob_abandon(10, m), 0.10352, 1e-5);
}

// Deterministic patience as the limit of Erlang-k (gamma with cv = 1/sqrt(k)):
// the gap closes as k grows.
TEST(GeneralPatience, DeterministicIsTheLimitOfErlangK) {
  const double det = ek::prob_abandon(10, gp{10, 1, pt::deterministic<double>{0.5}});
  double last = 1;
  for (double k : {10.0, 100.0, 1000.0, 10000.0}) {
    const double gap =
        std::abs(ek::prob_abandon(10, gp{10, 1, pt::gamma<double>{0.5, 1 / std::sqrt(k)}}) - det);
    EXPECT_LT(gap, last / 2) << "k=" << k;
    last = gap;
  }
  EXPECT_LT(last, 1e-3);
}

// G + F = 1, H against an adaptive Gauss-Kronrod integral of G, mean = H(inf).
TEST(PatienceLaws, SurvivalIntegralsAndMeans) {
  const std::vector<pt::distribution<double>> laws = {
      pt::exponential<double>{2},
      pt::deterministic<double>{1.5},
      pt::uniform<double>{0.5, 3},
      pt::gamma<double>{2, 0.5},
      pt::gamma<double>{2, 2},
      pt::lognormal<double>{2, 0.8},
      pt::weibull<double>{1.7, 2},
      pt::weibull<double>{0.6, 1},
      pt::hyperexponential<double>{{0.3, 0.7}, {0.5, 4}},
      pt::empirical<double>{{0.5, 1, 2, 4}, {0.8, 0.5, 0.1, 0}},
      pt::empirical<double>{{0, 1, 2, 4}, {1, 0.5, 0.1, 0}, true},
      pt::empirical_from_samples<double>({3, 1, 2, 2, 5}),
  };
  for (std::size_t i = 0; i < laws.size(); ++i) {
    const auto& law = laws[i];
    ASSERT_TRUE(law.validate("test"));
    for (double t : {0.0, 0.3, 1.0, 1.5, 2.5, 7.0}) {
      const auto v = law.at(t);
      EXPECT_NEAR(v.survival + v.cdf, 1, 1e-15) << i << " t=" << t;
      EXPECT_DOUBLE_EQ(v.survival, law.survival(t)) << i;
      // Split at the laws' breakpoints so that the adaptive rule sees smooth pieces.
      double h = 0, lo = 0;
      for (double b : {0.5, 1.0, 1.5, 2.0, 3.0, 4.0, t}) {
        const double hi = std::min(b, t);
        if (hi > lo)
          h += ek::math::integrate<double>(
              "test", {}, [&](double u) { return law.survival(u); }, lo, hi, 1e-14);
        lo = std::max(lo, hi);
      }
      EXPECT_NEAR(v.integrated, h, 1e-12 * std::max(1.0, h)) << i << " t=" << t;
    }
    EXPECT_NEAR(law.at(1e3).integrated, law.expected(), 1e-12 * law.expected()) << i;
  }
  EXPECT_EQ((pt::lognormal<double>{2, 0.8}.expected()), 2);
  EXPECT_NEAR(pt::empirical_from_samples<double>({3, 1, 2, 2, 5}).expected(), 13.0 / 5, 1e-15);
}

TEST(PatienceLaws, BadParametersAreDomainErrors) {
  auto message = [](const auto& law) {
    try {
      ek::prob_abandon(10, gp{10, 1, law});
    } catch (const ek::domain_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(pt::deterministic<double>{-1}),
            "prob_abandon: patience.time is -1, but must be finite and > 0");
  EXPECT_EQ(message(pt::uniform<double>{2, 1}),
            "prob_abandon: patience.high is 1, but must be finite and > low (2)");
  EXPECT_EQ(message(pt::gamma<double>{1, 0}), "prob_abandon: patience.cv is 0, but must be finite and > 0");
  EXPECT_EQ(message(pt::hyperexponential<double>{{0.5, 0.6}, {1, 2}}),
            "prob_abandon: sum(patience.probs) is 1.1, but must be 1");
  EXPECT_EQ(message(pt::empirical<double>{{1, 2}, {0.5, 0.7}}),
            "prob_abandon: patience.survival[1] is 0.7, but must be in [0, 0.5] (survival falls from 1)");
  EXPECT_EQ(message(pt::empirical<double>{{-1, 2}, {0.5, 0}}),
            "prob_abandon: patience.times[0] is -1, but must be finite and >= 0");
  EXPECT_EQ(
      message(pt::empirical<double>{{1, 2}, {0.5, 0.2}}),
      "prob_abandon: patience.survival[1] is 0.2, but must be 0 (the table must end where every caller has "
      "hung up)");
  EXPECT_EQ(message(pt::empirical<double>{{1, 2}, {0.5, 0}, true}),
            "prob_abandon: patience.survival[0] is 0.5, but must be 1 for a piecewise-linear table");
  EXPECT_TRUE(std::isnan(ek::prob_abandon(10, gp{10, 1, pt::gamma<double>{NAN, 1}})));
}

// Every law through every measure and the solvers: finite, in range, and the
// service level rising with the agents.
TEST(GeneralPatience, EveryLawEveryMeasure) {
  const std::vector<pt::distribution<double>> laws = {
      pt::deterministic<double>{0.5},
      pt::uniform<double>{0.1, 1},
      pt::gamma<double>{0.5, 0.5},
      pt::gamma<double>{0.5, 3},
      pt::lognormal<double>{0.5, 1},
      pt::weibull<double>{0.5, 0.3},
      pt::hyperexponential<double>{{0.3, 0.7}, {0.1, 1}},
      pt::empirical<double>{{0.1, 0.3, 1, 2}, {0.9, 0.6, 0.2, 0}},
      pt::empirical<double>{{0, 0.3, 1, 2}, {1, 0.6, 0.2, 0}, true}};
  for (const auto& law : laws) {
    const gp m{100, 1, law};
    double last = -1;
    for (double n : {0.0, 0.5, 50.0, 90.0, 100.0, 110.0, 130.0}) {
      for (const auto& [name, v] : all_measures(n, m, 0.1)) EXPECT_FALSE(std::isnan(v)) << name << " n=" << n;
      const double s = ek::service_level(n, m, 0.1);
      EXPECT_GE(s, last) << "n=" << n << " law " << law.law.index();
      last = s;
      EXPECT_NEAR(ek::prob_abandon(n, m) + ek::occupancy(n, m) * n / 100, 1, 1e-12) << "n=" << n;
    }
    const double n = ek::agents_for_service_level(m, 0.8, 0.1);
    EXPECT_GE(ek::service_level(n, m, 0.1), 0.8);
    EXPECT_LT(ek::service_level(n - 1, m, 0.1), 0.8);
    const double na = ek::agents_for_abandon_rate(m, 0.02);
    EXPECT_LE(ek::prob_abandon(na, m), 0.02);
    EXPECT_GT(ek::prob_abandon(na - 1, m), 0.02);
  }
}

// float and long double run the same code: float within its rounding of
// double, long double within double's tolerance of it.
TEST(GeneralPatience, FloatAndLongDouble) {
  const auto d = ek::service_level(10.0, gp{10, 1, pt::gamma<double>{0.5, 0.7}}, 0.1);
  const auto f = ek::service_level(
      10.0f, ek::models::general_patience<float>{10, 1, pt::gamma<float>{0.5f, 0.7f}}, 0.1f);
  const auto l = ek::service_level(
      10.0L, ek::models::general_patience<long double>{10, 1, pt::gamma<long double>{0.5L, 0.7L}}, 0.1L);
  EXPECT_LE(rel(f, d), 1e-5);
  EXPECT_LE(rel(double(l), d), 1e-10);
}

// Weibull patience of a large shape (nearly deterministic at its scale): x =
// (t/scale)^shape underflows to subnormals and 0 below the scale and
// overflows a little above it. There P(1/shape, x) lost its digits (shape
// 200, n = R = 100: P(W > 0) 0.8902 against 0.8917; n = R = 10^6: 1.0 and
// P(Ab) 4e-37 against 1e-6) or turned NaN (shape 1000: an evaluation error).
// Reference: mpmath at 50 digits, tests/data/generate_weibull_large_shape.py
// (H by its power series and the upper incomplete gamma, J by quadrature).
TEST(GeneralPatience, WeibullOfLargeShapeKeepsItsDigits) {
  struct row {
    double n, lambda, shape, pw, pab;
  };
  const row rows[] = {
      {100, 100, 200, 0.89170523177821844643, 0.0088693789850382132178},
      {10, 10, 1000, 0.75023045856518658651, 0.068239022853105042566},
      {100, 110, 200, 0.99997258057747893652, 0.090910525724226880433},
  };
  for (const auto& r : rows) {
    const gp m{r.lambda, 1, pt::weibull<double>{r.shape, 1}};
    EXPECT_LE(rel(ek::prob_wait(r.n, m), r.pw), 1e-10) << r.n << " " << r.shape;
    EXPECT_LE(rel(ek::prob_abandon(r.n, m), r.pab), 1e-10) << r.n << " " << r.shape;
  }
  // The law's H itself where x is 0, subnormal and infinite: t below the scale
  // (G = 1 to rounding), the mean above it.
  const pt::weibull<double> w{200, 1};
  EXPECT_EQ(w.at(0.02).integrated, 0.02);
  EXPECT_NEAR(w.at(0.0245).integrated, 0.0245, 1e-17);
  EXPECT_EQ((pt::weibull<double>{1000, 1}.at(3).integrated), (pt::weibull<double>{1000, 1}.expected()));
  // Critical load at 10^6 agents: P(Ab) close to deterministic patience at 1
  // (within the Weibull's spread, ~1/shape of the scale), not 1e-37.
  const double big = 1e6;
  const double pab_w = ek::prob_abandon(big, gp{big, 1, pt::weibull<double>{200, 1}});
  const double pab_d = ek::prob_abandon(big, gp{big, 1, pt::deterministic<double>{1}});
  EXPECT_NEAR(pab_w / pab_d, 1, 0.1);
}

// A shape so small that the mean scale Gamma(1 + 1/shape) overflows: a domain
// error naming the shape, not a NaN or a failed integral.
TEST(PatienceLaws, WeibullWithoutAFiniteMeanIsADomainError) {
  EXPECT_THROW(ek::prob_abandon(10, gp{10, 1, pt::weibull<double>{1e-3, 1}}), ek::domain_error);
  EXPECT_NO_THROW(ek::prob_abandon(10, gp{10, 1, pt::weibull<double>{0.01, 1}}));
}

// A queue_spec carrying a patience law selects M/M/n+G for every plain-number
// call (queue.hpp's with_model), redials included; the law with finite lines
// is refused in the call's own name. The reference is the model called
// directly, a separate code path up to the shared state.
TEST(GeneralPatience, QueueSpecWithALawIsMmnG) {
  const pt::distribution<double> law = pt::gamma<double>{150, 0.7};
  const gp m{0.5, 180, law};
  const ek::queue_spec<double> q{.arrival_rate = 0.5, .aht = 180, .patience = 1, .patience_law = &law};
  EXPECT_EQ(ek::prob_abandon(95.0, q), ek::prob_abandon(95.0, m));
  EXPECT_EQ(ek::service_level(95.0, q, 20.0, sl::answered), ek::service_level(95.0, m, 20.0, sl::answered));
  EXPECT_EQ(ek::asa(95.0, q, asa_c::all), ek::asa(95.0, m, asa_c::all));
  EXPECT_EQ(ek::prob_blocked(95.0, q), 0.0);
  EXPECT_EQ(ek::agents_for_service_level(q, 0.8, 20.0), ek::agents_for_service_level(m, 0.8, 20.0));
  EXPECT_EQ(ek::agents_for_abandon_rate(q, 0.05), ek::agents_for_abandon_rate(m, 0.05));
  EXPECT_EQ(ek::max_arrival_rate_for_service_level(95.0, 0.8, 20.0, q),
            ek::max_arrival_rate_for_service_level(95.0, m, 0.8, 20.0));
  auto r = q;
  r.redial = 0.3;
  EXPECT_EQ(ek::prob_abandon(95.0, r), ek::prob_abandon(95.0, ek::models::redialing{m, 0.3}));
  // The exponential mean is not read with a law: a NaN there changes nothing.
  auto n = q;
  n.patience = std::nan("");
  EXPECT_EQ(ek::prob_abandon(95.0, n), ek::prob_abandon(95.0, m));
  auto lined = q;
  lined.lines = 120;
  try {
    (void)ek::prob_wait(95.0, lined);
    ADD_FAILURE() << "finite lines with a law were accepted";
  } catch (const ek::domain_error& e) {
    EXPECT_STREQ(
        e.what(),
        "prob_wait: lines is 120, but must be inf with a patience distribution (finite lines take a patience "
        "mean)");
  }
}

namespace {

// Weibull of mean 180 s and the given cv: the shape solved by bisection on
// cv^2 = Gamma(1 + 2/k) / Gamma(1 + 1/k)^2 - 1, which falls with k.
pt::weibull<double> weibull_of_cv(double cv) {
  double lo = 0.2, hi = 20;
  for (int i = 0; i < 200; ++i) {
    const double k = (lo + hi) / 2, g1 = std::tgamma(1 + 1 / k), g2 = std::tgamma(1 + 2 / k);
    (std::sqrt(g2 / (g1 * g1) - 1) > cv ? lo : hi) = k;
  }
  const double k = (lo + hi) / 2;
  return {k, 180 / std::tgamma(1 + 1 / k)};
}

// The state's measures that each take a different integral (J, its moments,
// int_0^t and int_t^inf). Targets of 5, 20 and 60 s put int_0^t's partial
// piece both where e^phi falls by less than e^-1.5 over it (the (7-15) pair)
// and where it falls by more (the (15-31)).
std::vector<std::pair<std::string, double>> state_measures(
    const ek::models::general_patience_state<double>& s) {
  const auto at5 = s.at_time(5), at20 = s.at_time(20), at60 = s.at_time(60), at100 = s.at_time(100);
  return {{"prob_wait", s.prob_wait()},
          {"prob_abandon", s.prob_abandon()},
          {"prob_served", s.prob_served()},
          {"mean_wait", s.mean_wait()},
          {"answered_wait", s.answered_wait()},
          {"mean_virtual_wait", s.mean_virtual_wait()},
          {"answered_within_5", at5.answered_within()},
          {"answered_within_20", at20.answered_within()},
          {"virtual_within_20", at20.virtual_within()},
          {"answered_within_60", at60.answered_within()},
          {"virtual_tail_100", at100.virtual_tail()},
          {"abandon_tail_100", at100.abandon_tail()}};
}

// Largest relative difference between the production grid and the
// reference grid (pieces of a fall of e^-3, tolerance 1e-13), over the
// measures of state_measures.
double route_difference(const gp& m, double n, std::string* where) {
  const auto fast = state_measures(m.at(n)), ref = state_measures(m.at(n, true));
  double worst = 0;
  for (std::size_t i = 0; i < fast.size(); ++i) {
    const double e = rel(fast[i].second, ref[i].second);
    if (e > worst) worst = e, *where = fast[i].first;
  }
  return worst;
}

}  // namespace

// The production grid (general_patience_piece_drop, general_patience_tolerance)
// against the reference grid of the same integrands laid out independently:
// 1 to 10,000 agents, loads 0.5-1.5 n, gamma, lognormal and Weibull of cv
// 0.2-3 (gamma of cv > 1 and Weibull of shape < 1 are singular at 0), AHT
// 300 s, mean patience 180 s.
TEST(GeneralPatience, ProductionRouteMatchesTheReferenceGrid) {
  double worst = 0;
  std::string worst_case;
  for (double n : {1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0})
    for (double load : {0.5, 0.8, 0.95, 1.0, 1.1, 1.5})
      for (double cv : {0.2, 0.5, 1.5, 3.0})
        for (int law = 0; law < 3; ++law) {
          pt::distribution<double> d = pt::gamma<double>{180, cv};
          if (law == 1) d = pt::lognormal<double>{180, cv};
          if (law == 2) d = weibull_of_cv(cv);
          const gp m{load * n / 300, 300, d};
          std::string where;
          const double e = route_difference(m, n, &where);
          EXPECT_LE(e, 1e-11) << "n " << n << " load " << load << " cv " << cv << " law " << law << " "
                              << where;
          if (e > worst) worst = e, worst_case = where;
        }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g ", worst);
  RecordProperty("worst", buf + worst_case);
}

// Where the initial grid's pieces fail their error estimate (gamma of cv 3:
// G has an infinite slope at 0), the adaptive loop bisects them, and the
// result still matches the reference grid.
TEST(GeneralPatience, AdaptiveFallbackMatchesTheReferenceGrid) {
  for (double n : {10.0, 1000.0}) {
    const gp m{0.95 * n / 300, 300, pt::gamma<double>{180, 3}};
    EXPECT_GT(m.at(n).bisections, 0) << n;
    std::string where;
    EXPECT_LE(route_difference(m, n, &where), 1e-11) << n << " " << where;
  }
}

namespace {

// Step tables for the exact route: a sample of 200 patiences (gamma-like,
// mean ~180 s, from a fixed linear congruential stream), a table with an
// atom at 0 (callers who hang up at once), a coarse one whose times include
// the targets of state_measures (5, 20, 60, 100 s), and a one-point table.
std::vector<pt::empirical<double>> step_tables() {
  std::vector<double> sample;
  unsigned long long x = 12345;
  auto uniform = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double(x >> 11) + 0.5) / 9007199254740992.0;
  };
  for (int i = 0; i < 200; ++i) sample.push_back(-90 * (std::log(uniform()) + std::log(uniform())));
  return {pt::empirical_from_samples(sample), pt::empirical<double>{{0, 30, 120, 400}, {0.9, 0.6, 0.2, 0}},
          pt::empirical<double>{{5, 20, 60, 100, 300}, {0.95, 0.8, 0.5, 0.3, 0}},
          pt::empirical<double>{{180}, {0}}};
}

}  // namespace

// A step table's integrals are taken exactly, piece by piece (phi is linear
// between its times), instead of by quadrature: checked against the
// reference grid (quadrature, pieces of e^-3 at 1e-13), 1 to 10,000 agents,
// loads 0.5-1.5.
TEST(GeneralPatience, StepTableRouteMatchesTheReferenceGrid) {
  const auto tables = step_tables();
  for (std::size_t k = 0; k < tables.size(); ++k)
    for (double n : {1.0, 3.0, 10.0, 100.0, 1000.0, 10000.0})
      for (double load : {0.5, 0.95, 1.0, 1.5}) {
        const gp m{load * n / 300, 300, tables[k]};
        const auto exact = state_measures(m.at(n)), ref = state_measures(m.at(n, true));
        for (std::size_t i = 0; i < exact.size(); ++i) {
          // mean_wait, answered_wait, mean_virtual_wait are times; the rest probabilities
          const bool probability =
              exact[i].first.find("_wait") == std::string::npos || exact[i].first == "prob_wait";
          // The reference grid ends where the tangent bound leaves < 1e-17 of
          // J (its documented cut), so a probability is compared to 1e-16
          // absolute below that; the exact route keeps the far tail.
          if (probability && std::abs(exact[i].second - ref[i].second) <= 1e-16) continue;
          EXPECT_LE(rel(exact[i].second, ref[i].second), 1e-11)
              << "table " << k << " n " << n << " load " << load << " " << exact[i].first << " "
              << exact[i].second << " vs " << ref[i].second;
        }
      }
}

// A one-point step table at d is the deterministic law d, whose route is the
// quadrature (with d as a breakpoint): the two agree on every measure.
TEST(GeneralPatience, OnePointStepTableIsTheDeterministicLaw) {
  for (double n : {2.0, 50.0, 5000.0})
    for (double load : {0.7, 1.0, 1.3}) {
      const gp table{load * n / 300, 300, pt::empirical<double>{{180}, {0}}};
      const gp fixed{load * n / 300, 300, pt::deterministic<double>{180}};
      const auto a = state_measures(table.at(n)), b = state_measures(fixed.at(n));
      for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_LE(rel(a[i].second, b[i].second), 1e-11)
            << a[i].first << " n " << n << " load " << load << ": " << a[i].second << " vs " << b[i].second;
    }
}
