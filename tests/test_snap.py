"""snap.py and the SNAP-compatible algorithms: SNAP's coefficient files as Networks, SNAP's definition
domain and ExtremeCases rule, the catalog/definitions, and SNAP's own 2.1 TestCases (LAI, FAPAR,
LAI_Cab) reproduced by the parsed networks and by the installed fused TFLite model.

The coefficient files and TestCases are read at run time from ../shared (GPL-3, never copied here).
SNAP's test (BiophysicalAlgoTest) skips a case when SNAP flags it (input out of range or any
ExtremeCases flag) or when the expected value is NaN, and otherwise accepts |error| <= max(1e-2,
0.1 % of expected); the same rules are used here, and the skipped cases are counted.
"""

import json
import zipfile

import numpy as np
import pytest

from leaf_qgis.engine import snap
from leaf_qgis.engine.algorithm import load_algorithms
from leaf_qgis.engine.catalog import CatalogEntry, FileRef, NetworkStore, load_catalog
from leaf_qgis.engine.estimator import QC_DOMAIN, QC_RANGE, QC_THRESHOLDED, Estimator
from leaf_qgis.engine.networks import read_domain_entry, read_entry
from leaf_qgis.engine.runtime import make_runner
from leaf_qgis.engine.variables import VARIABLES
from leaf_qgis.engine.xmldoc import parse_xml

SNAP_COMMIT = "33f36f168cf640ca8bcef0a2f7c7aeee906af687"
AUX = "senbox-org/s2tbx/%s/s2tbx-biophysical/src/main/resources/auxdata" % SNAP_COMMIT
TESTCASES = "realdata/snap_s2tbx_biophysical_testcases_2_1"
SETS = {"2_1": "2_1", "3_0_S2A": "3_0/S2A", "3_0_S2B": "3_0/S2B", "3_0_S2A_10m": "3_0/S2A_10m",
        "3_0_S2B_10m": "3_0/S2B_10m", "3_0_LANDSAT8": "3_0/LANDSAT8"}
ALGORITHMS = {"SNAP_2_1_S2_20M": "2_1", "SNAP_3_0_S2A_20M": "3_0_S2A", "SNAP_3_0_S2B_20M": "3_0_S2B",
              "SNAP_3_0_S2A_10M": "3_0_S2A_10m", "SNAP_3_0_S2B_10M": "3_0_S2B_10m",
              "SNAP_3_0_L8_30M": "3_0_LANDSAT8"}
SNAP_TO_LEAF = {"LAI": "LAI", "FAPAR": "fAPAR", "FCOVER": "fCOVER", "LAI_Cab": "CCC", "LAI_Cw": "CWC"}
# what the 2.1 TestCases hold, as found by this module's domain and ExtremeCases code:
# (cases SNAP flags, of which ExtremeCases flags, NaN expected values, cases compared)
EXPECTED_COUNTS = {"LAI": (0, 0, 0, 100), "FAPAR": (47, 47, 46, 53), "LAI_Cab": (0, 0, 72, 28)}


# --------------------------------------------------------------------------------------------
# Helpers: SNAP files by role, TestCases, and two independent float64 forward passes
# --------------------------------------------------------------------------------------------

def _dir(shared_dir, set_name, variable):
    return shared_dir / "upstream-mirror" / AUX / SETS[set_name] / variable


def _blobs(shared_dir, set_name, variable, roles=None):
    d = _dir(shared_dir, set_name, variable)
    out = {}
    for role, suffix in snap.ROLE_FILES.items():
        p = d / ("%s_%s" % (variable, suffix))
        if p.exists() and (roles is None or role in roles):
            out[role] = p.read_bytes()
    return out


def _variables(shared_dir, set_name):
    return [v for v in SNAP_TO_LEAF if _dir(shared_dir, set_name, v).is_dir()]


def _testcases(shared_dir, variable):
    t = np.loadtxt(shared_dir / TESTCASES / variable / ("%s_TestCases" % variable), delimiter=",")
    assert t.shape == (100, 12)
    return t[:, :11], t[:, 11]


