// Built with -fno-exceptions and nothing else (tests/CMakeLists.txt): the
// headers see that exceptions are off and turn every error into a NaN plus
// its message in last_error().
#include <gtest/gtest.h>

#include <erlangkit/erlangkit.hpp>
#include <vector>

namespace ek = erlangkit;

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "this test must be built with -fno-exceptions"
#endif

TEST(NoExceptions, InvalidInputGivesNanAndItsMessage) {
  ek::clear_last_error();
  EXPECT_EQ(ek::last_error().kind, ek::error_kind::none);
  EXPECT_TRUE(std::isnan(ek::erlang_c(10, -3)));
  EXPECT_EQ(ek::last_error().kind, ek::error_kind::domain);
  EXPECT_EQ(ek::last_error().message, "erlang_c: load is -3, but must be finite and >= 0");
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
