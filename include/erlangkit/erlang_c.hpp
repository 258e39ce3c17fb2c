// Erlang-C: probability of waiting in the M/M/n queue (callers never abandon).
#pragma once

#include "erlang_b.hpp"

namespace erlangkit {
namespace detail {

// C = n B / (n - R (1 - B)) rewritten as n / (R + (n - R)/B): both terms of
// the denominator are positive for R < n, so nothing cancels near R = n.
template <class T>
T erlang_c_from_inverse_b(T n, T R, T inv_b) {
  return n / (R + (n - R) * inv_b);
}

template <class T>
T erlang_c_unchecked(T n, T R) {
  if (R >= n) return 1;
  if (R == 0) return 0;
  return erlang_c_from_inverse_b(n, R, inverse_erlang_b(n, R));
}

}  // namespace detail

/// Erlang-C probability of waiting C(servers, load) in the M/M/n queue.
///
/// - servers: number of agents n, real and >= 0 (continuous extension).
/// - load: offered load R in Erlangs, >= 0.
/// - returns C in [0, 1]. Overload is an answer, not an error: C = 1 when
///   R >= n (the queue grows without bound).
/// - errors: erlangkit::domain_error for negative or infinite arguments; NaN
///   in gives NaN out.
/// - formula: C = n B / (n - R (1 - B)) with B = erlang_b(n, R).
/// - accuracy: relative error <= 1e-12 against 50-digit references for n up to
///   1e6 (tests/data/erlang_bc.csv).
template <class S, class L>
detail::promote_t<S, L> erlang_c(S servers, L load) {
  using T = detail::promote_t<S, L>;
  const T n = servers, R = load;
  if (detail::any_nan(n, R)) return detail::nan_v<T>;
  if (!detail::check_nonneg("erlang_c", "servers", n) || !detail::check_nonneg("erlang_c", "load", R))
    return detail::nan_v<T>;
  return detail::erlang_c_unchecked(n, R);
}

}  // namespace erlangkit
