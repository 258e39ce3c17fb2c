"""Large arrays are split over threads: same numbers, same first-bad-index report."""
import numpy as np
import pytest

import erlangkit as ek


@pytest.fixture
def restore_threads():
    yield
    ek.set_num_threads(0)


def test_threaded_results_equal_single_threaded(restore_threads):
    rng = np.random.default_rng(7)
    n = np.floor(1 + 500 * rng.random(200_000))
    load = n * (0.5 + 0.6 * rng.random(n.size))
    ek.set_num_threads(1)
    one = ek.erlang_c(n, load)
    sl_one = ek.service_level(n, load / 180, 180, 20, patience=120)
    ek.set_num_threads(4)
    assert np.array_equal(one, ek.erlang_c(n, load))
    assert np.array_equal(sl_one, ek.service_level(n, load / 180, 180, 20, patience=120))


def test_first_bad_index_does_not_depend_on_threads(restore_threads):
    load = np.full(100_000, 5.0)
    load[[70_000, 90_000]] = -1.0
    for t in (1, 2, 3):
        ek.set_num_threads(t)
        with pytest.raises(ValueError, match=r"\(at index 70000\)$"):
            ek.erlang_b(10, load)


def test_thread_count_setting(restore_threads):
    ek.set_num_threads(3)
    assert ek.get_num_threads() == 3
    ek.set_num_threads(0)
    assert ek.get_num_threads() >= 1
    with pytest.raises(ValueError):
        ek.set_num_threads(-1)
    with pytest.raises(TypeError):
        ek.set_num_threads(1.5)
