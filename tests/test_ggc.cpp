// The G/G/c approximations (models/ggc.hpp) where they are exact: every
// method on M/M/c against models::metrics, Kingman on M/D/1 and M/G/1
// against the Pollaczek-Khinchine formula by hand; the correction's limits;
// and the errors. Their accuracy as approximations is measured against a
// simulation in python/tests/test_ggc.py and docs/ggc.md.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/models/birth_death.hpp>
#include <erlangkit/models/ggc.hpp>
#include <string>

namespace m = erlangkit::models;
using g = m::ggc_queue<double>;

TEST(GGc, ExactForMMc) {
  for (double c : {1.0, 2.0, 10.0, 100.0})
    for (double rho : {0.3, 0.8, 0.97}) {
      const double lam = rho * c / 2.0;  // E[S] = 2
      const auto q = m::metrics(m::birth_death_queue<double>{lam, 0.5, c});
      const auto a = m::ggc_approximation(g{lam, 2.0, c}, m::ggc_method::allen_cunneen);
      EXPECT_NEAR(a.Wq, q.Wq, 1e-13 * q.Wq) << c << " " << rho;
      EXPECT_NEAR(a.L, q.L, 1e-13 * q.L);
      EXPECT_NEAR(a.p_wait, q.p_wait, 1e-13);
      if (c == 1) {
        for (auto method : {m::ggc_method::kingman, m::ggc_method::kraemer_langenbach_belz})
          EXPECT_NEAR(m::ggc_approximation(g{lam, 2.0, 1}, method).Wq, q.Wq, 1e-13 * q.Wq);
      }
    }
}

// M/G/1 by Pollaczek-Khinchine: Wq = lambda E[S^2] / (2 (1 - rho)), E[S^2] = (1 + cs^2) E[S]^2;
// M/D/1 (cs = 0): rho E[S] / (2 (1 - rho)).
TEST(GGc, KingmanIsPollaczekKhinchineForPoissonArrivals) {
  for (double cs : {0.0, 0.5, 2.0})
    for (double rho : {0.2, 0.9}) {
      const double es = 3.0, lam = rho / es, es2 = (1 + cs * cs) * es * es;
      const double pk = lam * es2 / (2 * (1 - rho));
      EXPECT_NEAR(m::ggc_approximation(g{lam, es, 1, 1, cs}, m::ggc_method::kingman).Wq, pk, 1e-13 * pk);
      // the correction leaves Poisson arrivals alone (g = 1 at ca = 1)
      EXPECT_NEAR(m::ggc_approximation(g{lam, es, 1, 1, cs}, m::ggc_method::kraemer_langenbach_belz).Wq, pk,
                  1e-13 * pk);
    }
}

// The correction g lowers the wait of regular arrivals (ca < 1), tends to 1
// in heavy traffic, and leaves ca >= 1 to Kingman.
TEST(GGc, CorrectionLimits) {
  const auto kg = [](double rho, double ca) {
    return m::ggc_approximation(g{rho, 1, 1, ca, 0.5}, m::ggc_method::kraemer_langenbach_belz).Wq /
           m::ggc_approximation(g{rho, 1, 1, ca, 0.5}, m::ggc_method::kingman).Wq;
  };
  EXPECT_LT(kg(0.5, 0.3), 1);
  EXPECT_EQ(kg(0.5, 2.0), 1);
  EXPECT_NEAR(kg(0.9999, 0.3), 1, 1e-3);
}

TEST(GGc, Errors) {
  auto msg = [](const g& q, m::ggc_method method) {
    try {
      m::ggc_approximation(q, method);
    } catch (const erlangkit::domain_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(msg(g{1, 1, 1}, m::ggc_method::allen_cunneen),
            "ggc_approximation: arrival_rate * service_mean / servers is 1, but must be < 1: the queue grows "
            "without bound");
  EXPECT_NE(msg(g{1, 1, 2}, m::ggc_method::kingman).find("servers is 2, but must be 1 for this method"),
            std::string::npos);
  EXPECT_EQ(msg(g{1, 1, 2, -1}, m::ggc_method::allen_cunneen),
            "ggc_approximation: ca is -1, but must be finite and >= 0");
  EXPECT_EQ(msg(g{1, 1, 2.5}, m::ggc_method::allen_cunneen),
            "ggc_approximation: servers is 2.5, but must be a whole number >= 1");
}
