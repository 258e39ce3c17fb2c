#include <gtest/gtest.h>

#include <erlangkit/staffing.hpp>

namespace ek = erlangkit;
using sl = ek::sl_convention;

TEST(Staffing, ServiceLevelAnswerIsTheFewestAgents) {
  for (double patience : {double(INFINITY), 30.0, 300.0}) {
    for (double lambda : {0.01, 0.2, 3.0, 40.0}) {
      const ek::queue_spec<double> q{lambda, 180.0, patience};
      for (auto conv : {sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons}) {
        const double n = ek::agents_for_service_level(q, 0.8, 20.0, conv);
        ASSERT_EQ(n, std::floor(n));
        EXPECT_GE(ek::service_level(n, q, 20.0, conv), 0.8);
        if (n > 0) {
          EXPECT_LT(ek::service_level(n - 1, q, 20.0, conv), 0.8) << lambda << " " << patience;
        }
        // The fractional answer lies in [n-1, n] and the target holds from it on:
        // met exactly there where it binds, and at every staff above it. Under
        // "answered" and "excl_short_abandons" the share can be met by every
        // staff above 0 (the few calls answered are answered at once); the
        // answer is then 0.
        const double f = ek::agents_for_service_level(q, 0.8, 20.0, conv, {.fractional = true});
        EXPECT_GE(f, std::max(0.0, n - 1));
        EXPECT_LE(f, n);
        if (f > 0) {
          EXPECT_NEAR(ek::service_level(f, q, 20.0, conv), 0.8, 1e-10) << lambda << " " << patience;
        }
        for (double k = 1; k <= 64; ++k) {
          const double above = f + (n + 1 - f) * k / 64;  // (f, n + 1]
          ASSERT_GE(ek::service_level(above, q, 20.0, conv), 0.8 - 1e-10)
              << lambda << " " << patience << " " << ek::to_string(conv) << " at " << above;
        }
      }
    }
  }
}

TEST(Staffing, ErlangCWalkAgreesWithServiceLevelEverywhere) {
  // Erlang-C loads up to erlang_c_walk_max_load take the agent-by-agent walk, the
  // rest the galloping search; both must return the n where service_level()
  // first reaches the goal. Loads on a fine log grid across the switch, times
  // from 0 to 10 AHT, goals from 0.05 to 0.999999.
  for (double R = 0.003; R < 3 * ek::models::erlang_c_walk_max_load; R *= 1.37) {
    for (double t : {0.0, 5.0, 20.0, 60.0, 1800.0}) {
      for (double goal : {0.05, 0.5, 0.8, 0.95, 0.999999}) {
        const ek::queue_spec<double> q{R / 180, 180.0};
        const double n = ek::agents_for_service_level(q, goal, t);
        ASSERT_GE(ek::service_level(n, q, t), goal) << R << " " << t << " " << goal;
        ASSERT_LT(ek::service_level(n - 1, q, t), goal) << R << " " << t << " " << goal;
      }
    }
  }
  // The cap on agents still bounds the walk.
  EXPECT_THROW(ek::agents_for_service_level(ek::queue_spec<double>{10.0 / 180, 180.0}, 0.8, 20.0, sl::offered,
                                            {.max_agents = 12}),
               ek::infeasible_error);
  EXPECT_EQ(ek::agents_for_service_level(ek::queue_spec<double>{10.0 / 180, 180.0}, 0.8, 20.0, sl::offered,
                                         {.max_agents = 14}),
            14);
}

TEST(Staffing, OccupancyCapBinds) {
  const ek::queue_spec<double> q{1000.0 / 3600, 120.0};  // R = 33.3
  const double n = ek::agents_for_service_level(q, 0.8, 20.0, sl::offered, {.max_occupancy = 0.85});
  EXPECT_EQ(n, 40.0);
  EXPECT_LE(ek::occupancy(n, q), 0.85);
  EXPECT_GT(ek::occupancy(n - 1, q), 0.85);
  const double f =
      ek::agents_for_service_level(q, 0.8, 20.0, sl::offered, {.max_occupancy = 0.85, .fractional = true});
  EXPECT_NEAR(f, q.offered_load() / 0.85, 1e-12 * f);
  EXPECT_EQ(ek::agents_for_occupancy(q, 0.85), 40.0);
}

