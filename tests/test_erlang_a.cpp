#include <gtest/gtest.h>

#include <erlangkit/erlang_a.hpp>

#include "reference.hpp"

namespace ek = erlangkit;

using ektest::check_a_column;
using q_t = ek::queue_spec<double>;

TEST(ErlangA, ProbWaitMatchesReference) {
  check_a_column("prob_wait", [](double n, const q_t& q, double) { return ek::prob_wait(n, q); });
}
TEST(ErlangA, ProbAbandonMatchesReference) {
  check_a_column("prob_abandon", [](double n, const q_t& q, double) { return ek::prob_abandon(n, q); });
}
TEST(ErlangA, ProbAbandonGivenWaitMatchesReference) {
  check_a_column("prob_abandon_given_wait",
                 [](double n, const q_t& q, double) { return ek::prob_abandon_given_wait(n, q); });
}
TEST(ErlangA, OccupancyMatchesReference) {
  check_a_column("occupancy", [](double n, const q_t& q, double) { return ek::occupancy(n, q); });
}
TEST(ErlangA, MeanQueueLengthMatchesReference) {
  check_a_column("mean_queue_length",
                 [](double n, const q_t& q, double) { return ek::mean_queue_length(n, q); });
}

TEST(ErlangA, TendsToErlangCAsPatienceGrows) {
  const double lambda = 0.5, aht = 25.0;  // R = 12.5
  for (double n : {13.0, 15.0, 20.0}) {
    const double c = ek::erlang_c(n, lambda * aht);
    // The gap is O(theta/mu): 100 times more patience, about 100 times closer,
    // all the way out to theta/mu = 2.5e-9 (no noise takes over at large x).
    double prev_gap = INFINITY;
    for (double patience : {1e4, 1e6, 1e8, 1e10}) {
      const double gap = std::abs(ek::prob_wait(n, ek::queue_spec<double>{lambda, aht, patience}) - c);
      if (std::isfinite(prev_gap)) {
        EXPECT_GT(prev_gap / gap, 50) << n << " " << patience;
        EXPECT_LT(prev_gap / gap, 200) << n << " " << patience;
      }
      prev_gap = gap;
    }
    EXPECT_LT(prev_gap, 1e-7 * c);
  }
}

TEST(ErlangA, PatienceEqualToAhtGivesPoissonTail) {
  // theta = mu makes the system M/M/infinity in disguise: P(W>0) = P(Poisson(R) >= n).
  for (int n : {1, 5, 10, 30}) {
    for (double R : {0.5 * n, 1.0 * n, 2.0 * n}) {
      long double cdf = 0, pmf = std::exp(-static_cast<long double>(R));
      for (int k = 0; k < n; ++k) cdf += pmf, pmf *= static_cast<long double>(R) / (k + 1);
      const double want = static_cast<double>(1 - cdf);
      const double got = ek::prob_wait(n, ek::queue_spec<double>{R / 3.0, 3.0, 3.0});
      EXPECT_NEAR(got, want, 1e-13 * want) << n << " " << R;
    }
  }
}

TEST(ErlangA, ProbabilitiesBoundedAndMonotoneInAgentsAndLoad) {
  for (double patience : {0.01, 1.0, 50.0}) {
    for (double lambda : {0.2, 3.0, 40.0}) {
      const ek::queue_spec<double> q{lambda, 1.0, patience};
      double prev_w = 1.0, prev_a = 1.0;
      for (double n = 0; n <= 3 * lambda + 10; n += 0.5) {
        const double w = ek::prob_wait(n, q), a = ek::prob_abandon(n, q), o = ek::occupancy(n, q);
        ASSERT_GE(w, 0.0);
        ASSERT_LE(w, prev_w + 1e-15) << n;
        ASSERT_LE(a, prev_a + 1e-15) << n;
        ASSERT_LE(a, w);
        ASSERT_GE(o, 0.0);
        ASSERT_LE(o, 1.0);
        prev_w = w, prev_a = a;
      }
    }
  }
  for (double n : {2.0, 20.0}) {
    double prev = 0.0;
    for (double lambda = 0; lambda < 3 * n; lambda += n / 13) {
      const double w = ek::prob_wait(n, ek::queue_spec<double>{lambda, 1.0, 2.0});
      ASSERT_GE(w, prev);
      prev = w;
    }
  }
}

TEST(ErlangA, EdgeCases) {
  const ek::queue_spec<double> q{2.0, 1.0, 3.0};
  EXPECT_EQ(ek::prob_wait(0, q), 1.0);
  EXPECT_EQ(ek::prob_abandon(0, q), 1.0);
  EXPECT_EQ(ek::occupancy(0, q), 0.0);
  const ek::queue_spec<double> idle{0.0, 1.0, 3.0};
  EXPECT_EQ(ek::prob_wait(4, idle), 0.0);
  EXPECT_EQ(ek::mean_queue_length(4, idle), 0.0);
  const ek::queue_spec<double> over{20.0, 1.0};  // Erlang-C, R = 20 > n
  EXPECT_EQ(ek::prob_wait(10, over), 1.0);
  EXPECT_EQ(ek::occupancy(10, over), 1.0);
  EXPECT_EQ(ek::mean_queue_length(10, over), INFINITY);
}
