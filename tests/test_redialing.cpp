// Redials (models/redialing.hpp): Erlang-X (finite lines, exponential
// patience, redials) and extended Erlang-B against 50-digit references
// (tests/data/redialing.csv and erlang_b_extended.csv from
// generate_redialing.py: the fixed point solved on the chain's own stationary
// law, the measures from the chains), the fixed point solved again here by
// plain iteration in long double, the limits (redial -> 0 is the base model,
// lines -> inf is Erlang-A with redials, a model that loses nobody is
// unchanged), the identities between per-attempt and per-caller measures, the
// solvers against a scan, and the checks on the redial argument.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <map>
#include <string>
#include <vector>

#include "reference.hpp"

namespace ek = erlangkit;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;

namespace {

template <class F>
void check_x_column(const char* column, F measure) {
  ektest::check_column("redialing.csv", column, 140, [&](const auto& r) {
    const ek::queue_spec<double> q{ektest::num(r.at("arrival_rate")), ektest::num(r.at("aht")),
                                   ektest::num(r.at("patience")), ektest::num(r.at("lines")),
                                   ektest::num(r.at("redial"))};
    return std::pair{measure(ektest::num(r.at("agents")), q, ektest::num(r.at("target_time"))),
                     "n=" + r.at("agents") + " N=" + r.at("lines") + " lambda=" + r.at("arrival_rate") +
                         " patience=" + r.at("patience") + " r=" + r.at("redial") +
                         " t=" + r.at("target_time")};
  });
}

void check_x_time_columns() {
  check_x_column("sl_offered", [](double n, auto q, double t) { return ek::service_level(n, q, t); });
  check_x_column("sl_answered",
                 [](double n, auto q, double t) { return ek::service_level(n, q, t, sl::answered); });
  check_x_column("sl_virtual",
                 [](double n, auto q, double t) { return ek::service_level(n, q, t, sl::virtual_wait); });
  check_x_column("sl_excl_short_abandons", [](double n, auto q, double t) {
    return ek::service_level(n, q, t, sl::excl_short_abandons);
  });
}

template <class F>
void check_b_column(const char* column, F measure) {
  ektest::check_column("erlang_b_extended.csv", column, 80, [&](const auto& r) {
    return std::pair{
        measure(ektest::num(r.at("servers")), ektest::num(r.at("load")), ektest::num(r.at("redial"))),
        "n=" + r.at("servers") + " R=" + r.at("load") + " r=" + r.at("redial")};
  });
}

// L = lambda + r L p(L) by plain iteration in long double on the base model
// (a contraction: the map's slope is r d(lost traffic)/dL, in [0, r]).
template <class M>
long double iterate_fixed_point(const M& base, long double n, long double r) {
  long double L = base.arrival_rate;
  for (int i = 0; i < 100000; ++i) {
    const auto s = base.with_arrival_rate(L).at(n);
    const long double next = base.arrival_rate + r * L * ek::models::prob_lost_of(s);
    if (std::abs(next - L) <= 1e-19L * L) return next;
    L = next;
  }
  ADD_FAILURE() << "the plain iteration did not settle";
  return L;
}

}  // namespace

TEST(Redialing, ErlangXProbabilitiesMatchTheChain) {
  using measure = double (*)(double, const ek::queue_spec<double>&);
  const std::pair<const char*, measure> columns[] = {
      {"total_arrival_rate", ek::total_arrival_rate<double>},
      {"prob_finally_lost", ek::prob_finally_lost<double>},
      {"prob_wait", ek::prob_wait<double>},
      {"prob_blocked", ek::prob_blocked<double>},
      {"prob_abandon", ek::prob_abandon<double>},
      {"prob_abandon_given_wait", ek::prob_abandon_given_wait<double>},
      {"occupancy", ek::occupancy<double>},
      {"mean_queue_length", ek::mean_queue_length<double>}};
  for (const auto& [column, f] : columns)
    check_x_column(column, [f = f](double n, const auto& q, double) { return f(n, q); });
}

