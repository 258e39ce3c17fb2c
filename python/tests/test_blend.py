"""erlangkit.blend beyond the chain comparisons of test_new_models.py: its doctests,
broadcasting, the solvers' answers checked by evaluating the service level around
them, and the errors."""
import doctest
import math

import numpy as np
import pytest

import erlangkit as ek
from erlangkit import blend

KW = dict(outbound_aht=2.0, patience=2.0)


def test_the_module_examples_run():
    result = doctest.testmod(blend, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0


def test_arguments_broadcast_like_scalar_calls():
    th = np.array([0, 1, 2, 3])
    got = blend.service_level(10, 7.0, 1.0, 0.2, threshold=th, **KW)
    assert got.shape == (4,)
    for i, s in enumerate(th):
        assert got[i] == blend.service_level(10, 7.0, 1.0, 0.2, threshold=int(s), **KW)
    grid = blend.outbound_throughput(np.array([10, 12])[:, None], 7.0, 1.0, threshold=th, **KW)
    assert grid.shape == (2, 4)


def test_threshold_search_gives_the_smallest_threshold_meeting_the_target():
    s = blend.threshold_for_service_level(10, 0.6, 0.2, 7.0, 1.0, **KW)
    assert blend.service_level(10, 7.0, 1.0, 0.2, threshold=s, **KW) >= 0.6
    assert s == 0 or blend.service_level(10, 7.0, 1.0, 0.2, threshold=s - 1, **KW) < 0.6
    with pytest.raises(ek.InfeasibleError):
        blend.threshold_for_service_level(10, 0.95, 0.2, 7.0, 1.0, **KW)


def test_agents_search_gives_the_fewest_agents_meeting_the_target():
    n = blend.agents_for_service_level(0.8, 0.2, 7.0, 1.0, threshold=2, **KW)
    assert blend.service_level(n, 7.0, 1.0, 0.2, threshold=2, **KW) >= 0.8
    assert blend.service_level(n - 1, 7.0, 1.0, 0.2, threshold=2, **KW) < 0.8


@pytest.mark.parametrize("kw, name", [(dict(threshold=-1, outbound_aht=2.0), "threshold"),
                                      (dict(threshold=1.5, outbound_aht=2.0), "threshold"),
                                      (dict(threshold=1, outbound_aht=0.0), "outbound_aht")])
def test_bad_input_names_the_parameter(kw, name):
    with pytest.raises(ek.DomainError, match=name):
        blend.prob_abandon(10, 7.0, 1.0, patience=2.0, **kw)


def test_nobody_calling_leaves_the_agents_to_outbound_work():
    assert blend.prob_wait(10, 0.0, 1.0, threshold=2, **KW) == 0
    assert math.isclose(blend.outbound_throughput(10, 0.0, 1.0, threshold=2, **KW), 8 / 2.0, rel_tol=1e-15)
