"""Broadcasting, return types, errors and conventions of the Python API."""
import math

import numpy as np
import pandas as pd
import pytest

import erlangkit as ek


def test_scalars_give_python_numbers():
    assert isinstance(ek.erlang_c(14, 10.0), float)
    n = ek.agents_for_service_level(0.8, 20, 100 / 1800, 180)
    assert type(n) is int and n == 14
    f = ek.agents_for_service_level(0.8, 20, 100 / 1800, 180, fractional=True)
    assert type(f) is float and 13 < f <= 14
    assert type(ek.scheduled_agents(14, 0.3)) is int and ek.scheduled_agents(14, 0.3) == 20


def test_broadcasting_shapes():
    n = np.arange(11, 16)
    assert ek.erlang_c(n, 10.0).shape == (5,)
    grid = ek.service_level(n[:, None], np.array([0.04, 0.05, 0.06])[None, :], 180, 20)
    assert grid.shape == (5, 3)
    assert grid[3, 1] == ek.service_level(14, 0.05, 180, 20)
    agents = ek.agents_for_service_level(0.8, 20, np.full((2, 48), 0.05), 180)
    assert agents.shape == (2, 48) and agents.dtype == np.int64
    with pytest.raises(ValueError, match="do not broadcast"):
        ek.erlang_b(np.ones(3), np.ones(4))


def test_strided_and_broadcast_views_are_read_in_place():
    # Transposed, stepped and stride-0 views give the same numbers as contiguous copies.
    n = np.arange(1.0, 61.0).reshape(6, 10)
    load = 0.9 * n
    want = ek.erlang_c(np.ascontiguousarray(n.T), np.ascontiguousarray(load.T))
    assert np.array_equal(ek.erlang_c(n.T, load.T), want)
    assert np.array_equal(ek.erlang_c(n[::2, ::3], load[::2, ::3]), ek.erlang_c(n[::2, ::3].copy(),
                                                                                 load[::2, ::3].copy()))
    row = np.broadcast_to(np.linspace(1, 30, 7), (5, 7))  # stride 0 on the first axis
    assert np.array_equal(ek.erlang_b(40, row), np.tile(ek.erlang_b(40, row[0]), (5, 1)))
    # An int32 or float32 input is converted, the result is still float64.
    assert np.array_equal(ek.erlang_c(np.arange(11, 16, dtype=np.int32), np.float32(10.0)),
                          ek.erlang_c(np.arange(11.0, 16.0), 10.0))
    # Empty inputs give empty outputs of the broadcast shape.
    assert ek.erlang_c(np.ones((0, 3)), 1.0).shape == (0, 3)
    assert ek.agents_for_service_level(0.8, 20, np.ones(0), 180).shape == (0,)


def test_broadcast_batch_allocates_only_its_output():
    # 1000 x 1000 grid from a column and a row: the kernel reads both in place
    # (no broadcast copies), so the peak is the 8 MB output, not 24 MB.
    import tracemalloc

    servers = np.arange(1.0, 1001.0)[:, None]
    load = np.linspace(0.5, 900.0, 1000)[None, :]
    tracemalloc.start()
    try:
        out = ek.erlang_c(servers, load)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert out.shape == (1000, 1000)
    assert peak < out.nbytes + 1_000_000
    # Agent counts are converted to int64 in the same buffer.
    rates = np.linspace(0.01, 0.3, 200_000)
    tracemalloc.start()
    try:
        agents = ek.agents_for_service_level(0.8, 20, rates, 180)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert agents.dtype == np.int64 and peak < agents.nbytes + 1_000_000


def test_pandas_series_keeps_index():
    idx = pd.date_range("2026-11-23 08:00", periods=4, freq="15min")
    calls = pd.Series([40.0, 60.0, 80.0, 50.0], index=idx)
    agents = ek.agents_for_service_level(0.8, 20, calls / 900, 300, patience=180)
    assert isinstance(agents, pd.Series)
    assert list(agents.index) == list(idx)
    assert agents.iloc[2] == ek.agents_for_service_level(0.8, 20, 80 / 900, 300, patience=180)


def test_keyword_names_match_the_contract():
    assert ek.service_level(agents=14, arrival_rate=100 / 1800, aht=180, target_time=20, patience=math.inf,
                            convention="offered") == pytest.approx(0.8883500192, abs=1e-10)
    assert ek.asa(agents=14, arrival_rate=100 / 1800, aht=180, patience=math.inf,
                  convention="answered") == pytest.approx(7.835937012, abs=1e-8)  # R ErlangC README
    assert ek.agents_for_service_level(target=0.8, target_time=20, arrival_rate=100 / 1800, aht=180,
                                       patience=math.inf, convention="offered", max_occupancy=0.85) == 14
    assert ek.prob_abandon(agents=14, arrival_rate=100 / 30, aht=3, patience=5) == pytest.approx(0.013984, abs=1e-6)


def test_value_errors_name_parameter_value_and_index():
    with pytest.raises(ValueError, match=r"^erlang_c: load is -3, but must be finite and >= 0$"):
        ek.erlang_c(10, -3)
    with pytest.raises(ValueError, match=r"prob_wait: aht is -1, but must be finite and > 0 \(at index 2\)"):
        ek.prob_wait(10, 0.1, [1, 2, -1, 3])
    # erlang_b/erlang_c run the batch kernels in blocks: the index is still the first bad one.
    with pytest.raises(ValueError, match=r"^erlang_c: servers is -4, but must be finite and >= 0 \(at index 3\)$"):
        ek.erlang_c([1, 2, 3, -4, -5], 1)
    bad = np.full((3, 400), 10.0)
    bad[2, 7] = -1
    with pytest.raises(ValueError, match=r"erlang_b: load is -1, but must be finite and >= 0 \(at index 807\)"):
        ek.erlang_b(12, bad.T.copy().T)  # a strided view, gathered block by block
    with pytest.raises(ValueError, match="convention is 'fast', but must be one of offered"):
        ek.service_level(10, 0.1, 1, 20, convention="fast")
    with pytest.raises(ValueError, match="not met by max_agents"):
        ek.agents_for_service_level(0.8, 20, 1e12, 1)


def test_type_errors():
    with pytest.raises(TypeError, match="erlang_b: servers must be a number"):
        ek.erlang_b("ten", 5)
    with pytest.raises(TypeError, match="load must be a number"):
        ek.erlang_b(10, None)
    with pytest.raises(TypeError, match="convention must be a string"):
        ek.asa(10, 0.1, 1, convention=3)


def test_nan_propagates_and_overload_is_defined():
    out = ek.erlang_c([10, np.nan, 10], [5, 5, 12])
    assert math.isnan(out[1]) and out[2] == 1.0
    assert ek.asa(10, 12, 1) == math.inf
    assert ek.service_level(10, 12, 1, 20) == 0.0
    assert math.isnan(ek.agents_for_service_level(0.8, 20, [np.nan, 0.05], 180)[0])


def test_version_is_the_headers_version(root):
    text = (root / "include" / "erlangkit" / "version.hpp").read_text()
    assert f'ERLANGKIT_VERSION_STRING "{ek.__version__}"' in text
