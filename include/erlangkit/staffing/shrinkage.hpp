// From agents on the phones to scheduled staff.
#pragma once

#include <algorithm>
#include <cmath>

#include "../core/check.hpp"
#include "../math/fp.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Scheduled staff for a required number of agents and a shrinkage share in
/// [0, 1) (breaks, training, absence): ceil(agents / (1 - shrinkage)). A
/// quotient within a few ulps (relative) of an integer counts as that integer
/// (14 / 0.7 is 20.000000000000004 in doubles); any positive quotient, however
/// small, needs one person.
template <class A, class S>
detail::promote_t<A, S> scheduled_agents(A agents, S shrinkage) {
  using T = detail::promote_t<A, S>;
  constexpr auto fn = "scheduled_agents";
  const T n = agents, s = shrinkage;
  if (detail::any_nan(n, s)) return math::nan_v<T>;
  if (!detail::check_nonneg(fn, "agents", n)) return math::nan_v<T>;
  if (!(s >= 0 && s < 1)) return detail::raise_domain_error<T>(fn, "shrinkage", s, "in [0, 1)");
  const T raw = n / (1 - s);
  const T nearest = std::round(raw);
  if (nearest > 0 && std::abs(raw - nearest) <= 8 * math::eps_v<T> * raw) return nearest;
  return std::ceil(raw);
}

ERLANGKIT_END_NAMESPACE
