"""Benchmarks behind `make bench`; writes docs/bench.md.

1. Network throughput on 2^20 pixels: a reference implementation in the style of SL2P-PYTHON (float64,
   one network per pass: 7 estimates + 7 uncertainties) against the fused float32 estimator (all
   variables, uncertainties, domain flag and QC in one pass) with LiteRT and with the numpy executor.
2. End to end: a synthetic Sentinel-2 L2A product of SIZE x SIZE pixels at 20 m in the SAFE layout (nine
   bands + SCL as lossless JPEG 2000, angle grids in MTD_TL.xml; scripts/synthetic_safe.py) ->
   estimate_stack (all variables + uncertainties + QC, COG), with 1 and 2 threads, each in a fresh
   process: wall time, Mpixel/s and peak resident memory.

Needs ../shared (the published networks are installed offline from shared/upstream-mirror).
"""

import argparse
import concurrent.futures
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
sys.path.insert(0, os.path.join(REPO, "scripts"))

from leaf_qgis.engine.algorithm import get_algorithm  # noqa: E402
from leaf_qgis.engine.catalog import NetworkStore, load_catalog  # noqa: E402
from leaf_qgis.engine.estimator import Estimator  # noqa: E402
from leaf_qgis.engine.networks import read_leaf_csv  # noqa: E402
from leaf_qgis.engine.runtime import litert_available  # noqa: E402

ALG = "S2_SL2P_V0_20M"
SOIL = np.array([0.08, 0.10, 0.12, 0.14, 0.15, 0.17, 0.25, 0.22])
VEG = np.array([0.05, 0.03, 0.08, 0.30, 0.40, 0.45, 0.22, 0.10])


def reference_forward(nets_by_var, x):
    """SL2P-PYTHON style: float64, one network at a time, normalise -> tansig -> linear -> denormalise."""
    out = []
    for net in nets_by_var:
        a = x * net.inp_slope + net.inp_offset
        t = np.tanh(a @ net.h1_weights.T + net.h1_bias)
        y = t @ net.h2_weights + net.h2_bias
        out.append((y - net.out_bias) / net.out_slope)
    return out


