// Floating-point primitives every layer uses: constants, a multiply-add that
// is fused where that is cheap, and the error-free transformations that carry
// a value in two doubles (docs/math/numerics.md §2-§3).
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "../core/config.hpp"

// Fixed-length inner loops are unrolled so that a loop over lanes calling
// them is a single straight-line body the vectorizer accepts.
#if defined(__clang__)
#define ERLANGKIT_UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__)
#define ERLANGKIT_UNROLL _Pragma("GCC unroll 32")
#else
#define ERLANGKIT_UNROLL
#endif

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

template <class T>
inline constexpr T nan_v = std::numeric_limits<T>::quiet_NaN();
template <class T>
inline constexpr T inf_v = std::numeric_limits<T>::infinity();
template <class T>
inline constexpr T eps_v = std::numeric_limits<T>::epsilon();
template <class T>
inline constexpr T max_v = std::numeric_limits<T>::max();

// a * b + c, fused where the target has an FMA unit. std::fma on a target
// without one (plain x86-64) is a library call costing more than the math
// around it; where only speed matters, two roundings are fine.
template <class T>
inline T muladd(T a, T b, T c) {
#if defined(__FMA__) || defined(__aarch64__)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

// Error-free transformations: a + b = s + e and a * b = p + e exactly (Knuth's
// two-sum; Dekker's product, split at half the mantissa, or one fused
// multiply-add where the target has an FMA unit).
template <class T>
inline void two_sum(T a, T b, T& s, T& e) {
  s = a + b;
  const T bb = s - a;
  e = (a - (s - bb)) + (b - bb);
}

// A running sum with its rounding error carried alongside (two_sum at each
// addition): the error of n additions stays near one rounding of the total
// instead of growing like n eps — for the birth-death sums over 1e6 states of
// nearly equal weight, 7.8e-12 relative became ~1e-15 (tests/test_birth_death.cpp,
// ReferenceTable, c = 1e5, K = 1e6 at load 1).
template <class T>
struct compensated_sum {
  T hi = 0, lo = 0;
  compensated_sum& operator+=(T x) {
    T e;
    two_sum(hi, x, hi, e);
    lo += e;
    return *this;
  }
  compensated_sum& operator*=(T power_of_two) {  // exact for a power of two
    hi *= power_of_two, lo *= power_of_two;
    return *this;
  }
  T value() const { return hi + lo; }
  operator T() const { return value(); }
};

template <class T>
inline void two_prod(T a, T b, T& p, T& e) {
  p = a * b;
#if defined(__FMA__) || defined(__aarch64__)
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    e = std::fma(a, b, -p);
    return;
  }
#endif
  // Dekker's split overflows for |a| or |b| beyond max / split; the library's
  // fma is exact there (and this is rare).
  constexpr T split = T((1ull << ((std::numeric_limits<T>::digits + 1) / 2)) + 1);
  if (!(std::abs(a) < max_v<T> / split && std::abs(b) < max_v<T> / split)) {
    e = std::fma(a, b, -p);
    return;
  }
  const T ca = split * a, cb = split * b;
  const T ah = ca - (ca - a), al = a - ah, bh = cb - (cb - b), bl = b - bh;
  e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
