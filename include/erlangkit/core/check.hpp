// Input checks shared by every layer. Each returns true when the value is
// acceptable; otherwise it raises erlangkit::domain_error (core/error.hpp)
// and, in the no-exceptions mode, returns false so the caller returns NaN.
#pragma once

#include <cmath>
#include <string_view>
#include <type_traits>

#include "error.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace detail {

// Integers behave as double, as in Boost.Math; mixed floating types promote.
template <class T>
using as_real_t = std::conditional_t<std::is_integral_v<T>, double, T>;
template <class... Ts>
using promote_t = decltype((as_real_t<Ts>() + ...));

template <class... Ts>
bool any_nan(Ts... v) {
  return (std::isnan(v) || ...);
}

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

template <class T>
bool check_whole(std::string_view fn, std::string_view name, T v) {
  if (v == std::floor(v)) return true;
  raise_domain_error<T>(fn, name, v, "a whole number for this model");
  return false;
}

}  // namespace detail
ERLANGKIT_END_NAMESPACE