def network_forward(net, x):
    """Float64 forward pass from the parsed Network's fields (written here, not taken from the engine)."""
    x = np.asarray(x, dtype=np.float64)
    a = x * net.inp_slope + net.inp_offset
    n = np.stack([a @ net.h1_weights[k] + net.h1_bias[k] for k in range(net.n_hidden)], axis=1)
    with np.errstate(over="ignore"):  # exp overflows to inf for very negative n: t = -1 exactly
        t = 2.0 / (1.0 + np.exp(-2.0 * n)) - 1.0
    y_n = t @ net.h2_weights + net.h2_bias
    return (y_n - net.out_bias) / net.out_slope


def snap_formula_forward(shared_dir, set_name, variable, x):
    """SNAP's formulas (ATBD / Algo workbook) straight from the raw text files, bypassing snap.py."""
    d = _dir(shared_dir, set_name, variable)

    def table(suffix):
        return np.atleast_2d(np.loadtxt(d / ("%s_%s" % (variable, suffix)), delimiter=","))
    norm, denorm = table("Normalisation"), table("Denormalisation")
    w1, b1 = table("Weights_Layer1_Neurons"), table("Weights_Layer1_Bias")[0]
    w2, b2 = table("Weights_Layer2_Neurons")[0], table("Weights_Layer2_Bias")[0, 0]
    xs = 2.0 * (x - norm[:, 0]) / (norm[:, 1] - norm[:, 0]) - 1.0
    h = np.tanh(xs @ w1.T + b1)
    ys = h @ w2 + b2
    return 0.5 * (ys + 1.0) * (denorm[0, 1] - denorm[0, 0]) + denorm[0, 0]


def _tolerance(expected):
    return np.maximum(1e-2, 1e-3 * np.abs(expected))


def _snap_skips(shared_dir, variable, y, domain_spec):
    """Masks of the cases SNAP's test skips: (out of domain, ExtremeCases-flagged, NaN expected) and
    the thresholded outputs."""
    x, expected = _testcases(shared_dir, variable)
    out_of_domain = snap.snap_domain_flags(domain_spec, [x[:, i] for i in range(8)])
    rule = snap.read_snap_output_rule(_blobs(shared_dir, "2_1", variable), variable)
    y_rule, flags = snap.snap_output_rule(y, rule)
    return out_of_domain, flags != 0, np.isnan(expected), y_rule


@pytest.fixture(scope="module")
def domain_2_1(shared_dir):
    return snap.read_snap_domain(_blobs(shared_dir, "2_1", "LAI", snap.DOMAIN_ROLES), "2_1 LAI domain")


@pytest.fixture(scope="module")
def installed_2_1(shared_dir, tmp_path_factory):
    alg = load_algorithms()["SNAP_2_1_S2_20M"]
    store = NetworkStore(str(tmp_path_factory.mktemp("snap_store")))
    inst = store.install(alg, source=str(shared_dir / "upstream-mirror"))
    assert store.installed(alg) is not None
    return alg, inst


# --------------------------------------------------------------------------------------------
# SNAP's 2.1 TestCases
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("variable", ["LAI", "FAPAR", "LAI_Cab"])
def test_testcases_with_parsed_network(shared_dir, domain_2_1, variable):
    nets = snap.read_snap_network(_blobs(shared_dir, "2_1", variable), variable, "2_1 " + variable)
    vid = VARIABLES[SNAP_TO_LEAF[variable]].network_id
    assert list(nets) == [vid]
    x, expected = _testcases(shared_dir, variable)
    y = network_forward(nets[vid], x)
    out_of_domain, flagged, nan_expected, y_rule = _snap_skips(shared_dir, variable, y, domain_2_1)
    skipped = out_of_domain | flagged | nan_expected
    compared = ~skipped
    n_flag = int((out_of_domain | flagged).sum())
    assert (n_flag, int(flagged.sum()), int(nan_expected.sum()), int(compared.sum())) == EXPECTED_COUNTS[variable]
    err = np.abs(y[compared] - expected[compared])
    assert np.all(err <= _tolerance(expected[compared])), err.max()
    assert err.max() < {"LAI": 5e-4, "FAPAR": 5e-5, "LAI_Cab": 1e-2}[variable]
    # where SNAP thresholded an output and the workbook still gives a value, the rule reproduces it
    both = flagged & ~nan_expected
    assert np.allclose(y_rule[both], expected[both], atol=1e-9)
    # the two forward passes (Network fields vs SNAP's min/max formulas) agree
    assert np.allclose(y, snap_formula_forward(shared_dir, "2_1", variable, x), rtol=0, atol=1e-9)


