// Input checks shared by the public functions. Each returns true when the
// value is acceptable; otherwise it throws erlangkit::domain_error (or, with
// ERLANGKIT_NO_EXCEPTIONS, returns false so the caller can return NaN).
#pragma once

#include <cmath>
#include <string_view>
#include <type_traits>

#include "../error.hpp"

namespace erlangkit::detail {

// Integers behave as double, as in Boost.Math; mixed floating types promote.
template <class T>
using as_real_t = std::conditional_t<std::is_integral_v<T>, double, T>;
template <class... Ts>
using promote_t = decltype((as_real_t<Ts>() + ...));

template <class T>
bool check_nonneg(std::string_view fn, std::string_view name, T v) {
  if (std::isfinite(v) && v >= 0) return true;
  raise_domain_error<T>(fn, name, v, "finite and >= 0");
  return false;
}

template <class T>
bool check_positive(std::string_view fn, std::string_view name, T v) {
  if (std::isfinite(v) && v > 0) return true;
  raise_domain_error<T>(fn, name, v, "finite and > 0");
  return false;
}

// Patience: mean time a caller waits before hanging up; +inf means never.
template <class T>
bool check_patience(std::string_view fn, T v) {
  if (v > 0) return true;
  raise_domain_error<T>(fn, "patience", v, "> 0 (+inf for callers who never abandon)");
  return false;
}

template <class T>
bool check_probability_target(std::string_view fn, std::string_view name, T v) {
  if (v > 0 && v < 1) return true;
  raise_domain_error<T>(fn, name, v, "strictly between 0 and 1");
  return false;
}

template <class... Ts>
bool any_nan(Ts... v) {
  return (std::isnan(v) || ...);
}

}  // namespace erlangkit::detail
