"""Phase-type patience distributions for the chain oracle.

A phase-type law PH(alpha, T) is the time to absorption of a CTMC on k
transient phases started in phase p with probability alpha[p], moving p -> p'
at rate T[p, p'] and leaving (the caller hangs up) at rate t0[p] = -sum_p' T[p, p'].
Exponential, Erlang-k and hyperexponential patience are phase-type; the chain
oracle tracks the phase of every waiting caller (queues.mmn).
"""
from __future__ import annotations

import math

import numpy as np
from scipy.linalg import expm


class PhaseType:
    """PH(alpha, T): alpha the initial phase probabilities (sum 1), T the sub-generator."""

    def __init__(self, alpha, T, name="phase_type"):
        self.alpha = np.asarray(alpha, float).ravel()
        self.T = np.atleast_2d(np.asarray(T, float))
        k = self.alpha.size
        if self.T.shape != (k, k):
            raise ValueError("T must be k x k for k initial probabilities")
        if abs(self.alpha.sum() - 1) > 1e-12 or np.any(self.alpha < 0):
            raise ValueError("alpha must be a probability vector")
        off = self.T - np.diag(np.diag(self.T))
        if np.any(off < 0):
            raise ValueError("T must have non-negative off-diagonal rates")
        self.exit = -self.T.sum(axis=1)
        if np.any(self.exit < -1e-12 * np.abs(self.T).max()):
            raise ValueError("the rows of T must sum to <= 0")
        self.exit = np.maximum(self.exit, 0.0)
        self.name = name

    @property
    def phases(self):
        return self.alpha.size

    @property
    def mean(self):
        return float(self.alpha @ np.linalg.solve(-self.T, np.ones(self.phases)))

    def survival(self, t):
        """P(patience > t) = alpha exp(T t) 1."""
        return float(self.alpha @ expm(self.T * t) @ np.ones(self.phases))

    @classmethod
    def exponential(cls, mean):
        return cls([1.0], [[-1.0 / mean]], name=f"exponential(mean={mean})")

    @classmethod
    def erlang(cls, k, mean):
        """Erlang-k with the given mean: k phases in a row, each Exp(k / mean)."""
        k = int(k)
        rate = k / mean
        T = -rate * np.eye(k) + rate * np.eye(k, k=1)
        alpha = np.zeros(k)
        alpha[0] = 1
        return cls(alpha, T, name=f"erlang(k={k}, mean={mean})")

    @classmethod
    def hyperexponential(cls, probs, means):
        """With probability probs[i] the caller's patience is Exp with mean means[i]."""
        means = np.asarray(means, float)
        return cls(probs, np.diag(-1.0 / means), name=f"hyperexponential(p={list(probs)}, means={list(means)})")


def as_patience(patience):
    """A float is an exponential mean (math.inf: callers never hang up, returned as None)."""
    if isinstance(patience, PhaseType):
        return patience
    patience = float(patience)
    if math.isinf(patience):
        return None
    if not patience > 0:
        raise ValueError("patience must be > 0 (math.inf for none)")
    return PhaseType.exponential(patience)