TEST(Redialing, ErlangXServiceLevelAndAsaMatchTheChain) {
  // Target times past 5 mean patiences included (finite lines exact there since issue 9).
  check_x_time_columns();
  check_x_column("asa_answered", [](double n, auto q, double) { return ek::asa(n, q, asa_c::answered); });
  check_x_column("asa_all", [](double n, auto q, double) { return ek::asa(n, q, asa_c::all); });
  check_x_column("asa_virtual", [](double n, auto q, double) { return ek::asa(n, q, asa_c::virtual_wait); });
}

TEST(Redialing, ExtendedErlangBMatchesTheReference) {
  check_b_column("blocking", [](double n, double R, double r) { return ek::erlang_b_extended(n, R, r); });
  check_b_column("total_load", [](double n, double R, double r) {
    return ek::total_arrival_rate(n, ek::models::redialing<ek::models::erlang_b<>>{{R, 1}, r});
  });
  check_b_column("prob_finally_lost", [](double n, double R, double r) {
    return ek::prob_finally_lost(n, ek::models::redialing<ek::models::erlang_b<>>{{R, 1}, r});
  });
}

TEST(Redialing, FixedPointAgreesWithPlainIterationInLongDouble) {
  // L(1 - r p(L)) = lambda has slope >= 1 - r (docs/math/redialing.md §2), so
  // a relative error e in p moves L by at most r p e / (1 - r) relative: the
  // base models' few-ulp p (e <= 4e-15) bounds the difference.
  auto tolerance = [](double r) { return 4e-15 * (1 + r / (1 - r)); };
  struct c {
    double n, lambda, aht, patience, lines, r;
  };
  for (const c& k :
       {c{10, 0.07, 180, 120, 14, 0.5}, c{50, 0.3, 180, 60, 70, 0.9}, c{100, 0.7, 180, 300, INFINITY, 0.6},
        c{500, 2.9, 180, 30, INFINITY, 0.3}, c{3, 0.03, 180, 900, 3, 0.95}}) {
    const ek::queue_spec<double> q{k.lambda, k.aht, k.patience, k.lines, k.r};
    long double want;
    if (std::isinf(k.lines))
      want = iterate_fixed_point(ek::models::erlang_a<long double>{k.lambda, k.aht, k.patience}, k.n, k.r);
    else
      want = iterate_fixed_point(ek::models::finite_lines<long double>{k.lambda, k.aht, k.patience, k.lines},
                                 k.n, k.r);
    EXPECT_LE(ektest::rel_error(ek::total_arrival_rate(k.n, q), double(want)), tolerance(k.r))
        << k.n << " " << k.r;
  }
  for (double n : {1.0, 7.5, 100.0, 3000.0})
    for (double r : {0.2, 0.7, 0.99}) {
      const long double want = iterate_fixed_point(ek::models::erlang_b<long double>{1.2L * n, 1}, n, r);
      const ek::models::redialing<ek::models::erlang_b<>> m{{1.2 * n, 1}, r};
      EXPECT_LE(ektest::rel_error(ek::total_arrival_rate(n, m), double(want)), tolerance(r)) << n << " " << r;
    }
}

TEST(Redialing, ErlangXFixedPointHoldsOnTheChain) {
  // The birth-death chain of M/M/n/N+M at the library's total rate L (birth L,
  // death min(k, n) mu + max(k - n, 0) theta), solved by its balance
  // equations in long double: its P(blocked) = pi_N and P(Ab) = theta E[queue]/L
  // must be the library's, and L must satisfy L = lambda + r L (P(Ab) + P(blocked)).
  struct c {
    int n, lines;
    double lambda, patience, r;
  };
  for (const c& k : {c{10, 14, 0.07, 120, 0.5}, c{25, 40, 0.2, 60, 0.9}, c{5, 5, 0.04, 300, 0.7},
                     c{40, 60, 0.3, INFINITY, 0.3}}) {
    const ek::queue_spec<double> q{k.lambda, 180, k.patience, double(k.lines), k.r};
    const long double L = ek::total_arrival_rate(k.n, q), mu = 1.0L / 180,
                      theta = std::isinf(k.patience) ? 0.0L : 1.0L / k.patience;
    std::vector<long double> w{1.0L};
    for (int j = 1; j <= k.lines; ++j)
      w.push_back(w.back() * L / (std::min(j, k.n) * mu + std::max(j - k.n, 0) * theta));
    long double total = 0, queue = 0;
    for (int j = 0; j <= k.lines; ++j) total += w[j], queue += std::max(j - k.n, 0) * w[j];
    const long double blocked = w[k.lines] / total, abandon = theta * queue / total / L;
    EXPECT_LE(ektest::rel_error(ek::prob_blocked(k.n, q), double(blocked)), 1e-13) << k.n << " " << k.lines;
    if (abandon > 0) {
      EXPECT_LE(ektest::rel_error(ek::prob_abandon(k.n, q), double(abandon)), 1e-13) << k.n;
    }
    EXPECT_LE(ektest::rel_error(double(k.lambda + k.r * L * (blocked + abandon)), double(L)), 1e-14) << k.n;
  }
}

