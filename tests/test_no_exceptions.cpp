// With ERLANGKIT_NO_EXCEPTIONS, invalid input gives NaN instead of a throw.
#define ERLANGKIT_NO_EXCEPTIONS
#include <gtest/gtest.h>

#include <erlangkit/erlangkit.hpp>
#include <vector>

namespace ek = erlangkit;

TEST(NoExceptions, InvalidInputGivesNan) {
  EXPECT_TRUE(std::isnan(ek::erlang_c(10, -3)));
  EXPECT_TRUE(std::isnan(ek::prob_wait(3, ek::queue_spec<double>{1.0, -2.0})));
  EXPECT_TRUE(std::isnan(ek::agents_for_service_level(ek::queue_spec<double>{1.0, 2.0}, 1.5, 20.0)));
  EXPECT_TRUE(std::isnan(ek::agents_for_service_level(ek::queue_spec<double>{10.0, 1.0}, 0.8, 1.0,
                                                      ek::sl_convention::offered, {.max_agents = 5})));
  EXPECT_NEAR(ek::erlang_b(4, 2), 2.0 / 21.0, 1e-15);  // valid input is unaffected
}

TEST(NoExceptions, BatchMarksBadElementsWithNan) {
  std::vector<double> n{10, 10, -1}, R{5, -3, 5}, out(3);
  ek::batch::erlang_c(n, R, out);
  EXPECT_EQ(out[0], ek::erlang_c(10, 5));
  EXPECT_TRUE(std::isnan(out[1]) && std::isnan(out[2]));
  std::vector<double> short_out(2);
  ek::batch::erlang_b(n, R, short_out);
  EXPECT_TRUE(std::isnan(short_out[0]) && std::isnan(short_out[1]));
}
