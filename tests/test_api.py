"""The public Python API (leaf_qgis.api): importable and usable where QGIS is not, the same outputs as the engine's
functions, requests or options, progress and cancel, result objects, algorithms and their networks."""

import dataclasses
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from osgeo import gdal
from support import baseline

from leaf_qgis import api
from leaf_qgis.engine.catalog import NetworkStore
from leaf_qgis.engine.errors import Cancelled, LeafError
from leaf_qgis.engine.estimate import AUTO_BUNDLED, estimate_stack
from leaf_qgis.engine.request import EstimateRequest, Retrieval
from leaf_qgis.engine.results import EstimateResult, QcCounts

REPO = baseline.REPO
JULY = str(baseline.DEMO / "products" / baseline.DEMO_JULY)


@pytest.fixture()
def store(tmp_path):
    return NetworkStore(str(tmp_path / "networks"))


@pytest.fixture(scope="module")
def demo_stack(tmp_path_factory):
    return api.subset(JULY, str(tmp_path_factory.mktemp("api_stack") / "stack.tif"),
                      extent=baseline.DEMO_EXTENT)["OUTPUT"]


def test_api_runs_where_qgis_cannot_be_imported(tmp_path):
    """In a fresh Python with QGIS (and PyQt) hidden: the API imports, subsets and estimates the demo product,
    and nothing of QGIS was loaded."""
    script = textwrap.dedent("""
        import sys
        sys.path[:0] = [%r, %r]
        from support import hide_qgis
        hide_qgis.install()
        try:
            import qgis.core
        except ImportError:
            pass
        else:
            raise SystemExit("qgis is importable")
        from leaf_qgis import api
        from leaf_qgis.engine.catalog import NetworkStore
        stack = api.subset(%r, %r, extent=%r)
        est = api.estimate(stack["OUTPUT"], %r, variables=["LAI"], store=NetworkStore(%r), algorithm="auto-bundled")
        assert est.algorithm == "LEAF_QGIS_S2_20M" and est["pixels"] == 16900, dict(est)
        assert [a.id for a in api.list_algorithms()][:1] == ["HLS_SL2P_V0_30M"]
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("qgis", "PyQt5", "PyQt6", "sip"))
        print("OK", loaded)
    """ % (str(REPO), str(REPO / "tests"), JULY, str(tmp_path / "s.tif"), baseline.DEMO_EXTENT,
           str(tmp_path / "e.tif"), str(tmp_path / "networks")))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QGIS_PREFIX_PATH")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180, cwd=tmp_path,
                         env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip().splitlines()[-1] == "OK []"


def _readme_example() -> str:
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Engine without QGIS", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_example_runs_as_written_without_qgis(tmp_path):
    """The README's "Engine without QGIS" code, as written, in a Python where QGIS cannot be imported, from a
    folder that looks like the repository's root (its demo data; outputs in the temporary folder)."""
    (tmp_path / "demo").symlink_to(REPO / "demo")
    script = "import sys\nsys.path[:0] = [%r, %r]\nfrom support import hide_qgis\nhide_qgis.install()\n%s" % (
        str(REPO), str(REPO / "tests"), _readme_example())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QGIS_PREFIX_PATH")}
    env["LEAF_QGIS_CACHE_DIR"] = str(tmp_path / "networks")         # bundled networks only; nothing downloaded
    env["LEAF_QGIS_NETWORK_BASE_URL"] = "http://192.0.2.1:9/"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                         env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    first, second = out.stdout.strip().splitlines()[-2:]
    assert first.startswith("LEAF_QGIS_S2_20M 16900 ") and "nan" not in first
    assert second.startswith("['2023-06-08', '2023-07-10', '2023-08-17'] [")
    assert (tmp_path / "lai.tif").is_file() and (tmp_path / "series.csv").is_file()


