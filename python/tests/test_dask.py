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
