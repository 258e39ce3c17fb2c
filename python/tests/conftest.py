import csv
import math
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def read_table(name):
    with open(DATA / name, newline="") as f:
        return list(csv.DictReader(f))


def num(text):
    """Table values beyond double range (e.g. 2.9e-7677655) become 0 or inf, as in C++."""
    return float(text)  # Python's float() already maps underflow to 0.0 and overflow to inf


def rel_error(got, want):
    if math.isinf(want):
        return 0.0 if got == want else math.inf
    if abs(want) < 1e-290:  # must come back tiny and non-negative
        return 0.0 if 0 <= got < 1e-280 else math.inf
    return abs(got - want) / abs(want)


@pytest.fixture(scope="session")
def root():
    return ROOT
