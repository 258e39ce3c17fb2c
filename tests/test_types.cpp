// Every public function instantiates for float, double and long double, and the
// narrower and wider types agree with double to their own precision.
#include <gtest/gtest.h>

#include <erlangkit/erlangkit.hpp>

namespace ek = erlangkit;

template <class T>
struct all_measures {
  T b, c, pw, pab, occ, len, sl, asa, staff, staff_f, blocking_n, max_load, max_rate, scheduled;
};

template <class T>
all_measures<T> evaluate() {
  const ek::queue_spec<T> q{T(100) / T(30), T(3), T(5)};  // A1: minutes
  const ek::queue_spec<T> c{T(100) / T(1800), T(180)};    // C1: seconds, Erlang-C
  return {ek::erlang_b(T(10), T(5)),
          ek::erlang_c(T(132), T(123)),
          ek::prob_wait(T(14), q),
          ek::prob_abandon(T(14), q),
          ek::occupancy(T(14), q),
          ek::mean_queue_length(T(14), q),
          ek::service_level(T(14), q, T(1) / T(3), ek::sl_convention::answered),
          ek::asa(T(14), q, ek::asa_convention::virtual_wait),
          ek::agents_for_service_level(c, T(0.8), T(20)),
          ek::agents_for_service_level(q, T(0.8), T(1) / T(3), ek::sl_convention::offered,
                                       {.max_occupancy = T(0.9), .fractional = true}),
          ek::servers_for_blocking(T(708), T(0.01)),
          ek::max_load_for_blocking(T(15), T(0.01)),
          ek::max_arrival_rate_for_service_level<T>(T(14), T(0.8), T(20), T(180)),
          ek::scheduled_agents(T(14), T(0.3))};
}

template <class T>
void expect_close(const all_measures<T>& got, const all_measures<double>& want, double tol) {
  const T* g = &got.b;
  const double* w = &want.b;
  for (int i = 0; i < 14; ++i) {
    EXPECT_NEAR(static_cast<double>(g[i]), w[i], tol * std::abs(w[i])) << "field " << i;
  }
}

TEST(Types, FloatAgreesWithDoubleToFloatPrecision) {
  expect_close(evaluate<float>(), evaluate<double>(), 2e-5);
}

TEST(Types, LongDoubleAgreesWithDouble) {
  expect_close(evaluate<long double>(), evaluate<double>(), 1e-13);
}

TEST(Types, IntegerArgumentsPromoteToDouble) {
  static_assert(std::is_same_v<decltype(ek::erlang_c(10, 5)), double>);
  static_assert(std::is_same_v<decltype(ek::erlang_b(10, 5.0f)), double>);
  static_assert(std::is_same_v<decltype(ek::erlang_b(10.0f, 5.0L)), long double>);
  static_assert(std::is_same_v<decltype(ek::scheduled_agents(14, 0.3f)), double>);
  EXPECT_EQ(ek::erlang_c(10, 5), ek::erlang_c(10.0, 5.0));
}
