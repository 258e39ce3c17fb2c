"""The functions run unchanged on Dask chunks and in pandas UDFs (scaling beyond one machine)."""
import numpy as np
import pandas as pd

import erlangkit as ek


def sweep_inputs(n=200_000):
    rng = np.random.default_rng(3)
    rate = rng.uniform(0.01, 2.0, n)          # calls per second
    aht = rng.uniform(120, 600, n)            # seconds
    patience = rng.choice([60.0, 180.0, np.inf], n)
    return rate, aht, patience


def test_what_if_sweep_on_a_dask_local_cluster_matches_one_process():
    import dask.array as da
    from distributed import Client, LocalCluster

    rate, aht, patience = sweep_inputs()
    want = ek.agents_for_service_level(0.8, 20, rate, aht, patience=patience)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        chunks = 25_000
        d_rate, d_aht, d_pat = (da.from_array(a, chunks=chunks) for a in (rate, aht, patience))
        staffed = da.map_blocks(lambda r, h, p: ek.agents_for_service_level(0.8, 20, r, h, patience=p),
                                d_rate, d_aht, d_pat, dtype=np.int64)
        got = staffed.compute()
    assert got.dtype == np.int64
    assert np.array_equal(got, want)


def test_pandas_groupby_udf():
    rate, aht, patience = sweep_inputs(960)
    df = pd.DataFrame({"queue": np.repeat(["sales", "support", "billing", "tech"], 240),
                       "rate": rate, "aht": aht})
    per_queue = df.groupby("queue").apply(
        lambda g: int(ek.agents_for_service_level(0.8, 20, g["rate"], g["aht"], patience=180).sum() / 4),
        include_groups=False)
    direct = {q: int(ek.agents_for_service_level(0.8, 20, g["rate"].to_numpy(), g["aht"].to_numpy(),
                                                 patience=180).sum() / 4)
              for q, g in df.groupby("queue")}
    assert per_queue.to_dict() == direct


def long_forecast(queues=200, intervals=96):
    rng = np.random.default_rng(11)
    shape = 20 + 180 * np.exp(-0.5 * ((np.arange(intervals) / 4 - 11) / 2.5) ** 2)
    rows = []
    for q in range(queues):
        scale = rng.uniform(0.2, 2.0)
        rows.append(pd.DataFrame({"queue": f"q{q:03d}", "time": np.arange(intervals), "calls": scale * shape,
                                  "aht": rng.uniform(200, 320)}))
    return pd.concat(rows, ignore_index=True)


def test_plan_dask_on_a_local_cluster_matches_plan_frame_in_one_process():
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    f = long_forecast()
    kw = dict(target=0.8, target_time=20, patience=180, shrinkage=0.3)
    want = ek.plan_frame(f, "15min", **kw)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        got = ek.plan_dask(dd.from_pandas(f, npartitions=8), "15min", **kw).compute()
    got = got.sort_values(["queue", "time"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    # plan_frame is plan_day per queue, planned together.
    one = ek.plan_day(f[f.queue == "q007"].set_index("time")["calls"], f[f.queue == "q007"]["aht"].iloc[0], "15min",
                      **kw)
    np.testing.assert_array_equal(want[want.queue == "q007"]["agents"].to_numpy(), one.intervals["agents"].to_numpy())
