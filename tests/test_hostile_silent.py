"""No wrong or empty result with exit code 0 and no word: a corrupt JPEG 2000 block, digital numbers in a Float
stack, angles out of range or not finite, a land cover that does not overlap, coordinates that cannot be in the
CRS they are tagged with, an absurd grid - each one sentence naming the file - and the automatic algorithm choice
says when a missing band made it fall back. Through qgis_process on the packaged plugin."""

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import write_stack
from hostile import (
    QGIS_PROCESS,
    band_file,
    command,
    demo_safe,
    environment,
    install_plugin,
    polygon_layer,
    refused,
    run_all,
    snapshot,
    succeeded,
)

pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin is not installed (make setup)")

REFLECTANCE = ("B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12")
S2 = {"LEAF_SENSOR": "S2A", "LEAF_DATE": "2023-06-08"}


@pytest.fixture(scope="module")
def config(plugin_zip, tmp_path_factory):
    return install_plugin(plugin_zip, tmp_path_factory.mktemp("qgis_config"))


def stack(path: Path, scale=1.0, angles=None, epsg=32618, origin=(452000.0, 5012000.0), pixel=20.0, size=24,
          metadata=S2, drop=()):
    """A small analysis-ready stack: plausible reflectance (times `scale`), angles (override with `angles`)."""
    ramp = np.linspace(0.0, 1.0, size * size).reshape(size, size)
    bands = [[b, (0.04 + 0.3 * ramp + 0.01 * i) * scale, {}] for i, b in enumerate(REFLECTANCE) if b not in drop]
    values = dict({"SZA": 35.0, "VZA": 5.0, "SAA": 150.0, "VAA": 100.0}, **(angles or {}))
    bands += [[a, np.full((size, size), v) + 0.01 * ramp, {}] for a, v in values.items() if a not in drop]
    bands.append(["MASK", np.ones((size, size)), {}])
    return write_stack(path, [[n, a.astype(np.float32), o] for n, a, o in bands], metadata, epsg=epsg, origin=origin,
                       pixel=pixel)


def corrupt(path: Path, keep: float = 1 / 3):
    """Keep the first part of the file and scramble the rest (the issue's JP2 'whose last two thirds are corrupt')."""
    data = path.read_bytes()
    n = int(len(data) * keep)
    path.write_bytes(data[:n] + bytes((b * 7 + 13) & 255 for b in data[n:]))


def algorithm_index(alg_id: str) -> int:
    """The ALGORITHM enum value of an algorithm in Estimate, Mosaic and Time series (0 is automatic)."""
    from leaf_qgis.engine.algorithm import load_algorithms
    ids = [a.id for a in sorted(load_algorithms().values(), key=lambda a: (a.family != "LEAF", a.id))]
    return ids.index(alg_id) + 1


def _run(config, tmp_path, cases):
    """cases: (tool, name, folder, params, fragments or None for a success, success warning)."""
    befores = [snapshot(c[2]) for c in cases]
    runs = run_all(config, [{"args": command("leaf:" + c[0], c[3]),
                             "env": environment(config, LEAF_QGIS_CACHE_DIR=tmp_path / "cache")} for c in cases])
    for (tool, name, folder, _, fragments, warning), before, r in zip(cases, befores, runs):
        if fragments is None:
            succeeded(r, tool, name, warning)
        else:
            refused(r, tool, name, *fragments, before=before, after=snapshot(folder))


def _folder(tmp_path, name) -> Path:
    f = tmp_path / name
    f.mkdir()
    return f


