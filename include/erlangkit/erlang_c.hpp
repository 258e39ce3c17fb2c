// Erlang-C: probability of waiting in the M/M/n queue (the model type is
// models::erlang_c; this is its classic two-number form).
#pragma once

#include "core/check.hpp"
#include "erlang_b.hpp"  // erlang_c.hpp has always brought erlang_b()
#include "math/erlang_b.hpp"
#include "models/erlang_c.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Erlang-C probability of waiting C(servers, load) in the M/M/n queue.
///
/// - servers: number of agents n, real and >= 0 (continuous extension).
/// - load: offered load R in Erlangs, >= 0.
/// - returns C in [0, 1]. Overload is an answer, not an error: C = 1 when
///   R >= n (the queue grows without bound).
/// - errors: erlangkit::domain_error for negative or infinite arguments; NaN
///   in gives NaN out.
/// - formula: C = n B / (n - R (1 - B)) with B = erlang_b(n, R), evaluated as
///   n / (R + (n - R)/B) (docs/math/erlang_c.md §2).
/// - accuracy: relative error <= 1e-12 against 50-digit references for n up to
///   1e6 (tests/data/erlang_bc.csv).
template <class S, class L>
detail::promote_t<S, L> erlang_c(S servers, L load) {
  using T = detail::promote_t<S, L>;
  const T n = servers, R = load;
  if (detail::any_nan(n, R)) return math::nan_v<T>;
  if (!detail::check_nonneg("erlang_c", "servers", n) || !detail::check_nonneg("erlang_c", "load", R))
    return math::nan_v<T>;
  return math::erlang_c(n, R);
}

ERLANGKIT_END_NAMESPACE
