// The numeric building blocks against independent forms of the same quantity.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/detail/gamma.hpp>
#include <erlangkit/detail/numeric.hpp>

namespace d = erlangkit::detail;

TEST(Numeric, Log1pmxMatchesSeriesForSmallArguments) {
  for (double x : {1e-12, -1e-9, 3e-6, -2e-4}) {
    double series = 0, power = x;
    for (int j = 2; j < 12; ++j) power *= x, series += (j % 2 ? 1.0 : -1.0) * power / j;
    EXPECT_NEAR(d::log1pmx(x), series, 1e-15 * std::abs(series)) << x;
  }
  for (double x : {-0.45, -0.3, 0.2, 0.49}) {
    // At these arguments the direct form loses only a few bits.
    EXPECT_NEAR(d::log1pmx(x), std::log1p(x) - x, 1e-14 * std::abs(std::log1p(x) - x)) << x;
  }
}

TEST(Numeric, StirlerrIsContinuousAcrossItsSwitch) {
  // Series (k >= 15) and lgamma (k < 15) routes agree where they meet.
  const double k = 15;
  const double via_lgamma = std::lgamma(k + 1) - (k + 0.5) * std::log(k) + k - 0.5 * std::log(2 * M_PI);
  EXPECT_NEAR(d::stirlerr(k), via_lgamma, 1e-14);
  const double want = 1.0 / 12e6 - 1.0 / 360e18;
  EXPECT_NEAR(d::stirlerr(1e6), want, 4e-16 * want);
}

TEST(Numeric, Bd0IsTheDevianceTerm) {
  EXPECT_EQ(d::bd0(5.0, 5.0), 0.0);
  // (k-m)^2/(2m) - (k-m)^3/(6m^2) + ...: the direct form would cancel to nothing here.
  const double e = 1e-6;  // m [d^2/2 - d^3/6 + d^4/12] with d = 1e-6, m = 1e6
  const double want = 1e6 * (e * e / 2 - e * e * e / 6 + e * e * e * e / 12);
  EXPECT_NEAR(d::bd0(1e6 + 1, 1e6), want, 1e-14 * want);
  EXPECT_NEAR(d::bd0(3.0, 10.0), 3 * std::log(0.3) + 7, 1e-14);
}

TEST(Numeric, LogPoissonPmfMatchesDirectFormAtSmallArguments) {
  for (double k : {1.0, 2.5, 7.0, 20.0}) {
    for (double m : {0.5, 3.0, 12.0}) {
      const double direct = k * std::log(m) - m - std::lgamma(k + 1);
      EXPECT_NEAR(d::log_poisson_pmf(k, m), direct, 1e-13 * std::max(1.0, std::abs(direct))) << k << " " << m;
    }
  }
}

TEST(Numeric, HarmonicShiftMatchesDirectSum) {
  for (double x : {0.0, 0.3, 20.0, 1e4}) {
    for (double m : {1.0, 10.0, 100.0, 5000.0}) {
      long double direct = 0;
      for (int j = 1; j <= static_cast<int>(m); ++j) direct += 1.0L / (x + j);
      EXPECT_NEAR(d::harmonic_shift(x, m), static_cast<double>(direct), 1e-14 * static_cast<double>(direct));
    }
  }
}

TEST(Numeric, IncompleteGammaIdentities) {
  // P + Q = 1 on both sides of the switch, and P(1, z) = 1 - e^-z.
  for (double s : {0.5, 3.0, 40.0, 1000.0}) {
    for (double z : {0.5 * s, s, s + 1, 2 * s}) {
      EXPECT_NEAR(d::gamma_p(s, z) + d::gamma_q(s, z), 1.0, 1e-14);
    }
  }
  EXPECT_NEAR(d::gamma_p(1.0, 0.25), -std::expm1(-0.25), 1e-16);
  EXPECT_NEAR(d::gamma_q(1.0, 7.0), std::exp(-7.0), 1e-15 * std::exp(-7.0));
}