TEST(Redialing, RedialToZeroIsTheBaseModel) {
  // r = 1e-300 goes through the adaptor (r = 0 does not): the fixed point moves
  // L by r p lambda, far below rounding.
  for (double lines : {12.0, 20.0, double(INFINITY)}) {
    const ek::queue_spec<double> base{0.06, 180, 120, lines}, tiny{0.06, 180, 120, lines, 1e-300};
    EXPECT_EQ(ek::total_arrival_rate(10, tiny), 0.06);
    EXPECT_NEAR(ek::service_level(10, tiny, 20.0), ek::service_level(10, base, 20.0), 1e-15);
    EXPECT_NEAR(ek::prob_abandon(10, tiny), ek::prob_abandon(10, base), 1e-15);
    EXPECT_NEAR(ek::prob_blocked(10, tiny), ek::prob_blocked(10, base), 1e-15);
    EXPECT_NEAR(ek::asa(10, tiny), ek::asa(10, base), 1e-12);
    EXPECT_NEAR(ek::occupancy(10, tiny), ek::occupancy(10, base), 1e-15);
    EXPECT_NEAR(ek::mean_queue_length(10, tiny), ek::mean_queue_length(10, base), 1e-15);
    EXPECT_NEAR(ek::prob_finally_lost(10, tiny), ek::prob_abandon(10, base) + ek::prob_blocked(10, base),
                1e-15);
  }
  EXPECT_EQ(ek::erlang_b_extended(20.0, 25.0, 1e-300), ek::erlang_b(20.0, 25.0));
  EXPECT_EQ(ek::erlang_b_extended(20.0, 25.0, 0.0), ek::erlang_b(20.0, 25.0));
  EXPECT_EQ(ek::servers_for_blocking(100.0, 0.025, 0.0), ek::servers_for_blocking(100.0, 0.025));
}

TEST(Redialing, ManyLinesAreErlangAWithRedials) {
  // 20 agents, 400 lines: P(more than 380 waiting) is far below 1e-300 at
  // these loads, so the finite-lines chain is Erlang-A's to every digit.
  for (double r : {0.3, 0.8})
    for (double rho : {0.8, 1.4}) {
      const double lambda = rho * 20 / 180;
      const ek::queue_spec<double> x{lambda, 180, 150, 400, r}, a{lambda, 180, 150, INFINITY, r};
      auto close = [](double got, double want) { return ektest::rel_error(got, want) <= 1e-11; };
      EXPECT_TRUE(close(ek::total_arrival_rate(20, x), ek::total_arrival_rate(20, a))) << rho << " " << r;
      EXPECT_TRUE(close(ek::service_level(20, x, 20.0), ek::service_level(20, a, 20.0)));
      EXPECT_TRUE(close(ek::prob_abandon(20, x), ek::prob_abandon(20, a)));
      EXPECT_TRUE(close(ek::asa(20, x), ek::asa(20, a)));
      EXPECT_TRUE(close(ek::mean_queue_length(20, x), ek::mean_queue_length(20, a)));
    }
}