@pytest.mark.parametrize("runtime", ["numpy", "litert"])
def test_testcases_with_fused_tflite(shared_dir, installed_2_1, domain_2_1, runtime):
    if runtime == "litert":
        pytest.importorskip("ai_edge_litert.interpreter")
    alg, inst = installed_2_1
    assert inst.outputs == ["LAI", "fAPAR", "fCOVER", "CCC", "CWC"]
    runner = make_runner(inst.model_bytes(0), "SNAP 2.1", prefer=runtime)
    for variable in ("LAI", "FAPAR", "LAI_Cab"):
        x, expected = _testcases(shared_dir, variable)
        y = runner.run(x.astype(np.float32))[:, inst.outputs.index(SNAP_TO_LEAF[variable])].astype(np.float64)
        out_of_domain, flagged, nan_expected, _ = _snap_skips(shared_dir, variable, y, domain_2_1)
        compared = ~(out_of_domain | flagged | nan_expected)
        assert int(compared.sum()) == EXPECTED_COUNTS[variable][3]
        err = np.abs(y[compared] - expected[compared])
        assert np.all(err <= _tolerance(expected[compared])), (variable, err.max())
        # float32 graph vs float64 formulas
        ref = snap_formula_forward(shared_dir, "2_1", variable, x)
        assert np.allclose(y, ref, rtol=1e-4, atol=1e-4 * max(1.0, np.abs(ref).max()))


def test_testcases_through_the_estimator(shared_dir, installed_2_1):
    """The whole per-window path: angles in degrees -> cosines -> fused model; SNAP domain -> QC bit 0."""
    alg, inst = installed_2_1
    est = Estimator(alg, inst)
    assert est.domain["type"] == "snap"
    x, expected = _testcases(shared_dir, "LAI")
    angles = {"VZA": np.degrees(np.arccos(x[:, 8])), "SZA": np.degrees(np.arccos(x[:, 9])),
              "RAA": np.degrees(np.arccos(x[:, 10]))}
    refl = [x[:, i] for i in range(8)]
    ones = np.ones(x.shape[0], dtype=bool)
    out = est.run(angles, refl, ones, ones)
    assert np.all(out["QC"] & QC_DOMAIN == 0)  # every TestCase is inside SNAP's definition domain
    assert np.all(np.abs(out["LAI"] - expected) <= _tolerance(expected))
    # a reflectance beyond SNAP's B3 maximum sets the domain bit
    refl[0] = refl[0].copy()
    refl[0][:5] = 0.27
    out = est.run(angles, refl, ones, ones)
    assert np.all(out["QC"][:5] & QC_DOMAIN) and not np.any(out["QC"][5:] & QC_DOMAIN)


# --------------------------------------------------------------------------------------------
# Parsing: every set and variable, against SNAP's formulas
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("set_name", list(SETS))
def test_every_snap_network_matches_snap_formulas(shared_dir, set_name):
    rng = np.random.default_rng(7)
    for variable in _variables(shared_dir, set_name):
        nets = snap.read_snap_network(_blobs(shared_dir, set_name, variable), variable, set_name)
        (vid, net), = nets.items()
        assert vid == VARIABLES[SNAP_TO_LEAF[variable]].network_id
        lo, hi = net.input_range()
        x = lo + (hi - lo) * rng.random((500, net.n_in))
        assert np.allclose(network_forward(net, x), snap_formula_forward(shared_dir, set_name, variable, x),
                           rtol=1e-12, atol=1e-12)
        norm = np.loadtxt(_dir(shared_dir, set_name, variable) / (variable + "_Normalisation"), delimiter=",")
        assert np.allclose(lo, norm[:, 0], atol=1e-12) and np.allclose(hi, norm[:, 1], atol=1e-12)
        n_bands = {"2_1": 8, "3_0_S2A": 8, "3_0_S2B": 8, "3_0_LANDSAT8": 5}.get(set_name, 3)
        assert net.n_in == n_bands + 3


