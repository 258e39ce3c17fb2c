// Errors raised by erlangkit. Messages name the function, the parameter and
// the offending value, e.g. "erlang_c: load is -3, but must be finite and >= 0".
//
// Define ERLANGKIT_NO_EXCEPTIONS to get a quiet NaN instead of a throw (for
// builds without exceptions); NaN inputs always give NaN outputs.
#pragma once

#include <charconv>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

namespace erlangkit {

// Invalid input: a negative rate, an unknown convention, a target outside (0,1).
class domain_error : public std::domain_error {
 public:
  using std::domain_error::domain_error;
};

// A staffing or capacity target that no value within the constraints meets.
class infeasible_error : public std::domain_error {
 public:
  using std::domain_error::domain_error;
};

namespace detail {

template <class T>
std::string format_value(T value) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, res.ptr);
}

inline std::string format_value(bool value) {
  return value ? "true" : "false";
}

// Throws (or, with ERLANGKIT_NO_EXCEPTIONS, returns NaN) for a bad argument.
template <class R, class V>
R raise_domain_error(std::string_view function, std::string_view parameter, V value,
                     std::string_view requirement) {
#ifdef ERLANGKIT_NO_EXCEPTIONS
  (void)function, (void)parameter, (void)value, (void)requirement;
  return std::numeric_limits<R>::quiet_NaN();
#else
  throw erlangkit::domain_error(std::string(function) + ": " + std::string(parameter) + " is " +
                                format_value(value) + ", but must be " + std::string(requirement));
#endif
}

template <class R>
R raise_infeasible(std::string_view function, const std::string& why) {
#ifdef ERLANGKIT_NO_EXCEPTIONS
  (void)function, (void)why;
  return std::numeric_limits<R>::quiet_NaN();
#else
  throw erlangkit::infeasible_error(std::string(function) + ": " + why);
#endif
}

}  // namespace detail
}  // namespace erlangkit
