#include <gtest/gtest.h>

#include <erlangkit/service_level.hpp>

#include "reference.hpp"

namespace ek = erlangkit;

namespace {
using ektest::check_a_column;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;
}  // namespace

TEST(ServiceLevel, OfferedMatchesReference) {
  check_a_column("sl_offered",
                 [](double n, auto q, double t) { return ek::service_level(n, q, t, sl::offered); });
}
TEST(ServiceLevel, AnsweredMatchesReference) {
  check_a_column("sl_answered",
                 [](double n, auto q, double t) { return ek::service_level(n, q, t, sl::answered); });
}
TEST(ServiceLevel, VirtualMatchesReference) {
  check_a_column("sl_virtual",
                 [](double n, auto q, double t) { return ek::service_level(n, q, t, sl::virtual_wait); });
}
TEST(ServiceLevel, ExclShortAbandonsMatchesReference) {
  check_a_column("sl_excl_short_abandons", [](double n, auto q, double t) {
    return ek::service_level(n, q, t, sl::excl_short_abandons);
  });
}
TEST(Asa, AnsweredMatchesReference) {
  check_a_column("asa_answered", [](double n, auto q, double) { return ek::asa(n, q, asa_c::answered); });
}
TEST(Asa, AllMatchesReference) {
  check_a_column("asa_all", [](double n, auto q, double) { return ek::asa(n, q, asa_c::all); });
}
TEST(Asa, VirtualMatchesReference) {
  check_a_column("asa_virtual", [](double n, auto q, double) { return ek::asa(n, q, asa_c::virtual_wait); });
}

TEST(ServiceLevel, ErlangCClosedFormAndConventionsCoincide) {
  const ek::queue_spec<double> q{100.0 / 1800, 180.0};
  for (double n : {11.0, 14.0, 20.0}) {
    const double c = ek::erlang_c(n, 10.0);
    const double want = 1 - c * std::exp(-(n - 10.0) * 20.0 / 180.0);
    for (auto conv : {sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons})
      EXPECT_NEAR(ek::service_level(n, q, 20.0, conv), want, 1e-15);
    const double asa_want = c * 180.0 / (n - 10.0);
    for (auto conv : {asa_c::answered, asa_c::all, asa_c::virtual_wait})
      EXPECT_NEAR(ek::asa(n, q, conv), asa_want, 1e-14 * asa_want);
  }
  EXPECT_EQ(ek::service_level(9.0, q, 20.0), 0.0);  // overload
  EXPECT_EQ(ek::asa(10.0, q), INFINITY);
}

TEST(ServiceLevel, MonotoneInAgentsAndTargetTimeAndBounded) {
  for (double patience : {0.05, 1.0, 30.0}) {
    const ek::queue_spec<double> q{8.0, 1.0, patience};
    for (auto conv : {sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons}) {
      double prev = 0;
      for (double n = 0; n <= 30; n += 0.5) {
        const double s = ek::service_level(n, q, 0.2, conv);
        ASSERT_GE(s, prev - 1e-15) << n << " " << ek::to_string(conv);
        ASSERT_LE(s, 1.0);
        prev = s;
      }
      prev = 0;
      for (double t = 0; t < 5; t += 0.1) {
        const double s = ek::service_level(9.0, q, t, conv);
        ASSERT_GE(s, prev - 1e-15) << t;
        prev = s;
      }
    }
    double prev_asa = INFINITY;
    for (double n = 1; n <= 30; n += 0.5) {
      const double a = ek::asa(n, q);
      ASSERT_LE(a, prev_asa * (1 + 1e-15));
      prev_asa = a;
    }
  }
}

TEST(ServiceLevel, AbandonsMakeOfferedTheStrictestConvention) {
  const ek::queue_spec<double> q{3.3, 3.0, 5.0};
  const double o = ek::service_level(10, q, 1.0, sl::offered);
  EXPECT_LT(o, ek::service_level(10, q, 1.0, sl::answered));
  EXPECT_LT(o, ek::service_level(10, q, 1.0, sl::excl_short_abandons));
  EXPECT_LT(o, ek::service_level(10, q, 1.0, sl::virtual_wait));
}

TEST(Measures, BundleAgreesWithSingleFunctions) {
  const ek::queue_spec<double> q{100.0 / 30, 3.0, 5.0};
  const auto m = ek::measures(14, q, 1.0 / 3, sl::answered, asa_c::virtual_wait);
  EXPECT_EQ(m.prob_wait, ek::prob_wait(14, q));
  EXPECT_EQ(m.prob_abandon, ek::prob_abandon(14, q));
  EXPECT_EQ(m.occupancy, ek::occupancy(14, q));
  EXPECT_EQ(m.mean_queue_length, ek::mean_queue_length(14, q));
  EXPECT_EQ(m.service_level, ek::service_level(14, q, 1.0 / 3, sl::answered));
  EXPECT_EQ(m.asa, ek::asa(14, q, asa_c::virtual_wait));
}

TEST(Transition, EveryMeasureMatchesReferenceAtLargeX) {
  // Probes with the offered load within 2e-9..1e-3 of the agents, x up to
  // 1e7 and the x = 1e9 probe, target times down to 3e-6 AHT
  // (tests/data/generate_transition.py).
  const char* file = "erlang_a_transition.csv";
  using q_t = ek::queue_spec<double>;
  ektest::check_a_column(
      "prob_wait", [](double n, const q_t& q, double) { return ek::prob_wait(n, q); }, file, 80);
  ektest::check_a_column(
      "prob_abandon", [](double n, const q_t& q, double) { return ek::prob_abandon(n, q); }, file, 80);
  for (auto [col, conv] : {std::pair{"sl_offered", sl::offered}, std::pair{"sl_answered", sl::answered},
                           std::pair{"sl_virtual", sl::virtual_wait},
                           std::pair{"sl_excl_short_abandons", sl::excl_short_abandons}})
    ektest::check_a_column(
        col, [c = conv](double n, const q_t& q, double t) { return ek::service_level(n, q, t, c); }, file,
        80);
  for (auto [col, conv] : {std::pair{"asa_answered", asa_c::answered}, std::pair{"asa_all", asa_c::all},
                           std::pair{"asa_virtual", asa_c::virtual_wait}})
    ektest::check_a_column(
        col, [c = conv](double n, const q_t& q, double) { return ek::asa(n, q, c); }, file, 80);
}
