# SPDX-License-Identifier: GPL-2.0-or-later
"""`make demo`: the plugin's main job on the sample that ships with the project, offline, in under a minute.

The three Processing tools run as a user runs them after `make install`: through qgis_process.bin, with the
plugin zip of `make package` installed into a new, empty QGIS profile (or, with --runner processing or when
qgis_process.bin is missing, through processing.run in a headless QGIS started by this process):

1. leaf:subset     the July product of demo/data/products -> an analysis-ready stack over an area inside the tile
2. leaf:estimate   that stack -> LAI, fAPAR, fCOVER, CCC, CWC, albedo + uncertainties (COG) and QC (COG), with the
                   automatic algorithm choice among this project's bundled networks (NETWORKS=1: the default,
                   LEAF's published networks, would need a download or leaf:installnetworks)
3. leaf:timeseries the three products over the same area (NETWORKS=1 too) -> one estimate COG per date, the series
                   at one point per parcel kind (CSV) and its chart (PNG)

then compares the estimates with the known truth of the simulation (demo/data/truth_<date>.tif) on the pixels
whose QC is 0, and writes quicklook.png (LAI / fAPAR / fCOVER with colour bars) and summary.txt / summary.json.

Offline by construction: the networks' download URL points at an unroutable address (192.0.2.1, TEST-NET-1),
the network cache is a new empty folder (its files are counted after the run), each qgis_process run is in a
network namespace without interfaces (`unshare -rn`) where the system allows it, and in this process every
Python socket connection to a non-local address is refused and counted. The demo never reads ../shared.

    .venv/bin/python scripts/demo.py [--out demo/out] [--runner qgis_process|processing]
"""

import argparse
import csv
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "demo" / "data"
UNROUTABLE_URL = "http://192.0.2.1:9/leaf-networks/"
# the area of the demo (EPSG:32618): 130 x 130 pixels inside the 150 x 150 pixel tile (452000-455000 E)
EXTENT = (452200.0, 454800.0, 5009200.0, 5011800.0)
SUBSET_DATE = "2023-07-10"
VARIABLES = ("LAI", "fAPAR", "fCOVER")
VARIABLE_INDEX = {"LAI": 0, "fAPAR": 1, "fCOVER": 2}      # the tools' VARIABLES enum
BUNDLED = 1   # the NETWORKS enum: the automatic choice among this project's bundled networks (offline)

_attempts = []


def _guard_sockets():
    """Refuse (and count) every Python socket connection to anything but the loopback or a Unix socket."""
    original, original_ex = socket.socket.connect, socket.socket.connect_ex

    def local(address):
        if isinstance(address, (str, bytes)):
            return True
        host = str(address[0])
        return host in ("localhost", "::1") or host.startswith("127.")

    def connect(self, address):
        if not local(address):
            _attempts.append(repr(address))
            raise OSError("make demo is offline: connection to %r refused" % (address,))
        return original(self, address)

    def connect_ex(self, address):
        if not local(address):
            _attempts.append(repr(address))
            return 111
        return original_ex(self, address)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex


