"""SL2P network tables: parse the published formats and fuse networks into one dense TFLite graph.

A LEAF network table row is a flat vector: 5 header numbers (the 3rd is the variable ID), then eight
length-prefixed segments: input slope, input offset, hidden weights (hidden-major), hidden biases,
output weights, output bias, output slope, output offset (spec §1.2-§1.3).
"""

import csv
import io
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import numpy as np

from . import tflite_format
from .safe_pickle import loads_plain

_SEGMENTS = ("inp_slope", "inp_offset", "h1_weights", "h1_bias", "h2_weights", "h2_bias", "out_slope", "out_bias")


@dataclass
class Network:
    """One single-hidden-layer tansig network for one variable (estimate or uncertainty)."""

    variable_id: int
    inp_slope: np.ndarray     # (n_in,)
    inp_offset: np.ndarray    # (n_in,)
    h1_weights: np.ndarray    # (n_h, n_in)
    h1_bias: np.ndarray       # (n_h,)
    h2_weights: np.ndarray    # (n_h,)
    h2_bias: float
    out_slope: float
    out_bias: float

    @property
    def n_in(self) -> int:
        return self.inp_slope.size

    @property
    def n_hidden(self) -> int:
        return self.h1_bias.size

    def input_range(self):
        """(xmin, xmax) of the training inputs, undone from the mapminmax slope/offset."""
        return (-1 - self.inp_offset) / self.inp_slope, (1 - self.inp_offset) / self.inp_slope

    def output_range(self):
        return (-1 - self.out_bias) / self.out_slope, (1 - self.out_bias) / self.out_slope


def network_from_vector(values: Sequence[float], source: str) -> Network:
    """Decode one flat table row (tabledata1..N, as floats) into a Network."""
    v = np.asarray(values, dtype=np.float64)
    if v.size < 6 or not np.all(np.isfinite(v)):
        raise ValueError("%s has a network row that is too short or holds non-numbers" % source)
    p = 5  # 0-based index of tabledata6
    seg = {}
    for name in _SEGMENTS:
        if p >= v.size:
            raise ValueError("%s has a truncated network row (segment %s missing)" % (source, name))
        n = int(v[p])
        if n < 1 or p + 1 + n > v.size or v[p] != n:
            raise ValueError("%s has a network row with a bad length %r for segment %s" % (source, v[p], name))
        seg[name] = v[p + 1:p + 1 + n]
        p += n + 1
    n_in, n_h = seg["inp_slope"].size, seg["h1_bias"].size
    if (seg["inp_offset"].size != n_in or seg["h1_weights"].size != n_h * n_in or seg["h2_weights"].size != n_h
            or seg["h2_bias"].size != 1 or seg["out_slope"].size != 1 or seg["out_bias"].size != 1):
        raise ValueError("%s has a network row whose segment lengths do not fit together" % source)
    if np.any(seg["inp_slope"] == 0) or seg["out_slope"][0] == 0:
        raise ValueError("%s has a network row with a zero normalisation slope" % source)
    return Network(int(v[2]), seg["inp_slope"], seg["inp_offset"], seg["h1_weights"].reshape(n_h, n_in),
                   seg["h1_bias"], seg["h2_weights"], float(seg["h2_bias"][0]), float(seg["out_slope"][0]),
                   float(seg["out_bias"][0]))


def _rows_to_networks(rows: List[Dict[str, float]], source: str) -> Dict[int, Network]:
    nets = {}
    for row in rows:
        keys = sorted((int(m.group(1)), k) for k in row for m in [re.fullmatch(r"tabledata(\d+)", k)] if m)
        if not keys or [i for i, _ in keys] != list(range(1, len(keys) + 1)):
            raise ValueError("%s has a row whose tabledata columns are not numbered 1..N" % source)
        net = network_from_vector([float(row[k]) for _, k in keys], source)
        nets.setdefault(net.variable_id, net)  # first row wins, as GEE's filter().first()
    if not nets:
        raise ValueError("%s holds no network rows" % source)
    return nets


