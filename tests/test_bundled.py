"""The network sets bundled in models/ (trained by leaf_qgis): definitions, ready installed folders, the
fused models against the CSV networks, the default choice, and estimate_stack offline with an empty cache."""

import json
import os

import numpy as np
import pytest
from conftest import REPO, S2_METADATA
from osgeo import gdal

from leaf_qgis import api
from leaf_qgis.engine import networks as nets
from leaf_qgis.engine.algorithm import load_algorithms
from leaf_qgis.engine.catalog import BUNDLED_ORIGIN, NetworkStore, is_bundled, load_catalog, sha256_of
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.estimate import AUTO, AUTO_BUNDLED, choose_algorithm, estimate_stack, qc_path_for
from leaf_qgis.engine.estimator import Estimator
from leaf_qgis.engine.stack import Stack
from leaf_qgis.engine.variables import VARIABLES
from leaf_qgis.training.train import evaluate

BUNDLED = {"LEAF_QGIS_S2_20M": ["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"],
           "LEAF_QGIS_S2_10M": ["B2", "B3", "B4", "B8"],
           "LEAF_QGIS_S2_NRE_20M": ["B3", "B4", "B8A", "B11", "B12"],
           "LEAF_QGIS_L8_L9_30M": ["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"],
           "LEAF_QGIS_L5_L7_30M": ["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"],
           "LEAF_QGIS_HLS_30M": ["B3", "B4", "B5", "B6", "B7"]}
VARS = ["LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo"]
MODELS = os.path.join(str(REPO), "models")


@pytest.fixture
def empty_store(tmp_path):
    return NetworkStore(str(tmp_path / "empty_cache"))


def _pixels(alg, n=64, seed=0):
    """Vegetation-like inputs in the middle of the LAI network's training ranges, with some spread."""
    est = nets.read_leaf_csv(open(os.path.join(MODELS, alg.id, "estimates.csv"), "rb").read(), alg.id)[1]
    lo, hi = est.input_range()
    u = np.random.default_rng(seed).uniform(0.3, 0.6, (n, lo.size))
    return lo + u * (hi - lo)


@pytest.mark.parametrize("alg_id", sorted(BUNDLED))
def test_bundled_definition_and_installed_folder(alg_id, empty_store):
    alg = load_algorithms()[alg_id]
    assert alg.family == "LEAF_QGIS" and alg.bands == BUNDLED[alg_id] and alg.variables == VARS
    assert alg.inputs[:3] == ["cosVZA", "cosSZA", "cosRAA"] and alg.has_uncertainty
    assert alg.provenance["origin"] == "trained by leaf_qgis" and alg.provenance["seed"]
    catalog = load_catalog()
    assert is_bundled(alg, catalog)
    inst = empty_store.installed(alg)                       # nothing in the cache, yet installed
    assert inst is not None and os.path.samefile(inst.folder, os.path.join(MODELS, alg_id))
    assert inst.outputs == alg.output_names()
    prov = inst.provenance()
    assert prov["origin"] == BUNDLED_ORIGIN and prov["training"]["seed"] == int(alg.provenance["seed"])
    for cid in alg.catalog_ids():
        e = catalog[cid]
        data = open(os.path.join(MODELS, e.files[0].path), "rb").read()
        assert (len(data), sha256_of(data)) == (e.files[0].bytes, e.files[0].sha256) and e.bundled
    codes = inst.domain()["codes"]
    assert codes == sorted(codes) and all(0 <= c < 10 ** len(alg.bands) for c in codes)
    report = json.load(open(os.path.join(MODELS, alg_id, "training.json"), encoding="utf-8"))
    assert report["simulations"] > 10000 and set(report["networks"]) == set(VARS)


@pytest.mark.parametrize("alg_id", sorted(BUNDLED))
def test_fused_model_computes_the_csv_networks(alg_id, empty_store):
    """The shipped .tflite (through the engine) gives the float64 forward pass of the shipped CSV tables."""
    alg = load_algorithms()[alg_id]
    folder = os.path.join(MODELS, alg_id)
    est = nets.read_leaf_csv(open(os.path.join(folder, "estimates.csv"), "rb").read(), "estimates")
    err = nets.read_leaf_csv(open(os.path.join(folder, "errors.csv"), "rb").read(), "errors")
    assert sorted(est) == sorted(err) == [VARIABLES[v].network_id for v in VARS]
    assert all(n.n_in == len(alg.inputs) and n.n_hidden == 5 for n in list(est.values()) + list(err.values()))
    x = _pixels(alg)
    e = Estimator(alg, empty_store.installed(alg), runtime="numpy")
    y = e.runners[0].run(x.astype(np.float32))
    for j, v in enumerate(VARS):
        vid = VARIABLES[v].network_id
        ref_est, ref_err = evaluate(est[vid], x), evaluate(err[vid], x)
        scale = max(1.0, float(np.abs(ref_est).max()))
        np.testing.assert_allclose(y[:, 2 * j], ref_est, atol=2e-4 * scale)
        np.testing.assert_allclose(y[:, 2 * j + 1], ref_err, atol=2e-4 * scale)


