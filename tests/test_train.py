"""leaf:train: a two-band toy sensor is trained, installed and used by leaf:estimate; the response table is
checked; a cancel leaves nothing behind; the shipped default calibration is the SL2P workbook's."""

import json
import os
import sys

import numpy as np
import pytest
from conftest import write_stack
from osgeo import gdal

from leaf_qgis.engine import algorithm as algmod
from leaf_qgis.engine.catalog import NetworkStore
from leaf_qgis.engine.errors import Cancelled, LeafError
from leaf_qgis.training import usertrain

TOY_ID = "TOY_RN_10M"
TOY_SENSOR = "TOYSAT"


def toy_responses(path, red=(640, 680), nir=(840, 880)):
    """Boxcar red and NIR bands sampled every 1 nm where they change (1 inside, 0 outside)."""
    rows = ["wavelength,red,nir"]
    for wl in range(600, 901):
        rows.append("%d,%d,%d" % (wl, red[0] <= wl <= red[1], nir[0] <= wl <= nir[1]))
    path.write_text("\n".join(rows) + "\n")
    return str(path)


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def files_under(*folders):
    return sorted(os.path.join(d, f) for folder in folders if os.path.isdir(folder)
                  for d, _, names in os.walk(folder) for f in names)


@pytest.fixture
def user_dirs(tmp_path, monkeypatch):
    """A private user algorithms folder and network cache; user folders added by a test do not leak."""
    alg_dir, cache = tmp_path / "algorithms", tmp_path / "cache"
    monkeypatch.setenv("LEAF_QGIS_ALGORITHMS_DIR", str(alg_dir))
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", str(cache))
    monkeypatch.setattr(algmod, "USER_DIRS", [])
    return str(alg_dir), str(cache)


# --------------------------------------------------------------------------------------------
# The response table
# --------------------------------------------------------------------------------------------

BAD_TABLES = [
    ("band,red\n600,0\n650,1\n700,0\n", "no wavelength column"),
    ("wavelength,red\n600,0\n650,1\n640,1\n700,0\n", "wavelengths must increase"),
    ("wavelength,red,nir\n600,0,0\n650,1,-0.1\n700,0,1\n", "negative responses in band NIR"),
    ("wavelength,red,nir\n600,0,0\n650,1,0\n700,0,0\n", "band NIR is zero everywhere"),
    ("wavelength,red,swir\n600,0,0\n650,1,0\n2600,0,1\n2700,0,1\n", "outside PROSAIL's 400-2500 nm range: SWIR"),
    ("wavelength,red\n0.60,0\n0.65,1\n0.70,0\n", "look like micrometres"),
    ("wavelength,red,sza\n600,0,0\n650,1,1\n700,0,0\n", "reserved"),
    ("wavelength,red\n600,0\n650,x\n700,0\n", "line 3 holds a value that is not a finite number"),
]


@pytest.mark.parametrize("text,message", BAD_TABLES)
def test_response_table_errors_name_the_file(tmp_path, text, message):
    path = tmp_path / "responses.csv"
    path.write_text(text)
    with pytest.raises(LeafError, match=message) as err:
        usertrain.read_responses(str(path))
    assert str(path) in str(err.value) and str(err.value).count(". ") == 0   # one sentence naming the file


def test_response_table_is_resampled_to_1nm(tmp_path):
    path = tmp_path / "coarse.csv"
    path.write_text("Wavelength (nm);b03;B8A\n630;0;0\n640;1;0\n680;1;0\n690;0;0\n850;0;0\n860;0;1\n870;0;0\n")
    table = usertrain.read_responses(str(path))
    assert table.names == ["B3", "B8A"]                       # stack band naming: B03 -> B3
    assert table.headers == {"B3": "b03", "B8A": "B8A"}
    red = table.bands["B3"]
    assert red.size == 2101 and red[240] == 1.0 and red[235] == 0.5 and red[229] == 0.0   # 640, 635, 629 nm
    assert len(table.sha256) == 64