def test_variable_names():
    assert snap.snap_variable("LAI_Cab") == ("LAI_Cab", "CCC", 4)
    assert snap.snap_variable("ccc") == ("LAI_Cab", "CCC", 4)
    assert snap.snap_variable("FAPAR")[1:] == ("fAPAR", 2)
    for leaf, vid in snap.SNAP_VARIABLES.values():
        assert VARIABLES[leaf].network_id == vid
    with pytest.raises(ValueError, match="not a SNAP"):
        snap.snap_variable("Albedo")


# --------------------------------------------------------------------------------------------
# Definition domain
# --------------------------------------------------------------------------------------------

def test_domain_spec_content(domain_2_1):
    assert domain_2_1["type"] == "snap"
    assert len(domain_2_1["min"]) == len(domain_2_1["max"]) == 8
    assert len(domain_2_1["grid"]) == 11039 and all(len(r) == 8 for r in domain_2_1["grid"])
    assert json.loads(json.dumps(domain_2_1)) == domain_2_1
    assert domain_2_1["max"][0] == pytest.approx(0.263061520472)


def _cell_centres(spec, cells):
    lo, hi = np.asarray(spec["min"]), np.asarray(spec["max"])
    cells = np.asarray(cells, dtype=np.float64)
    return [lo[j] + (cells[:, j] - 0.5) / 10.0 * (hi[j] - lo[j]) for j in range(lo.size)]


@pytest.mark.parametrize("set_name", list(SETS))
def test_domain_grid_cells_are_inside_and_others_outside(shared_dir, set_name):
    spec = snap.read_snap_domain(_blobs(shared_dir, set_name, "LAI", snap.DOMAIN_ROLES), set_name)
    grid = np.asarray(spec["grid"])
    assert not snap.snap_domain_flags(spec, _cell_centres(spec, grid)).any()
    assert np.array_equal(snap.snap_grid_cells(spec, _cell_centres(spec, grid)), grid)
    # cells that are not grid rows are outside
    rows = {tuple(r) for r in grid.tolist()}
    rng = np.random.default_rng(3)
    cand = rng.integers(1, 11, size=(2000, grid.shape[1]))
    missing = np.array([c for c in cand.tolist() if tuple(c) not in rows])
    assert missing.size
    assert snap.snap_domain_flags(spec, _cell_centres(spec, missing)).all()


def test_domain_bounds_nan_and_shape(domain_2_1):
    lo, hi = np.asarray(domain_2_1["min"]), np.asarray(domain_2_1["max"])
    inside_cell = np.array(domain_2_1["grid"][0])
    base = _cell_centres(domain_2_1, inside_cell[None, :])
    refl = [np.repeat(b, 6).reshape(2, 3) for b in base]
    assert snap.snap_domain_flags(domain_2_1, refl).shape == (2, 3)
    assert not snap.snap_domain_flags(domain_2_1, refl).any()
    refl[0][0, 0] = hi[0] + 1e-6      # above a band maximum
    refl[3][0, 1] = lo[3] - 1e-6      # below a band minimum
    refl[7][0, 2] = np.nan            # no number
    refl[1][1, 0] = hi[1]             # exactly the maximum: cell 11, in no grid row
    flags = snap.snap_domain_flags(domain_2_1, refl)
    assert flags.tolist() == [[True, True, True], [True, False, False]]
    with pytest.raises(ValueError, match="8 bands but 3"):
        snap.snap_domain_flags(domain_2_1, refl[:3])
    # bounds only when there is no grid (SNAP skips the grid test when the file is absent)
    no_grid = dict(domain_2_1, grid=None)
    outside_grid = _cell_centres(domain_2_1, np.full((1, 8), 10))
    assert snap.snap_domain_flags(domain_2_1, outside_grid).all()
    assert not snap.snap_domain_flags(no_grid, outside_grid).any()
    assert snap.snap_domain_flags(no_grid, [np.array([hi[0] * 2])] + [np.array([v]) for v in hi[1:]]).all()
    assert snap.snap_domain_flags(domain_2_1, [np.array([], dtype=float)] * 8).shape == (0,)


