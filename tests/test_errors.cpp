#include <gtest/gtest.h>

#include <erlangkit/erlangkit.hpp>

namespace ek = erlangkit;

namespace {
template <class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const ek::domain_error& e) {
    return e.what();
  }
  return "(no exception)";
}
}  // namespace

TEST(Errors, MessagesNameFunctionParameterAndValue) {
  EXPECT_EQ(message_of([] { ek::erlang_c(10, -3); }), "erlang_c: load is -3, but must be finite and >= 0");
  EXPECT_EQ(message_of([] { ek::erlang_b(-1.5, 3); }),
            "erlang_b: servers is -1.5, but must be finite and >= 0");
  EXPECT_EQ(message_of([] { ek::erlang_b(INFINITY, 3); }),
            "erlang_b: servers is inf, but must be finite and >= 0");
  const ek::queue_spec<double> bad_aht{1.0, 0.0};
  EXPECT_EQ(message_of([&] { ek::prob_wait(3, bad_aht); }),
            "prob_wait: aht is 0, but must be finite and > 0");
  const ek::queue_spec<double> bad_pat{1.0, 2.0, 0.0};
  EXPECT_EQ(message_of([&] { ek::occupancy(3, bad_pat); }),
            "occupancy: patience is 0, but must be > 0 (+inf for callers who never abandon)");
  const ek::queue_spec<double> q{1.0, 2.0};
  EXPECT_EQ(message_of([&] { ek::service_level(3, q, -1.0); }),
            "service_level: target_time is -1, but must be finite and >= 0");
  EXPECT_EQ(message_of([&] { ek::agents_for_service_level(q, 1.2, 20.0); }),
            "agents_for_service_level: target is 1.2, but must be strictly between 0 and 1");
  EXPECT_EQ(message_of([&] { ek::agents_for_abandon_rate(q, 0.05); }),
            "agents_for_abandon_rate: patience is inf, but must be finite for an abandonment target");
  EXPECT_EQ(message_of([] { ek::scheduled_agents(10, 1.0); }),
            "scheduled_agents: shrinkage is 1, but must be in [0, 1)");
  EXPECT_EQ(message_of([&] { ek::prob_wait(-2, q); }),
            "prob_wait: agents is -2, but must be finite and >= 0");
  const ek::queue_spec<double> neg_rate{-1.0, 2.0};
  EXPECT_EQ(message_of([&] { ek::asa(2, neg_rate); }),
            "asa: arrival_rate is -1, but must be finite and >= 0");
}

TEST(Errors, DomainErrorIsAStdDomainError) {
  EXPECT_THROW(ek::erlang_b(1, -1), std::domain_error);
  EXPECT_THROW(ek::agents_for_occupancy(ek::queue_spec<double>{1.0, 1.0}, 0.0), ek::domain_error);
}

TEST(Errors, NanPropagates) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(ek::erlang_b(nan, 1.0)));
  EXPECT_TRUE(std::isnan(ek::erlang_c(3.0, nan)));
  EXPECT_TRUE(std::isnan(ek::prob_wait(3.0, ek::queue_spec<double>{nan, 1.0})));
  EXPECT_TRUE(std::isnan(ek::service_level(3.0, ek::queue_spec<double>{1.0, 1.0}, nan)));
  EXPECT_TRUE(std::isnan(ek::agents_for_service_level(ek::queue_spec<double>{1.0, nan}, 0.8, 1.0)));
  EXPECT_TRUE(std::isnan(ek::scheduled_agents(nan, 0.3)));
}

TEST(Errors, ConventionNamesParse) {
  EXPECT_EQ(ek::parse_sl_convention("virtual"), ek::sl_convention::virtual_wait);
  EXPECT_EQ(ek::parse_sl_convention("excl_short_abandons"), ek::sl_convention::excl_short_abandons);
  EXPECT_FALSE(ek::parse_sl_convention("fast").has_value());
  EXPECT_EQ(ek::parse_asa_convention("all"), ek::asa_convention::all);
  EXPECT_EQ(ek::to_string(ek::sl_convention::virtual_wait), "virtual");
}