def test_bundled_lai_is_plausible_on_simulated_vegetation(empty_store):
    """A dense green canopy and a sparse one, as Sentinel-2 20 m reflectance: LAI ordered and in range."""
    alg = load_algorithms()["LEAF_QGIS_S2_20M"]
    e = Estimator(alg, empty_store.installed(alg), runtime="numpy")
    dense = [0.04, 0.025, 0.07, 0.25, 0.33, 0.36, 0.17, 0.08]
    sparse = [0.08, 0.10, 0.13, 0.18, 0.20, 0.22, 0.28, 0.22]
    refl = [np.array([d, s]) for d, s in zip(dense, sparse)]
    ones = np.ones(2, bool)
    out = e.run({"SZA": np.full(2, 35.0), "VZA": np.full(2, 5.0), "RAA": np.full(2, 100.0)}, refl, ones, ones)
    assert 2.0 < out["LAI"][0] < 7.0 and 0.0 <= out["LAI"][1] < 1.0
    assert out["fCOVER"][0] > out["fCOVER"][1] and 0.5 < out["fAPAR"][0] <= 1.0
    assert (out["LAI_uncertainty"] > 0).all()


def _s2_stack(make_stack, path, n=40):
    rng = np.random.default_rng(4)
    dense = np.array([0.04, 0.025, 0.07, 0.25, 0.33, 0.36, 0.17, 0.08])
    sparse = np.array([0.08, 0.10, 0.13, 0.18, 0.20, 0.22, 0.28, 0.22])
    w = rng.uniform(0, 1, (4, n))[..., None]
    refl = w * dense + (1 - w) * sparse                            # [4, n, 8]
    bands = [(b, np.round(refl[..., i] * 1e4).astype(np.float64), {"scale": 0.0001})
             for i, b in enumerate(BUNDLED["LEAF_QGIS_S2_20M"])]
    bands += [("SZA", np.full((4, n), 38.0), {}), ("VZA", np.full((4, n), 6.0), {}),
              ("RAA", np.full((4, n), 120.0), {}), ("MASK", np.ones((4, n)), {})]
    return make_stack(path, bands, S2_METADATA)


def test_estimate_stack_offline_with_an_empty_cache_uses_the_bundled_networks(make_stack, tmp_path, empty_store):
    stack = _s2_stack(make_stack, tmp_path / "s2.tif")
    out = str(tmp_path / "lai.tif")
    # an unreachable base URL: any download attempt would fail the run
    res = api.estimate(stack, out, algorithm=AUTO_BUNDLED, store=empty_store, base_url="http://127.0.0.1:9",
                       threads=1)
    assert res["algorithm"] == "LEAF_QGIS_S2_20M" and res["estimated"] == 160
    assert not os.path.exists(empty_store.root) or os.listdir(empty_store.root) == []   # nothing was installed
    ds = gdal.Open(out)
    md = ds.GetMetadata()
    assert md["LEAF_ALGORITHM"] == "LEAF_QGIS_S2_20M"
    prov = json.loads(md["LEAF_NETWORKS"])
    assert prov["origin"] == BUNDLED_ORIGIN and "seed" in prov["training"]
    assert "trained by this project" in md["LEAF_ALGORITHM_NAME"]
    assert md["LEAF_ALGORITHM_CHOICE"] == "automatic, this project's bundled networks first"
    names = [ds.GetRasterBand(i).GetDescription() for i in range(1, ds.RasterCount + 1)]
    assert names == [n for v in VARS for n in (v, v + "_uncertainty")]
    lai = ds.GetRasterBand(1).ReadAsArray()
    assert np.isfinite(lai).all() and 0 <= lai.min() and lai.max() < 8


def test_choice_follows_the_rule_not_the_cache(make_stack, tmp_path):
    """Published LEAF networks first by default, the bundled ones with AUTO_BUNDLED; what is installed plays no
    part (choose_algorithm is not even given a store)."""
    stack_path = _s2_stack(make_stack, tmp_path / "s2.tif", n=8)
    with Stack(stack_path) as st:
        assert choose_algorithm(st, {}).id == "S2_SL2P_V0_20M"
        assert choose_algorithm(st, {}, automatic=AUTO).id == "S2_SL2P_V0_20M"
        assert choose_algorithm(st, {}, automatic=AUTO_BUNDLED).id == "LEAF_QGIS_S2_20M"


def test_offline_automatic_choice_says_how_to_get_the_published_networks(make_stack, tmp_path, empty_store):
    """The default automatic choice with nothing installed and no network: one sentence naming leaf:installnetworks
    and the bundled choice, no output, no fallback to other networks."""
    stack = _s2_stack(make_stack, tmp_path / "s2.tif", n=8)
    out = tmp_path / "lai.tif"
    logged = []
    with pytest.raises(LeafError) as e:
        estimate_stack(stack, str(out), store=empty_store, base_url="http://127.0.0.1:9", threads=1,
                       log=logged.append)
    msg = str(e.value)
    assert "S2_SL2P_V0_20M" in msg and "leaf:installnetworks" in msg and "bundled" in msg
    assert msg.count(". ") == 0 and msg.endswith(".")   # one sentence
    assert any("Could not download" in m for m in logged)   # the underlying reason goes to the log
    assert not out.exists() and not os.path.exists(qc_path_for(str(out)))
    # an algorithm chosen by id keeps the download error itself
    with pytest.raises(LeafError, match="Could not download"):
        estimate_stack(stack, str(out), algorithm="S2_SL2P_V0_20M", store=empty_store,
                       base_url="http://127.0.0.1:9", threads=1)


def test_models_folder_stays_small():
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(MODELS) for f in files)
    assert total < 5 * 1024 * 1024
