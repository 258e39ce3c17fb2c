"""Independent oracles for erlangkit's queue models (docs/validation.md).

The exact-chain oracle: build a model's continuous-time Markov chain, solve it,
and read off every measure in the library's conventions. It never calls
erlangkit; the comparison tests (python/tests/test_chain_oracle.py,
test_simulation.py, test_new_models.py) do. The discrete-event simulator is
simulate.py.
"""
from .ctmc import Absorbing, Chain
from .phase_type import PhaseType
from .queues import (ASA_CONVENTIONS, SL_CONVENTIONS, QueueChain, birth_death_tail, blend, chat,
                     chat_service_rates, erlang_x, extended_erlang_b, mmn)

__all__ = ["Absorbing", "Chain", "PhaseType", "QueueChain", "SL_CONVENTIONS", "ASA_CONVENTIONS", "birth_death_tail",
           "blend", "chat", "chat_service_rates", "erlang_x", "extended_erlang_b", "mmn"]
