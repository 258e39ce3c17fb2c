// Erlang-B: blocking probability of the M/M/n/n loss system (the model type
// is models::erlang_b; this is its classic two-number form).
#pragma once

#include "core/check.hpp"
#include "math/erlang_b.hpp"
#include "models/erlang_b.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Erlang-B blocking probability B(servers, load) of the M/M/n/n loss system:
/// the share of calls that find all `servers` busy and are lost.
///
/// - servers: number of servers n, real and >= 0 (Jagerman's continuous
///   extension: exact at integers, smooth and increasing-in-n between them).
/// - load: offered load R = arrival rate x mean holding time, in Erlangs, >= 0.
/// - returns B in [0, 1]; B(0, R) = 1 and B(n > 0, 0) = 0. Values below the
///   smallest double come back as 0.
/// - errors: erlangkit::domain_error for negative or infinite arguments; NaN
///   in gives NaN out.
/// - formula: B = R^n e^-R / Gamma(n+1, R) (Jagerman 1974), evaluated through
///   the ratio of the Poisson pmf to the regularized upper incomplete gamma
///   function (series, continued fraction, or Temme's uniform expansion near
///   R ~ n for n >= 99); for whole n <= 128 the forward recursion of 1/B, whose
///   few fused multiply-adds are cheaper there. The cost does not grow with n
///   (docs/math/erlang_b.md).
/// - accuracy: relative error <= 1e-12 against 50-digit references for n up to
///   1e6 (tests/data/erlang_bc.csv).
template <class S, class L>
detail::promote_t<S, L> erlang_b(S servers, L load) {
  using T = detail::promote_t<S, L>;
  const T n = servers, R = load;
  if (detail::any_nan(n, R)) return math::nan_v<T>;
  if (!detail::check_nonneg("erlang_b", "servers", n) || !detail::check_nonneg("erlang_b", "load", R))
    return math::nan_v<T>;
  return 1 / math::inverse_erlang_b(n, R);
}

ERLANGKIT_END_NAMESPACE
