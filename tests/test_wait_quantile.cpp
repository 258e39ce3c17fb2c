// wait_quantile (measures/measures.hpp) and agents_for_wait_quantile: Erlang-C
// against its closed form ln(C / (1 - q)) / (n mu - lambda), the other models
// by the defining property (the service level reaches q at the answer and not
// a relative 1e-13 before), and the staffing against the service-level solver.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/erlangkit.hpp>

namespace ek = erlangkit;
using sl = ek::sl_convention;

TEST(WaitQuantile, ErlangCClosedForm) {
  for (double n : {2.0, 14.0, 120.0, 5000.0})
    for (double q : {0.5, 0.8, 0.95, 0.999}) {
      const double lam = 0.93 * n / 180, aht = 180;
      const ek::models::erlang_c<double> m{lam, aht};
      const double C = ek::erlang_c(n, lam * aht);
      const double want = C <= 1 - q ? 0 : std::log(C / (1 - q)) / (n / aht - lam);
      const double got = ek::wait_quantile(n, m, q);
      if (want == 0)
        EXPECT_EQ(got, 0) << n << " " << q;
      else
        EXPECT_NEAR(got, want, 1e-13 * want) << n << " " << q;
    }
}

TEST(WaitQuantile, ServiceLevelReachesQAtTheAnswerAndNotBefore) {
  const ek::models::patience::distribution<double> law = ek::models::patience::lognormal<double>{90, 1.1};
  const ek::queue_spec<double> specs[] = {{.arrival_rate = 0.5, .aht = 180, .patience = 60},
                                          {.arrival_rate = 0.5, .aht = 180, .patience = 60, .lines = 100},
                                          {.arrival_rate = 0.5, .aht = 180, .patience_law = &law}};
  for (const auto& spec : specs)
    for (sl c : {sl::answered, sl::virtual_wait, sl::offered})
      for (double q : {0.5, 0.8, 0.9}) {
        const double t = ek::wait_quantile(88.0, spec, q, c);
        if (std::isinf(t)) {  // offered: fewer than q are ever answered
          EXPECT_EQ(c, sl::offered);
          EXPECT_LT(ek::service_level(88.0, spec, 1e12, c), q);
          continue;
        }
        EXPECT_GE(ek::service_level(88.0, spec, t, c), q);
        if (t > 0) {  // a relative 1e-13 earlier, the share is not yet reached
          EXPECT_LT(ek::service_level(88.0, spec, t * (1 - 1e-13), c), q);
        }
      }
}

TEST(WaitQuantile, StaffingIsTheServiceLevelSolverUnderTheQuantilesNames) {
  const ek::queue_spec<double> q{.arrival_rate = 2, .aht = 180, .patience = 120};
  for (double p : {0.8, 0.9, 0.99})
    for (double t : {0.0, 10.0, 60.0}) {
      const double n = ek::agents_for_wait_quantile(q, p, t);
      EXPECT_EQ(n, ek::agents_for_service_level(q, p, t, sl::answered));
      EXPECT_LE(ek::wait_quantile(n, q, p), t);
    }
  try {
    (void)ek::agents_for_wait_quantile(q, 1.0, 20.0);
    ADD_FAILURE();
  } catch (const ek::domain_error& e) {
    EXPECT_STREQ(e.what(), "agents_for_wait_quantile: q is 1, but must be strictly between 0 and 1");
  }
  try {
    (void)ek::wait_quantile(10.0, q, 0.0);
    ADD_FAILURE();
  } catch (const ek::domain_error& e) {
    EXPECT_STREQ(e.what(), "wait_quantile: q is 0, but must be strictly between 0 and 1");
  }
}
