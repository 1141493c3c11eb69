"""The published LEAF SL2P algorithms shipped as data (algorithms/*.json, models/catalog/leaf_*.json).

Every definition validates, every LEAF catalog entry is the exact upstream file (size and sha256 in
shared/upstream-mirror), every algorithm installs offline from the mirror and runs, and the numbers of
test_vectors.md §E-§F come out of Estimator.run. Each algorithm is installed once per session.
"""

import csv
import glob
import hashlib
import json
import os

import numpy as np
import pytest
from conftest import REPO

from leaf_qgis.engine import networks as nets
from leaf_qgis.engine.algorithm import ANGLE_INPUTS, load_algorithms
from leaf_qgis.engine.catalog import NetworkStore, load_catalog
from leaf_qgis.engine.estimator import QC_INVALID, QC_NODATA, Estimator
from leaf_qgis.engine.variables import VARIABLES

SAMPLES = "realdata/leaf_sl2p_python_sr_samples/"
S2_CSV = SAMPLES + "Surface_refelctance_S2_L2A.csv"
L8_CSV = SAMPLES + "Surface_refelctance_LC08_T1_L2.csv"
RTOL = 1e-4
VARS = ["LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo", "DASF"]
OUTPUTS = [n for v in VARS for n in (v, v + "_uncertainty")]

# Algorithm id -> (sensors, resolution, spectral inputs in network order, cos RAA cast of the toolbox)
SHIPPED = {
    "S2_SL2P_V0_20M": (["S2A", "S2B", "S2C"], 20, ["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"], "int16"),
    "S2_SL2P_V0_10M": (["S2A", "S2B", "S2C"], 10, ["B2", "B3", "B4", "B8"], "int16"),
    "L8_SL2P_V0_30M": (["L8"], 30, ["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"], "uint16"),
    "L9_SL2P_V0_30M": (["L9"], 30, ["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"], "uint16"),
    "HLS_SL2P_V0_30M": (["HLS_L30"], 30, ["B3", "B4", "B5", "B6", "B7"], "uint16"),
    "L5_SL2P_CCRS_30M": (["L5"], 30, ["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"], "uint16"),
    "L7_SL2P_CCRS_30M": (["L7"], 30, ["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"], "uint16"),
}
# The land-cover versions: not shipped while their networks exist only inside merged 12-slot GEE dumps
# (djamainajib/SL2P-SL2PCCRS_PYTHON nets/*_sl2pccrs*.pkl), which the engine cannot split into slots yet.
LANDCOVER_IDS = ["S2_SL2P_V1_20M", "S2_SL2P_V1_1_20M", "L8_SL2P_V1_30M", "L8_SL2P_V1_1_30M", "L9_SL2P_V1_30M",
                 "L9_SL2P_V1_1_30M", "HLS_SL2P_V1_30M", "HLS_SL2P_V1_1_30M"]
# spec sl2p.md §4.2: CCRS/NALCMS class -> network slot of V1/V1.1 (0 and 18 invalid)
CLASS_SLOTS = {1: 3, 2: 3, 3: 2, 4: 2, 5: 2, 6: 11, 7: 8, 8: 7, 9: 4, 10: 6, 11: 7, 12: 10, 13: 5, 14: 4, 15: 1,
               16: 9, 17: 0, 19: 0}

