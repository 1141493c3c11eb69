"""`make validate`: the bundled leaf_qgis networks against the published LEAF networks and against ground data.

usage: python scripts/validate_networks.py [--shared ../shared] [--out docs/validation.md]

1. Real pixels (LEAF toolbox GEE exports at NEON UKFS, shared/realdata/leaf_sl2p_python_sr_samples): every
   bundled network set is run through the engine (Estimator, numpy runtime) next to the published network of
   its sensor; RMSE, bias (ours - published) and r per variable.
2. Ground plots (NEON via GBOV and CCRS in-situ, shared/realdata/ground_validation_neon_ccrs_s2): each
   Sentinel-2 network is run on every matched S2 pixel; per plot the median estimate over its pixels is
   compared with the plot's ground LAI, fAPAR and fCOVER (definitions in the report), for ours and the
   published networks alike.
The published networks are installed offline from shared/upstream-mirror into a temporary cache.
"""

import argparse
import csv
import os
import sys
import tempfile
from collections import defaultdict

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

from leaf_qgis.engine.algorithm import load_algorithms  # noqa: E402
from leaf_qgis.engine.catalog import NetworkStore  # noqa: E402
from leaf_qgis.engine.estimator import QC_DOMAIN, Estimator  # noqa: E402

SAMPLES = "realdata/leaf_sl2p_python_sr_samples/"
GROUND = "realdata/ground_validation_neon_ccrs_s2/"
VARS = ["LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo"]
# (ours, published, sample file, {our input band: sample column}, scale of raw-DN columns, note)
PAIRS = [
    ("LEAF_QGIS_S2_20M", "S2_SL2P_V0_20M", "Surface_refelctance_S2_L2A.csv",
     dict(zip(["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"], ["B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12"])), ""),
    ("LEAF_QGIS_S2_10M", "S2_SL2P_V0_10M", "Surface_refelctance_S2_L2A.csv",
     dict(zip(["B2", "B3", "B4", "B8"], ["B02", "B03", "B04", "B08"])), ""),
    ("LEAF_QGIS_S2_NRE_20M", "S2_SL2P_V0_20M", "Surface_refelctance_S2_L2A.csv",
     dict(zip(["B3", "B4", "B8A", "B11", "B12"], ["B03", "B04", "B8A", "B11", "B12"])),
     "no published no-red-edge network: compared with the 20 m V0 network (all bands)"),
    ("LEAF_QGIS_L8_L9_30M", "L8_SL2P_V0_30M", "Surface_refelctance_LC08_T1_L2.csv",
     {b: b for b in ["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"]}, ""),
    ("LEAF_QGIS_HLS_30M", "HLS_SL2P_V0_30M", "Surface_refelctance_HLSL30_v002.csv",
     {b: b for b in ["B3", "B4", "B5", "B6", "B7"]}, ""),
    ("LEAF_QGIS_L5_L7_30M", "L5_SL2P_CCRS_30M", "Surface_refelctance_LC08_T1_L2.csv",
     dict(zip(["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"], ["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"])),
     "no real TM/ETM+ pixels: Landsat 8 OLI pixels stand in (OLI green, red, NIR, SWIR1, SWIR2)"),
]
S2_GROUND_BANDS = {"B2": "B2", "B3": "B3", "B4": "B4", "B5": "B5", "B6": "B6", "B7": "B7", "B8": "B8", "B8A": "B8A",
                   "B11": "B11", "B12": "B12"}
GROUND_NETWORKS = ["LEAF_QGIS_S2_20M", "S2_SL2P_V0_20M", "LEAF_QGIS_S2_10M", "S2_SL2P_V0_10M", "LEAF_QGIS_S2_NRE_20M"]
TARGETS = {"LAI": (0.3, 0.1), "fAPAR": (0.05, None), "fCOVER": (0.05, None)}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(rows, col):
    out = []
    for r in rows:
        try:
            out.append(float(r[col]))
        except (KeyError, TypeError, ValueError):
            out.append(np.nan)
    return np.array(out)


RAW_DN_COLUMNS = {"B01", "B02", "B08", "B9"}   # the S2 sample file holds these as DN (the 20 m net never used them)


