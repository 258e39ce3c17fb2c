"""erlangkit: exact, fast Erlang-B, Erlang-C and Erlang-A queueing and staffing math.

    >>> import erlangkit as ek
    >>> ek.agents_for_service_level(0.8, 20, arrival_rate=100 / 1800, aht=180)
    14

Every function broadcasts numpy arrays and pandas Series; see the docstrings and
the project's docs/ for formulas, conventions and accuracy.
"""
from ._api import (
    ASA_CONVENTIONS,
    BroadcastError,
    DomainError,
    EvaluationError,
    InfeasibleError,
    SL_CONVENTIONS,
    agents_for_abandon_rate,
    agents_for_asa,
    agents_for_occupancy,
    agents_for_service_level,
    asa,
    erlang_b,
    erlang_c,
    erlang_b_extended,
    get_num_threads,
    max_arrival_rate_for_service_level,
    max_load_for_blocking,
    mean_queue_length,
    occupancy,
    prob_abandon,
    prob_abandon_given_wait,
    prob_blocked,
    prob_finally_lost,
    prob_wait,
    prob_wait_longer_than,
    scheduled_agents,
    servers_for_blocking,
    service_level,
    set_num_threads,
    total_arrival_rate,
    agents_for_wait_quantile,
    wait_quantile,
)
from ._core import __version__
from . import patience  # noqa: E402  (M/M/n+G: patience laws for patience=)
from . import chat  # erlangkit.chat: chat concurrency (docs/chat.md)
from .classic import queue_metrics, state_probabilities  # birth-death queues (docs/classic_queues.md)
from .classic import (  # their waiting and sojourn times (docs/classic_queues.md)
    sojourn_time_quantile, sojourn_time_survival, waiting_time_quantile, waiting_time_survival)
from .network import jackson_network, mva  # Jackson networks and MVA (docs/networks.md)
from .ggc import ggc_approximation  # G/G/c approximations (docs/ggc.md)
from . import forecast  # erlangkit.forecast: a random arrival rate (docs/forecast_uncertainty.md)
from .channels import plan_channels  # several channels in one plan (docs/planning.md)
from .deferred import deferred_work  # deferred work: e-mail, back office (docs/deferred_work.md)
from . import blend  # erlangkit.blend: call blending (docs/blending.md)
from .planning import Plan, Plans, capacity, plan_dask, plan_day, plan_frame  # the day planner (docs/planning.md)
from .transient import transient_day, transient_staffing  # the transient day (docs/transient.md)

__all__ = [
    "ASA_CONVENTIONS", "SL_CONVENTIONS", "__version__", "BroadcastError", "DomainError", "EvaluationError",
    "InfeasibleError", "agents_for_abandon_rate", "agents_for_asa",
    "agents_for_occupancy", "agents_for_service_level", "asa", "erlang_b", "erlang_c", "get_num_threads",
    "max_arrival_rate_for_service_level", "max_load_for_blocking", "mean_queue_length", "occupancy",
    "prob_abandon", "prob_abandon_given_wait", "prob_blocked", "prob_wait", "prob_wait_longer_than", "scheduled_agents", "servers_for_blocking",
    "service_level", "set_num_threads",
    "erlang_b_extended", "prob_finally_lost", "total_arrival_rate",
    "deferred_work", "queue_metrics", "state_probabilities", "wait_quantile", "agents_for_wait_quantile",
    "blend", "forecast",
    "Plan", "Plans", "capacity", "plan_day", "plan_frame", "plan_dask", "plan_channels",
    "transient_day", "transient_staffing",
    "jackson_network", "mva", "ggc_approximation",
    "waiting_time_survival", "sojourn_time_survival", "waiting_time_quantile", "sojourn_time_quantile",
]
