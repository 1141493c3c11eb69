"""Issue 15's "behaviour unchanged", measured: every job of support/baseline.py (the tools on the demo, on
../shared, on the STAC/HLS fixtures, on the offline Earth Engine endpoint and through Processing) gives the
outputs recorded in tests/data/baseline15.json before the engine was restructured.

The baseline is written by scripts/record_baseline.py on untouched engine code (see its docstring). Until it
exists, the comparison skips with that reason: it never passes on nothing. The tests of the comparison itself
(it finds what changed, it tolerates what machines change, two runs of a job record the same) run always.
LEAF_QGIS_BASELINE_JSON compares against another recording (e.g. one made on another branch).
"""

import copy
import os
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from support import baseline

RECORDED = Path(os.environ.get("LEAF_QGIS_BASELINE_JSON") or baseline.BASELINE_JSON)


@pytest.fixture(scope="module")
def recorded():
    if not RECORDED.is_file():
        pytest.skip("no baseline recorded yet: %s is written by scripts/record_baseline.py on the main that issue "
                    "15 starts from (after issue 14), before any engine module changes" % RECORDED)
    doc = baseline.load(RECORDED)
    assert sorted(doc["jobs"]) == sorted(baseline.JOB_NAMES), \
        "the recorded jobs are not support/baseline.py's: a job added or removed needs a new recording"
    return doc


def _recorded_runtime(doc) -> str:
    runtime = doc["fingerprint"]["runtime"]
    if runtime == "litert":
        from leaf_qgis.engine.runtime import litert_available
        if not litert_available():
            pytest.skip("the baseline was recorded with LiteRT, which this Python lacks (the numpy executor agrees "
                        "to 1e-5 only, not to the baseline's tolerance)")
    return runtime


@pytest.mark.parametrize("name", baseline.JOB_NAMES)
def test_job_gives_the_recorded_outputs(name, recorded, request, tmp_path):
    job = baseline.job(name)
    shared = baseline.shared_dir()
    why = baseline.missing(job, shared)
    if why:
        pytest.skip("job %s cannot run here: %s" % (name, why))
    if job.needs == "qgis":
        request.getfixturevalue("qgis_app")
    want = recorded["jobs"][name]
    assert want["rasters"] or want["tables"], "job %s recorded no output" % name
    with baseline.environment(LEAF_QGIS_RUNTIME=_recorded_runtime(recorded)):
        here = baseline.fingerprint()
        got = baseline.run_job(job, tmp_path / name, shared)
    exact = here == recorded["fingerprint"]
    diffs = baseline.compare(got, want, exact=exact)
    how = "bit for bit" if exact else "to %g (recorded on %s, this is %s)" % (
        baseline.BASELINE_RTOL, recorded["fingerprint"], here)
    assert not diffs, "job %s (%s) differs from the baseline, compared %s:\n%s" % (
        name, job.what, how, "\n".join(diffs[:40]))


# --------------------------------------------------------------------------------------------
# The comparison itself
# --------------------------------------------------------------------------------------------

