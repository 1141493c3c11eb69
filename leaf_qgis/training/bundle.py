"""Write trained networks as an installable network set: an algorithm definition (schema 1), catalog entries
and a ready "installed" folder (manifest.json + fused model0.tflite + domain.json, the networks as LEAF
CSV tables and domain codes as CSV, and a training report).

The bytes depend only on the networks and the report, never on the time or the machine, so a rebuild from
the same seed gives identical files.
"""

import json
import os
from typing import Dict, List, Optional, Sequence

import numpy as np

from ..engine import networks as nets
from ..engine.catalog import BUNDLED_ORIGIN, CONVERTER_VERSION
from ..engine.networks import Network
from ..engine.notation import sha256_hex, stored

CSV_DIGITS = "%.17g"   # round-trips float64 exactly


def network_row(net: Network) -> List[float]:
    """The flat LEAF table row of a network (spec §1.2): 5 header numbers, then 8 length-prefixed segments."""
    row = [0.0, 0.0, float(net.variable_id), 0.0, 1.0]
    for seg in (net.inp_slope, net.inp_offset, net.h1_weights.ravel(), net.h1_bias, net.h2_weights,
                [net.h2_bias], [net.out_slope], [net.out_bias]):
        seg = np.asarray(seg, dtype=np.float64).ravel()
        row.append(float(seg.size))
        row.extend(float(v) for v in seg)
    return row


def networks_csv(networks: Sequence[Network]) -> bytes:
    """A LEAF-format CSV (tabledata1..N header, one network per row), readable by engine.networks."""
    rows = [network_row(n) for n in networks]
    width = max(len(r) for r in rows)
    lines = [",".join("tabledata%d" % (i + 1) for i in range(width))]
    for r in rows:
        lines.append(",".join(CSV_DIGITS % v if v != int(v) or abs(v) > 1e15 else "%d" % int(v) for v in r))
    return ("\n".join(lines) + "\n").encode("utf-8")


def domain_csv(codes: Sequence[int]) -> bytes:
    return ("DomainCode\n" + "".join("%d\n" % c for c in codes)).encode("utf-8")


def _write(path: str, data: bytes) -> dict:
    with open(path, "wb") as f:
        f.write(data)
    return {"bytes": len(data), "sha256": stored(sha256_hex(data))}


def _json_bytes(obj) -> bytes:
    return (json.dumps(obj, indent=1, sort_keys=False) + "\n").encode("utf-8")


def write_bundle(definition: dict, estimates: Dict[str, Network], errors: Dict[str, Network], codes: Sequence[int],
                 models_dir: str, algorithms_dir: str, report: dict,
                 catalog_prefix: str = "leaf-qgis") -> List[dict]:
    """Write one network set; returns its catalog entries (the caller writes the catalog file).

    `definition` is the algorithm definition without 'networks'/'domain' (they are filled in here);
    estimates/errors map variable name -> Network, in the definition's variable order.
    """
    alg_id = definition["id"]
    folder = os.path.join(models_dir, alg_id)
    os.makedirs(folder, exist_ok=True)
    variables = list(definition["variables"])
    ids = {k: "%s:%s_%s" % (catalog_prefix, alg_id, k) for k in ("estimates", "errors", "domain")}
    files = {"estimates": networks_csv([estimates[v] for v in variables]),
             "errors": networks_csv([errors[v] for v in variables]),
             "domain": domain_csv(codes)}
    names = {"estimates": "estimates.csv", "errors": "errors.csv", "domain": "domain.csv"}
    entries = []
    for kind in ("estimates", "errors", "domain"):
        meta = _write(os.path.join(folder, names[kind]), files[kind])
        entries.append({"id": ids[kind], "source": "leaf_qgis@bundled",
                        "path": "%s/%s" % (alg_id, names[kind]), "bytes": meta["bytes"], "sha256": meta["sha256"],
                        "format": "leaf-csv", "kind": kind, "bundled": True,
                        "description": "%s of %s, trained by leaf_qgis (PROSAIL simulations, seed %s)" % (
                            kind, alg_id, report.get("seed")),
                        "license": "GPL-2.0-or-later (leaf_qgis)"})
    from ..engine.variables import VARIABLES
    vids = [VARIABLES[v].network_id for v in variables]
    by_id_est = {VARIABLES[v].network_id: estimates[v] for v in variables}
    by_id_err = {VARIABLES[v].network_id: errors[v] for v in variables}
    model = nets.fuse(by_id_est, by_id_err, vids, description="leaf_qgis %s slot 0" % alg_id)
    model_meta = _write(os.path.join(folder, "model0.tflite"), model)
    _write(os.path.join(folder, "domain.json"), json.dumps({"type": "codes", "codes": list(codes)}).encode("utf-8"))
    ranges = {}
    for v in variables:
        lo, hi = estimates[v].input_range()
        ranges[v] = {"input_min": lo.tolist(), "input_max": hi.tolist(), "output_range": list(estimates[v].output_range())}
    outputs = [n for v in variables for n in (v, v + "_uncertainty")]
    training = {k: report[k] for k in ("seed", "pipeline", "simulations", "calibration") if k in report}
    manifest = {
        "algorithm": alg_id, "converter": CONVERTER_VERSION, "installed": "bundled with the plugin",
        "origin": BUNDLED_ORIGIN, "training": training,
        "inputs": definition["inputs"], "outputs": outputs,
        "models": [{"file": "model0.tflite", "sha256": model_meta["sha256"], "estimates": [ids["estimates"]],
                    "errors": [ids["errors"]], "ranges": ranges}],
        "slot_models": [0], "domain": {"file": "domain.json", "type": "codes"},
        "sources": [{"id": e["id"], "url": "leaf_qgis/models/" + e["path"], "origin": BUNDLED_ORIGIN,
                     "sha256": e["sha256"]} for e in entries],
    }
    _write(os.path.join(folder, "manifest.json"), _json_bytes(manifest))
    _write(os.path.join(folder, "training.json"), _json_bytes(report))
    full = dict(definition)
    full["networks"] = [{"slot": 0, "estimates": [ids["estimates"]], "errors": [ids["errors"]]}]
    full["domain"] = [ids["domain"]]
    full.setdefault("landcover", None)
    os.makedirs(algorithms_dir, exist_ok=True)
    _write(os.path.join(algorithms_dir, alg_id + ".json"), _json_bytes(full))
    return entries


def write_catalog(path: str, entries: Sequence[dict], about: Optional[str] = None):
    doc = {"schema": 1, "about": about or "Network sets trained by leaf_qgis and shipped in models/ (bundled: "
                                           "installed from the plugin itself, never downloaded).",
           "entries": list(entries)}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    _write(path, _json_bytes(doc))
