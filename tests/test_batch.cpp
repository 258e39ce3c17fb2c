// The batch kernels against the 50-digit tables, against the scalar functions
// on every method's ground, and their error and chunking contract. This file
// is built twice: with the default flags and, where the compiler takes it, for
// the build machine's vector width (erlangkit_batch_native_test), so that the
// vectorized code itself is what gets checked.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <erlangkit/batch.hpp>
#include <limits>
#include <thread>
#include <vector>

#include "reference.hpp"

namespace ek = erlangkit;
namespace d = erlangkit::math;

namespace {

std::vector<double> column(const ektest::table& t, const char* name) {
  std::vector<double> v;
  for (const auto& r : t.rows) v.push_back(ektest::num(r.at(name)));
  return v;
}

// Runs the chunks on one thread each, last chunk first.
struct threads_reversed {
  template <class F>
  void operator()(std::size_t chunks, F&& run) const {
    std::vector<std::thread> pool;
    for (std::size_t c = chunks; c-- > 0;) pool.emplace_back([&run, c] { run(c); });
    for (auto& t : pool) t.join();
  }
};

}  // namespace

TEST(Batch, MatchesTheReferenceTables) {
  const auto t = ektest::read_csv("erlang_bc.csv");
  const auto n = column(t, "servers"), R = column(t, "load");
  std::vector<double> c(n.size()), b(n.size());
  ek::batch::erlang_c(n, R, c);
  ek::batch::erlang_b(n, R, b);
  ektest::worst_error wc{"batch erlang_c"}, wb{"batch erlang_b"};
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string ctx = "n=" + t.rows[i].at("servers") + " R=" + t.rows[i].at("load");
    wc.add(c[i], ektest::num(t.rows[i].at("erlang_c")), ctx);
    wb.add(b[i], ektest::num(t.rows[i].at("erlang_b")), ctx);
    EXPECT_LE(ektest::rel_error(c[i], ektest::num(t.rows[i].at("erlang_c"))), 1e-12) << ctx;
    EXPECT_LE(ektest::rel_error(b[i], ektest::num(t.rows[i].at("erlang_b"))), 1e-12) << ctx;
  }
}

TEST(Batch, AgreesWithTheScalarFunctionsOnEveryPath) {
  // Whole and real n on both sides of the recursion and Temme switches; loads
  // from 0 through the Temme window's edges to overload.
  std::vector<double> n, R;
  for (double s : {0.0,   0.5,   1.0,   2.0,   7.0,   10.5,  50.0,   98.0, 99.0, 99.5,
                   100.0, 127.0, 128.0, 129.0, 130.7, 500.0, 1000.0, 1e4,  1e5,  1e6}) {
    for (double f :
         {0.0, 1e-3, 0.1, 0.45, 0.49, 0.5, 0.51, 0.7, 0.9, 0.99, 0.999, 1.0, 1.001, 1.01, 1.5, 2.0, 5.0}) {
      n.push_back(s);
      R.push_back(f * s + (s == 0 ? f : 0));
    }
  }
  // A random sample of the million-pair workload of the benchmarks.
  std::uint64_t x = 7;
  auto uniform = [&x] {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(x >> 11) * 0x1.0p-53;
  };
  for (int i = 0; i < 20000; ++i) {
    n.push_back(std::floor(1 + 999 * uniform()));
    R.push_back(n.back() * (0.5 + 0.6 * uniform()));
  }
  std::vector<double> c(n.size()), b(n.size());
  ek::batch::erlang_c(n, R, c);
  ek::batch::erlang_b(n, R, b);
  for (std::size_t i = 0; i < n.size(); ++i) {
    EXPECT_LE(ektest::rel_error(c[i], ek::erlang_c(n[i], R[i])), 2e-12) << n[i] << " " << R[i];
    EXPECT_LE(ektest::rel_error(b[i], ek::erlang_b(n[i], R[i])), 2e-12) << n[i] << " " << R[i];
  }
}

