"""Patience distributions for M/M/n+G: pass one as ``patience=`` to any measure or solver.

A number for ``patience`` is the mean of an exponential patience (Erlang-A), as
always; one of these objects makes the queue M/M/n+G with that law (Zeltyn &
Mandelbaum's formulas, docs/general_patience.md). The law is one per call; every
other argument broadcasts as usual. Times are in the queue's time unit.

    >>> import erlangkit as ek
    >>> from erlangkit import patience
    >>> round(ek.prob_abandon(10, 10, 1, patience=patience.deterministic(0.5)), 5)
    0.10352

Each constructor checks its parameters and raises DomainError naming it.
"""
from __future__ import annotations

from typing import Optional, Sequence

from . import _core

PatienceLaw = _core.PatienceLaw

__all__ = ["PatienceLaw", "exponential", "deterministic", "uniform", "gamma", "lognormal", "weibull",
           "hyperexponential", "empirical"]


def exponential(mean: float) -> PatienceLaw:
    """Exponential patience of the given mean (> 0): the same queue as ``patience=mean``."""
    return _core.patience_exponential(float(mean))


def deterministic(time: float) -> PatienceLaw:
    """Every caller hangs up after exactly ``time`` (> 0) of waiting."""
    return _core.patience_deterministic(float(time))


def uniform(low: float, high: float) -> PatienceLaw:
    """Patience uniform on [low, high], 0 <= low < high."""
    return _core.patience_uniform(float(low), float(high))


def gamma(mean: float, cv: float) -> PatienceLaw:
    """Gamma patience of the given mean (> 0) and coefficient of variation (> 0; 1 is exponential)."""
    return _core.patience_gamma(float(mean), float(cv))


def lognormal(mean: float, cv: float) -> PatienceLaw:
    """Lognormal patience of the given mean (> 0) and coefficient of variation (> 0)."""
    return _core.patience_lognormal(float(mean), float(cv))


def weibull(shape: float, scale: float) -> PatienceLaw:
    """Weibull patience, P(patience > t) = exp(-(t/scale)^shape); shape, scale > 0."""
    return _core.patience_weibull(float(shape), float(scale))


def hyperexponential(probs: Sequence[float], means: Sequence[float]) -> PatienceLaw:
    """With probability probs[i] (summing to 1) the patience is exponential of mean means[i] (> 0)."""
    return _core.patience_hyperexponential([float(p) for p in probs], [float(m) for m in means])


def empirical(times: Sequence[float], survival: Optional[Sequence[float]] = None, *,
              linear: bool = False) -> PatienceLaw:
    """A measured patience law.

    With ``survival``: a table of P(patience > t) from each of ``times`` (strictly
    increasing, >= 0) on, non-increasing from 1 and ending at 0; 1 before times[0].
    Held as steps, or interpolated linearly with ``linear=True`` (then survival[0]
    must be 1). Without it, ``times`` is a sample of patiences and the law is its
    empirical distribution (a step table).
    """
    if survival is None:
        return _core.patience_from_samples([float(t) for t in times])
    return _core.patience_empirical([float(t) for t in times], [float(s) for s in survival], bool(linear))