# --------------------------------------------------------------------------------------------
# The engine: cancel, missing prosail, ids
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stage", ["simulation", "training"])
def test_cancel_leaves_no_file(tmp_path, stage):
    pytest.importorskip("prosail")
    alg_dir, cache = str(tmp_path / "algorithms"), str(tmp_path / "cache")
    seen = []

    def canceled():   # simulation: after the first chunk; training: once the simulations are done
        return bool(seen) and (stage == "simulation" or seen[-1] >= 0.6)

    with pytest.raises(Cancelled):
        usertrain.train_sensor(toy_responses(tmp_path / "toy.csv"), algorithm_id="CANCELLED", sensors=[TOY_SENSOR],
                               variables=["LAI"], n_simulations=1200, algorithms_dir=alg_dir, cache_dir=cache,
                               progress=seen.append, is_canceled=canceled)
    assert seen and (max(seen) < 0.6 if stage == "simulation" else max(seen) >= 0.6)
    assert files_under(alg_dir, cache) == []
    assert "CANCELLED" not in algmod.load_algorithms(extra_dirs=[alg_dir])


def test_without_prosail_one_sentence_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "prosail", None)   # import prosail -> ImportError
    with pytest.raises(LeafError, match=r"install the optional package prosail \(and numba\)"):
        usertrain.train_sensor(toy_responses(tmp_path / "toy.csv"), algorithm_id="NOPROSAIL", sensors=[TOY_SENSOR],
                               algorithms_dir=str(tmp_path / "a"), cache_dir=str(tmp_path / "c"))
    assert files_under(str(tmp_path / "a"), str(tmp_path / "c")) == []


@pytest.mark.parametrize("alg_id,message", [("S2_SL2P_V0_20M", "shipped with the plugin"), ("../up", "not valid"),
                                            ("", "not valid")])
def test_refused_ids(tmp_path, alg_id, message):
    with pytest.raises(LeafError, match=message):
        usertrain.train_sensor(toy_responses(tmp_path / "toy.csv"), algorithm_id=alg_id, sensors=[TOY_SENSOR],
                               algorithms_dir=str(tmp_path / "a"), cache_dir=str(tmp_path / "c"))


def test_engine_set_is_refused_twice_and_reinstalls_from_its_local_files(tmp_path, monkeypatch):
    pytest.importorskip("prosail")
    monkeypatch.setattr(algmod, "USER_DIRS", [])
    alg_dir, cache = str(tmp_path / "algorithms"), str(tmp_path / "cache")
    args = dict(algorithm_id="ENGINE_TOY", sensors=["toy1", "toy2"], variables=["fCOVER", "LAI"],
                n_simulations=600, seed=11, algorithms_dir=alg_dir, cache_dir=cache)
    result = usertrain.train_sensor(toy_responses(tmp_path / "toy.csv"), **args)
    alg = algmod.get_algorithm("ENGINE_TOY")     # the folder was added to the user folders of this session
    assert alg.sensors == ["TOY1", "TOY2"] and alg.variables == ["LAI", "fCOVER"]
    assert alg.inputs == ["cosVZA", "cosSZA", "cosRAA", "RED", "NIR"] and alg.family == usertrain.USER_FAMILY
    assert result.report["simulations"] == 600 and set(result.report["networks"]) == {"LAI", "fCOVER"}
    with pytest.raises(LeafError, match="exists already"):
        usertrain.train_sensor(toy_responses(tmp_path / "toy.csv"), **args)
    # the cache is gone (another cache folder, a cleaned profile): the networks come back from the user's folder
    store = NetworkStore(str(tmp_path / "other_cache"))
    assert store.installed(alg) is None
    inst = store.install(alg)
    assert store.installed(alg) is not None
    assert inst.manifest["sources"][0]["origin"].startswith(os.path.join(alg_dir, "networks", "ENGINE_TOY"))
    # overwrite: same id, new seed, replaced in place
    again = usertrain.train_sensor(toy_responses(tmp_path / "toy.csv"), **dict(args, seed=12, overwrite=True))
    assert again.report["seed"] == 12
    assert read_json(os.path.join(cache, "ENGINE_TOY", "manifest.json"))["training"]["seed"] == 12
    assert [f for f in files_under(alg_dir, cache) if "/." in f] == []   # no staging folder left


def test_shipped_calibration_is_the_sl2p_workbook(shared_dir):
    from leaf_qgis.training.calibration import Calibration, calibration_paths, read_calibration
    shipped = usertrain.load_calibration()
    sheets = calibration_paths(str(shared_dir / "spec" / "calibration"), "Sentinel2__s2_sl2p_weiss_or_prosail")
    parsed = read_calibration(*sheets)
    assert Calibration.from_dict(shipped.to_dict()).distributions == parsed.distributions
    assert shipped.noise == parsed.noise and shipped.n_sims == parsed.n_sims == 41472
    with open(usertrain.default_calibration_path(), encoding="utf-8") as f:
        assert f.read() == usertrain.calibration_json(str(shared_dir))


