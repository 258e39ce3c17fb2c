#include <gtest/gtest.h>

#include <erlangkit/erlang_c.hpp>

#include "reference.hpp"

namespace ek = erlangkit;

TEST(ErlangC, MatchesFiftyDigitReference) {
  const auto t = ektest::read_csv("erlang_bc.csv");
  ektest::worst_error w{"erlang_c"};
  for (const auto& r : t.rows) {
    const double n = ektest::num(r.at("servers")), R = ektest::num(r.at("load"));
    const double want = ektest::num(r.at("erlang_c"));
    const double got = ek::erlang_c(n, R);
    const std::string ctx = "n=" + r.at("servers") + " R=" + r.at("load");
    w.add(got, want, ctx);
    EXPECT_LE(ektest::rel_error(got, want), 1e-12) << ctx << " got " << got << " want " << want;
  }
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
