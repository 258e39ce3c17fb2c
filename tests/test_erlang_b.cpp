#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/erlang_b.hpp>
#include <iostream>
#include <limits>

#include "reference.hpp"

namespace ek = erlangkit;

TEST(ErlangB, MatchesFiftyDigitReference) {
  ektest::check_bc_column("erlang_b", [](double n, double R) { return ek::erlang_b(n, R); });
}

TEST(ErlangB, ExactValues) {
  EXPECT_NEAR(ek::erlang_b(4, 2), 2.0 / 21.0, 2e-16);
  EXPECT_NEAR(ek::erlang_b(5, 3), 81.0 / 736.0, 2e-16);
  EXPECT_EQ(ek::erlang_b(0, 3.0), 1.0);
  EXPECT_EQ(ek::erlang_b(7, 0.0), 0.0);
  EXPECT_NEAR(ek::erlang_b(1, 1.0), 0.5, 1e-16);  // R/(1+R)
}

TEST(ErlangB, MonotoneAndBoundedOnAFineGrid) {
  // Decreasing in servers (also between integers), increasing in load.
  for (double R : {0.3, 5.0, 97.0, 4000.0}) {
    double prev = 1.0;
    for (double n = 0; n <= 2 * R + 10; n += (R > 100 ? 7.3 : 0.25)) {
      const double b = ek::erlang_b(n, R);
      ASSERT_GE(b, 0.0);
      ASSERT_LE(b, prev) << n << " " << R;
      prev = b;
    }
  }
  for (double n : {1.0, 12.5, 300.0}) {
    double prev = 0.0;
    for (double R = 0; R < 3 * n; R += n / 17) {
      const double b = ek::erlang_b(n, R);
      ASSERT_LE(b, 1.0);
      ASSERT_GE(b, prev) << n << " " << R;
      prev = b;
    }
  }
}

TEST(ErlangB, FloatAndLongDoubleInstantiations) {
  EXPECT_NEAR(ek::erlang_b(4.0f, 2.0f), 2.0f / 21.0f, 4e-7f);
  EXPECT_NEAR(static_cast<double>(ek::erlang_b(4.0L, 2.0L)), 2.0 / 21.0, 1e-16);
  static_assert(std::is_same_v<decltype(ek::erlang_b(4, 2)), double>);
  static_assert(std::is_same_v<decltype(ek::erlang_b(4.0f, 2.0f)), float>);
}

TEST(ErlangB, FoldedRecursionStaysWithinAboutHalfAnUlpPerAgent) {
  // 1/B = sum_{j<=n} n!/((n-j)! R^j), a sum of positive terms: in long double
  // (64-bit mantissa) it is a reference to ~n 1e-19. The folded double
  // recursion must stay within (n + 2) eps / 2 of it for every whole n it
  // serves (each step rounds its multiplier and its multiply-add).
  const double eps = std::numeric_limits<double>::epsilon();
  double worst_per_agent = 0;
  for (int n = 1; n <= erlangkit::math::small_n_max; ++n) {
    for (double f : {0.01, 0.1, 0.5, 0.9, 0.95, 1.0, 1.05, 1.5, 3.0, 10.0}) {
      const double R = f * n;
      long double term = 1, sum = 1;
      for (int j = 0; j < n; ++j) sum += (term *= static_cast<long double>(n - j) / R);
      if (sum > 1e300L) continue;  // 1/B past double's range: B underflows
      const double got = erlangkit::math::inverse_erlang_b_recursion(n, R);
      const double rel = static_cast<double>(std::fabs((got - sum) / sum));
      EXPECT_LE(rel, (n + 2) * eps / 2) << n << " " << R;
      worst_per_agent = std::max(worst_per_agent, rel / ((n + 2) * eps));
    }
  }
  std::cout << "[accuracy] inverse_erlang_b_recursion: worst " << worst_per_agent << " (n + 2) eps\n";
}