def test_corrupt_and_truncated_bands_fail_naming_the_file(config, tmp_path):
    cases = []
    f = _folder(tmp_path, "eoc")
    safe = demo_safe(f)
    corrupt(band_file(safe, "B05"))
    cases.append(("estimate", "a SAFE whose B05 JP2 is two thirds garbage (no EOC marker)", f,
                  [("PRODUCT", safe), ("OUTPUT", f / "lai.tif")], (r"_B05_20m\.jp2 is corrupt", r"EOC"), None))
    f = _folder(tmp_path, "eoc_subset")
    safe = demo_safe(f)
    corrupt(band_file(safe, "B8A"))
    cases.append(("subset", "a SAFE whose B8A JP2 is two thirds garbage", f,
                  [("INPUT", safe), ("OUTPUT", f / "stack.tif")], (r"_B8A_20m\.jp2 is corrupt",), None))
    f = _folder(tmp_path, "truncated")
    safe = demo_safe(f)
    b11 = band_file(safe, "B11")
    b11.write_bytes(b11.read_bytes()[: b11.stat().st_size // 2])
    cases.append(("estimate", "a SAFE whose B11 JP2 is cut in half", f, [("PRODUCT", safe), ("OUTPUT", f / "lai.tif")],
                  (r"_B11_20m\.jp2 is corrupt",), None))
    f = _folder(tmp_path, "mosaic_corrupt")
    (f / "products").mkdir()
    safe = demo_safe(f / "products", 0)
    demo_safe(f / "products", 1)
    corrupt(band_file(safe, "B04"))
    cases.append(("mosaic", "one of two SAFEs has a corrupt B04 JP2", f,
                  [("FOLDER", f / "products"), ("START", "2023-06-01"), ("END", "2023-09-01"), ("OUTPUT", f / "m.tif")],
                  (r"_B04_20m\.jp2 is corrupt",), None))
    f = _folder(tmp_path, "ts_corrupt")
    safe = demo_safe(f)
    corrupt(band_file(safe, "B12"))
    cases.append(("timeseries", "a SAFE with a corrupt B12 JP2", f, [("INPUT", safe), ("OUTPUT_FOLDER", f / "series")],
                  (r"_B12_20m\.jp2 is corrupt",), None))
    f = _folder(tmp_path, "tif_corrupt")
    from osgeo import gdal
    plain = stack(tmp_path / "plain.tif", size=256)
    s = str(f / "stack.tif")
    gdal.Translate(s, plain, creationOptions=["COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=128", "BLOCKYSIZE=128"])
    data = bytearray(Path(s).read_bytes())
    middle = len(data) // 2
    data[middle:middle + 2048] = bytes(range(256)) * 8                     # a damaged DEFLATE tile
    Path(s).write_bytes(bytes(data))
    cases.append(("estimate", "a DEFLATE GeoTIFF stack with a damaged tile", f, [("INPUT", s), ("OUTPUT", f / "l.tif")],
                  (r"stack.tif is corrupt or truncated",), None))
    _run(config, tmp_path, cases)


def test_implausible_inputs_are_refused_before_the_first_window(config, tmp_path):
    cases = []
    f = _folder(tmp_path, "dn")
    s = stack(f / "dn.tif", scale=10000.0)
    cases.append(("estimate", "a Float32 stack of 0-10000 digital numbers without scale", f,
                  [("INPUT", s), ("OUTPUT", f / "lai.tif")], (r"digital numbers", r"scale"), None))
    cases.append(("mosaic", "a Float32 stack of digital numbers", f,
                  [("INPUT", s), ("START", "2023-06-01"), ("END", "2023-07-01"), ("OUTPUT", f / "m.tif")],
                  (r"digital numbers",), None))
    cases.append(("timeseries", "a Float32 stack of digital numbers", f,
                  [("INPUT", s), ("OUTPUT_FOLDER", f / "series")], (r"digital numbers",), None))
    cases.append(("subset", "a Float32 stack of digital numbers", f, [("INPUT", s), ("OUTPUT", f / "copy.tif")],
                  (r"digital numbers",), None))
    f = _folder(tmp_path, "no_sza")
    s = stack(f / "stack.tif", drop=("SZA",))
    cases.append(("estimate", "SZA=nan for a stack without an SZA band", f,
                  [("INPUT", s), ("SZA", "nan"), ("OUTPUT", f / "lai.tif")], (r"SZA .* is nan, not a finite number",),
                  None))
    cases.append(("estimate", "SZA=200 for a stack without an SZA band", f,
                  [("INPUT", s), ("SZA", 200), ("OUTPUT", f / "lai.tif")], (r"SZA = 200 is outside 0-90 degrees",),
                  None))
    cases.append(("estimate", "SZA=inf (QGIS's own range check)", f,
                  [("INPUT", s), ("SZA", "inf"), ("OUTPUT", f / "lai.tif")], (r"Incorrect parameter value for SZA",),
                  None))
    f = _folder(tmp_path, "no_vza")
    s = stack(f / "stack.tif", drop=("VZA",))
    cases.append(("estimate", "VZA=95 for a stack without a VZA band", f,
                  [("INPUT", s), ("VZA", 95), ("OUTPUT", f / "lai.tif")], (r"VZA = 95 is outside 0-90",), None))
    f = _folder(tmp_path, "sza_band")
    s = stack(f / "stack.tif", angles={"SZA": 2626.0})
    cases.append(("estimate", "an SZA band of 2626 degrees", f, [("INPUT", s), ("OUTPUT", f / "lai.tif")],
                  (r"SZA band of .* holds 2626", r"outside 0-90"), None))
    f = _folder(tmp_path, "vza_band")
    s = stack(f / "stack.tif", angles={"VZA": -12.0})
    cases.append(("estimate", "a negative VZA band", f, [("INPUT", s), ("OUTPUT", f / "lai.tif")],
                  (r"VZA band .* holds -12",), None))
    f = _folder(tmp_path, "saa_band")
    s = stack(f / "stack.tif", angles={"SAA": 1000.0})
    cases.append(("subset", "an SAA band of 1000 degrees", f, [("INPUT", s), ("OUTPUT", f / "copy.tif")],
                  (r"SAA band .* holds 1000", r"-360-360"), None))
    f = _folder(tmp_path, "utm_as_4326")
    s = stack(f / "stack.tif", epsg=4326)       # UTM numbers (452000, 5012000) tagged EPSG:4326
    cases.append(("estimate", "a stack with UTM coordinates tagged EPSG:4326", f, [("INPUT", s), ("OUTPUT", f / "l.tif")],
                  (r"tagged EPSG:4326", r"not degrees"), None))
    f = _folder(tmp_path, "degrees_as_utm")
    s = stack(f / "stack.tif", origin=(-75.5, 45.2), pixel=0.0002)   # degrees tagged UTM 18N
    cases.append(("estimate", "a stack with degree coordinates tagged UTM", f, [("INPUT", s), ("OUTPUT", f / "l.tif")],
                  (r"look like degrees",), None))
    _run(config, tmp_path, cases)


def test_areas_land_cover_and_grids(config, tmp_path):
    cases = []
    f = _folder(tmp_path, "extent_tag")
    safe = demo_safe(f)
    cases.append(("subset", "EXTENT in UTM numbers tagged [EPSG:4326]", f,
                  [("INPUT", safe), ("EXTENT", "452000,453000,5010000,5011000 [EPSG:4326]"), ("OUTPUT", f / "s.tif")],
                  (r"tagged EPSG:4326", r"not degrees"), None))
    cases.append(("estimate", "EXTENT in UTM numbers tagged [EPSG:4326] with a product", f,
                  [("PRODUCT", safe), ("EXTENT", "452000,453000,5010000,5011000 [EPSG:4326]"), ("OUTPUT", f / "l.tif")],
                  (r"tagged EPSG:4326",), None))
    area = polygon_layer(f / "area.gpkg", 4326, [(452100, 5011900), (454000, 5011900), (454000, 5010000)])
    cases.append(("subset", "an AREA layer of UTM numbers tagged EPSG:4326", f,
                  [("INPUT", safe), ("AREA", area), ("OUTPUT", f / "s.tif")], (r"area layer .* tagged EPSG:4326",), None))
    cases.append(("subset", "RESOLUTION=nan", f, [("INPUT", safe), ("RESOLUTION", "nan"), ("OUTPUT", f / "s.tif")],
                  (r"RESOLUTION .* is nan, not a finite number",), None))
    cases.append(("subset", "RESOLUTION=0.000001 m on a 3 km product (a 10^19-pixel grid)", f,
                  [("INPUT", safe), ("CRS", "EPSG:32618"), ("RESOLUTION", "0.000001"), ("OUTPUT", f / "s.tif")],
                  (r"would be .* pixels; choose a coarser resolution",), None))
    f = _folder(tmp_path, "landcover")
    s = stack(f / "stack.tif")
    far = stack(f / "far_landcover.tif", origin=(652000.0, 4012000.0))
    nocrs = f / "nocrs_landcover.tif"
    shutil.copy(s, nocrs)
    from osgeo import gdal
    ds = gdal.Open(str(nocrs), gdal.GA_Update)
    ds.SetProjection("")
    ds = None
    v1 = algorithm_index("S2_SL2P_V1_20M")
    cases.append(("estimate", "a LANDCOVER raster that does not overlap the stack", f,
                  [("INPUT", s), ("ALGORITHM", v1), ("LANDCOVER", far), ("OUTPUT", f / "l.tif")],
                  (r"land-cover layer .*far_landcover.tif does not overlap",), None))
    cases.append(("estimate", "a LANDCOVER raster without CRS", f,
                  [("INPUT", s), ("ALGORITHM", v1), ("LANDCOVER", nocrs), ("OUTPUT", f / "l.tif")],
                  (r"has no coordinate reference system",), None))
    cases.append(("timeseries", "a LANDCOVER raster that does not overlap", f,
                  [("INPUT", s), ("ALGORITHM", v1), ("LANDCOVER", far), ("OUTPUT_FOLDER", f / "series")],
                  (r"does not overlap",), None))
    f = _folder(tmp_path, "no_b05")
    safe = demo_safe(f)
    band_file(safe, "B05").unlink()
    cases.append(("estimate", "a SAFE without B05: the automatic choice falls back and says so", f,
                  [("PRODUCT", safe), ("VARIABLES", 0), ("OUTPUT", f / "lai.tif")], None,
                  r"no band B5, so the automatic choice is LEAF_QGIS_S2_NRE_20M instead of LEAF_QGIS_S2_20M"))
    _run(config, tmp_path, cases)


def test_empty_results_and_ignored_parameters_are_said(config, tmp_path):
    """An estimate with no estimated pixel says so (exit 0: the map is right, but never in silence), and a
    resolution is either honoured or refused, never dropped."""
    cases = []
    f = _folder(tmp_path, "masked")
    s = stack(f / "stack.tif")
    from osgeo import gdal
    ds = gdal.Open(s, gdal.GA_Update)
    ds.GetRasterBand(ds.RasterCount).WriteArray(np.zeros((24, 24), dtype=np.float32))   # MASK = 0 everywhere
    ds = None
    cases.append(("estimate", "a stack whose MASK is 0 everywhere", f, [("INPUT", s), ("OUTPUT", f / "lai.tif")], None,
                  r"No pixel of .*stack\.tif could be estimated: all 576 pixels with data are invalid"))
    f = _folder(tmp_path, "all_nan")
    s = stack(f / "stack.tif", scale=float("nan"))
    cases.append(("estimate", "a stack whose reflectance is NaN everywhere", f, [("INPUT", s), ("OUTPUT", f / "lai.tif")],
                  None, r"No pixel of .*stack\.tif has data"))
    f = _folder(tmp_path, "stack_resolution")
    s = stack(f / "stack.tif")
    cases.append(("estimate", "RESOLUTION=30 for a 20 m stack", f,
                  [("INPUT", s), ("RESOLUTION", 30), ("OUTPUT", f / "lai.tif")], (r"stack .* is read on its own grid",),
                  None))
    cases.append(("estimate", "an EXTENT for a stack (areas apply to products)", f,
                  [("INPUT", s), ("EXTENT", "452000,452200,5011800,5012000 [EPSG:32618]"), ("OUTPUT", f / "lai.tif")],
                  (r"stack .* is read on its own grid",), None))
    f = _folder(tmp_path, "bad_date")
    s = stack(f / "stack.tif", metadata={"LEAF_SENSOR": "S2A", "LEAF_DATE": "yesterday"})
    cases.append(("estimate", "a stack whose LEAF_DATE is not a date", f, [("INPUT", s), ("OUTPUT", f / "lai.tif")],
                  (r"acquisition date LEAF_DATE='yesterday', which is not a date",), None))
    cases.append(("timeseries", "a stack whose LEAF_DATE is not a date", f,
                  [("INPUT", s), ("OUTPUT_FOLDER", f / "series")], (r"LEAF_DATE='yesterday'",), None))
    _run(config, tmp_path, cases)
    for name in ("masked", "all_nan"):
        ds = gdal.Open(str(tmp_path / name / "lai.tif"))
        assert np.isnan(ds.GetRasterBand(1).ReadAsArray()).all()


def test_a_resolution_given_for_a_product_is_honoured(config, tmp_path):
    """RESOLUTION with a Landsat product and no area: the product's own extent at that resolution (it was dropped)."""
    from hostile import landsat_product
    from osgeo import gdal
    f = _folder(tmp_path, "landsat_resolution")
    l8 = landsat_product(f)
    cases = [("subset", "RESOLUTION=60 for a 30 m Landsat product, no area", f,
              [("INPUT", l8), ("RESOLUTION", 60), ("OUTPUT", f / "stack.tif")], None, None)]
    _run(config, tmp_path, cases)
    gt = gdal.Open(str(f / "stack.tif")).GetGeoTransform()
    assert (gt[1], gt[5]) == (60.0, -60.0)