def reflectance(rows, col):
    """Reflectance of a sample column (the S2 sample file's raw-DN columns are scaled by 1e-4)."""
    v = num(rows, col)
    return v * 1e-4 if col in RAW_DN_COLUMNS and "B03" in rows[0] else v


def run(est, rows, band_cols, bands):
    cos = {a: num(rows, "cos" + a) for a in ("VZA", "SZA", "RAA")}
    angles = {a: np.degrees(np.arccos(np.clip(c, -1, 1))) for a, c in cos.items()}
    refl = [reflectance(rows, band_cols[b]) for b in bands]
    ok = np.all(np.isfinite(np.stack(refl)), axis=0) & np.all(np.isfinite(np.stack(list(angles.values()))), axis=0)
    refl = [np.where(ok, r, 0.0) for r in refl]
    angles = {k: np.where(ok, v, 0.0) for k, v in angles.items()}
    out = est.run(angles, refl, ok, np.ones(ok.size, bool))
    return out


def pair_outputs(shared, estimator, ours, pub, fname, cols):
    """Outputs of our network set and of the published one on the real samples of `fname` (one PAIRS entry);
    `estimator(alg_id)` gives an engine Estimator."""
    rows = read_csv(os.path.join(shared, SAMPLES, fname))
    eo, ep = estimator(ours), estimator(pub)
    bands_o = eo.alg.bands
    if pub == "S2_SL2P_V0_20M" and ours != "LEAF_QGIS_S2_20M":
        cols_p = dict(zip(ep.alg.bands, ["B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12"]))
    else:
        cols_p = dict(zip(ep.alg.bands, [cols[b] for b in bands_o]))
    return run(eo, rows, cols, bands_o), run(ep, rows, cols_p, ep.alg.bands)


def stats(a, b):
    sel = np.isfinite(a) & np.isfinite(b)
    d = a[sel] - b[sel]
    if d.size < 3:
        return {"n": int(d.size), "rmse": np.nan, "bias": np.nan, "r": np.nan}
    return {"n": int(d.size), "rmse": float(np.sqrt(np.mean(d * d))), "bias": float(np.mean(d)),
            "r": float(np.corrcoef(a[sel], b[sel])[0, 1])}


def fmt(x, digits=3):
    return "—" if x is None or not np.isfinite(x) else ("%.*f" % (digits, x))


def ground_reference(rows):
    """Per plot (collection, esu_index): LAI, fAPAR, fCOVER from the in-situ table (see the report)."""
    ref = {}
    for r in rows:
        key = (r["collection"], r["esu_index"])

        def f(c, r=r):
            try:
                v = float(r.get(c, "") or "nan")
            except ValueError:
                v = np.nan
            return v
        if "NEON" in r["collection"]:
            lai_o, lai_u = f("true_LAI_Warren_overstoryest"), f("true_LAI_Warren_understoryest")
            lai = lai_o + (lai_u if np.isfinite(lai_u) else 0.0)
            fc_o, fc_u = f("FCOVER_overstoryest"), f("FCOVER_understoryest")
            fi_o, fi_u = f("FIPAR_overstoryest"), f("FIPAR_understoryest")
            fcover = 1 - (1 - fc_o) * (1 - (fc_u if np.isfinite(fc_u) else 0.0))
            fapar = 1 - (1 - fi_o) * (1 - (fi_u if np.isfinite(fi_u) else 0.0))
            site = "NEON"
        else:
            lai, fcover = f("LAICEV61_Total"), f("fcover_Total")
            fapar = f("Daily_Integrated_Black_Sky_fAPAR_Total")
            site = "CCRS"
        ok = {"LAI": 0 <= lai <= 15, "fAPAR": 0 <= fapar <= 1, "fCOVER": 0 <= fcover <= 1}   # no fill values
        ref[key] = {"LAI": lai if ok["LAI"] else np.nan, "fAPAR": fapar if ok["fAPAR"] else np.nan,
                    "fCOVER": fcover if ok["fCOVER"] else np.nan, "site": site}
    return ref


