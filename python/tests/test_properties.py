"""Property tests: bounds and monotonicity over random inputs."""
import math

from hypothesis import given, settings
from hypothesis import strategies as st

import erlangkit as ek

loads = st.floats(min_value=0.01, max_value=5000, allow_nan=False)
patience = st.one_of(st.just(math.inf), st.floats(min_value=0.01, max_value=1e4))


@settings(max_examples=300, deadline=None)
@given(n=st.floats(min_value=0, max_value=6000), load=loads, step=st.floats(min_value=0.01, max_value=50))
def test_erlang_b_bounded_and_decreasing_in_servers(n, load, step):
    b1, b2 = ek.erlang_b(n, load), ek.erlang_b(n + step, load)
    assert 0 <= b2 <= b1 <= 1


@settings(max_examples=300, deadline=None)
@given(n=st.floats(min_value=0, max_value=6000), load=loads, factor=st.floats(min_value=1.0, max_value=2.0))
def test_erlang_c_increasing_in_load(n, load, factor):
    assert 0 <= ek.erlang_c(n, load) <= ek.erlang_c(n, load * factor) <= 1


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=0, max_value=300), erl=st.floats(min_value=0.1, max_value=250), pat=patience,
       t=st.floats(min_value=0, max_value=3))
def test_queue_measures_bounded_and_monotone_in_agents(n, erl, pat, t):
    rate, aht = erl, 1.0
    for conv in ek.SL_CONVENTIONS:
        s1 = ek.service_level(n, rate, aht, t, pat, conv)
        s2 = ek.service_level(n + 1, rate, aht, t, pat, conv)
        assert 0 <= s1 <= 1 and 0 <= s2 <= 1
        if conv != "answered" or n > 0:
            assert s2 >= s1 - 1e-12
    w1, w2 = ek.prob_wait(n, rate, aht, pat), ek.prob_wait(n + 1, rate, aht, pat)
    assert 0 <= w2 <= w1 + 1e-15 <= 1 + 1e-15
    assert 0 <= ek.occupancy(n, rate, aht, pat) <= 1


@settings(max_examples=100, deadline=None)
@given(erl=st.floats(min_value=0.05, max_value=2000), pat=patience, target=st.floats(min_value=0.05, max_value=0.99))
def test_staffing_answer_is_minimal(erl, pat, target):
    n = ek.agents_for_service_level(target, 0.1, erl, 1.0, pat)
    assert ek.service_level(n, erl, 1.0, 0.1, pat) >= target
    if n > 0:
        assert ek.service_level(n - 1, erl, 1.0, 0.1, pat) < target