# test_vectors.md §F V2: S2 10 m V0, rows 0, 3, 6, 100, 500 of the S2 samples, [est, err] per variable
V2_ROWS = [0, 3, 6, 100, 500]
V2 = [
    [1.75833006, 0.728167059, 0.439372402, 0.0783995958, 0.439598018, 0.0282888912, 152.055929, 58.184091,
     0.0595757105, 0.0227743641, 0.0982308924, 0.00899101796, 0.191688703, 0.07133705],
    [2.02856184, 0.771577501, 0.474944664, 0.0672053215, 0.476754067, 0.0276170611, 151.176154, 57.3113735,
     0.0642749781, 0.0253285347, 0.105753589, 0.0170275755, 0.208148762, 0.0817080724],
    [2.22597048, 0.77123431, 0.498454414, 0.081383023, 0.497548693, 0.0276389726, 191.874988, 61.676809,
     0.073585073, 0.0223728396, 0.0985168898, 0.00766440312, 0.225436547, 0.0721387142],
    [3.51737756, 1.06982387, 0.701324256, 0.0548033956, 0.717712777, 0.0791698435, 179.239053, 69.6396461,
     0.120397991, 0.0354543683, 0.147711059, 0.0370932454, 0.404343152, 0.0406792057],
    [1.9014375, 0.706329213, 0.457262611, 0.0424231772, 0.462946777, 0.0692033583, 99.1519368, 50.5010494,
     0.056823746, 0.0488873256, 0.110983369, 0.0203597413, 0.209138267, 0.038053004],
]
# test_vectors.md §F V3: Landsat 8 weiss NNT1 (production V0), rows 0, 50, 200, 400 of the LC08 samples
V3_ROWS = [0, 50, 200, 400]
V3 = [
    [1.47300984, 0.624758931, 0.351962358, 0.0282616195, 0.361113406, 0.0421413356, 80.1963784, 42.3857478,
     0.0560453537, 0.0411109797, 0.115627865, 0.0135013935, 0.0386252237, 0.0219934667],
    [2.42536389, 0.871867687, 0.587192183, 0.0272247395, 0.598177879, 0.0226385854, 132.243053, 57.8914057,
     0.080466932, 0.0430313466, 0.116065714, 0.0140349833, 0.0338460844, 0.0142777798],
    [2.93491594, 0.971260113, 0.674937458, 0.0272065362, 0.684940749, 0.013924434, 168.21972, 66.081657,
     0.0979541445, 0.0435996064, 0.117402641, 0.0146526054, 0.0317824744, 0.0124880102],
    [1.9759942, 0.774606864, 0.482891317, 0.0276160254, 0.493058844, 0.0192074534, 100.366118, 49.4332149,
     0.0756106983, 0.0409279522, 0.11303137, 0.0128413417, 0.0356453016, 0.0157492447],
]
V3_INPUTS_ROW0 = [0.9996, 0.7294, 0.0, 0.0294325, 0.025224999999999997, 0.15574, 0.0929025, 0.05148750000000002]
# test_vectors.md §F V4: L8 V1 land-cover slots, LAI [est, err] per row; slot 7 holds the same dbf net as slot 2
V4 = {
    2: [[1.18920615, 0.368724482], [2.15554344, 0.555969213], [2.77382437, 0.702824387], [1.64313817, 0.452892923]],
    3: [[1.31690192, 0.342684489], [2.71016204, 0.661532371], [3.45876493, 0.846371288], [1.99992316, 0.49328015]],
    11: [[1.47237908, 0.715908879], [2.37790502, 0.641093884], [2.96561458, 0.725066655], [1.89308178, 0.642380051]],
}
# test_vectors.md §F V5: S2 20 m V1 slots, LAI [est, err]; rows 0, 3, 6, 100, 500, 476, 477
V5_ROWS = [0, 3, 6, 100, 500, 476, 477]
V5 = {
    2: [[1.60013702, 0.439232643], [1.74378325, 0.491948469], [1.89797673, 0.515513911], [2.98499472, 0.782834893],
        [1.7086827, 0.465117048], [1.15115317, 0.35169612], [1.15115317, 0.35169612]],
    3: [[1.54882449, 0.70058998], [1.69057253, 0.873724503], [1.82224115, 0.780877484], [2.87912587, 0.875174795],
        [1.78335576, 0.677936579], [1.23931248, 0.234804164], [1.23931248, 0.234804164]],
    11: [[1.1895294, 0.439232643], [1.38013419, 0.491948469], [1.43355814, 0.515513911], [2.66352584, 0.782834893],
         [1.52035586, 0.465117048], [0.871161553, 0.35169612], [0.871161553, 0.35169612]],
}
# test_vectors.md §E: S2 row 0, partition 5 -> V1 dbf v2 (slot 2); raw estimates and production's uint8 DNs
E_ESTIMATES = {"LAI": (1.60013702, 20, 32), "fCOVER": (0.36156668, 200, 72), "fAPAR": (0.316798023, 200, 63),
               "Albedo": (0.145087444, 200, 29)}


# --------------------------------------------------------------------------------------------
# Helpers and session fixtures
# --------------------------------------------------------------------------------------------

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _leaf_catalog_files():
    return sorted(glob.glob(os.path.join(str(REPO), "models", "catalog", "leaf_*.json")))


def _leaf_entry_ids():
    ids = []
    for path in _leaf_catalog_files():
        with open(path, encoding="utf-8") as f:
            ids += [e["id"] for e in json.load(f)["entries"]]
    return ids