# --------------------------------------------------------------------------------------------
# ExtremeCases
# --------------------------------------------------------------------------------------------

def test_output_rule(shared_dir):
    rule = snap.read_snap_output_rule(_blobs(shared_dir, "2_1", "LAI"), "2_1 LAI")
    assert rule == {"tolerance": 0.2, "min": 0.0, "max": 8.0, "tolerance_in_file": -0.2}
    rule_30 = snap.read_snap_output_rule(_blobs(shared_dir, "3_0_S2A", "LAI"), "3_0 LAI")
    assert rule_30["tolerance"] == rule["tolerance"] and rule_30["tolerance_in_file"] == 0.2
    y = np.array([-0.3, -0.2, -0.1, 0.0, 4.0, 8.0, 8.1, 8.2, 8.3, np.nan])
    for r in (rule, rule_30):
        v, f = snap.snap_output_rule(y, r)
        assert np.array_equal(v, [-0.3, -0.2, 0.0, 0.0, 4.0, 8.0, 8.0, 8.2, 8.3, np.nan], equal_nan=True)
        assert f.tolist() == [snap.SNAP_FLAG_OUTPUT_TOO_LOW, 0, snap.SNAP_FLAG_THRESHOLDED_TO_MIN, 0, 0, 0,
                              snap.SNAP_FLAG_THRESHOLDED_TO_MAX, 0, snap.SNAP_FLAG_OUTPUT_TOO_HIGH, 0]
    v32, _ = snap.snap_output_rule(y.astype(np.float32), rule)
    assert v32.dtype == np.float32
    assert np.array_equal(y, [-0.3, -0.2, -0.1, 0.0, 4.0, 8.0, 8.1, 8.2, 8.3, np.nan], equal_nan=True)


# --------------------------------------------------------------------------------------------
# Malformed files
# --------------------------------------------------------------------------------------------

@pytest.fixture()
def lai_blobs(shared_dir):
    return _blobs(shared_dir, "2_1", "LAI")


@pytest.mark.parametrize("role, data, message", [
    ("normalisation", b"0,1\n0,abc\n", "not a number on line 2"),
    ("normalisation", b"0,1\n0,1,2\n", "3 values on line 2 but 2 on line 1"),
    ("normalisation", b"0,1\n\n0,1\n", "empty line 2"),
    ("normalisation", b"", "is empty"),
    ("normalisation", b"\xff\xfe\x00\x01", "not a text file"),
    ("normalisation", b"0,1\n0,nan\n", "NaN or infinite"),
    ("normalisation", b"0,1,2\n", "one 'min,max' row per input"),
    ("normalisation", b"0,1\n1,1\n" + b"0,1\n" * 9, "not below its maximum on line 2"),
    ("l1_weights", b"1,2,3\n", "one row of 11 weights"),
    ("l1_bias", b"1,2\n", "one row of 5 hidden biases"),
    ("l2_weights", b"1,2,3,4,5,6\n", "one row of 5 output weights"),
    ("l2_bias", b"1,2\n", "one output bias"),
    ("denormalisation", b"1,0\n", "minimum not below its maximum"),
    ("extreme_cases", b"0.2,0\n", "tolerance,output_min,output_max"),
])
def test_malformed_network_files(lai_blobs, role, data, message):
    blobs = dict(lai_blobs, **{role: data})
    with pytest.raises(ValueError, match=message) as e:
        snap.read_snap_network(blobs, "LAI", "snap-s2tbx/2_1_LAI")
    assert "snap-s2tbx/2_1_LAI" in str(e.value) and role in str(e.value)


def test_missing_file_and_unknown_variable(lai_blobs):
    blobs = {k: v for k, v in lai_blobs.items() if k != "l2_bias"}
    with pytest.raises(ValueError, match="has no l2_bias file .*Weights_Layer2_Bias"):
        snap.read_snap_network(blobs, "LAI", "x")
    with pytest.raises(ValueError, match="not a SNAP biophysical variable"):
        snap.read_snap_network(lai_blobs, "DASF", "x")


