// M/M/n/N+M (models/finite_lines.hpp), the model added through the generic
// layers: every measure against the chain solved at 50 digits
// (tests/data/finite_lines.csv from generate_finite_lines.py), its limits, and
// the generic solvers on it.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <string>

#include "reference.hpp"

namespace ek = erlangkit;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;

namespace {

template <class F>
void check_lines_column(const char* column, F measure) {
  ektest::check_column("finite_lines.csv", column, 190, [&](const auto& r) {
    const ek::queue_spec<double> q{ektest::num(r.at("arrival_rate")), ektest::num(r.at("aht")),
                                   ektest::num(r.at("patience")), ektest::num(r.at("lines"))};
    return std::pair{measure(ektest::num(r.at("agents")), q, ektest::num(r.at("target_time"))),
                     "n=" + r.at("agents") + " N=" + r.at("lines") + " lambda=" + r.at("arrival_rate") +
                         " patience=" + r.at("patience") + " t=" + r.at("target_time")};
  });
}

}  // namespace

TEST(FiniteLines, ProbabilitiesMatchTheChain) {
  check_lines_column("prob_wait", [](double n, auto q, double) { return ek::prob_wait(n, q); });
  check_lines_column("prob_blocked", [](double n, auto q, double) { return ek::prob_blocked(n, q); });
  check_lines_column("prob_abandon", [](double n, auto q, double) { return ek::prob_abandon(n, q); });
  check_lines_column("prob_abandon_given_wait",
                     [](double n, auto q, double) { return ek::prob_abandon_given_wait(n, q); });
  check_lines_column("occupancy", [](double n, auto q, double) { return ek::occupancy(n, q); });
  check_lines_column("mean_queue_length",
                     [](double n, auto q, double) { return ek::mean_queue_length(n, q); });
}

TEST(FiniteLines, ServiceLevelsMatchTheChain) {
  check_lines_column("sl_offered", [](double n, auto q, double t) { return ek::service_level(n, q, t); });
  check_lines_column("sl_answered",
                     [](double n, auto q, double t) { return ek::service_level(n, q, t, sl::answered); });
  check_lines_column("sl_virtual",
                     [](double n, auto q, double t) { return ek::service_level(n, q, t, sl::virtual_wait); });
  check_lines_column("sl_excl_short_abandons", [](double n, auto q, double t) {
    return ek::service_level(n, q, t, sl::excl_short_abandons);
  });
}

TEST(FiniteLines, AsaMatchesTheChain) {
  check_lines_column("asa_answered", [](double n, auto q, double) { return ek::asa(n, q, asa_c::answered); });
  check_lines_column("asa_all", [](double n, auto q, double) { return ek::asa(n, q, asa_c::all); });
  check_lines_column("asa_virtual",
                     [](double n, auto q, double) { return ek::asa(n, q, asa_c::virtual_wait); });
}

TEST(FiniteLines, ManyLinesAreErlangA) {
  // The blocking probability falls like the tail of the queue-length law;
  // N = n + 4000 leaves it far below rounding for these queues (the queue
  // peaks near (R - n) patience/aht <= 270), and every measure is then Erlang-A's.
  for (double patience : {60.0, 600.0, 6000.0}) {
    for (double rho : {0.7, 1.0, 1.4}) {
      const double n = 20, lambda = rho * n / 180;
      const ek::queue_spec<double> a{lambda, 180.0, patience}, l{lambda, 180.0, patience, n + 4000};
      ASSERT_LT(ek::prob_blocked(n, l), 1e-30);
      auto close = [&](double got, double want, const char* what) {
        EXPECT_NEAR(got, want, 1e-12 * std::abs(want)) << what << " rho=" << rho << " patience=" << patience;
      };
      close(ek::prob_wait(n, l), ek::prob_wait(n, a), "prob_wait");
      close(ek::prob_abandon(n, l), ek::prob_abandon(n, a), "prob_abandon");
      close(ek::occupancy(n, l), ek::occupancy(n, a), "occupancy");
      for (auto c : {sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons})
        close(ek::service_level(n, l, 20.0, c), ek::service_level(n, a, 20.0, c), ek::to_string(c).data());
      for (auto c : {asa_c::answered, asa_c::all, asa_c::virtual_wait})
        close(ek::asa(n, l, c), ek::asa(n, a, c), ek::to_string(c).data());
    }
  }
}

