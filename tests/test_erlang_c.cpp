#include <gtest/gtest.h>

#include <erlangkit/erlang_c.hpp>

#include "reference.hpp"

namespace ek = erlangkit;

TEST(ErlangC, MatchesFiftyDigitReference) {
  ektest::check_bc_column("erlang_c", [](double n, double R) { return ek::erlang_c(n, R); });
}

TEST(ErlangC, OverloadIsCertainWaiting) {
  EXPECT_EQ(ek::erlang_c(10, 10.0), 1.0);
  EXPECT_EQ(ek::erlang_c(10, 25.0), 1.0);
  EXPECT_EQ(ek::erlang_c(0, 0.0), 1.0);
  EXPECT_EQ(ek::erlang_c(3, 0.0), 0.0);
}

TEST(ErlangC, AtLeastErlangBAndMonotone) {
  for (double R : {0.5, 8.0, 300.0}) {
    double prev = 1.0;
    for (double n = std::floor(R) + 1; n < 3 * R + 10; n += 0.5) {
      const double c = ek::erlang_c(n, R);
      ASSERT_GE(c, ek::erlang_b(n, R));
      ASSERT_LE(c, prev);
      prev = c;
    }
  }
}