TEST(Batch, SpecialValuesAndErrorsNameTheFirstBadIndex) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = INFINITY;
  std::vector<double> n{10, nan, 10, 0, 5, 0}, R{5, 5, 12, 0, 0, 0.5}, out(6);
  ek::batch::erlang_c(n, R, out);
  EXPECT_DOUBLE_EQ(out[0], ek::erlang_c(10, 5));
  EXPECT_TRUE(std::isnan(out[1]));
  EXPECT_EQ(out[2], 1.0);
  EXPECT_EQ(out[3], 1.0);  // C(0, 0) = 1, as erlang_c(0, 0)
  EXPECT_EQ(out[4], 0.0);
  EXPECT_EQ(out[5], 1.0);
  ek::batch::erlang_b(n, R, out);
  EXPECT_EQ(out[3], 1.0);  // B(0, 0) = 1
  EXPECT_EQ(out[4], 0.0);

  // Bad values in three chunks: the lowest index is reported, whatever order
  // the chunks ran in; every other element is still computed.
  std::vector<double> big_n(50000, 20.0), big_r(50000, 15.0), big_out(50000);
  big_r[45000] = -1;
  big_n[30001] = inf;
  big_r[30002] = -2;
  try {
    ek::batch::erlang_c(big_n, big_r, big_out, threads_reversed{}, 10000);
    FAIL() << "no error";
  } catch (const ek::domain_error& e) {
    EXPECT_STREQ(e.what(), "erlang_c: servers is inf, but must be finite and >= 0 (at index 30001)");
  }
  EXPECT_TRUE(std::isnan(big_out[30001]) && std::isnan(big_out[30002]) && std::isnan(big_out[45000]));
  EXPECT_EQ(big_out[49999], ek::erlang_c(20.0, 15.0));

  std::vector<double> short_out(3);
  EXPECT_THROW(ek::batch::erlang_c(n, R, short_out), ek::domain_error);
}

TEST(Batch, ChunkingAndExecutorsDoNotChangeTheResult) {
  std::vector<double> n, R;
  for (int i = 0; i < 3001; ++i) n.push_back(1 + i % 700), R.push_back(0.3 + 0.0009 * i * (1 + i % 700));
  std::vector<double> a(n.size()), b(n.size()), c(n.size());
  ek::batch::erlang_c(n, R, a);
  ek::batch::erlang_c(n, R, b, threads_reversed{}, 7);
  ek::batch::erlang_c(n, R, c, ek::batch::sequential{}, 1);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
}

TEST(Batch, BranchFreeMathPieces) {
  // exp against the library on its whole domain, within 2 ulp, and its ends.
  double worst = 0;
  for (double x = -700; x <= 709.78; x += 0.0137)
    worst = std::max(worst, std::abs(d::simd::exp(x) / std::exp(x) - 1));
  EXPECT_LE(worst, 4.5e-16);
  EXPECT_EQ(d::simd::exp(709.79), INFINITY);
  EXPECT_NEAR(d::simd::exp(709.78) / std::exp(709.78), 1, 4.5e-16);
  EXPECT_EQ(d::simd::exp(0.0), 1.0);
  // erfcx for w <= 0 against the scalar erfcx (itself within 4.5e-16 of 40 digits).
  worst = 0;
  for (double w = -26; w <= 0; w += 0.00731)
    worst = std::max(worst, std::abs(d::simd::erfcx_nonpositive(w) / d::erfcx(w) - 1));
  EXPECT_LE(worst, 1e-15);
  // log1pmx on the Temme window.
  for (double v = -0.5; v <= 0.5; v += 0.001)
    EXPECT_NEAR(d::simd::log1pmx(v), d::log1pmx(v), 4e-16 * std::abs(d::log1pmx(v))) << v;
}

TEST(Batch, TinyLoadsGiveZeroNotNan) {
  // Loads far below recursion_min_load: B ~ R^n / n! underflows, and the batch
  // lanes (which multiply four k/R per step) must give the scalar 0, not NaN.
  std::vector<double> n, R;
  for (double load : {1e-300, 1e-200, 1e-100, 1e-71, 1e-69, 1e-20})
    for (double s = 1; s <= 12; ++s) n.push_back(s), R.push_back(load);
  std::vector<double> b(n.size()), c(n.size());
  ek::batch::erlang_b(n, R, b);
  ek::batch::erlang_c(n, R, c);
  for (std::size_t i = 0; i < n.size(); ++i) {
    EXPECT_EQ(b[i], ek::erlang_b(n[i], R[i])) << n[i] << " " << R[i];
    EXPECT_EQ(c[i], ek::erlang_c(n[i], R[i])) << n[i] << " " << R[i];
    EXPECT_FALSE(std::isnan(b[i]) || std::isnan(c[i]));
  }
  // B(1, R) = R/(1+R) by the gamma route: e^{-log pmf} carries the rounding of
  // |log B| ~ 690, ~1.5e-13 relative, inside the documented 1e-12.
  EXPECT_NEAR(ek::erlang_b(1.0, 1e-300), 1e-300, 1e-12 * 1e-300);
}