TEST(FiniteLinesLimits, NoWaitingPlacesIsErlangB) {
  // N = n: nobody waits; blocking is B(n, R) whatever the patience.
  for (double n : {1.0, 7.0, 30.0})
    for (double R : {0.5, 8.0, 45.0}) {
      const ek::queue_spec<double> q{R / 60, 60.0, 90.0, n};
      EXPECT_NEAR(ek::prob_blocked(n, q), ek::erlang_b(n, R), 1e-14 * ek::erlang_b(n, R));
      EXPECT_EQ(ek::prob_wait(n, q), 0.0);
      EXPECT_EQ(ek::asa(n, q), 0.0);
    }
}

TEST(FiniteLines, SolversWorkThroughTheGenericLayer) {
  const ek::models::finite_lines<double> m{100.0 / 1800, 180.0, 120.0, 30};
  const double n = ek::agents_for_service_level(m, 0.8, 20.0);
  EXPECT_GE(ek::service_level(n, m, 20.0), 0.8);
  EXPECT_LT(ek::service_level(n - 1, m, 20.0), 0.8);
  // Without abandonment (patience inf) waiting callers only leave when served,
  // so blocking needs agents (with patience, 0 agents block hardly anyone).
  const ek::models::finite_lines<double> patient{100.0 / 1800, 180.0, INFINITY, 30};
  const double b = ek::agents_for_blocking(patient, 0.01);
  EXPECT_LE(ek::prob_blocked(b, patient), 0.01);
  EXPECT_GT(ek::prob_blocked(b - 1, patient), 0.01);
  const double ab = ek::agents_for_abandon_rate(m, 0.02);
  EXPECT_LE(ek::prob_abandon(ab, m), 0.02);
  EXPECT_GT(ek::prob_abandon(ab - 1, m), 0.02);
  // More agents than lines would talk on no line: the lines bound the search.
  // (Patience above the AHT: blocking falls with the agents, down to B(16, 10)
  // with every line staffed. With patience 120 s it grows with them instead,
  // and 0 agents, whose lines empty at the callers' patience, meet 1%.)
  EXPECT_EQ(ek::agents_for_blocking(ek::models::finite_lines<double>{100.0 / 1800, 180.0, 120.0, 16}, 0.01),
            0.0);
  const ek::models::finite_lines<double> few{100.0 / 1800, 180.0, 240.0, 16};
  try {
    ek::agents_for_blocking(few, 0.01);  // B(16, 10) = 0.022 even when no line is left for waiting
    ADD_FAILURE() << "expected infeasible_error";
  } catch (const ek::infeasible_error& e) {
    EXPECT_STREQ(e.what(), "agents_for_blocking: blocking 0.01 is not met by lines = 16 agents or fewer");
  }
  // Agents are whole in this model.
  EXPECT_THROW(ek::agents_for_service_level(m, 0.8, 20.0, sl::offered, {.fractional = true}),
               ek::domain_error);
}

TEST(FiniteLines, ErrorsNameTheLines) {
  auto message = [](auto f) {
    try {
      f();
    } catch (const ek::domain_error& e) {
      return std::string(e.what());
    }
    return std::string("(no exception)");
  };
  const ek::queue_spec<double> q{0.05, 180.0, 120.0, 10};
  EXPECT_EQ(message([&] { ek::prob_wait(12, q); }), "prob_wait: lines is 10, but must be >= agents (12)");
  EXPECT_EQ(message([&] { ek::prob_wait(2.5, q); }),
            "prob_wait: agents is 2.5, but must be a whole number for this model");
  const ek::queue_spec<double> half{0.05, 180.0, 120.0, 10.5};
  EXPECT_EQ(message([&] { ek::asa(2, half); }),
            "asa: lines is 10.5, but must be a whole number for this model");
}

TEST(FiniteLines, HugeStateSpacesAreReportedNotSummed) {
  // 10^14 lines and a queue that peaks near 10^13 waiting with a width of
  // ~sqrt(10^13): more states than finite_lines_max_states, so the call says so
  // (quickly) instead of summing them.
  const ek::queue_spec<double> q{1.5e13 / 180, 180.0, 120.0, 1e14};
  try {
    ek::prob_wait(10, q);
    ADD_FAILURE() << "expected evaluation_error";
  } catch (const ek::evaluation_error& e) {
    EXPECT_STREQ(e.what(),
                 "finite_lines: too many queue states to sum at agents = 10, lines = 1e+14, load = 1.5e+13 "
                 "(please report this input)");
  }
  // A wide but summable state space still answers (and agrees with Erlang-A,
  // its lines being out of reach).
  const ek::queue_spec<double> wide{1e6 / 180, 180.0, 120.0, 1e9}, a{1e6 / 180, 180.0, 120.0};
  EXPECT_NEAR(ek::prob_wait(10, wide), ek::prob_wait(10, a), 1e-12);
}