def test_estimate_equals_the_engine_function(demo_stack, store, tmp_path):
    direct = estimate_stack(demo_stack, str(tmp_path / "a.tif"), store=store, variables=["LAI", "fCOVER"],
                            encoding="leaf-uint8", algorithm=AUTO_BUNDLED)
    result = api.estimate(demo_stack, str(tmp_path / "b.tif"), store=store, variables=["LAI", "fCOVER"],
                          encoding="leaf-uint8", algorithm=AUTO_BUNDLED)
    assert isinstance(result, EstimateResult)
    assert dict(result) == dict(direct, OUTPUT=str(tmp_path / "b.tif"), QC=str(tmp_path / "b_QC.tif"))
    for key in ("OUTPUT", "QC"):
        a, b = gdal.Open(direct[key]), result.open(key)
        assert a.RasterCount == b.RasterCount
        for i in range(1, a.RasterCount + 1):
            np.testing.assert_array_equal(a.GetRasterBand(i).ReadAsArray(), b.GetRasterBand(i).ReadAsArray())
    lai = result.read("LAI")
    assert lai.dtype == np.uint8 and lai.shape == (130, 130)
    np.testing.assert_array_equal(result.read(1), lai)
    np.testing.assert_array_equal(result.read("QC", key="QC"), gdal.Open(direct["QC"]).ReadAsArray())
    with pytest.raises(LeafError, match=r"has no band CCC \(its bands: LAI, LAI_uncertainty, fCOVER, "):
        result.read("CCC")


def test_a_request_or_its_options(demo_stack, store, tmp_path):
    request = EstimateRequest.from_options(demo_stack, str(tmp_path / "r.tif"), store=store, variables=["LAI"], algorithm=AUTO_BUNDLED)
    by_request = api.estimate(request)
    by_options = api.estimate(demo_stack, str(tmp_path / "o.tif"), store=store, variables=["LAI"],
                              backend=api.backend("local"), algorithm=AUTO_BUNDLED)
    assert by_request.counts == by_options.counts and by_request.variables == ("LAI",)
    with pytest.raises(TypeError, match="is complete: give no output or options beside it"):
        api.estimate(request, str(tmp_path / "x.tif"))
    with pytest.raises(TypeError, match="is complete"):
        api.estimate(request, threads=2)
    with pytest.raises(TypeError, match="this tool takes a MosaicRequest, not the EstimateRequest given"):
        api.mosaic(request)
    with pytest.raises(TypeError, match="unexpected option variable$"):
        api.estimate(demo_stack, str(tmp_path / "x.tif"), variable=["LAI"])
    assert not (tmp_path / "x.tif").exists()


def test_backend_factory():
    assert api.backend().name == "local" and api.backend("local").name == "local"
    ee = api.backend("earthengine", project="p", url="http://127.0.0.1:9")
    assert (ee.name, ee.project, ee.url) == ("earthengine", "p", "http://127.0.0.1:9")
    with pytest.raises(LeafError, match=r"^Unknown backend 'cloud' \(local or earthengine\)\.$"):
        api.backend("cloud")
    with pytest.raises(TypeError, match="takes no connection options"):
        api.backend("local", project="p")


def test_progress_log_and_cancel(demo_stack, store, tmp_path):
    fractions, lines = [], []
    api.estimate(demo_stack, str(tmp_path / "p.tif"), store=store, window_size=64, progress=fractions.append,
                 log=lines.append, algorithm=AUTO_BUNDLED)
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert any("LEAF_QGIS_S2_20M" in line for line in lines)
    with pytest.raises(Cancelled):
        api.estimate(demo_stack, str(tmp_path / "c.tif"), store=store, is_canceled=lambda: True,
                     algorithm=AUTO_BUNDLED)
    assert not (tmp_path / "c.tif").exists() and not (tmp_path / "c_QC.tif").exists()
    with pytest.raises(TypeError, match="inside the Progress"):
        api.estimate(demo_stack, str(tmp_path / "c.tif"), progress=_Quiet(), log=print)


class _Quiet:
    def progress(self, fraction):
        pass

    def is_canceled(self):
        return False

    def log(self, message):
        pass

    def warn(self, message):
        pass