@pytest.mark.parametrize("role, data, message", [
    ("domain_minmax", b"0,0\n1,1\n2,2\n", "two rows"),
    ("domain_minmax", b"0,1\n1,0.5\n", "band minimum not below its maximum \\(band 2\\)"),
    ("domain_grid", b"1,2,3\n", "one column per band"),
    ("domain_grid", b"1,1.5,1,1,1,1,1,1\n", "not grid cell indices"),
])
def test_malformed_domain_files(lai_blobs, role, data, message):
    blobs = {r: lai_blobs[r] for r in snap.DOMAIN_ROLES}
    blobs[role] = data
    with pytest.raises(ValueError, match=message):
        snap.read_snap_domain(blobs, "d")
    with pytest.raises(ValueError, match="no domain_minmax file"):
        snap.read_snap_domain({"domain_grid": lai_blobs["domain_grid"]}, "d")


def test_engine_dispatch(lai_blobs):
    files = tuple(FileRef("p/" + r, 1, "0" * 64, r) for r in lai_blobs)
    entry = CatalogEntry("snap-s2tbx/2_1_LAI", "senbox-org/s2tbx", SNAP_COMMIT, files, "snap-auxdata",
                         "estimates", "", variable="LAI")
    assert list(read_entry(entry, lai_blobs)) == [1]
    dom = CatalogEntry("snap-s2tbx/2_1_LAI_domain", "senbox-org/s2tbx", SNAP_COMMIT, files, "snap-auxdata",
                       "domain", "", variable="LAI")
    assert read_domain_entry(dom, lai_blobs)["type"] == "snap"


# --------------------------------------------------------------------------------------------
# Catalog and algorithm definitions
# --------------------------------------------------------------------------------------------

def test_catalog_entries_match_the_mirror(shared_dir):
    import hashlib
    entries = {k: e for k, e in load_catalog().items() if e.format == "snap-auxdata"}
    assert len(entries) == 47
    for e in entries.values():
        assert e.repo == "senbox-org/s2tbx" and e.commit == SNAP_COMMIT
        roles = [f.role for f in e.files]
        if e.kind == "estimates":
            assert sorted(roles) == sorted(snap.NETWORK_ROLES + ("extreme_cases",)), e.id
        else:
            assert e.kind == "domain" and roles in (["domain_minmax", "domain_grid"], ["domain_minmax"]), e.id
        snap.snap_variable(e.variable)
        for f in e.files:
            p = shared_dir / "upstream-mirror" / e.repo / e.commit / f.path
            data = p.read_bytes()
            assert len(data) == f.bytes and hashlib.sha256(data).hexdigest() == f.sha256, f.path
            assert f.filename == "%s_%s" % (e.variable, snap.ROLE_FILES[f.role])


def test_algorithm_definitions():
    algs = load_algorithms()
    catalog = load_catalog()
    for aid, set_name in ALGORITHMS.items():
        alg = algs[aid]
        assert alg.family == "SNAP" and alg.landcover is None and not alg.has_uncertainty
        assert alg.inputs[-3:] == ["cosVZA", "cosSZA", "cosRAA"]
        assert alg.version == ("2.1" if set_name == "2_1" else "3.0")
        (slot,) = alg.networks
        assert [SNAP_TO_LEAF[catalog[c].variable] for c in slot.estimates] == alg.variables
        assert all(c.startswith("snap-s2tbx:%s_" % set_name) for c in slot.estimates)
        assert alg.domain == ["snap-s2tbx:%s_LAI_domain" % set_name]
    assert algs["SNAP_3_0_L8_30M"].bands == ["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"]
    assert algs["SNAP_3_0_S2A_10M"].bands == ["B3", "B4", "B8"]