def _read_rows(path, rows, columns):
    with open(path, newline="", encoding="utf-8") as f:
        data = list(csv.DictReader(f))
    return {c: np.array([float(data[r][c]) for r in rows], dtype=np.float64) for c in columns}


def _angles(cos_vza, cos_sza, cos_raa):
    """Degrees for Estimator.run from the cosines the toolbox fed the networks."""
    return {"VZA": np.degrees(np.arccos(cos_vza)), "SZA": np.degrees(np.arccos(cos_sza)),
            "RAA": np.degrees(np.arccos(cos_raa))}


def _run(installed, alg_id, angles, reflectances, landcover=None):
    algs = load_algorithms()
    if alg_id not in algs:
        pytest.skip("%s is not shipped: its land-cover networks exist only inside merged 12-slot GEE dumps, which "
                    "the engine cannot split into slots yet" % alg_id)
    alg = algs[alg_id]
    est = Estimator(alg, installed(alg_id))
    n = reflectances[0].size
    ones = np.ones(n, dtype=bool)
    return est.run(angles, reflectances, ones, ones, landcover)


@pytest.fixture(scope="session")
def mirror(shared_dir):
    return shared_dir / "upstream-mirror"


@pytest.fixture(scope="session")
def installed(mirror, tmp_path_factory):
    """Call with an algorithm id: its networks, installed once per session from the mirror folder (offline)."""
    store = NetworkStore(str(tmp_path_factory.mktemp("published_networks")))
    done = {}

    def get(alg_id):
        if alg_id not in done:
            alg = load_algorithms()[alg_id]
            done[alg_id] = store.install(alg, source=str(mirror))
            assert store.installed(alg) is not None
        return done[alg_id]
    return get


