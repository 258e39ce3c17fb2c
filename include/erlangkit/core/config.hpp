// Build modes, decided once for every erlangkit header: how errors are
// reported, and the floating-point semantics the library relies on.
//
// Error mode. By default invalid input throws erlangkit::domain_error (and
// its siblings, error.hpp). Where exceptions are off (-fno-exceptions, or
// ERLANGKIT_NO_EXCEPTIONS defined by the user), the same calls return a quiet
// NaN and record the message for erlangkit::last_error(). Every declaration
// lives in an inline namespace named after the mode, so a program that mixes
// translation units built in both modes links two distinct sets of functions
// instead of one inline function with two meanings (an ODR violation the
// linker would resolve silently, either way).
#pragma once

#if !defined(ERLANGKIT_NO_EXCEPTIONS) && !defined(__cpp_exceptions) && !defined(__EXCEPTIONS) && \
    !defined(_CPPUNWIND)
#define ERLANGKIT_NO_EXCEPTIONS
#endif

#ifdef ERLANGKIT_NO_EXCEPTIONS
#define ERLANGKIT_ERROR_MODE nan_on_error
#else
#define ERLANGKIT_ERROR_MODE throw_on_error
#endif

// Opens and closes namespace erlangkit with the mode's inline namespace.
#define ERLANGKIT_BEGIN_NAMESPACE \
  namespace erlangkit {           \
  inline namespace ERLANGKIT_ERROR_MODE {
#define ERLANGKIT_END_NAMESPACE \
  }                             \
  }

// The numerics need IEEE-754 semantics: NaN and infinities as values (overload
// is an infinite wait; NaN in gives NaN out), and rounding that the compiler
// does not reassociate (error-free transformations, compensated sums). Under
// -ffast-math (or -ffinite-math-only) GCC and Clang fold isnan/isinf to false
// and reorder sums, and staffing answers come out silently wrong, so such a
// build stops here rather than later in production.
#if defined(__FAST_MATH__) || (defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__)
#error \
    "erlangkit needs IEEE-754 semantics: compile the files that include it without -ffast-math / -ffinite-math-only (see docs/errors.md)"
#endif