@pytest.mark.parametrize("algorithm_id", list(ALGORITHMS))
def test_install_every_snap_algorithm(shared_dir, tmp_path, algorithm_id):
    alg = load_algorithms()[algorithm_id]
    inst = NetworkStore(str(tmp_path)).install(alg, source=str(shared_dir / "upstream-mirror"))
    assert inst.outputs == alg.variables and inst.domain()["type"] == "snap"
    runner = make_runner(inst.model_bytes(0), algorithm_id, prefer="numpy")
    set_name = ALGORITHMS[algorithm_id]
    nets = {}
    for v in _variables(shared_dir, set_name):
        nets.update(snap.read_snap_network(_blobs(shared_dir, set_name, v), v, set_name))
    net = nets[1]
    lo, hi = net.input_range()
    x = lo + (hi - lo) * np.random.default_rng(11).random((300, net.n_in))
    y = runner.run(x.astype(np.float32))
    for j, name in enumerate(alg.variables):
        ref = network_forward(nets[VARIABLES[name].network_id], x)
        assert np.allclose(y[:, j], ref, rtol=1e-4, atol=1e-4 * max(1.0, np.abs(ref).max())), name


def workbook_testcases(shared_dir, variable):
    """The Test_Cases sheet of SNAP's Algo_S2_V2.1_SL2T_<variable>.xlsx: (inputs [n, 11], expected value with NaN,
    SNAP's flag per case), read with the plugin's GDAL-based XML reader. Where the sheet gives a flag it writes
    "<value> <flag>" in one cell; flag 2 is SNAP's "output thresholded" (value NaN at the maximum)."""
    with zipfile.ZipFile(shared_dir / TESTCASES / ("Algo_S2_V2.1_SL2T_%s.xlsx" % variable)) as z:
        strings = ["".join(t.text or "" for t in si.all("t"))
                   for si in parse_xml(z.read("xl/sharedStrings.xml"), "sharedStrings").all("si")]
        sheets = {s.get("name"): s.get("r:id") for s in parse_xml(z.read("xl/workbook.xml"), "workbook").all("sheet")}
        targets = {r.get("Id"): r.get("Target") for r in
                   parse_xml(z.read("xl/_rels/workbook.xml.rels"), "rels").all("Relationship")}
        sheet = parse_xml(z.read("xl/" + targets[sheets["Test_Cases"]]), "Test_Cases")
    rows = []
    for row in sheet.all("row")[1:]:
        cells = [(c.first("v").text, c.get("t")) for c in row.all("c")]
        rows.append([strings[int(v)] if t == "s" else v for v, t in cells])
    x = np.array([[float(v) for v in r[:11]] for r in rows])
    value_flag = [r[11].split() for r in rows]
    expected = np.array([float(v[0]) for v in value_flag])
    flags = np.array([int(v[1]) for v in value_flag]) if all(len(v) == 2 for v in value_flag) else None
    return x, expected, flags


def test_qc_thresholded_bit_is_exactly_snaps_flag_on_the_workbook_cases(shared_dir, installed_2_1):
    """SNAP's FAPAR workbook flags 100 of its 200 cases as thresholded (99 to the 0.94 maximum, 1 to 0); the QC
    byte sets bit 3 on exactly those, writes SNAP's value there, and leaves bit 1 (beyond the tolerance) unset."""
    alg, inst = installed_2_1
    x, expected, snap_flags = workbook_testcases(shared_dir, "FAPAR")
    assert x.shape == (200, 11) and sorted(set(snap_flags.tolist())) == [0, 2]
    est = Estimator(alg, inst, variables=["fAPAR"])
    angles = {"VZA": np.degrees(np.arccos(x[:, 8])), "SZA": np.degrees(np.arccos(x[:, 9])),
              "RAA": np.degrees(np.arccos(x[:, 10]))}
    ones = np.ones(x.shape[0], dtype=bool)
    out = est.run(angles, [x[:, i] for i in range(8)], ones, ones)
    thresholded = (out["QC"] & QC_THRESHOLDED) > 0
    np.testing.assert_array_equal(thresholded, snap_flags == 2)
    assert int(thresholded.sum()) == 100
    assert set(out["fAPAR"][thresholded].tolist()) == {np.float32(0.0), np.float32(0.94)}
    assert int((out["fAPAR"][thresholded] == np.float32(0.94)).sum()) == 99
    assert not np.any(out["QC"] & QC_RANGE)
    given = ~np.isnan(expected)   # the workbook's values, including the one thresholded to 0
    assert np.all(np.abs(out["fAPAR"][given] - expected[given]) <= _tolerance(expected[given]))
    # the first 100 workbook cases are the FAPAR_TestCases file
    t_x, t_expected = _testcases(shared_dir, "FAPAR")
    np.testing.assert_allclose(x[:100], t_x, rtol=1e-6)
    np.testing.assert_array_equal(np.isnan(expected[:100]), np.isnan(t_expected))
    # LAI and LAI_Cab: no case is thresholded, and none gets the bit
    for variable, name in (("LAI", "LAI"), ("LAI_Cab", "CCC")):
        x, expected, _ = workbook_testcases(shared_dir, variable)
        angles = {"VZA": np.degrees(np.arccos(x[:, 8])), "SZA": np.degrees(np.arccos(x[:, 9])),
                  "RAA": np.degrees(np.arccos(x[:, 10]))}
        ones = np.ones(x.shape[0], dtype=bool)
        out = Estimator(alg, inst, variables=[name]).run(angles, [x[:, i] for i in range(8)], ones, ones)
        assert not np.any(out["QC"] & (QC_THRESHOLDED | QC_RANGE)), variable