@pytest.fixture(scope="session")
def s2_rows(shared_dir):
    cols = ["cosVZA", "cosSZA", "cosRAA", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12"]
    return _read_rows(shared_dir / S2_CSV, range(1050), cols)


@pytest.fixture(scope="session")
def l8_rows(shared_dir):
    cols = ["cosVZA", "cosSZA", "cosRAA", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"]
    return _read_rows(shared_dir / L8_CSV, V3_ROWS, cols)


def _s2_20m(s2_rows, rows):
    angles = _angles(*(s2_rows[c][rows] for c in ("cosVZA", "cosSZA", "cosRAA")))
    return angles, [s2_rows[c][rows] for c in ("B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12")]


def _l8(l8_rows):
    angles = _angles(l8_rows["cosVZA"], l8_rows["cosSZA"], l8_rows["cosRAA"])
    return angles, [l8_rows[c] for c in ("SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7")]


# --------------------------------------------------------------------------------------------
# Definitions and catalog
# --------------------------------------------------------------------------------------------

def test_every_published_definition_validates():
    algs = load_algorithms()
    catalog = load_catalog()
    for aid, (sensors, res, bands, raa) in SHIPPED.items():
        a = algs[aid]
        assert (a.family, a.sensors, a.resolution_m, a.bands, a.toolbox_cos_raa) == ("LEAF", sensors, res, bands, raa)
        assert a.inputs[:3] == list(ANGLE_INPUTS) and a.variables == VARS and a.has_uncertainty, aid
        assert a.provenance.get("origin") == "published" and a.provenance.get("reference"), aid
        assert [cid for cid in a.catalog_ids() if cid not in catalog] == [], aid
        assert all(catalog[cid].kind == "domain" for cid in a.domain), aid
        for slot in a.networks:
            assert all(catalog[c].kind == "estimates" for c in slot.estimates), aid
            assert all(catalog[c].kind == "errors" for c in slot.errors), aid
    for aid in LANDCOVER_IDS:  # land-cover versions, once shipped, map every valid CCRS class explicitly
        if aid in algs:
            lc = algs[aid].landcover
            assert lc is not None and lc.legend == "CCRS" and sorted(lc.invalid_classes) == [0, 18], aid
            assert {c: s for c, s in lc.class_slots.items() if c not in lc.invalid_classes} == CLASS_SLOTS, aid
            slots = algs[aid].networks
            assert len(slots) == 12, aid
            if aid == "L9_SL2P_V1_1_30M":   # upstream quirks: L8 dbf in slot 7, enf error = 4SAIL2 mix error
                assert slots[7].estimates != slots[2].estimates and slots[3].errors == slots[11].errors
            else:                            # slot 7 (shrublands) holds the deciduous broadleaf net
                assert slots[7].key() == slots[2].key(), aid


def test_catalog_ids_are_unique_and_the_v0_ids_are_reused():
    ids = _leaf_entry_ids()
    assert len(ids) == len(set(ids))
    with open(os.path.join(str(REPO), "models", "catalog", "leaf_s2_v0.json"), encoding="utf-8") as f:
        v0 = [e["id"] for e in json.load(f)["entries"]]
    assert all(ids.count(i) == 1 for i in v0)
    assert set(load_algorithms()["S2_SL2P_V0_20M"].catalog_ids()) == set(v0)


def test_every_leaf_catalog_entry_is_the_exact_upstream_file(mirror):
    with open(mirror / "MANIFEST.csv", newline="", encoding="utf-8") as f:
        manifest = {(r["owner/repo"], r["commit"], r["path"]): r for r in csv.DictReader(f)}
    catalog = load_catalog()
    for cid in _leaf_entry_ids():
        e = catalog[cid]
        assert e.format in ("leaf-csv", "gee-dump-pickle") and e.kind in ("estimates", "errors", "domain"), cid
        assert e.description and e.license, cid
        for ref in e.files:
            row = manifest[(e.repo, e.commit, ref.path)]
            assert (int(row["bytes"]), row["sha256"]) == (ref.bytes, ref.sha256), cid
            data = (mirror / e.repo / e.commit / ref.path).read_bytes()
            assert (len(data), _sha(data)) == (ref.bytes, ref.sha256), cid
        blobs = {ref.role: (mirror / e.repo / e.commit / ref.path).read_bytes() for ref in e.files}
        if e.kind == "domain":
            assert len(nets.read_domain_entry(e, blobs)["codes"]) > 0, cid
        else:  # every published table holds the 7 LEAF variables, one input count
            table = nets.read_entry(e, blobs)
            assert set(range(1, 8)) <= set(table) and len({n.n_in for n in table.values()}) == 1, cid


# --------------------------------------------------------------------------------------------
# Offline install and a run of every shipped algorithm
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("alg_id", sorted(SHIPPED) + LANDCOVER_IDS)
def test_algorithm_installs_offline_and_runs(installed, alg_id):
    alg = load_algorithms().get(alg_id)
    if alg is None:
        pytest.skip("%s is not shipped (land-cover networks only inside merged GEE dumps)" % alg_id)
    inst = installed(alg_id)
    assert inst.outputs == OUTPUTS and len(inst.slot_models) == len(alg.networks)
    assert {s["id"] for s in inst.manifest["sources"]} == set(alg.catalog_ids())
    # three pixels in the middle of the LAI network's training ranges, one masked, one without data
    ranges = inst.manifest["models"][0]["ranges"]["LAI"]
    mid = (np.array(ranges["input_min"]) + np.array(ranges["input_max"])) / 2
    cos = {name: np.full(5, mid[alg.inputs.index(name)]) for name in ANGLE_INPUTS}
    refl = [np.full(5, mid[alg.inputs.index(b)]) for b in alg.bands]
    has_data = np.array([True, True, True, True, False])
    valid = np.array([True, True, True, False, True])
    # land cover: needleleaf (slot 3), broadleaf (slot 2), mixed forest (slot 11)
    landcover = np.array([1, 5, 6, 15, 15]) if alg.landcover is not None else None
    out = Estimator(alg, inst).run(_angles(cos["cosVZA"], cos["cosSZA"], cos["cosRAA"]), refl, has_data, valid,
                                   landcover)
    assert set(out) == set(OUTPUTS) | {"QC"}
    for name in OUTPUTS:
        assert np.all(np.isfinite(out[name][:3])) and np.all(np.isnan(out[name][3:])), (alg_id, name)
    assert out["QC"][3] == QC_INVALID and out["QC"][4] == QC_NODATA and np.all(out["QC"][:3] < QC_INVALID)
    assert 0 < out["LAI"][0] < VARIABLES["LAI"].valid_max


# --------------------------------------------------------------------------------------------
# test_vectors.md §F V2, V3: single-network algorithms, all 14 numbers
# --------------------------------------------------------------------------------------------

def _check_all(out, expected):
    got = np.stack([out[n] for n in OUTPUTS], axis=1).astype(np.float64)
    np.testing.assert_allclose(got, np.array(expected), rtol=RTOL)


def test_v2_sentinel2_10m(installed, s2_rows):
    rows = V2_ROWS
    angles = _angles(*(s2_rows[c][rows] for c in ("cosVZA", "cosSZA", "cosRAA")))
    # B02 and B08 of the sample file are raw DN (the 20 m net never used them); B03, B04 are reflectance
    refl = [s2_rows["B02"][rows] * 1e-4, s2_rows["B03"][rows], s2_rows["B04"][rows], s2_rows["B08"][rows] * 1e-4]
    out = _run(installed, "S2_SL2P_V0_10M", angles, refl)
    _check_all(out, V2)
    assert out["QC"].tolist() == [0] * len(rows)   # domain codes 2111/3111 are in the 10 m domain


@pytest.mark.parametrize("alg_id", ["L8_SL2P_V0_30M", "L9_SL2P_V0_30M", "HLS_SL2P_V0_30M"])
def test_v3_landsat8_weiss(installed, l8_rows, alg_id):
    """L8 V0 (production's networks and domain); L9 V0 and HLS V0 run the same Landsat-8 networks."""
    np.testing.assert_allclose([l8_rows[c][0] for c in ("cosVZA", "cosSZA", "cosRAA", "SR_B3", "SR_B4", "SR_B5",
                                                        "SR_B6", "SR_B7")], V3_INPUTS_ROW0, rtol=1e-12)
    angles, refl = _l8(l8_rows)
    out = _run(installed, alg_id, angles, refl)
    _check_all(out, V3)
    assert out["QC"].tolist() == [0] * len(V3_ROWS)   # codes 11211, 12311, 12411, 11311 are in the domain


# --------------------------------------------------------------------------------------------
# test_vectors.md §F V4, V5 and §E: land-cover (V1) networks
# --------------------------------------------------------------------------------------------

def _classes_of(slot):
    return [c for c, s in CLASS_SLOTS.items() if s == slot]


def test_v4_landsat8_v1_landcover_slots(installed, l8_rows):
    angles, refl = _l8(l8_rows)
    n = len(V3_ROWS)
    for slot, expected in sorted(V4.items()):
        for cls in _classes_of(slot) + ([8, 11] if slot == 2 else []):
            out = _run(installed, "L8_SL2P_V1_30M", angles, refl, np.full(n, cls))
            got = np.stack([out["LAI"], out["LAI_uncertainty"]], axis=1).astype(np.float64)
            np.testing.assert_allclose(got, np.array(expected), rtol=RTOL, err_msg="class %d" % cls)
    for cls in (7, 9, 10, 12, 13, 14, 15, 16, 17, 19):   # weiss slots give the V3 numbers
        out = _run(installed, "L8_SL2P_V1_30M", angles, refl, np.full(n, cls))
        _check_all(out, V3)
    for cls in (0, 18, 20):                                # no network: flagged invalid, no estimate
        out = _run(installed, "L8_SL2P_V1_30M", angles, refl, np.full(n, cls))
        assert np.all(np.isnan(out["LAI"])) and np.all(out["QC"] == QC_INVALID)


def test_v5_sentinel2_v1_landcover_slots(installed, s2_rows):
    angles, refl = _s2_20m(s2_rows, V5_ROWS)
    n = len(V5_ROWS)
    for slot, expected in sorted(V5.items()):
        for cls in _classes_of(slot):
            out = _run(installed, "S2_SL2P_V1_20M", angles, refl, np.full(n, cls))
            got = np.stack([out["LAI"], out["LAI_uncertainty"]], axis=1).astype(np.float64)
            np.testing.assert_allclose(got, np.array(expected), rtol=RTOL, err_msg="class %d" % cls)
    # one window mixing classes: each pixel takes its own slot (rows 0, 3, 6 as dbf, enf, mix)
    out = _run(installed, "S2_SL2P_V1_20M", *_s2_20m(s2_rows, [0, 3, 6]), np.array([5, 1, 6]))
    np.testing.assert_allclose(out["LAI"], [V5[2][0][0], V5[3][1][0], V5[11][2][0]], rtol=RTOL)


def test_e_production_example_partition_5(installed, s2_rows):
    angles, refl = _s2_20m(s2_rows, [0])
    out = _run(installed, "S2_SL2P_V1_20M", angles, refl, np.array([5]))
    for name, (value, factor, dn) in E_ESTIMATES.items():
        np.testing.assert_allclose(out[name][0], value, rtol=RTOL, err_msg=name)
        assert int(np.trunc(max(float(out[name][0]), 0.0) * factor)) == dn, name
    assert out["QC"][0] == 0   # code 11222111 is in the domain, estimates in range