def read_leaf_csv(data: bytes, source: str) -> Dict[int, Network]:
    """Networks by variable ID from a LEAF-Toolbox CSV (`tabledata1..N` header, one network per row)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("%s is not a text CSV file" % source) from None
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for row in reader:
        try:
            rows.append({k.strip(): float(v) for k, v in row.items() if k and v not in (None, "")})
        except ValueError:
            raise ValueError("%s has a non-numeric value on data row %d" % (source, len(rows) + 1)) from None
    return _rows_to_networks(rows, source)


def _features(obj, source, subcollection=""):
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection" or not isinstance(obj.get("features"), list):
        raise ValueError("%s is not an Earth Engine FeatureCollection dump" % source)
    props = []
    for f in obj["features"]:
        if not isinstance(f, dict) or not isinstance(f.get("properties"), dict):
            raise ValueError("%s has a feature without properties" % source)
        if subcollection and not str(f.get("id", "")).startswith(subcollection + "_"):
            continue  # merged dumps: feature ids are prefixed by the merge path of their source table
        props.append(f["properties"])
    if subcollection and not props:
        raise ValueError("%s has no feature in sub-collection %s" % (source, subcollection))
    return props


def read_gee_dump(data: bytes, source: str, subcollection: str = "") -> Dict[int, Network]:
    """Networks by variable ID from a pickled Earth Engine FeatureCollection dump (plain data only)."""
    props = _features(loads_plain(data, source), source, subcollection)
    return _rows_to_networks([{k: v for k, v in p.items() if k.startswith("tabledata")} for p in props], source)


def read_domain(data: bytes, source: str, fmt: str, subcollection: str = "") -> np.ndarray:
    """Sorted unique input-domain codes from a `DomainCode` CSV or a pickled FeatureCollection dump."""
    if fmt == "gee-dump-pickle":
        values = [p.get("DomainCode") for p in _features(loads_plain(data, source), source, subcollection)]
    else:
        values = [row.get("DomainCode") for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))]
    try:
        codes = np.unique(np.array([int(float(v)) for v in values], dtype=np.int64))
    except (TypeError, ValueError):
        raise ValueError("%s has a DomainCode that is not an integer" % source) from None
    if codes.size == 0:
        raise ValueError("%s holds no domain codes" % source)
    return codes


def read_entry(entry, blobs: Dict[str, bytes]) -> Dict[int, Network]:
    """Networks by variable ID from the downloaded files of one catalog entry (files keyed by role)."""
    if entry.format == "leaf-csv":
        return read_leaf_csv(blobs[""], entry.filename)
    if entry.format == "gee-dump-pickle":
        return read_gee_dump(blobs[""], entry.filename, entry.subcollection)
    if entry.format == "snap-auxdata":
        from .snap import read_snap_network
        return read_snap_network(blobs, entry.variable, entry.id)
    raise ValueError("unsupported network format %s" % entry.format)


def read_domain_entry(entry, blobs: Dict[str, bytes]) -> dict:
    """A JSON-able domain description from one catalog entry: {'type': 'codes', 'codes': [...]} or a SNAP grid."""
    if entry.format in ("leaf-csv", "gee-dump-pickle"):
        codes = read_domain(blobs[""], entry.filename, entry.format, entry.subcollection)
        return {"type": "codes", "codes": codes.tolist()}
    if entry.format == "snap-auxdata":
        from .snap import read_snap_domain
        return read_snap_domain(blobs, entry.id)
    raise ValueError("unsupported domain format %s" % entry.format)


def merge_domains(specs: List[dict]) -> dict:
    """Union of code domains (SL2P V1 uses the union of its slots' domains); other kinds must come alone."""
    if len(specs) == 1:
        return specs[0]
    if any(s["type"] != "codes" for s in specs):
        raise ValueError("only code domains can be combined")
    return {"type": "codes", "codes": sorted(set().union(*[set(s["codes"]) for s in specs]))}


def fuse(estimates: Dict[int, Network], errors: Optional[Dict[int, Network]], variable_ids: Sequence[int],
         description: str = "") -> bytes:
    """One dense TFLite graph computing estimate and uncertainty of every variable in one pass.

    Input scaling is folded into the first layer and output de-normalisation into the second, so the
    graph is x -> FC(tanh) -> FC; outputs are ordered [est v1, err v1, est v2, err v2, ...], or
    [est v1, est v2, ...] when there are no uncertainty networks (errors is None).
    Folding is done in float64 and rounded once to float32.
    """
    nets = []
    tables = ((estimates, "estimate"),) if errors is None else ((estimates, "estimate"), (errors, "uncertainty"))
    for vid in variable_ids:
        for table, role in tables:
            if vid not in table:
                raise ValueError("no %s network for variable ID %d" % (role, vid))
            nets.append(table[vid])
    n_in = nets[0].n_in
    if any(n.n_in != n_in for n in nets):
        raise ValueError("the networks to fuse do not share one input count")
    n_hidden = sum(n.n_hidden for n in nets)
    w1 = np.zeros((n_hidden, n_in))
    b1 = np.zeros(n_hidden)
    w2 = np.zeros((len(nets), n_hidden))
    b2 = np.zeros(len(nets))
    h = 0
    for o, n in enumerate(nets):
        sl = slice(h, h + n.n_hidden)
        w1[sl] = n.h1_weights * n.inp_slope[None, :]
        b1[sl] = n.h1_weights @ n.inp_offset + n.h1_bias
        w2[o, sl] = n.h2_weights / n.out_slope
        b2[o] = (n.h2_bias - n.out_bias) / n.out_slope
        h += n.n_hidden
    model = tflite_format.dense_model([(w1, b1, "tanh"), (w2, b2, None)], n_in, description)
    return tflite_format.serialize(model)