TEST(Redialing, NobodyLostMeansNothingChanges) {
  // Erlang-C loses nobody: a redial probability changes no measure or answer.
  const ek::queue_spec<double> c{0.1, 180}, cr{0.1, 180, INFINITY, INFINITY, 0.7};
  EXPECT_EQ(ek::service_level(20, cr, 20.0), ek::service_level(20, c, 20.0));
  EXPECT_EQ(ek::asa(20, cr), ek::asa(20, c));
  EXPECT_EQ(ek::total_arrival_rate(20, cr), 0.1);
  EXPECT_EQ(ek::agents_for_service_level(cr, 0.8, 20.0), ek::agents_for_service_level(c, 0.8, 20.0));
  EXPECT_EQ(ek::agents_for_occupancy(cr, 1.0), ek::agents_for_occupancy(c, 1.0));
  // Finite lines with as many lines as needed to block nobody at zero load.
  const ek::queue_spec<double> none{0, 180, 120, 12, 0.5};
  EXPECT_EQ(ek::total_arrival_rate(10, none), 0.0);
}

TEST(Redialing, PerAttemptAndPerCallerMeasuresAgree) {
  // Flows: fresh callers answered lambda (1 - P(finally lost)) = attempts
  // answered L P(S); redials r L p = L - lambda.
  for (double lines : {11.0, 15.0, double(INFINITY)})
    for (double r : {0.1, 0.5, 0.9}) {
      const double lambda = 0.08;
      const ek::queue_spec<double> q{lambda, 180, 100, lines, r};
      const double L = ek::total_arrival_rate(10, q);
      const double p = ek::prob_abandon(10, q) + ek::prob_blocked(10, q);
      EXPECT_LE(ektest::rel_error(lambda * (1 - ek::prob_finally_lost(10, q)), L * (1 - p)), 1e-14);
      EXPECT_LE(ektest::rel_error(r * L * p, L - lambda), 1e-12);
      EXPECT_LE(ektest::rel_error(ek::occupancy(10, q), L * 180 * (1 - p) / 10), 1e-14);
      EXPECT_GT(L, lambda);
      EXPECT_LT(ek::prob_finally_lost(10, q), p);
    }
}

TEST(Redialing, FinallyLostKeepsItsDigitsAsRedialsTendToOne) {
  // 2.5 agents, r = 1 - 2^-53: L ~ 9e15 and an attempt is answered with
  // P(S) ~ 1e-18, so 1 - r p must be formed as (1 - r) + r P(S); the flows give
  // P(finally lost) = 1 - L P(S) / lambda (the answered rate is at most 2.5/180;
  // 1 - r p formed directly gave 0.5).
  const double r = 1 - 0x1p-53;
  const ek::queue_spec<double> q{1, 180, 60, INFINITY, r};
  // The answered rate L P(S) = occupancy n / aht (lambda = 1).
  const double served = ek::occupancy(2.5, q) * 2.5 / 180;
  EXPECT_GT(ek::total_arrival_rate(2.5, q), 1e15);
  EXPECT_LE(served, 2.5 / 180);
  EXPECT_LE(ektest::rel_error(ek::prob_finally_lost(2.5, q), 1 - served), 1e-12);
  EXPECT_GT(ek::prob_finally_lost(2.5, q), 0.98);
}

TEST(Redialing, MoreRedialsMoreAttemptsMoreAgentsFewerAttempts) {
  const double lambda = 0.1;
  double last_L = lambda, last_p = 0;
  for (double r = 0.05; r < 1; r += 0.05) {
    const ek::queue_spec<double> q{lambda, 180, 120, 22, r};
    const double L = ek::total_arrival_rate(18, q);
    EXPECT_GT(L, last_L) << r;
    EXPECT_GE(ek::prob_blocked(18, q) + ek::prob_abandon(18, q), last_p);
    last_L = L;
    last_p = ek::prob_blocked(18, q) + ek::prob_abandon(18, q);
  }
  double prev = INFINITY;
  for (double n = 1; n <= 30; ++n) {
    const double L = ek::total_arrival_rate(n, ek::queue_spec<double>{lambda, 180, 120, 30, 0.6});
    EXPECT_LT(L, prev) << n;
    prev = L;
  }
}