def test_snap_valid_ranges_are_snaps_limits_plus_tolerance(installed_2_1):
    """QC bit 1 (and the bands' VALID_MIN/VALID_MAX) for SNAP algorithms: outside [min - tol, max + tol] of
    ExtremeCases, e.g. LAI -0.2..8.2, not the plugin's 0..15."""
    alg, inst = installed_2_1
    est = Estimator(alg, inst)
    ranges = est.valid_ranges()
    expected = {"LAI": (-0.2, 8.2), "fAPAR": (-0.1, 1.04), "fCOVER": (-0.1, 1.1), "CCC": (-15.0, 615.0),
                "CWC": (-0.015, 0.565)}
    assert sorted(ranges) == sorted(expected)
    for name, limits in expected.items():
        assert ranges[name] == pytest.approx(limits, abs=1e-12), name
    assert est.thresholds == {"LAI": (0.0, 8.0), "fAPAR": (0.0, 0.94), "fCOVER": (0.0, 1.0), "CCC": (0.0, 600.0),
                              "CWC": (0.0, 0.55)}


def test_estimator_applies_snap_output_thresholds(shared_dir, installed_2_1):
    """SNAP-compatible outputs: ExtremeCases clamps within the tolerance (QC bit 3) and flags beyond it (bit 1)."""
    alg, inst = installed_2_1
    est = Estimator(alg, inst, variables=["fAPAR"])
    x, expected = _testcases(shared_dir, "FAPAR")
    angles = {"VZA": np.degrees(np.arccos(x[:, 8])), "SZA": np.degrees(np.arccos(x[:, 9])),
              "RAA": np.degrees(np.arccos(x[:, 10]))}
    ones = np.ones(x.shape[0], dtype=bool)
    out = est.run(angles, [x[:, i] for i in range(8)], ones, ones)
    raw = make_runner(inst.model_bytes(0), "raw", prefer="numpy").run(x.astype(np.float32))[:, alg.variables.index("fAPAR")]
    near_max = (raw > 0.94) & (raw < 1.04)
    assert near_max.sum() >= 40                      # the 2.1 TestCases reach SNAP's fAPAR maximum
    assert np.all(out["fAPAR"][near_max] == np.float32(0.94))
    assert np.all(out["QC"][near_max] & 2 == 0)      # clamped, not out of range
    assert np.all(out["QC"][near_max] & QC_THRESHOLDED)   # but marked as set to the limit
    beyond = raw > 1.04
    assert np.all(out["QC"][beyond] & 2 == 2) and np.allclose(out["fAPAR"][beyond], raw[beyond])
    ok = ~near_max & ~beyond & (raw >= 0)
    assert np.all(np.abs(out["fAPAR"][ok] - expected[ok]) <= _tolerance(expected[ok]))