# --------------------------------------------------------------------------------------------
# The Processing tool in QGIS: train, install, estimate, list
# --------------------------------------------------------------------------------------------

def _run(alg_id, params):
    import processing
    from qgis.core import QgsProcessingFeedback
    return processing.run(alg_id, params, feedback=QgsProcessingFeedback())


def test_train_tool_trains_installs_and_estimates(qgis_app, user_dirs, tmp_path):
    pytest.importorskip("prosail")
    from qgis.core import QgsProcessingException

    from leaf_qgis.processing.estimate import EstimateAlgorithm
    alg_dir, cache = user_dirs
    responses = toy_responses(tmp_path / "toy.csv")
    params = {"RESPONSES": responses, "ID": TOY_ID, "SENSOR": TOY_SENSOR, "VARIABLES": [0], "RESOLUTION": 10,
              "SIMULATIONS": 2000, "SEED": 3, "REPORT": str(tmp_path / "report.html")}
    out = _run("leaf:train", params)
    assert out["ALGORITHM_ID"] == TOY_ID and out["FOLDER"] == os.path.join(alg_dir, "networks", TOY_ID)
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    training = read_json(os.path.join(out["FOLDER"], "training.json"))
    rmse = training["networks"]["LAI"]["estimate"]["test_rmse"]
    assert "held-out RMSE" in report and "<td>LAI</td><td>m2/m2</td><td>%.4g</td>" % rmse in report
    assert 0.3 < rmse < 2.0   # two bands explain much of LAI (its sampled std is about 2.5), not all of it
    assert training["responses"]["file"] == "toy.csv" and training["simulations"] == 2000
    assert os.path.isfile(os.path.join(cache, TOY_ID, "model0.tflite"))

    # a stack of the toy sensor: NDVI rising from bare soil to a dense canopy
    red = np.array([0.20, 0.15, 0.11, 0.08, 0.06, 0.045, 0.035, 0.03])
    nir = np.array([0.25, 0.27, 0.30, 0.33, 0.36, 0.40, 0.43, 0.46])
    one = np.ones((1, red.size))
    stack = write_stack(tmp_path / "toy_stack.tif", [
        ("RED", red[None, :], {}), ("NIR", nir[None, :], {}), ("SZA", 35 * one, {}), ("VZA", 5 * one, {}),
        ("RAA", 90 * one, {}), ("MASK", one, {})], metadata={"LEAF_SENSOR": TOY_SENSOR, "LEAF_DATE": "2024-06-01"},
        pixel=10.0)
    choice = [a.id for a in EstimateAlgorithm().algorithms()].index(TOY_ID) + 1
    est = _run("leaf:estimate", {"INPUT": stack, "ALGORITHM": choice, "OUTPUT": str(tmp_path / "lai.tif")})
    assert est["ALGORITHM_USED"] == TOY_ID
    ds = gdal.Open(est["OUTPUT"])
    lai, unc = ds.GetRasterBand(1).ReadAsArray()[0], ds.GetRasterBand(2).ReadAsArray()[0]
    assert ds.RasterCount == 2 and ds.GetRasterBand(1).GetDescription() == "LAI"
    assert np.isfinite(lai).all() and np.isfinite(unc).all() and (unc > 0).all()
    assert np.all(np.diff(lai) > 0), lai        # monotonic in NDVI
    assert lai[0] < 1.0 and lai[-1] > 2.5, lai  # bare soil low, dense canopy high
    networks = json.loads(ds.GetMetadataItem("LEAF_NETWORKS"))
    assert "leaf:train" in networks["origin"] and "user" in networks["origin"]
    assert networks["training"]["seed"] == 3 and networks["training"]["simulations"] == 2000
    assert networks["training"]["responses"]["sha256"] == training["responses"]["sha256"]
    # the automatic choice finds it too: nothing else is made for this sensor
    auto = _run("leaf:estimate", {"INPUT": stack, "OUTPUT": str(tmp_path / "auto.tif")})
    assert auto["ALGORITHM_USED"] == TOY_ID

    listed = _run("leaf:listnetworks", {})["REPORT"]
    line = [ln for ln in listed.splitlines() if ln.startswith(TOY_ID + " ")]
    assert line and "installed in %s" % os.path.join(cache, TOY_ID) in line[0]

    with pytest.raises(QgsProcessingException, match="exists already"):
        _run("leaf:train", dict(params, REPORT=str(tmp_path / "again.html")))
    assert not (tmp_path / "again.html").exists()