TEST(Redialing, SolversAgreeWithAScan) {
  const ek::queue_spec<double> q{0.1, 180, 120, 25, 0.6};
  const double n = ek::agents_for_service_level(q, 0.8, 20.0);
  EXPECT_GE(ek::service_level(n, q, 20.0), 0.8);
  EXPECT_LT(ek::service_level(n - 1, q, 20.0), 0.8);
  const double m = ek::agents_for_abandon_rate(q, 0.05);
  EXPECT_LE(ek::prob_abandon(m, q), 0.05);
  EXPECT_GT(ek::prob_abandon(m - 1, q), 0.05);
  // Erlang-A with redials, real agents: the target met exactly.
  const ek::queue_spec<double> a{0.1, 180, 120, INFINITY, 0.6};
  const double f = ek::agents_for_service_level(a, 0.8, 20.0, sl::offered, {.fractional = true});
  EXPECT_NEAR(ek::service_level(f, a, 20.0), 0.8, 1e-12);
  // Extended Erlang-B: the fewest servers by a scan, and the real count where
  // the target is met exactly.
  for (double r : {0.0, 0.3, 0.5, 0.9}) {
    const double s = ek::servers_for_blocking(100.0, 0.025, r);
    EXPECT_LE(ek::erlang_b_extended(s, 100.0, r), 0.025);
    EXPECT_GT(ek::erlang_b_extended(s - 1, 100.0, r), 0.025);
    const double x = ek::servers_for_blocking(100.0, 0.025, r, true);
    EXPECT_NEAR(ek::erlang_b_extended(x, 100.0, r), 0.025, 1e-13);
  }
  // The capacity inverse: the fresh rate at which 25 agents just meet the target.
  const double rate = ek::max_arrival_rate_for_service_level<double>(25, 0.8, 20.0, a);
  EXPECT_NEAR(ek::service_level(25, ek::queue_spec<double>{rate, 180, 120, INFINITY, 0.6}, 20.0), 0.8, 1e-10);
}

TEST(Redialing, RedialOutsideItsRangeIsADomainError) {
  for (double r : {-0.1, 1.0, 1.5, double(INFINITY)}) {
    const ek::queue_spec<double> q{0.1, 180, 120, 25, r};
    EXPECT_THROW(ek::service_level(20, q, 20.0), ek::domain_error) << r;
    // Even where nobody could be lost (Erlang-C), the argument is checked.
    const ek::queue_spec<double> c{0.1, 180, INFINITY, INFINITY, r};
    try {
      ek::prob_wait(20, c);
      ADD_FAILURE() << "no error for redial " << r;
    } catch (const ek::domain_error& e) {
      EXPECT_NE(std::string(e.what()).find("redial"), std::string::npos) << e.what();
    }
    EXPECT_THROW(ek::erlang_b_extended(20.0, 25.0, r), ek::domain_error);
    EXPECT_THROW(ek::servers_for_blocking(25.0, 0.01, r), ek::domain_error);
  }
  EXPECT_TRUE(std::isnan(ek::erlang_b_extended(20.0, 25.0, NAN)));
  EXPECT_TRUE(std::isnan(ek::service_level(20, ek::queue_spec<double>{0.1, 180, 120, 25, NAN}, 20.0)));
  EXPECT_THROW(ek::erlang_b_extended(-1.0, 25.0, 0.5), ek::domain_error);
  EXPECT_THROW(ek::erlang_b_extended(20.0, -25.0, 0.5), ek::domain_error);
}

TEST(Redialing, FloatAndLongDouble) {
  const ek::queue_spec<double> d{0.06, 180, 120, 14, 0.5};
  const ek::queue_spec<float> f{0.06f, 180, 120, 14, 0.5f};
  const ek::queue_spec<long double> l{0.06L, 180, 120, 14, 0.5L};
  const double want = ek::service_level(10, d, 20.0);
  EXPECT_NEAR(ek::service_level(10.0f, f, 20.0f), want, 2e-6);
  EXPECT_NEAR(double(ek::service_level(10.0L, l, 20.0L)), want, 1e-15);
  EXPECT_NEAR(ek::erlang_b_extended(10.0f, 12.0f, 0.5f), ek::erlang_b_extended(10.0, 12.0, 0.5), 2e-6);
  EXPECT_NEAR(double(ek::erlang_b_extended(10.0L, 12.0L, 0.5L)), ek::erlang_b_extended(10.0, 12.0, 0.5),
              1e-15);
}