def _start_qgis(config_dir: str):
    """A headless QgsApplication with Processing and the LEAF provider of this source tree."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())
    os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    os.environ["QGIS_CUSTOM_CONFIG_PATH"] = config_dir     # a fresh profile: no user setting changes the run
    sys.path.insert(0, str(REPO))
    from qgis.core import QgsApplication
    app = QgsApplication([], False, config_dir)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing
    Processing.initialize()
    from leaf_qgis.processing.provider import LeafProvider
    provider = LeafProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def _run(alg_id: str, params: dict, log):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        def reportError(self, error, fatalError=False):
            log("  ! " + error)

    context = QgsProcessingContext()
    t = time.perf_counter()
    result = processing.run(alg_id, params, feedback=Feedback(), context=context)
    return result, time.perf_counter() - t


class ProcessingRunner:
    """The tools through processing.run in one headless QGIS started by this process (Python sockets guarded)."""

    name = "processing.run in a headless QGIS (LEAF provider of this source tree)"

    def __init__(self, work: Path, log):
        t = time.perf_counter()
        _guard_sockets()
        self.app, self.provider = _start_qgis(str(work / "qgis_profile"))
        self.log = log
        self.start = time.perf_counter() - t
        self.isolation = "Python socket connections to non-local addresses refused and counted"

    def run(self, alg_id: str, params: dict):
        return _run(alg_id, params, self.log)


class QgisProcessRunner:
    """The tools through qgis_process.bin, as a user runs them after `make install`: the plugin zip of `make
    package` installed into a new QGIS profile; each run in a network namespace without interfaces
    (`unshare -rn`) where the system allows it."""

    def __init__(self, work: Path, log, binary: str):
        t = time.perf_counter()
        self.binary, self.log = binary, log
        package = subprocess.run(["make", "-s", "package"], cwd=REPO, capture_output=True, text=True)
        if package.returncode != 0:
            raise RuntimeError("make package failed: %s" % (package.stderr or package.stdout)[-2000:])
        zips = sorted((REPO / "dist").glob("leaf_qgis-*.zip"))
        self.config = work / "qgis_config"
        install = subprocess.run(["/usr/bin/python3", str(REPO / "scripts" / "install_plugin.py"), str(zips[-1]),
                                  str(self.config / "profiles" / "default")], capture_output=True, text=True,
                                 env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        if install.returncode != 0:
            raise RuntimeError("installing the plugin zip failed: %s" % (install.stderr or install.stdout)[-2000:])
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(self.config))
        self.prefix = []
        unshare = shutil.which("unshare")
        if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
            self.prefix = [unshare, "-rn"]
        self.isolation = ("each qgis_process run in a network namespace without interfaces (unshare -rn)"
                          if self.prefix else "unshare -rn is not available here: no namespace isolation")
        self.name = "qgis_process.bin (plugin zip %s installed in a new QGIS profile)" % zips[-1].name
        self.start = time.perf_counter() - t

    def run(self, alg_id: str, params: dict):
        args = []
        for k, v in params.items():
            for item in (v if isinstance(v, (list, tuple)) else [v]):
                args.append("%s=%s" % (k, str(item).lower() if isinstance(item, bool) else item))
        t = time.perf_counter()
        p = subprocess.run(self.prefix + [self.binary, "run", alg_id, "--json", "--"] + args, env=self.env,
                           capture_output=True, text=True, timeout=240)
        seconds = time.perf_counter() - t
        if p.returncode != 0:
            raise RuntimeError("qgis_process run %s failed (%d):\n%s" % (alg_id, p.returncode,
                                                                        (p.stdout + p.stderr)[-3000:]))
        return json.loads(p.stdout[p.stdout.index("{"):])["results"], seconds


def _read(path: str, names):
    """{band description: float64 array} of the named bands, and the geotransform."""
    import numpy as np
    from osgeo import gdal
    ds = gdal.Open(path)
    bands = {ds.GetRasterBand(k).GetDescription(): k for k in range(1, ds.RasterCount + 1)}
    missing = [n for n in names if n not in bands]
    if missing:
        raise RuntimeError("%s has no band %s" % (path, ", ".join(missing)))
    out = {n: ds.GetRasterBand(bands[n]).ReadAsArray().astype(np.float64) for n in names}
    return out, ds.GetGeoTransform()


def truth_on(grid_path: str, date: str):
    """The truth LAI / fAPAR / fCOVER of `date` on the grid of the output `grid_path` (same pixels, a window)."""
    from osgeo import gdal
    ds = gdal.Open(grid_path)
    gt, w, h = ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize
    truth = gdal.Open(str(DATA / ("truth_%s.tif" % date.replace("-", ""))))
    tgt = truth.GetGeoTransform()
    if abs(gt[1] - tgt[1]) > 1e-6 or abs(gt[5] - tgt[5]) > 1e-6:
        raise RuntimeError("%s is not on the truth's 20 m grid" % grid_path)
    xoff, yoff = round((gt[0] - tgt[0]) / tgt[1]), round((gt[3] - tgt[3]) / tgt[5])
    if abs(xoff * tgt[1] - (gt[0] - tgt[0])) > 1e-3 or abs(yoff * tgt[5] - (gt[3] - tgt[3])) > 1e-3:
        raise RuntimeError("%s is not aligned on the truth's pixels" % grid_path)
    names = {truth.GetRasterBand(k).GetDescription(): k for k in range(1, truth.RasterCount + 1)}
    out = {v: truth.GetRasterBand(names[v]).ReadAsArray(xoff, yoff, w, h).astype(float) for v in VARIABLES}
    parcels = gdal.Open(str(DATA / "parcels.tif"))
    out["PARCEL"] = parcels.GetRasterBand(1).ReadAsArray(xoff, yoff, w, h)
    return out


def errors(estimates_path: str, qc_path: str, date: str):
    """Per variable: n, RMSE, bias (estimate - truth), r over the pixels with QC 0 and a truth; and the arrays."""
    import numpy as np
    est, _ = _read(estimates_path, VARIABLES)
    qc = _read(qc_path, ["QC"])[0]["QC"].astype(np.uint8)
    truth = truth_on(estimates_path, date)
    stats, pairs = {}, {}
    for v in VARIABLES:
        ok = (qc == 0) & np.isfinite(est[v]) & np.isfinite(truth[v])
        e, t = est[v][ok], truth[v][ok]
        # also with the pixels whose only flag is an out-of-range estimate (QC 2; the value is written)
        ok2 = ((qc & ~np.uint8(2)) == 0) & np.isfinite(est[v]) & np.isfinite(truth[v])
        pairs[v] = (e, t, truth["PARCEL"][ok], est[v][ok2], truth[v][ok2])
        stats[v] = metrics(e, t)
    return stats, pairs, est, truth, qc


def metrics(e, t):
    import numpy as np
    if e.size < 2:
        return {"n": int(e.size), "rmse": float("nan"), "bias": float("nan"), "r": float("nan")}
    d = e - t
    r = float(np.corrcoef(e, t)[0, 1]) if np.std(e) > 0 and np.std(t) > 0 else float("nan")   # bare soil: no r
    return {"n": int(e.size), "rmse": float(np.sqrt(np.mean(d * d))), "bias": float(np.mean(d)), "r": r}


def quicklook(path: str, est, truth, qc, date: str, algorithm: str):
    """LAI / fAPAR / fCOVER: estimates (QC 0 pixels; others grey) above the truth, a colour bar per variable."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    limits = {"LAI": (0, 6), "fAPAR": (0, 1), "fCOVER": (0, 1)}
    units = {"LAI": "m²/m²", "fAPAR": "fraction", "fCOVER": "fraction"}
    fig, axes = plt.subplots(2, 3, figsize=(11, 7.4), constrained_layout=True)
    cmap = matplotlib.colormaps["YlGn"].copy()
    cmap.set_bad("0.75")
    for j, v in enumerate(VARIABLES):
        shown = np.where(qc == 0, est[v], np.nan)
        for i, (arr, label) in enumerate(((shown, "estimate (%s)" % algorithm), (truth[v], "known truth"))):
            ax = axes[i, j]
            im = ax.imshow(np.ma.masked_invalid(arr), cmap=cmap, vmin=limits[v][0], vmax=limits[v][1],
                           interpolation="nearest")
            ax.set_title("%s %s" % (v, label), fontsize=9)
            ax.set_xticks([])
            ax.set_yticks([])
        fig.colorbar(im, ax=axes[:, j], orientation="horizontal", shrink=0.85, label="%s (%s)" % (v, units[v]))
    fig.suptitle("leaf_qgis demo, Sentinel-2 %s (synthetic, 20 m): grey = QC not 0 (cloud, shadow, water, out-of-range "
                 "estimate, out of domain) or no truth" % date, fontsize=10)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def table(rows):
    """Fixed-width text table."""
    widths = [max(len(str(r[k])) for r in rows) for k in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(str(c).rjust(w) if k else str(c).ljust(w) for k, (c, w) in enumerate(zip(r, widths))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv=None) -> dict:
    global DATA
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "demo" / "out"), help="output folder (emptied first)")
    ap.add_argument("--data", default=str(DATA), help="the sample (default: demo/data)")
    ap.add_argument("--runner", choices=("qgis_process", "processing"), default="qgis_process",
                    help="run the tools through qgis_process.bin (default, as after make install; falls back to "
                         "processing when it is not installed) or processing.run in this process")
    a = ap.parse_args(argv)
    DATA = Path(a.data).resolve()
    out = Path(a.out).resolve()
    lines = []

    def log(msg=""):
        print(msg, flush=True)

    if not (DATA / "products").is_dir():
        sys.exit("The demo sample %s is missing (it ships with the repository)." % (DATA / "products"))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    work = Path(tempfile.mkdtemp(prefix="leaf_demo_"))
    cache = work / "network_cache"
    cache.mkdir()
    os.environ["LEAF_QGIS_NETWORK_BASE_URL"] = UNROUTABLE_URL
    os.environ["LEAF_QGIS_CACHE_DIR"] = str(cache)
    os.environ.pop("LEAF_QGIS_ALGORITHMS_DIR", None)
    try:
        binary = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"
        runner = None
        if a.runner == "qgis_process" and os.path.exists(binary):
            try:
                runner = QgisProcessRunner(work, log, binary)
            except RuntimeError as e:     # no zip (e.g. lrelease missing): the same tools through processing.run
                log("qgis_process cannot be used (%s); running the tools through processing.run" % e)
        runner = runner or ProcessingRunner(work, log)
        t_start = runner.start
        log("leaf_qgis demo: tools run through %s; ready in %.1f s" % (runner.name, t_start))
        products = sorted(str(p) for p in (DATA / "products").glob("*.SAFE"))
        july = next(p for p in products if SUBSET_DATE.replace("-", "") in os.path.basename(p))
        extent = "%.1f,%.1f,%.1f,%.1f [EPSG:32618]" % EXTENT

        stack = str(out / ("stack_%s.tif" % SUBSET_DATE.replace("-", "")))
        r_sub, t_sub = runner.run("leaf:subset", {"INPUT": [july], "EXTENT": extent, "OUTPUT": stack})
        log("1. leaf:subset      %-38s %5.1f s" % (os.path.basename(stack), t_sub))

        est_path = str(out / ("estimate_%s.tif" % SUBSET_DATE.replace("-", "")))
        r_est, t_est = runner.run("leaf:estimate", {"INPUT": stack, "NETWORKS": BUNDLED, "OUTPUT": est_path})
        algorithm = r_est["ALGORITHM_USED"]
        log("2. leaf:estimate    %-38s %5.1f s  (%s)" % (os.path.basename(est_path), t_est, algorithm))

        ts_folder = out / "timeseries"
        r_ts, t_ts = runner.run("leaf:timeseries", {
            "FOLDER": str(DATA / "products"), "EXTENT": extent, "NETWORKS": BUNDLED,
            "VARIABLES": [VARIABLE_INDEX[v] for v in VARIABLES],
            "FEATURES": str(DATA / "points.geojson"), "ID_FIELD": "name", "LOAD_LAYERS": False,
            "OUTPUT_FOLDER": str(ts_folder), "TABLE": str(out / "timeseries.csv"),
            "CHART": str(out / "timeseries.png")})
        log("3. leaf:timeseries  %-38s %5.1f s  (%d dates, %d table rows)" % (
            "timeseries/ timeseries.csv timeseries.png", t_ts, r_ts["ACQUISITIONS"], r_ts["ROWS"]))

        # the error against the known truth
        import numpy as np
        from osgeo import gdal
        t_eval = time.perf_counter()
        qc_est = est_path[:-4] + "_QC.tif"
        stats_est, _, est, truth, qc = errors(est_path, qc_est, SUBSET_DATE)
        quicklook(str(out / "quicklook.png"), est, truth, qc, SUBSET_DATE, algorithm)
        per_date, pooled = {}, {v: ([], [], [], [], []) for v in VARIABLES}
        layers = sorted(str(p) for p in ts_folder.glob("*.tif") if not p.name.endswith("_QC.tif"))
        for path in layers:
            date = gdal.Open(path).GetMetadataItem("LEAF_DATE")
            stats, pairs, _, _, q, = errors(path, path[:-4] + "_QC.tif", date)
            per_date[date] = (stats, int(q.size), int((q == 0).sum()))
            for v in VARIABLES:
                for k in range(5):
                    pooled[v][k].append(pairs[v][k])
        pooled = {v: [np.concatenate(x) for x in pooled[v]] for v in VARIABLES}
        overall = {v: metrics(pooled[v][0], pooled[v][1]) for v in VARIABLES}
        overall_range = {v: metrics(pooled[v][3], pooled[v][4]) for v in VARIABLES}
        with open(DATA / "parcels.csv", newline="", encoding="utf-8") as f:
            kind_of = {int(r["id"]): r["kind"] for r in csv.DictReader(f)}
        kinds = {}
        for kind in dict.fromkeys(kind_of.values()):
            ids = [i for i, k in kind_of.items() if k == kind]
            sel = np.isin(pooled["LAI"][2], ids)
            kinds[kind] = {v: metrics(pooled[v][0][sel], pooled[v][1][sel]) for v in VARIABLES}
        t_eval = time.perf_counter() - t_eval

        rows = [("date", "variable", "n", "RMSE", "bias", "r")]
        for date, (stats, _, _) in per_date.items():
            for v in VARIABLES:
                s = stats[v]
                rows.append((date, v, s["n"], "%.3f" % s["rmse"], "%+.3f" % s["bias"], "%.3f" % s["r"]))
        for v in VARIABLES:
            s = overall[v]
            rows.append(("all 3 dates", v, s["n"], "%.3f" % s["rmse"], "%+.3f" % s["bias"], "%.3f" % s["r"]))
        for v in VARIABLES:
            s = overall_range[v]
            rows.append(("all, QC 0 or 2", v, s["n"], "%.3f" % s["rmse"], "%+.3f" % s["bias"], "%.3f" % s["r"]))
        kind_rows = [("parcel kind (3 dates)", "n", "LAI RMSE", "LAI bias", "fAPAR bias", "fCOVER bias")]
        for kind, st in kinds.items():
            kind_rows.append((kind, st["LAI"]["n"], "%.3f" % st["LAI"]["rmse"], "%+.3f" % st["LAI"]["bias"],
                              "%+.3f" % st["fAPAR"]["bias"], "%+.3f" % st["fCOVER"]["bias"]))
        ds = gdal.Open(est_path)
        networks = json.loads(ds.GetMetadataItem("LEAF_NETWORKS") or "{}")
        cache_files = [f for _, _, fs in os.walk(cache) for f in fs]
        wall = time.perf_counter() - T0
        lines += [
            "leaf_qgis demo (make demo), %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "input: demo/data/products, 3 synthetic Sentinel-2 L2A SAFE products (PROSAIL, known truth; demo/README.md)",
            "area: %s, %d x %d pixels of 20 m" % (extent, ds.RasterXSize, ds.RasterYSize),
            "algorithm (automatic choice): %s - %s; runtime %s" % (
                algorithm, ds.GetMetadataItem("LEAF_ALGORITHM_NAME"), ds.GetMetadataItem("LEAF_RUNTIME")),
            "networks: %s" % (networks.get("origin") or networks.get("source") or "?"),
            "%s: %d pixels with data; QC 0 on %d, input out of domain on %d, estimate out of range on %d, "
            "invalid (cloud, shadow, water) on %d" % (
                os.path.basename(est_path), r_est["PIXELS"], int((qc == 0).sum()), r_est["OUT_OF_DOMAIN"],
                int(((qc & 2) > 0).sum() - (qc == 255).sum()), int(((qc & 4) > 0).sum() - (qc == 255).sum())),
            "",
            "Error against the known truth (estimate - truth, pixels with QC 0; time-series estimates per date; "
            "last rows: also the pixels flagged only for an out-of-range estimate, QC 2):",
            table(rows),
            "",
            table(kind_rows),
            "",
            "%s alone (the leaf:estimate output): LAI RMSE %.3f, fAPAR RMSE %.3f, fCOVER RMSE %.3f" % (
                SUBSET_DATE, stats_est["LAI"]["rmse"], stats_est["fAPAR"]["rmse"], stats_est["fCOVER"]["rmse"]),
            "tools run through %s" % runner.name,
            "offline: network base URL %s, network cache a new empty folder (%d files after the run); %s; %d "
            "connection attempts from this process" % (UNROUTABLE_URL, len(cache_files), runner.isolation,
                                                      len(_attempts)),
            "wall time %.1f s (%s %.1f, subset %.1f, estimate %.1f, time series %.1f, evaluation and quicklook %.1f)"
            % (wall, "package + install" if isinstance(runner, QgisProcessRunner) else "QGIS start", t_start, t_sub,
               t_est, t_ts, t_eval),
        ]
        summary = "\n".join(lines) + "\n"
        (out / "summary.txt").write_text(summary, encoding="utf-8")
        result = {"wall_s": wall, "algorithm": algorithm, "per_date": {d: s for d, (s, _, _) in per_date.items()},
                  "overall": overall, "overall_qc0_or_2": overall_range, "per_kind": kinds, "estimate": stats_est, "connection_attempts": list(_attempts),
                  "cache_files": cache_files, "extent": EXTENT, "subset_date": SUBSET_DATE,
                  "runner": runner.name, "isolation": runner.isolation,
                  "timings": {"qgis_start": t_start, "subset": t_sub, "estimate": t_est, "timeseries": t_ts,
                              "evaluation": t_eval}}
        (out / "summary.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        log("")
        log(summary)
        log("Outputs in %s:" % out)
        for p in sorted(out.rglob("*")):
            if p.is_file():
                log("  %-52s %8.1f kB" % (p.relative_to(out), p.stat().st_size / 1000))
        if _attempts:
            raise SystemExit("make demo tried to reach the network: %s" % ", ".join(_attempts))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
    # exitQgis() at interpreter exit can crash in some QGIS builds after processing; leave without it
    sys.stdout.flush()
    os._exit(0)
