"""Writes the seed corpus of the libFuzzer harnesses: tests/fuzz/corpus/<harness>/.

    python tests/fuzz/make_corpus.py

Each seed is one input in the harness's layout (the comment at the top of
each fuzz_*.cpp): a few control bytes, then doubles, each written as the
"raw" kind (selector 255 and the 8 IEEE-754 bytes, little-endian) so that the
seed holds exactly the value named here. The seeds cover ordinary contact
center queues, overload, and tiny and huge values; libFuzzer mutates them
from there. Rerunning the script rewrites the same files (it removes the
directory's old seeds first), so the corpus is reproducible from this file.
"""
import hashlib
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent
INF = float("inf")
NAN = float("nan")
RAW = 255  # selector byte of the raw kind (fuzz_common.hpp: 236-255)


def real(v):
    return bytes([RAW]) + struct.pack("<d", v)


def seed(*parts):
    out = bytearray()
    for p in parts:
        out += bytes([p]) if isinstance(p, int) else real(p)
    return bytes(out)


# fuzz_erlang: flags, servers, load, target blocking, chunk size - 1, then
# (servers, load) pairs for the batch.
def erlang_seeds():
    s = {}
    pairs = [(10.0, 8.0), (100.0, 95.0), (1000.0, 500.0), (128.0, 120.0), (129.0, 129.5), (3.5, 2.0)]
    flat = [v for p in pairs for v in p]
    s["ordinary"] = seed(0, 10.0, 8.0, 0.01, 63, *flat)
    s["fractional_servers"] = seed(1, 7.5, 5.25, 0.02, 7, *flat)
    s["overload"] = seed(0, 10.0, 30.0, 0.1, 63, 5.0, 50.0, 50.0, 100.0)
    s["large"] = seed(1, 1e5, 9e4, 1e-3, 255, 1e5, 9e4, 1e6, 1e6, 99.0, 60.0)
    s["temme_block"] = seed(2, 500.0, 400.0, 1e-4, 15, *[v for k in range(70) for v in (100.0 + k, 60.0 + k)])
    s["recursion_block"] = seed(0, 64.0, 40.0, 0.05, 31, *[v for k in range(64) for v in (float(k), k * 0.7)])
    s["zero_load"] = seed(0, 5.0, 0.0, 0.5, 0, 0.0, 0.0, 3.0, 0.0)
    s["no_servers"] = seed(1, 0.0, 4.0, 0.3, 0, 0.0, 4.0)
    s["tiny_load"] = seed(0, 20.0, 1e-30, 1e-9, 1, 20.0, 1e-30)
    s["tiny_target"] = seed(1, 215.0, 150.0, 1e-40, 3)
    s["huge_servers"] = seed(0, 1e15, 1e15, 0.01, 0, 1e12, 1e12)
    s["negative_inputs"] = seed(0, -1.0, 5.0, 0.1, 0, 5.0, -2.0, -0.0, 1.0)
    s["nan_and_inf"] = seed(0, NAN, 5.0, 0.1, 0, INF, 1.0, 3.0, NAN)
    s["wrong_size"] = seed(4, 10.0, 8.0, 0.01, 0, 3.0, 2.0)
    s["reverse_chunks"] = seed(2, 30.0, 25.0, 0.01, 0, *flat)
    s["subnormals"] = seed(0, 5e-324, 2.2e-308, 5e-324, 0, 1.0, 5e-324)
    s["near_one_target"] = seed(1, 50.0, 45.0, 0.999999, 0)
    s["trunk_group"] = seed(0, 30.0, 20.0, 0.01, 63, 30.0, 20.0, 31.0, 20.0, 29.0, 20.0)
    s["one_server"] = seed(1, 1.0, 0.5, 0.2, 0, 1.0, 0.5, 1.0, 2.0)
    s["half_servers"] = seed(1, 0.5, 0.25, 0.3, 1, 0.5, 0.25, 1.5, 0.75, 2.5, 3.0)
    s["erlanglib_case"] = seed(0, 736.0, 708.0, 0.01, 127, 736.0, 708.0, 735.0, 708.0)
    s["heavy_overload"] = seed(0, 10.0, 1e6, 0.5, 0, 10.0, 1e6, 1e3, 1e8)
    s["light_load"] = seed(1, 50.0, 1e-3, 1e-12, 0, 50.0, 1e-3, 2.0, 1e-6)
    s["max_double"] = seed(0, 1.7976931348623157e308, 1.0, 0.5, 0, 1.0, 1.7976931348623157e308)
    return s


