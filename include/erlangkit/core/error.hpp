// Errors raised by erlangkit. Messages name the function, the parameter and
// the offending value, e.g. "erlang_c: load is -3, but must be finite and >= 0".
//
// In the default mode each error is thrown. In the no-exceptions mode
// (core/config.hpp) the function returns a quiet NaN instead and the message
// is kept for last_error(), per thread. NaN inputs always give NaN outputs,
// quietly, in both modes.
#pragma once

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "config.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Invalid input: a negative rate, an unknown convention, a target outside (0, 1).
class domain_error : public std::domain_error {
 public:
  using std::domain_error::domain_error;
};

/// A staffing or capacity target that no value within the constraints meets.
class infeasible_error : public std::domain_error {
 public:
  using std::domain_error::domain_error;
};

/// A computation that did not converge within its iteration limit (never
/// expected inside the documented domain; the message names the function and
/// its inputs so that the case can be reported and reproduced).
class evaluation_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class error_kind { none, domain, infeasible, evaluation };

/// The last error of this thread in the no-exceptions mode (kind none when
/// there was none since clear_last_error()). Unused when errors throw.
struct error_info {
  error_kind kind = error_kind::none;
  std::string message;
};

namespace detail {
inline error_info& last_error_slot() {
  static thread_local error_info info;
  return info;
}
}  // namespace detail

inline const error_info& last_error() {
  return detail::last_error_slot();
}
inline void clear_last_error() {
  detail::last_error_slot() = {};
}

namespace detail {

template <class T>
std::string format_value(T value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, res.ptr);
  }
}

// Throws the error of the given kind, or (no-exceptions mode) records it and
// returns NaN. Only ever called on the error path: the message is built here.
template <class R>
[[gnu::cold]] R raise(error_kind kind, std::string message) {
#ifdef ERLANGKIT_NO_EXCEPTIONS
  last_error_slot() = {kind, std::move(message)};
  return std::numeric_limits<R>::quiet_NaN();
#else
  switch (kind) {
    case error_kind::infeasible: throw erlangkit::infeasible_error(message);
    case error_kind::evaluation: throw erlangkit::evaluation_error(message);
    default: throw erlangkit::domain_error(message);
  }
#endif
}

// "fn: parameter is value, but must be requirement".
template <class R, class V>
[[gnu::cold]] R raise_domain_error(std::string_view function, std::string_view parameter, V value,
                                   std::string_view requirement) {
  return raise<R>(error_kind::domain, std::string(function) + ": " + std::string(parameter) + " is " +
                                          format_value(value) + ", but must be " + std::string(requirement));
}

// "fn: why" for a target no admissible value meets.
template <class R>
[[gnu::cold]] R raise_infeasible(std::string_view function, std::string_view why) {
  return raise<R>(error_kind::infeasible, std::string(function) + ": " + std::string(why));
}

// Names the inputs of a computation for an evaluation_error; built only when
// one is raised, from values the caller keeps on its stack.
template <class T>
struct named_value {
  const char* name;
  T value;
};

// "fn: what at name1 = v1, name2 = v2 (please report this)".
template <class R>
[[gnu::cold]] R raise_evaluation_error(std::string_view function, std::string_view what,
                                       std::initializer_list<named_value<R>> inputs) {
  std::string m = std::string(function) + ": " + std::string(what);
  const char* sep = " at ";
  for (const auto& v : inputs) {
    m += sep + std::string(v.name) + " = " + format_value(v.value);
    sep = ", ";
  }
  return raise<R>(error_kind::evaluation, m + " (please report this input)");
}

}  // namespace detail
ERLANGKIT_END_NAMESPACE
