"""Forecast uncertainty: the arrival rate itself is random.

A forecast of 100 calls is a guess: the day may bring 80 or 130. Here the
arrival rate is ``arrival_rate`` times a random factor with mean 1 and
coefficient of variation ``forecast_cv``, gamma (the default, cv up to 1) or
normal (cut at 0, cv up to 0.15); or ``law="scenarios"`` with
``scenarios=(multipliers, weights)``: the rate is arrival_rate x multiplier
with probability weight / sum(weights) (say ``([1, 2], [0.9, 0.1])``: a
snowstorm doubles the calls one day in ten; forecast_cv is then not read). Expected measures are shares of all calls of
that law (docs/forecast_uncertainty.md):

- service_level: E[Lambda SL(Lambda)] / E[Lambda] (offered, virtual), with
  Lambda P(S) (answered) or Lambda (1 - P(Ab, W <= t)) (excl_short_abandons)
  as the weight;
- prob_abandon: E[Lambda P(Ab)] / E[Lambda];
- asa: weighted by the calls answered (answered) or admitted (all, virtual);
  +inf for Erlang-C with a gamma or normal law, which always reaches overload;
- occupancy: the plain expectation.

forecast_cv = 0 gives the plain measures exactly. Queues: Erlang-C
(patience inf) or Erlang-A. Every numeric argument broadcasts; the loops run
in C++ with the GIL released. Accuracy 1e-10 relative (adaptive quadrature
over the law; tests/test_forecast.cpp, python/tests/test_forecast.py).

    >>> from erlangkit import forecast
    >>> round(forecast.service_level(14, 100 / 1800, 180, 20, 0.1), 6)
    0.855769
    >>> forecast.agents_for_service_level(0.8, 20, 100 / 1800, 180, 0.1, meet_probability=0.9)
    15
"""
from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from . import _core

__all__ = ["agents_for_service_level", "asa", "occupancy", "prob_abandon", "prob_target_met", "service_level"]


def _out(x: np.ndarray, shape: tuple, count: bool = False) -> Any:
    if shape == ():
        v = float(x[0])
        return int(v) if count and math.isfinite(v) else v
    a = x.reshape(shape)
    return a.astype(np.int64) if count and np.isfinite(a).all() else a


def _flat(*values: Any) -> tuple:
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in values))
    return arrays[0].shape, [np.ascontiguousarray(a).ravel() for a in arrays]


def _scenarios(law: str, scenarios: Any) -> tuple:
    """The scenario lists for the binding: empty unless law is "scenarios", which needs them."""
    if law != "scenarios":
        if scenarios is not None:
            raise ValueError(f"forecast: scenarios are given, but law is {law!r} (say law='scenarios')")
        return [], []
    if scenarios is None or len(scenarios) != 2:
        raise ValueError("forecast: law='scenarios' needs scenarios=(multipliers, weights)")
    return [float(v) for v in scenarios[0]], [float(v) for v in scenarios[1]]


def _measure(measure: str, agents, arrival_rate, aht, patience, forecast_cv, t, convention: str, law: str,
             scenarios: Any) -> Any:
    shape, flat = _flat(agents, arrival_rate, aht, patience, forecast_cv, t)
    return _out(_core.forecast_measure(measure, law, *flat, convention, *_scenarios(law, scenarios)), shape)


def service_level(agents: Any, arrival_rate: Any, aht: Any, target_time: Any, forecast_cv: Any,
                  patience: Any = math.inf, convention: str = "offered", law: str = "gamma",
                  scenarios: Any = None) -> Any:
    """Expected service level within target_time over the forecast law (a share of all its calls)."""
    return _measure("service_level", agents, arrival_rate, aht, patience, forecast_cv, target_time, convention, law,
                    scenarios)


def prob_abandon(agents: Any, arrival_rate: Any, aht: Any, forecast_cv: Any, patience: Any = math.inf,
                 law: str = "gamma", scenarios: Any = None) -> Any:
    """Expected share of calls that abandon over the forecast law."""
    return _measure("prob_abandon", agents, arrival_rate, aht, patience, forecast_cv, 0.0, "offered", law, scenarios)


def asa(agents: Any, arrival_rate: Any, aht: Any, forecast_cv: Any, patience: Any = math.inf,
        convention: str = "answered", law: str = "gamma", scenarios: Any = None) -> Any:
    """Expected ASA over the forecast law (inf for Erlang-C under a gamma or normal law: it always
    reaches overload)."""
    return _measure("asa", agents, arrival_rate, aht, patience, forecast_cv, 0.0, convention, law, scenarios)


def occupancy(agents: Any, arrival_rate: Any, aht: Any, forecast_cv: Any, patience: Any = math.inf,
              law: str = "gamma", scenarios: Any = None) -> Any:
    """Expected occupancy over the forecast law."""
    return _measure("occupancy", agents, arrival_rate, aht, patience, forecast_cv, 0.0, "offered", law, scenarios)


def prob_target_met(agents: Any, target: Any, target_time: Any, arrival_rate: Any, aht: Any, forecast_cv: Any,
                    patience: Any = math.inf, convention: str = "offered", law: str = "gamma",
                    scenarios: Any = None) -> Any:
    """Probability that the day's arrival rate is one `agents` answer at service level >= target:
    the law's CDF at the capacity (max_arrival_rate_for_service_level) of those agents."""
    shape, flat = _flat(agents, target, target_time, arrival_rate, aht, patience, forecast_cv, np.nan)
    return _out(_core.forecast_staff("prob_target_met", law, *flat, convention, *_scenarios(law, scenarios)), shape)


def agents_for_service_level(target: Any, target_time: Any, arrival_rate: Any, aht: Any, forecast_cv: Any,
                             meet_probability: Optional[Any] = None, patience: Any = math.inf,
                             convention: str = "offered", law: str = "gamma", scenarios: Any = None) -> Any:
    """Fewest agents meeting the service-level target under the forecast law: in expectation
    (meet_probability None; offered and virtual conventions), or with probability at least
    meet_probability, which is the plain solver at the law's meet_probability-quantile rate."""
    p = np.nan if meet_probability is None else meet_probability
    shape, flat = _flat(0.0, target, target_time, arrival_rate, aht, patience, forecast_cv, p)
    return _out(_core.forecast_staff("agents_for_service_level", law, *flat, convention, *_scenarios(law, scenarios)),
                shape, count=True)