def test_results_are_frozen_mappings(demo_stack, store, tmp_path):
    result = api.estimate(demo_stack, str(tmp_path / "f.tif"), store=store, variables=["LAI"], algorithm=AUTO_BUNDLED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.algorithm = "X"
    with pytest.raises(TypeError):
        result["pixels"] = 0
    result["variables"].append("fAPAR")              # a copy: the result does not change
    assert result.variables == ("LAI",) and result["variables"] == ["LAI"]
    assert result.counts == QcCounts(**{k: result[k] for k in ("pixels", "estimated", "out_of_domain",
                                                                 "out_of_range", "invalid")})
    assert result == dict(result) and set(result) >= {"OUTPUT", "QC", "algorithm", "runtime", "pixels"}
    with pytest.raises(TypeError, match="does not know the result keys surprise"):
        EstimateResult.from_mapping(dict(result, surprise=1))


def test_mosaic_and_timeseries_results(store, tmp_path):
    products = baseline.demo_products()
    mosaic = api.mosaic(products, str(tmp_path / "m.tif"), start="2023-06-01", end="2023-09-01",
                        extent=baseline.DEMO_EXTENT, output_type="estimates", variables=["LAI"], store=store, algorithm=AUTO_BUNDLED)
    assert mosaic.estimate.variables == ("LAI",) and mosaic["DATE"] == str(tmp_path / "m_DATE.tif")
    assert mosaic.read("DATE", key="DATE").shape == (130, 130) and sum(mosaic.chosen.values()) == 16900
    series = api.timeseries(str(baseline.DEMO / "products"), str(tmp_path / "series"), start="2023-06-01",
                            end="2023-08-31", extent=baseline.DEMO_EXTENT, variables=["LAI"], statistics=["mean"],
                            features=str(baseline.DEMO / "points.geojson"), id_field="name",
                            table=str(tmp_path / "t.csv"), store=store, algorithm=AUTO_BUNDLED)
    assert series["dates"] == ["2023-06-08", "2023-07-10", "2023-08-17"]
    assert [a.algorithm for a in series.acquisitions] == ["LEAF_QGIS_S2_20M"] * 3
    assert series.acquisitions[0].read("LAI").shape == (130, 130)
    assert series.aggregates[0]["statistic"] == "mean" and series.aggregates[0].open().RasterCount == 1
    assert len(series.rows) == 3 * 6 and series.table == str(tmp_path / "t.csv")


def test_list_and_install_algorithms(store, shared_dir, tmp_path):
    infos = api.list_algorithms(store=store)
    ids = [a.id for a in infos]
    assert ids == sorted(ids) and {"S2_SL2P_V0_20M", "LEAF_QGIS_S2_20M", "SNAP_2_1_S2_20M"} <= set(ids)
    s2 = next(a for a in infos if a.id == "LEAF_QGIS_S2_20M")
    assert s2.installed and s2.family == "LEAF_QGIS" and "LAI" in s2.variables and s2.resolution_m == 20
    assert [a.id for a in api.list_algorithms(installed_only=True, store=store)] == \
        [a.id for a in infos if a.family == "LEAF_QGIS"]
    folder = api.install_networks("S2_SL2P_V0_20M", str(shared_dir / "upstream-mirror"), store=store)
    assert os.path.isfile(os.path.join(folder, "manifest.json"))
    assert api.install_networks("S2_SL2P_V0_20M", store=store, base_url="http://127.0.0.1:9") == folder
    assert "S2_SL2P_V0_20M" in [a.id for a in api.list_algorithms(installed_only=True, store=store)]
    with pytest.raises(LeafError, match="^Unknown algorithm 'S2_NOPE'"):
        api.install_networks("S2_NOPE", store=store)


def test_retrieval_of_a_request_is_kept(demo_stack, store, tmp_path):
    request = EstimateRequest.from_options(demo_stack, str(tmp_path / "k.tif"), store=store, algorithm=AUTO_BUNDLED)
    request = dataclasses.replace(request, retrieval=Retrieval(variables=("fAPAR",), encoding="leaf-uint8", algorithm=AUTO_BUNDLED))
    result = api.estimate(request)
    assert result.variables == ("fAPAR",) and result.read("fAPAR").dtype == np.uint8