# fuzz_measures: mode, aht, arrival rate, agents, patience, lines, t, t2.
# mode bits 0-1: 0 Erlang-C, 1 Erlang-A, 2 finite lines, 3 as decoded.
def measures_seeds():
    s = {}
    day = dict(aht=180.0, rate=100.0 / 1800)  # 10 Erlangs: 100 calls per half hour, 3 minutes each
    s["erlang_c_ordinary"] = seed(0, day["aht"], day["rate"], 14.0, 120.0, 30.0, 20.0, 60.0)
    s["erlang_c_fractional"] = seed(0, day["aht"], day["rate"], 12.7, 120.0, 30.0, 20.0, 5.0)
    s["erlang_c_overload"] = seed(0, day["aht"], day["rate"], 9.0, 120.0, 30.0, 20.0, 60.0)
    s["erlang_c_exactly_loaded"] = seed(0, 1.0, 10.0, 10.0, 1.0, 1.0, 0.5, 2.0)
    s["erlang_a_ordinary"] = seed(1 | 4, day["aht"], day["rate"], 12.0, 120.0, 30.0, 20.0, 60.0)
    s["erlang_a_overload"] = seed(1 | 8, day["aht"], 0.5, 60.0, 60.0, 30.0, 20.0, 90.0)
    s["erlang_a_impatient"] = seed(1 | 16, 300.0, 0.2, 50.0, 5.0, 30.0, 20.0, 1.0)
    s["erlang_a_patient"] = seed(1 | 32, 60.0, 1.0, 61.0, 3.6e4, 30.0, 20.0, 3600.0)
    s["erlang_a_large"] = seed(1, 180.0, 500.0, 9.1e4, 300.0, 30.0, 20.0, 60.0)
    s["erlang_a_no_agents"] = seed(1, 180.0, 0.05, 0.0, 120.0, 30.0, 20.0, 60.0)
    s["finite_lines_ordinary"] = seed(2 | 12, day["aht"], day["rate"], 12.0, 120.0, 20.0, 20.0, 60.0)
    s["finite_lines_no_abandonment"] = seed(2 | 128, day["aht"], day["rate"], 10.0, 120.0, 15.0, 20.0, 60.0)
    s["finite_lines_full"] = seed(2, 180.0, 1.0, 20.0, 60.0, 20.0, 20.0, 60.0)
    s["finite_lines_no_line"] = seed(2, 180.0, 0.01, 0.0, 60.0, 0.0, 20.0, 60.0)
    s["finite_lines_many_lines"] = seed(2, 30.0, 3.0, 95.0, 300.0, 5000.0, 10.0, 40.0)
    s["no_arrivals"] = seed(1, 180.0, 0.0, 5.0, 120.0, 30.0, 20.0, 60.0)
    s["zero_time"] = seed(0, 180.0, 0.05, 12.0, 120.0, 30.0, 0.0, 0.0)
    s["tiny_values"] = seed(3, 1e-9, 1e-12, 1e-3, 1e-6, INF, 1e-12, 1e-300)
    s["huge_values"] = seed(3, 1e6, 1e3, 1e9, 1e8, INF, 1e9, 1e12)
    s["invalid_lines"] = seed(3, 180.0, 0.05, 12.5, 120.0, 10.0, 20.0, 60.0)
    s["negative_patience"] = seed(3, 180.0, 0.05, 12.0, -INF, INF, 20.0, 60.0)
    s["nan_time"] = seed(1, 180.0, 0.05, 12.0, 120.0, 30.0, NAN, -1.0)
    s["negative_rate"] = seed(0, 180.0, -0.05, 12.0, 120.0, 30.0, 20.0, 60.0)
    s["subnormal_agents"] = seed(0, 180.0, 0.05, 5e-324, 120.0, 30.0, 20.0, 60.0)
    return s