def _write(path, lai, qc, projection=None, metadata=None):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), lai.shape[1], lai.shape[0], 2, gdal.GDT_Float32)
    ds.SetGeoTransform((500000.0, 20.0, 0.0, 5000000.0, 0.0, -20.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32618)
    ds.SetProjection(projection or srs.ExportToWkt())
    ds.SetMetadata(metadata or {"LEAF_ALGORITHM": "LEAF_QGIS_S2_20M", "LEAF_CREATED": "2026-01-01T00:00:00"})
    ds.GetRasterBand(1).SetDescription("LAI")
    ds.GetRasterBand(1).WriteArray(lai)
    ds = None
    q = gdal.GetDriverByName("GTiff").Create(str(path).replace(".tif", "_QC.tif"), qc.shape[1], qc.shape[0], 1,
                                             gdal.GDT_Byte)
    q.SetGeoTransform((500000.0, 20.0, 0.0, 5000000.0, 0.0, -20.0))
    q.SetProjection(projection or srs.ExportToWkt())
    q.GetRasterBand(1).WriteArray(qc)
    q = None


def _record(tmp_path, name, lai, qc, **kwargs):
    ctx = baseline.Context(tmp_path / name)
    _write(ctx.out / "e.tif", lai, qc, **kwargs)
    return baseline.record(ctx, {"OUTPUT": str(ctx.out / "e.tif"), "pixels": int(lai.size)})


@pytest.fixture()
def outputs():
    rng = np.random.default_rng(15)
    lai = (rng.random((40, 50)) * 6).astype(np.float32)
    lai[0, :7] = np.nan
    qc = rng.integers(0, 8, (40, 50)).astype(np.uint8)
    return lai, qc


def test_the_same_outputs_compare_equal_whatever_the_folder(outputs, tmp_path):
    lai, qc = outputs
    a, b = _record(tmp_path, "a", lai, qc), _record(tmp_path, "b", lai, qc)
    assert a["result"]["OUTPUT"] == "<tmp>/out/e.tif" and "LEAF_CREATED" not in a["rasters"]["<tmp>/out/e.tif"]
    assert baseline.compare(b, a, exact=True) == []
    assert baseline.compare(b, a, exact=False) == []


def _positions(a):
    """The flat positions whose values a band record keeps as samples."""
    return np.unique(np.linspace(0, a.size - 1, min(baseline.SAMPLES, a.size)).astype(np.int64))


def test_a_changed_pixel_is_found(outputs, tmp_path):
    lai, qc = outputs
    want = _record(tmp_path, "a", lai, qc)
    tiny = lai.copy()
    tiny[20, 25] = np.nextafter(lai[20, 25], np.float32(np.inf))          # one float32 unit in the last place
    got = _record(tmp_path, "b", tiny, qc)
    assert any("e.tif band 1 (LAI): pixels differ (sha256)" in d for d in baseline.compare(got, want, exact=True))
    assert baseline.compare(got, want, exact=False) == []               # within another machine's tolerance
    sampled = lai.copy().ravel()
    sampled[_positions(lai)[10]] += np.float32(1e-3)                     # 1e-3 of a LAI: beyond 1e-6 x 6
    diffs = baseline.compare(_record(tmp_path, "c", sampled.reshape(lai.shape), qc), want, exact=False)
    assert any("(LAI) samples[10]" in d and "beyond" in d for d in diffs), diffs


def test_integer_bands_may_round_the_other_way_by_one_count(outputs, tmp_path):
    lai, qc = outputs
    want = _record(tmp_path, "a", lai, qc)
    positions = _positions(qc)
    one, two = qc.copy().ravel(), qc.copy().ravel()
    one[positions[3]] = qc.ravel()[positions[3]] + 1 if qc.ravel()[positions[3]] < 7 else 6
    two[positions[3]] = qc.ravel()[positions[3]] + 2 if qc.ravel()[positions[3]] < 6 else 1
    assert baseline.compare(_record(tmp_path, "b", lai, one.reshape(qc.shape)), want, exact=False) == []
    diffs = baseline.compare(_record(tmp_path, "c", lai, two.reshape(qc.shape)), want, exact=False)
    assert any("_QC.tif band 1" in d and "samples[3]" in d for d in diffs), diffs
    assert baseline.compare(_record(tmp_path, "d", lai, one.reshape(qc.shape)), want, exact=True)


def test_finite_count_metadata_crs_and_files_are_compared(outputs, tmp_path):
    lai, qc = outputs
    want = _record(tmp_path, "a", lai, qc)
    holes = lai.copy()
    holes[5, 5] = np.nan
    assert any("finite values" in d for d in baseline.compare(_record(tmp_path, "b", holes, qc), want, exact=False))
    other = _record(tmp_path, "c", lai, qc, metadata={"LEAF_ALGORITHM": "S2_SL2P_V0_20M"})
    assert any("metadata.LEAF_ALGORITHM" in d for d in baseline.compare(other, want, exact=False))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32618)
    same = copy.deepcopy(want)
    same["rasters"]["<tmp>/out/e.tif"]["crs"] = srs.ExportToWkt(["FORMAT=WKT2_2019"])   # as another GDAL may write
    assert same["rasters"]["<tmp>/out/e.tif"]["crs"] != want["rasters"]["<tmp>/out/e.tif"]["crs"]
    assert baseline.compare(same, want, exact=True) == []           # the same CRS in other words
    srs.ImportFromEPSG(32617)
    assert any("another CRS" in d for d in baseline.compare(
        _record(tmp_path, "e", lai, qc, projection=srs.ExportToWkt()), want, exact=True))
    fewer = copy.deepcopy(want)
    del fewer["rasters"]["<tmp>/out/e_QC.tif"]
    assert any(d.startswith("rasters:") for d in baseline.compare(fewer, want, exact=True))
    counts = copy.deepcopy(want)
    counts["result"]["pixels"] += 1
    assert baseline.compare(counts, want, exact=True) == ["result.pixels: 2001 instead of 2000"]


@pytest.mark.parametrize("name", ["D1", "D6", "D9", "F2"])
def test_two_runs_of_a_job_record_the_same(name, tmp_path):
    """Temporary folders, server ports, creation times and paths do not reach the record: a job recorded twice
    compares equal bit for bit (the mosaic's work folder, the time series' paths, the STAC server's URL)."""
    job = baseline.job(name)
    first = baseline.run_job(job, tmp_path / "first")
    second = baseline.run_job(job, tmp_path / "second")
    assert first["rasters"]
    assert baseline.compare(second, first, exact=True) == []