def scatter(path, panels, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 4.2))
    for ax, (name, xs, ys, xl, yl) in zip(np.atleast_1d(axes), panels):
        lim = [np.nanmin([np.nanmin(x) for x, _ in zip(xs, ys)] + [0]),
               np.nanmax([np.nanmax(x) for x in xs] + [np.nanmax(y) for y in ys])]
        for (x, y), mk in zip(zip(xs, ys), ("o", "^", "s")):
            ax.scatter(x, y, s=8, alpha=0.6, marker=mk)
        ax.plot(lim, lim, "k--", lw=0.8)
        ax.set_xlabel(xl)
        ax.set_ylabel(yl)
        ax.set_title(name)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.environ.get("LEAF_QGIS_SHARED") or os.path.join(os.path.dirname(REPO), "shared"))
    ap.add_argument("--out", default=os.path.join(REPO, "docs", "validation.md"))
    args = ap.parse_args()
    shared = args.shared
    algs = load_algorithms()
    tmp = tempfile.mkdtemp(prefix="leaf_validate_")
    store = NetworkStore(tmp)
    estimators = {}

    def estimator(alg_id):
        if alg_id not in estimators:
            alg = algs[alg_id]
            inst = store.installed(alg) or store.install(alg, source=os.path.join(shared, "upstream-mirror"))
            estimators[alg_id] = Estimator(alg, inst, runtime="numpy")
        return estimators[alg_id]

    lines = ["# Validation of the bundled networks", "",
             "Generated by `make validate` (scripts/validate_networks.py); do not edit by hand. The bundled "
             "networks (`LEAF_QGIS_*`, trained by `make models`, see [training.md](training.md)) are compared with "
             "the published LEAF networks on real pixels, and both are compared with ground measurements. "
             "Networks run through the plugin's engine (float32 TFLite graph, numpy executor). Bias = ours − "
             "reference.", ""]
    # ---------------------------------------------------------------- 1. real pixels
    lines += ["## 1. Against the published LEAF networks on real pixels", "",
              "Samples: LEAF toolbox exports at NEON UKFS (Kansas): Sentinel-2 L2A (1050 pixels), Landsat 8 C2 L2 "
              "(456), HLS L30 (523). Rows whose estimate is not finite on either side are left out. Share out of "
              "domain: pixels whose QC input-domain bit is set by ours / by the published network.", "",
              "| ours | published | variable | n | RMSE | bias | r | out of domain (ours / published) | note |",
              "|---|---|---|---|---|---|---|---|---|"]
    s2_panels = []
    results = {}
    for ours, pub, fname, cols, note in PAIRS:
        yo, yp = pair_outputs(shared, estimator, ours, pub, fname, cols)
        dom = "%.1f %% / %.1f %%" % (100 * np.mean(yo["QC"][yo["QC"] != 255] & QC_DOMAIN > 0),
                                     100 * np.mean(yp["QC"][yp["QC"] != 255] & QC_DOMAIN > 0))
        for v in VARS:
            st = stats(yo[v].astype(np.float64), yp[v].astype(np.float64))
            results[(ours, pub, v)] = st
            lines.append("| `%s` | `%s` | %s | %d | %s | %s | %s | %s | %s |" % (
                ours, pub, v, st["n"], fmt(st["rmse"], 4 if v in ("CWC",) else 3), fmt(st["bias"], 4 if v == "CWC" else 3),
                fmt(st["r"]), dom if v == "LAI" else "", note if v == "LAI" else ""))
        if ours == "LEAF_QGIS_S2_20M":
            s2_panels = [(v, [yp[v]], [yo[v]], "published S2_SL2P_V0_20M", "ours LEAF_QGIS_S2_20M")
                         for v in ("LAI", "fAPAR", "fCOVER")]
    docs = os.path.dirname(os.path.abspath(args.out))
    scatter(os.path.join(docs, "validation_s2_20m.png"), s2_panels, "Sentinel-2 20 m, 1050 real pixels")
    lines += ["", "![ours vs published, S2 20 m](validation_s2_20m.png)", ""]
    lines += ["Targets (S2 20 m against LEAF SL2P V0): LAI RMSE ≤ 0.3 and |bias| ≤ 0.1; fAPAR and fCOVER RMSE ≤ 0.05.", ""]
    for v, (rmse_max, bias_max) in TARGETS.items():
        st = results[("LEAF_QGIS_S2_20M", "S2_SL2P_V0_20M", v)]
        ok = st["rmse"] <= rmse_max and (bias_max is None or abs(st["bias"]) <= bias_max)
        lines.append("* %s: RMSE %s%s — **%s**" % (v, fmt(st["rmse"]), ", bias %s" % fmt(st["bias"]) if bias_max else "",
                                                  "met" if ok else "missed"))
    # ---------------------------------------------------------------- 2. ground
    feats = read_csv(os.path.join(shared, GROUND, "insitu_features.csv"))
    pix = read_csv(os.path.join(shared, GROUND, "s2_sr_harmonized_samples.csv"))
    ref = ground_reference(feats)
    keys = [(r["collection"], r["esu_index"]) for r in pix]
    plots = sorted(set(keys) & set(ref))
    per_plot = {}
    for alg_id in GROUND_NETWORKS:
        est = estimator(alg_id)
        y = run(est, pix, S2_GROUND_BANDS, est.alg.bands)
        groups = defaultdict(list)
        for i, k in enumerate(keys):
            groups[k].append(i)
        per_plot[alg_id] = {v: np.array([np.nanmedian(y[v][groups[k]]) if np.any(np.isfinite(y[v][groups[k]]))
                                         else np.nan for k in plots]) for v in ("LAI", "fAPAR", "fCOVER")}
    lines += ["", "## 2. Against ground measurements (NEON and CCRS plots, Sentinel-2)", "",
              "%d plots with matched Sentinel-2 pixels (%d pixels, SCL 4/5). Per plot, the median estimate over its "
              "pixels (all matched dates) is compared with the ground value. Ground LAI: NEON (GBOV RM7) true LAI "
              "(Warren) of the overstory plus the understory when measured; CCRS: `LAICEV61_Total` (CAN-EYE, "
              "clumping-corrected, woody part removed). fAPAR: NEON FIPAR (interception), overstory and understory "
              "combined as 1 − (1 − f_o)(1 − f_u); CCRS: daily-integrated black-sky fAPAR. fCOVER: NEON FCOVER "
              "(combined the same way); CCRS `fcover_Total`. The same plots and pixels are used for every network." % (
                  len(plots), len(pix)), "",
              "| network | variable | plots | RMSE | bias | r |", "|---|---|---|---|---|---|"]
    gstats = {}
    for alg_id in GROUND_NETWORKS:
        for v in ("LAI", "fAPAR", "fCOVER"):
            truth = np.array([ref[k][v] for k in plots])
            st = stats(per_plot[alg_id][v], truth)
            gstats[(alg_id, v)] = st
            lines.append("| `%s` | %s | %d | %s | %s | %s |" % (alg_id, v, st["n"], fmt(st["rmse"]), fmt(st["bias"]),
                                                             fmt(st["r"])))
    truth_lai = np.array([ref[k]["LAI"] for k in plots])
    scatter(os.path.join(docs, "validation_ground_lai.png"),
            [("LAI, S2 20 m", [truth_lai, truth_lai], [per_plot["LEAF_QGIS_S2_20M"]["LAI"], per_plot["S2_SL2P_V0_20M"]["LAI"]],
              "ground LAI", "estimate (o ours, ^ published)"),
             ("LAI, S2 10 m", [truth_lai, truth_lai], [per_plot["LEAF_QGIS_S2_10M"]["LAI"], per_plot["S2_SL2P_V0_10M"]["LAI"]],
              "ground LAI", "estimate (o ours, ^ published)")],
            "Ground LAI, %d NEON/CCRS plots" % len(plots))
    lines += ["", "![ground LAI](validation_ground_lai.png)", ""]
    for ours, pub in (("LEAF_QGIS_S2_20M", "S2_SL2P_V0_20M"), ("LEAF_QGIS_S2_10M", "S2_SL2P_V0_10M")):
        a, b = gstats[(ours, "LAI")]["rmse"], gstats[(pub, "LAI")]["rmse"]
        lines.append("* Target (ground LAI RMSE of ours ≤ 1.1 × published): `%s` %s vs `%s` %s (ratio %.2f) — **%s**"
                     % (ours, fmt(a), pub, fmt(b), a / b, "met" if a <= 1.1 * b else "missed"))
    lines.append("")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
