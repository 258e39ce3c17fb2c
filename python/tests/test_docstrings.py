"""Every docstring example of the public functions runs and prints what it claims."""
import doctest

import erlangkit
from erlangkit import _api


def test_docstring_examples():
    for module in (_api, erlangkit, erlangkit.chat, erlangkit.deferred, erlangkit.classic, erlangkit.planning,
                   erlangkit.channels, erlangkit.forecast, erlangkit.network, erlangkit.ggc):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0
    assert doctest.testmod(_api).attempted >= 17


def test_every_public_function_has_a_docstring_with_an_example():
    for name in erlangkit.__all__:
        obj = getattr(erlangkit, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert obj.__doc__ and obj.__module__ == "erlangkit._core", name
        elif callable(obj) and name not in ("set_num_threads", "get_num_threads"):
            assert obj.__doc__ and ">>>" in obj.__doc__, name
