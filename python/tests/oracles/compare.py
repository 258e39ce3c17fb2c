"""How the oracle tests compare: one relative-tolerance rule and one interval rule for every file."""
import math


def close(got, want, tol):
    """|got - want| <= tol |want|; where the oracle's value is exactly 0 (no abandonment, no blocking)
    the model must give 0 or a value below 1e-300, and an infinite one must be matched exactly."""
    if want == 0:
        return abs(got) < 1e-300
    if math.isinf(want):
        return got == want
    return abs(got - want) <= tol * abs(want)


def outside(estimates, values, keys=None):
    """The measures whose value lies outside the simulation's 99% interval: {key: (value, interval)}."""
    keys = [k for k in values if k in estimates] if keys is None else keys
    return {k: (values[k], repr(estimates[k])) for k in keys if not estimates[k].contains(values[k])}
