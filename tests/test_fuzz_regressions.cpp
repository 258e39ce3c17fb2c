// Regression tests for what the libFuzzer harnesses of tests/fuzz/ found
// (docs/fuzzing.md). Each test names the harness and the invariant, and keeps
// the minimized input as the harness printed it (hexadecimal literals are
// exact). DISABLED_ tests are findings in the numerics of math/ and models/
// that are being fixed there: each says what the correct answer is and how
// it is known; the harnesses step around exactly those inputs
// (tests/fuzz/fuzz_common.hpp, "Known issues") until the test is enabled.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <erlangkit/erlangkit.hpp>

namespace ek = erlangkit;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}  // namespace

// fuzz_measures, "ASA >= 0 and not NaN": with no line at all (lines = 0, so
// no agent either) every caller is blocked and nobody is admitted; the ASA
// over admitted callers was 0/0. Nobody waits, so it is 0, as in the other
// two conventions.
TEST(FuzzRegressions, AsaOverAllArrivalsWithNobodyAdmittedIsZero) {
  for (double patience : {1.0, inf}) {
    const ek::queue_spec<double> q{0x1.0624dd2f1a9fcp-10 /* 0.001 */, 1.0, patience, 0.0};
    EXPECT_EQ(ek::asa(0.0, q, ek::asa_convention::all), 0.0) << patience;
    EXPECT_EQ(ek::asa(0.0, q, ek::asa_convention::answered), 0.0) << patience;
    EXPECT_EQ(ek::asa(0.0, q, ek::asa_convention::virtual_wait), 0.0) << patience;
    EXPECT_EQ(ek::measures(0.0, q, 20.0, ek::sl_convention::offered, ek::asa_convention::all).asa, 0.0);
  }
}
