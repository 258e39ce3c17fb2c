"""The cost of one expected measure (erlangkit.forecast) next to the plain one.

    PYTHONPATH=python python bench/forecast_cost.py

14 agents, 100 calls per 30 min, AHT 180 s, service level within 20 s, gamma
forecast law with cv 0.1; Erlang-C and Erlang-A (patience 120 s). Best of 5 x
200 calls. docs/forecast_uncertainty.md quotes it.
"""
import timeit

import erlangkit as ek
from erlangkit import forecast

LAM = 100 / 1800
for name, pat in (("Erlang-C", float("inf")), ("Erlang-A", 120.0)):
    calls = {"plain service level": lambda: ek.service_level(14, LAM, 180, 20, patience=pat),
             "expected service level": lambda: forecast.service_level(14, LAM, 180, 20, 0.1, patience=pat),
             "staffing with p = 0.9": lambda: forecast.agents_for_service_level(0.8, 20, LAM, 180, 0.1,
                                                                              meet_probability=0.9, patience=pat)}
    for what, f in calls.items():
        best = min(timeit.repeat(f, number=200, repeat=5)) / 200
        print(f"{name:9} {what:24} {best * 1e6:9.1f} us")