def synthetic_pixels(n, rng):
    f = rng.uniform(0, 1, (n, 1))
    refl = (1 - f) * SOIL + f * VEG + rng.normal(0, 0.01, (n, 8))
    return np.clip(refl, 0.001, 0.9)


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def bench_networks(store, mirror, n=1 << 20):
    alg = get_algorithm(ALG)
    inst = store.installed(alg)
    cat = load_catalog()
    est_nets = read_leaf_csv(open(_mirror_path(mirror, cat[alg.networks[0].estimates[0]]), "rb").read(), "est")
    err_nets = read_leaf_csv(open(_mirror_path(mirror, cat[alg.networks[0].errors[0]]), "rb").read(), "err")
    nets = [t[k] for k in range(1, 8) for t in (est_nets, err_nets)]
    rng = np.random.default_rng(1)
    refl = synthetic_pixels(n, rng)
    sza, vza, raa = rng.uniform(25, 65, n), rng.uniform(0, 12, n), rng.uniform(-180, 180, n)
    x = np.column_stack([np.cos(np.radians(vza)), np.cos(np.radians(sza)), np.cos(np.radians(raa)), refl])
    rows = []
    t_ref = timed(lambda: reference_forward(nets, x))
    rows.append(("reference numpy, float64, one network per pass (14 passes)", t_ref, n / t_ref / 1e6, 1.0))
    shape = (1024, n // 1024)
    angles = {"SZA": sza.reshape(shape), "VZA": vza.reshape(shape), "RAA": raa.reshape(shape)}
    bands = [np.ascontiguousarray(refl[:, i]).reshape(shape) for i in range(8)]
    ones = np.ones(shape, dtype=bool)
    runtimes = (["litert"] if litert_available() else []) + ["numpy"]
    for rt in runtimes:
        est = Estimator(alg, inst, runtime=rt)
        t = timed(lambda est=est: est.run(angles, bands, ones, ones))
        rows.append(("fused float32 estimator, %s, 1 thread" % rt, t, n / t / 1e6, t_ref / t))
    threads = os.cpu_count() or 1
    if threads > 1:
        # every core: 512-row windows in parallel, one Estimator per thread (as estimate_stack does)
        local = threading.local()
        windows = [slice(i, i + 256) for i in range(0, shape[0], 256)]

        def work(s, rt):
            if not hasattr(local, rt):
                setattr(local, rt, Estimator(alg, inst, runtime=rt))
            return getattr(local, rt).run({k: v[s] for k, v in angles.items()}, [b[s] for b in bands], ones[s], ones[s])
        for rt in runtimes:
            with concurrent.futures.ThreadPoolExecutor(threads) as pool:
                t = timed(lambda rt=rt: list(pool.map(lambda s: work(s, rt), windows)))
            rows.append(("fused float32 estimator, %s, %d threads (windows in parallel)" % (rt, threads), t,
                         n / t / 1e6, t_ref / t))
    return n, rows


def _mirror_path(mirror, entry):
    return os.path.join(mirror, entry.repo, entry.commit, entry.files[0].path)


CHILD = r"""
import json, sys, time
sys.path.insert(0, %(repo)r)
from leaf_qgis.engine.catalog import NetworkStore
from leaf_qgis.engine.estimate import estimate_stack
from leaf_qgis.engine import writer
commit_seconds = [0.0]
_commit = writer.ProductWriter.commit
def timed_commit(self):
    t = time.perf_counter()
    _commit(self)
    commit_seconds[0] += time.perf_counter() - t
writer.ProductWriter.commit = timed_commit
t0 = time.perf_counter()
r = estimate_stack(%(stack)r, %(out)r, algorithm=%(alg)r, store=NetworkStore(%(store)r), threads=%(threads)d,
                   resolution=20)
wall = time.perf_counter() - t0
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking parent
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0].split()[1]
print(json.dumps({"wall": wall, "rss_mb": int(hwm) / 1024.0, "cog_s": commit_seconds[0],
                  "pixels": r["pixels"], "runtime": r["runtime"]}))
"""


def bench_end_to_end(store_root, sizes, workdir):
    """(size, threads, wall, Mpixel/s, peak RSS MB, runtime) for each product size, with 1 and 2 threads."""
    from synthetic_safe import write_safe
    rows = []
    for size in sizes:
        t0 = time.perf_counter()
        stack = write_safe(os.path.join(workdir, "safe_%d" % size), size=size)
        print("synthetic %d x %d SAFE written in %.1f s" % (size, size, time.perf_counter() - t0), flush=True)
        for threads in (1, 2):
            out = os.path.join(workdir, "out_%d_%d.tif" % (size, threads))
            code = CHILD % {"repo": REPO, "stack": stack, "out": out, "alg": ALG, "store": store_root, "threads": threads}
            res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            r = json.loads(res.stdout.strip().splitlines()[-1])
            rows.append((size, threads, r["wall"], size * size / r["wall"] / 1e6, r["rss_mb"], r["cog_s"], r["runtime"]))
            print("%d px, threads %d: %.1f s, %.2f Mpixel/s, peak RSS %.0f MB" % rows[-1][:5], flush=True)
            for f in (out, out.replace(".tif", "_QC.tif")):
                os.remove(f)
        shutil.rmtree(os.path.dirname(stack))
    return rows


MOSAIC_CHILD = r"""
import json, sys, time
sys.path.insert(0, %(repo)r)
from leaf_qgis.engine.composite import composite
t0 = time.perf_counter()
r = composite(%(inputs)r, %(out)r, start="2023-07-01", end="2023-08-01", method="leaf", threads=%(threads)d)
wall = time.perf_counter() - t0
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0].split()[1]
print(json.dumps({"wall": wall, "rss_mb": int(hwm) / 1024.0}))
"""

MOSAIC_DATES = ("2023-07-03", "2023-07-08", "2023-07-13", "2023-07-18", "2023-07-23")


def bench_mosaic(size, workdir):
    """(size, dates, threads, wall, Mpixel/s, peak RSS MB): LEAF best-pixel composite of 5 synthetic SAFE
    products of one tile (different noise and clouds) into an analysis-ready stack, 1 and 2 threads."""
    from synthetic_safe import write_safe
    t0 = time.perf_counter()
    inputs = [write_safe(os.path.join(workdir, "mosaic_%d" % i), size=size, date=d, seed=10 + i,
                         cloud_fraction=0.1 + 0.05 * i) for i, d in enumerate(MOSAIC_DATES)]
    print("%d synthetic %d x %d SAFE products written in %.1f s" % (len(inputs), size, size,
                                                                    time.perf_counter() - t0), flush=True)
    rows = []
    for threads in (1, 2):
        out = os.path.join(workdir, "mosaic_%d.tif" % threads)
        code = MOSAIC_CHILD % {"repo": REPO, "inputs": inputs, "out": out, "threads": threads}
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        rows.append((size, len(inputs), threads, r["wall"], size * size / r["wall"] / 1e6, r["rss_mb"]))
        print("mosaic %d px x %d dates, threads %d: %.1f s, %.2f Mpixel/s, peak RSS %.0f MB" % rows[-1], flush=True)
        os.remove(out)
    for i in inputs:
        shutil.rmtree(os.path.dirname(i))
    return rows


def machine():
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = "%.0f GiB" % (int(f.readline().split()[1]) / 1024 / 1024)
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    from osgeo import gdal
    return "%d cores (%s), %s RAM, %s, Python %s, numpy %s, GDAL %s, LiteRT %s" % (
        os.cpu_count(), cpu, mem, platform.platform(), platform.python_version(), np.__version__,
        gdal.__version__, "yes" if litert_available() else "no")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    p.add_argument("--sizes", type=int, nargs="+", default=[2048, 5490],
                   help="sides of the synthetic stacks in pixels (5490 = a Sentinel-2 tile at 20 m)")
    p.add_argument("--mosaic-size", type=int, default=5490, help="side of the 5-date mosaic case (0: skip it)")
    p.add_argument("--out", default=os.path.join(REPO, "docs", "bench.md"))
    a = p.parse_args()
    mirror = os.path.join(a.shared, "upstream-mirror")
    if not os.path.isdir(mirror):
        raise SystemExit("make bench needs the reference data in %s (for the published networks)" % a.shared)
    with tempfile.TemporaryDirectory(prefix="leaf_bench_") as work:
        store = NetworkStore(os.path.join(work, "networks"))
        store.install(get_algorithm(ALG), source=mirror)
        n, net_rows = bench_networks(store, mirror)
        for r in net_rows:
            print("%-75s %.3f s  %.2f Mpixel/s  x%.1f" % r, flush=True)
        e2e = bench_end_to_end(store.root, a.sizes, work)
        mosaic = bench_mosaic(a.mosaic_size, work) if a.mosaic_size else []
    lines = ["# Benchmarks", "",
             "Made by `make bench` (scripts/bench.py) on %s." % time.strftime("%Y-%m-%d"), "",
             "Machine: %s." % machine(), "",
             "## Network evaluation (%d pixels, S2 SL2P V0 20 m, all 7 variables with uncertainty)" % n, "",
             "| implementation | time (s) | Mpixel/s | speed-up vs reference |", "|---|---|---|---|"]
    lines += ["| %s | %.3f | %.2f | %.1f |" % r for r in net_rows]
    lines += ["", "Best of 3 runs. The reference evaluates the 14 published networks one at a time in float64 "
              "(as SL2P-PYTHON does) and computes nothing else; the fused estimator also computes the domain "
              "flag, the range flag and the QC byte.", "",
              "## End to end: synthetic Sentinel-2 L2A SAFE products at 20 m -> estimates + uncertainties + QC (COG)",
              "",
              "| pixels | threads | wall time (s) | Mpixel/s | peak RSS (MB) | of which COG copy (s) | runtime |",
              "|---|---|---|---|---|---|---|"]
    lines += ["| %d x %d | %d | %.1f | %.2f | %.0f | %.1f | %s |" % ((r[0],) + r) for r in e2e]
    largest = max(a.sizes)
    one = [r for r in e2e if r[0] == largest and r[1] == 1]
    two = [r for r in e2e if r[0] == largest and r[1] == 2]
    if one and two:
        lines += ["", "%d x %d: 2-thread time / 1-thread time = %.2f." % (largest, largest, two[0][2] / one[0][2])]
    if mosaic:
        lines += ["", "## Mosaic: %d synthetic Sentinel-2 SAFE products of one tile -> LEAF best-pixel composite "
                  "(analysis-ready stack)" % mosaic[0][1], "",
                  "| pixels | dates | threads | wall time (s) | Mpixel/s (output) | peak RSS (MB) |",
                  "|---|---|---|---|---|---|"]
        lines += ["| %d x %d | %d | %d | %.1f | %.2f | %.0f |" % ((r[0],) + r) for r in mosaic]
        lines += ["", "2-thread time / 1-thread time = %.2f. The products differ by noise and clouds (10 to 30 %% of "
                  "the tile); the composite reads all nine bands and SCL of every date per window, computes the "
                  "LEAF production score (spec 6.3) and writes reflectance, angles, MASK, DATE, DOY, SOURCE and "
                  "COUNT." % (mosaic[1][3] / mosaic[0][3])]
    lines += ["", "Each run is a fresh process (peak RSS is its VmHWM, the high-water mark of resident memory); windows "
              "are the 640 x 640 JPEG 2000 tiles (Scene.work_units: each tile decoded once, by one thread); the input is a SAFE folder made by scripts/synthetic_safe.py (nine 20 m bands and SCL "
              "as lossless JPEG 2000 with 640-pixel tiles like ESA's 20 m files, angles interpolated from the MTD_TL.xml grids per "
              "window) and the outputs are a 14-band float32 COG and a uint8 QC COG with overviews. The thread "
              "count governs everything: the window workers, GDAL's JPEG 2000 decoding and the COG compression.",
              ""]
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        f.write("\n".join(lines))
    print("wrote", a.out)


if __name__ == "__main__":
    main()