TEST(Staffing, AsaAndAbandonTargets) {
  const ek::queue_spec<double> q{100.0 / 30, 3.0, 5.0};
  for (auto conv :
       {ek::asa_convention::answered, ek::asa_convention::all, ek::asa_convention::virtual_wait}) {
    const double n = ek::agents_for_asa(q, 0.05, conv);
    EXPECT_LE(ek::asa(n, q, conv), 0.05);
    EXPECT_GT(ek::asa(n - 1, q, conv), 0.05);
    const double f = ek::agents_for_asa(q, 0.05, conv, {.fractional = true});
    EXPECT_NEAR(ek::asa(f, q, conv), 0.05, 1e-12);
  }
  const double n = ek::agents_for_abandon_rate(q, 0.01);
  EXPECT_LE(ek::prob_abandon(n, q), 0.01);
  EXPECT_GT(ek::prob_abandon(n - 1, q), 0.01);
}

TEST(Staffing, BlockingSolvers) {
  for (double R : {0.5, 10.0, 708.0, 5000.0}) {
    const double n = ek::servers_for_blocking(R, 0.01);
    EXPECT_LE(ek::erlang_b(n, R), 0.01);
    EXPECT_GT(ek::erlang_b(n - 1, R), 0.01);
    const double f = ek::servers_for_blocking(R, 0.01, true);
    EXPECT_NEAR(ek::erlang_b(f, R), 0.01, 1e-13);
  }
  for (double n : {1.0, 15.0, 2510.0}) {
    const double R = ek::max_load_for_blocking(n, 0.02);
    EXPECT_NEAR(ek::erlang_b(n, R), 0.02, 1e-14);
  }
}

TEST(Staffing, MaxArrivalRateRoundTrips) {
  for (double patience : {double(INFINITY), 60.0}) {
    const double lambda = ek::max_arrival_rate_for_service_level<double>(14, 0.8, 20, 180.0, patience);
    const ek::queue_spec<double> q{lambda, 180.0, patience};
    EXPECT_NEAR(ek::service_level(14, q, 20.0), 0.8, 1e-12);
    EXPECT_EQ(ek::agents_for_service_level(q, 0.8 - 1e-9, 20.0), 14.0);
  }
}

TEST(Staffing, ScheduledAgents) {
  EXPECT_EQ(ek::scheduled_agents(14, 0.3), 20.0);  // 14/0.7 = 20.000000000000004 in doubles
  EXPECT_EQ(ek::scheduled_agents(14, 0.0), 14.0);
  EXPECT_EQ(ek::scheduled_agents(15, 0.3), 22.0);  // 21.43 -> 22
  EXPECT_EQ(ek::scheduled_agents(0, 0.5), 0.0);
}

TEST(Staffing, NoArrivalsNeedNoAgents) {
  EXPECT_EQ(ek::agents_for_service_level(ek::queue_spec<double>{0.0, 10.0}, 0.9, 5.0), 0.0);
  EXPECT_EQ(ek::servers_for_blocking(0, 0.01), 0.0);
}

TEST(Staffing, InfeasibleTargetNamesTheConstraint) {
  const ek::queue_spec<double> q{10.0, 1.0};
  try {
    ek::agents_for_service_level(q, 0.8, 1.0, sl::offered, {.max_agents = 5});
    FAIL() << "expected infeasible_error";
  } catch (const ek::infeasible_error& e) {
    EXPECT_STREQ(e.what(),
                 "agents_for_service_level: service level 0.8 is not met by max_agents = 5 agents or fewer");
  }
  EXPECT_THROW(ek::max_arrival_rate_for_service_level<double>(0, 0.8, 20, 180.0), ek::infeasible_error);
}

TEST(Staffing, ScheduledStaffForAnyPositiveNeedIsAtLeastOne) {
  EXPECT_EQ(ek::scheduled_agents(1e-16, 0.3), 1.0);  // was 0: the integer snap was absolute below 1
  EXPECT_EQ(ek::scheduled_agents(0.0, 0.3), 0.0);
  EXPECT_EQ(ek::scheduled_agents(14.0, 0.3), 20.0);
  EXPECT_EQ(ek::scheduled_agents(1e19, 0.5), 2e19);
}
