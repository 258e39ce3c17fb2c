// One program, two error modes: this file throws, mixed_modes_nan.cpp returns
// NaN. Every declaration sits in an inline namespace named after its mode,
// so the two translation units do not share one inline function with two
// meanings (which the linker would resolve silently to one of them).
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <string>

double erlang_c_in_nan_mode(double n, double load);
double agents_in_nan_mode(double rate, double aht, double target, double max_agents);
std::string last_error_in_nan_mode();

TEST(ErrorModes, BothModesLiveInOneProgram) {
  EXPECT_THROW(erlangkit::erlang_c(10.0, -3.0), erlangkit::domain_error);
  EXPECT_TRUE(std::isnan(erlang_c_in_nan_mode(10.0, -3.0)));
  EXPECT_EQ(last_error_in_nan_mode(), "erlang_c: load is -3, but must be finite and >= 0");
  EXPECT_EQ(erlang_c_in_nan_mode(14.0, 10.0), erlangkit::erlang_c(14.0, 10.0));
  // An infeasible target is NaN plus its message, not a dropped constraint.
  EXPECT_TRUE(std::isnan(agents_in_nan_mode(10.0, 1.0, 0.8, 5.0)));
  EXPECT_EQ(last_error_in_nan_mode(),
            "agents_for_service_level: service level 0.8 is not met by max_agents = 5 agents or fewer");
  EXPECT_THROW(erlangkit::agents_for_service_level(erlangkit::queue_spec<double>{10.0, 1.0}, 0.8, 20.0,
                                                   erlangkit::sl_convention::offered, {.max_agents = 5}),
               erlangkit::infeasible_error);
}