# fuzz_staffing: solver, mode, aht, arrival rate, patience, lines, target,
# time, max_occupancy, max_agents, agents, shrinkage.
# mode bits 0-1 the queue, bit 2 fractional, bit 3 max_occupancy, bit 4
# max_agents, bits 5-6 the convention, bit 7 infinite patience (finite lines).
def staffing_seeds():
    s = {}
    day = (180.0, 100.0 / 1800, 120.0, 30.0)  # aht, rate, patience, lines
    names = ["service_level", "asa", "abandon_rate", "occupancy", "capacity", "scheduled", "blocking", "models"]
    targets = [0.8, 0.1, 0.05, 0.85, 0.8, 0.1, 0.01, 0.05]
    times = [20.0, 15.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0]
    for solver, name in enumerate(names):
        for family, queue in enumerate(["erlang_c", "erlang_a", "finite_lines"]):
            mode = family | (32 * (solver % 4))
            s[f"{name}_{queue}"] = seed(solver, mode, *day, targets[solver], times[solver], 0.85, 40.0, 14.0, 0.3)
        s[f"{name}_fractional_capped"] = seed(solver, 1 | 4 | 8, *day, targets[solver], times[solver], 0.85, 40.0,
                                              12.5, 0.35)
    s["service_level_max_agents_too_few"] = seed(0, 1 | 16, *day, 0.95, 10.0, 0.85, 5.0, 14.0, 0.3)
    s["service_level_overloaded_day"] = seed(0, 1 | 64, 300.0, 2.0, 60.0, 30.0, 0.9, 30.0, 0.85, 1e9, 14.0, 0.3)
    s["service_level_large"] = seed(0, 0, 180.0, 300.0, 120.0, 30.0, 0.8, 20.0, 0.85, 1e9, 14.0, 0.3)
    s["service_level_tiny_queue"] = seed(0, 4 | 32, 180.0, 1e-4, 120.0, 30.0, 0.8, 20.0, 0.85, 1e9, 1.0, 0.3)
    s["asa_answered_small"] = seed(1, 1, 180.0, 0.002, 30.0, 30.0, 0.1, 5.0, 0.85, 1e9, 1.0, 0.3)
    s["capacity_no_agents"] = seed(4, 0, *day, 0.8, 20.0, 0.85, 40.0, 0.0, 0.3)
    s["capacity_long_target"] = seed(4, 1 | 32, 180.0, 0.0, 600.0, 30.0, 0.8, 3600.0, 0.85, 40.0, 10.0, 0.3)
    s["scheduled_snapping"] = seed(5, 0, *day, 0.8, 20.0, 0.85, 40.0, 14.0, 0.3)
    s["scheduled_invalid"] = seed(5, 0, *day, 0.8, 20.0, 0.85, 40.0, -1.0, 1.0)
    s["blocking_trunks"] = seed(6, 2 | 128, 180.0, 0.1, 120.0, 30.0, 0.01, 20.0, 0.85, 40.0, 14.0, 0.3)
    s["invalid_options"] = seed(0, 8 | 16, *day, 0.8, 20.0, 1.5, -1.0, 14.0, 0.3)
    s["nan_target"] = seed(0, 0, *day, NAN, 20.0, 0.85, 40.0, 14.0, 0.3)
    s["huge_load"] = seed(0, 1, 1.0, 1e12, 1e3, 30.0, 0.8, 20.0, 0.85, 1e9, 14.0, 0.3)
    return s


def write(harness, seeds):
    directory = HERE / "corpus" / harness
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.iterdir():
        old.unlink()
    for name, data in sorted(seeds.items()):
        digest = hashlib.sha1(data).hexdigest()[:8]
        (directory / f"{name}-{digest}").write_bytes(data)
    print(f"{directory.relative_to(HERE.parents[1])}: {len(seeds)} seeds")


if __name__ == "__main__":
    write("fuzz_erlang", erlang_seeds())
    write("fuzz_measures", measures_seeds())
    write("fuzz_staffing", staffing_seeds())
