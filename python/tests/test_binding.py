"""The declarative binding: each kernel describes itself, the type stub is generated
from that description, and each public wrapper passes exactly the kernel's arguments."""
import inspect
import pathlib
import sys

import numpy as np
import pytest

import erlangkit as ek
from erlangkit import _api, _core

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import generate_stub  # noqa: E402


def test_committed_stub_is_generated_from_the_module():
    committed = (ROOT / "python" / "erlangkit" / "_core.pyi").read_text()
    assert committed == generate_stub.stub(_core), "run python tools/generate_stub.py"


@pytest.mark.parametrize("name", sorted(_core.__kernels__))
def test_wrapper_signature_is_the_kernel_signature(name):
    spec = _core.__kernels__[name]
    wrapper = getattr(ek, name)
    params = inspect.signature(wrapper).parameters
    declared = [a for a, _ in spec["args"]] + [o for o, _ in spec["options"]]
    assert sorted(params) == sorted(declared)
    for arg, default in spec["args"]:  # the same defaults (a wrapper may require what the kernel defaults)
        got = params[arg].default
        if default is None:
            assert got is inspect.Parameter.empty, (name, arg)
        else:
            assert got is inspect.Parameter.empty or got == default, (name, arg)
    for opt, default in spec["options"]:
        assert params[opt].default == default, (name, opt)


def test_kernels_take_arguments_by_name_in_any_order():
    a = _core.service_level(agents=14.0, arrival_rate=100 / 1800, aht=180.0, target_time=20.0)
    b = _core.service_level(target_time=20.0, aht=180.0, arrival_rate=100 / 1800, agents=14.0)
    assert a == b == ek.service_level(14, 100 / 1800, 180, 20)
    with pytest.raises(TypeError, match=r"^service_level\(\) missing required argument 'target_time'$"):
        _core.service_level(agents=14.0, arrival_rate=1.0, aht=1.0)
    with pytest.raises(TypeError, match=r"^service_level\(\) got an unexpected keyword argument 'patients'$"):
        _core.service_level(14.0, 1.0, 1.0, 20.0, patients=3.0)
    with pytest.raises(TypeError, match=r"^asa\(\) got multiple values for argument 'aht'$"):
        _core.asa(14.0, 1.0, 1.0, aht=2.0)


def test_conventions_are_parsed_once_in_cpp():
    with pytest.raises(ek.DomainError, match=r"^asa: convention is 'fast', but must be one of answered, all, "
                                             r"virtual$"):
        _core.asa(14.0, 1.0, 20.0, convention="fast")
    with pytest.raises(TypeError, match=r"^agents_for_asa: fractional must be True or False, not 'no'$"):
        ek.agents_for_asa(10, 0.05, 180, fractional="no")
    assert ek.agents_for_asa(10, 100 / 1800, 180, fractional=np.bool_(False)) == 14


def test_errors_are_typed():
    assert issubclass(ek.DomainError, ValueError) and issubclass(ek.InfeasibleError, ValueError)
    assert issubclass(ek.BroadcastError, ValueError) and issubclass(ek.EvaluationError, ArithmeticError)
    assert not issubclass(ek.InfeasibleError, ek.DomainError)
    with pytest.raises(ek.InfeasibleError):
        ek.agents_for_service_level(0.8, 20, 1e12, 1)
    with pytest.raises(ek.BroadcastError, match=r"^erlang_c: arguments do not broadcast together: "
                                                r"servers \(2, 3\), load \(2,\)$"):
        ek.erlang_c(np.ones((2, 3)), np.ones(2))
