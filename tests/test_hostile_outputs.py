"""No tool can be made to change a byte of its inputs, whatever paths it is given: every output (estimates, QC,
DATE, VRT sidecars, tables, charts, reports, task tables, installed networks) that is, or lies inside, an input
- a stack, a product folder or archive, a metadata file and every band file it references, a land-cover raster,
an AREA or FEATURES layer, a source folder, a VRT's source files - is refused in one sentence naming both,
through qgis_process on the packaged plugin, with the folder unchanged. Successful runs of every tool leave
their inputs byte for byte as they were."""

import json
import os
import shutil
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
import pytest
from hostile import (
    QGIS_PROCESS,
    REPO,
    band_file,
    changes,
    command,
    demo_safe,
    environment,
    install_plugin,
    landsat_product,
    make_stack,
    polygon_layer,
    refused,
    run_all,
    snapshot,
    succeeded,
)

pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin is not installed (make setup)")

INSIDE = r"(is the input|lies inside|is the file|holds the input|would replace the folder)"


@pytest.fixture(scope="module")
def config(plugin_zip, tmp_path_factory):
    return install_plugin(plugin_zip, tmp_path_factory.mktemp("qgis_config"))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stack_source")
    return make_stack(demo_safe(folder), folder / "stack.tif")


@dataclass
class Case:
    tool: str
    name: str
    folder: Path
    params: list
    fragments: tuple = (INSIDE,)
    env: dict = field(default_factory=dict)
    ok: bool = False               # a run that succeeds: its inputs stay unchanged
    inputs: tuple = ()             # (ok runs) files that must keep their bytes
    before: Optional[dict] = None


def _run_cases(config, cases, cache):
    for c in cases:
        c.before = snapshot(c.folder)
    runs = run_all(config, [{"args": command("leaf:" + c.tool, c.params),
                             "env": environment(config, **dict({"LEAF_QGIS_CACHE_DIR": cache}, **c.env))} for c in cases])
    for c, r in zip(cases, runs):
        after = snapshot(c.folder)
        if c.ok:
            succeeded(r, c.tool, c.name)
            changed = [k for k in changes(c.before, after) if not k.startswith("+")]
            assert changed == [], (c.name, changed)
            for rel in c.inputs:
                assert c.before[rel] == after[rel], (c.name, rel)
        else:
            refused(r, c.tool, c.name, *c.fragments, before=c.before, after=after)


def _folder(tmp_path, name):
    f = tmp_path / name
    f.mkdir()
    return f


def _tar(folder: Path, target: Path) -> Path:
    with tarfile.open(target, "w") as tf:
        for f in sorted(folder.iterdir()):
            tf.add(f, arcname="%s/%s" % (folder.name, f.name))
    return target


def test_subset_never_writes_over_its_inputs(config, stack, tmp_path):
    cases = []
    f = _folder(tmp_path, "l8_band")                       # the example: the product's own band file
    l8 = landsat_product(f)
    cases.append(Case("subset", "OUTPUT = a band file of the Landsat product given by its MTL", f,
                      [("INPUT", next(l8.glob("*_MTL.txt"))), ("OUTPUT", next(l8.glob("*_SR_B4.TIF")))]))
    f = _folder(tmp_path, "s2_mtd")
    safe = demo_safe(f)
    cases.append(Case("subset", "OUTPUT = the product's MTD_MSIL2A.xml", f,
                      [("INPUT", safe), ("OUTPUT", safe / "MTD_MSIL2A.xml")]))
    f = _folder(tmp_path, "s2_band_via_mtd")
    safe = demo_safe(f)
    cases.append(Case("subset", "OUTPUT = a JP2 band of the SAFE given by MTD_MSIL2A.xml", f,
                      [("INPUT", safe / "MTD_MSIL2A.xml"), ("OUTPUT", band_file(safe, "B04"))]))
    f = _folder(tmp_path, "stack_itself")
    s = shutil.copy(stack, f / "stack.tif")
    cases.append(Case("subset", "OUTPUT = its input stack", f, [("INPUT", s), ("OUTPUT", s)]))
    f = _folder(tmp_path, "symlinked_band")
    safe = demo_safe(f)
    (f / "out").mkdir()
    os.symlink(band_file(safe, "B8A"), f / "out" / "b8a.tif")
    cases.append(Case("subset", "OUTPUT = a symlink to a band file of the input", f,
                      [("INPUT", safe), ("OUTPUT", f / "out" / "b8a.tif")]))
    f = _folder(tmp_path, "symlinked_folder")
    safe = demo_safe(f)
    os.symlink(safe / "GRANULE", f / "granule_link")
    cases.append(Case("subset", "OUTPUT in a symlinked folder that is inside the SAFE", f,
                      [("INPUT", safe), ("OUTPUT", f / "granule_link" / "stack.tif")]))
    f = _folder(tmp_path, "tar")
    l8 = landsat_product(f)
    tar = _tar(l8, f / "l8.tar")
    shutil.rmtree(l8)
    cases.append(Case("subset", "OUTPUT = the Landsat tar it reads", f, [("INPUT", tar), ("OUTPUT", tar)]))
    f = _folder(tmp_path, "vrt_sidecar")
    safe = demo_safe(f)
    os.symlink(band_file(safe, "B05"), f / "virtual.angles.tif")
    cases.append(Case("subset", "VRT output whose .angles.tif sidecar is a symlink to a band file of the input", f,
                      [("INPUT", safe), ("OUTPUT", f / "virtual.vrt")]))
    f = _folder(tmp_path, "area_layer")
    safe = demo_safe(f)
    area = polygon_layer(f / "area.gpkg", 32618, [(452100, 5011900), (454000, 5011900), (454000, 5010000)])
    cases.append(Case("subset", "OUTPUT = the AREA layer", f, [("INPUT", safe), ("AREA", area), ("OUTPUT", area)]))

    f = _folder(tmp_path, "subset_ok")
    safe = demo_safe(f)
    cases.append(Case("subset", "SAFE to a stack beside it", f, [("INPUT", safe), ("OUTPUT", f / "stack.tif")], ok=True))
    f = _folder(tmp_path, "subset_vrt_ok")
    safe = demo_safe(f)
    cases.append(Case("subset", "SAFE to a VRT stack beside it", f, [("INPUT", safe), ("OUTPUT", f / "v.vrt")],
                      ok=True))
    _run_cases(config, cases, str(tmp_path / "cache"))


def test_estimate_never_writes_over_its_inputs(config, stack, tmp_path):
    cases = []
    f = _folder(tmp_path, "estimate_l8_band")
    l8 = landsat_product(f)
    cases.append(Case("estimate", "PRODUCT = Landsat folder, OUTPUT = its SR_B5 band", f,
                      [("PRODUCT", l8), ("OUTPUT", next(l8.glob("*_SR_B5.TIF")))]))
    f = _folder(tmp_path, "estimate_qc_is_input")
    s = shutil.copy(stack, f / "lai_QC.tif")
    cases.append(Case("estimate", "the QC name (<name>_QC.tif) = the input stack", f,
                      [("INPUT", s), ("OUTPUT", f / "lai.tif")]))
    f = _folder(tmp_path, "estimate_landcover")
    s = shutil.copy(stack, f / "stack.tif")
    lc = shutil.copy(stack, f / "landcover.tif")
    cases.append(Case("estimate", "OUTPUT = its LANDCOVER raster", f,
                      [("INPUT", s), ("LANDCOVER", lc), ("OUTPUT", lc)]))
    f = _folder(tmp_path, "estimate_hardlink")
    s = shutil.copy(stack, f / "stack.tif")
    os.link(s, f / "alias.tif")
    cases.append(Case("estimate", "OUTPUT = a hard link of the input stack", f,
                      [("INPUT", s), ("OUTPUT", f / "alias.tif")]))
    f = _folder(tmp_path, "estimate_vrt_source")
    from conftest import S2_METADATA, write_stack
    ramp = np.linspace(0.0, 1.0, 20, dtype=np.float32).reshape(4, 5)
    bands = [[n, 0.05 + 0.2 * ramp, {}] for n in ("B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12")]
    bands += [[n, v + ramp, {}] for n, v in (("SZA", 30.0), ("VZA", 5.0), ("RAA", 90.0))]
    vrt = write_stack(f / "stack.vrt", bands, S2_METADATA)
    cases.append(Case("estimate", "OUTPUT = a source file of its VRT stack", f,
                      [("INPUT", vrt), ("OUTPUT", f / "stack_bands" / "band01.tif")]))
    f = _folder(tmp_path, "estimate_inside_safe")
    safe = demo_safe(f)
    cases.append(Case("estimate", "PRODUCT = SAFE, OUTPUT inside the SAFE folder", f,
                      [("PRODUCT", safe), ("OUTPUT", safe / "GRANULE" / "lai.tif")]))
    f = _folder(tmp_path, "estimate_symlink_output")
    s = shutil.copy(stack, f / "stack.tif")
    os.symlink(s, f / "lai.tif")
    cases.append(Case("estimate", "OUTPUT = a symlink to the input stack", f, [("INPUT", s), ("OUTPUT", f / "lai.tif")]))

    f = _folder(tmp_path, "estimate_ok")
    s = shutil.copy(stack, f / "stack.tif")
    cases.append(Case("estimate", "stack to estimates beside it", f, [("INPUT", s), ("VARIABLES", 0),
                                                                       ("OUTPUT", f / "lai.tif")], ok=True))
    _run_cases(config, cases, str(tmp_path / "cache"))


def test_mosaic_never_writes_over_its_inputs(config, stack, tmp_path):
    cases = []
    f = _folder(tmp_path, "mosaic_band")
    l8 = landsat_product(f)
    cases.append(Case("mosaic", "OUTPUT = a band file of an input product", f,
                      [("INPUT", l8), ("START", "2019-01-01"), ("END", "2019-02-01"),
                       ("OUTPUT", next(l8.glob("*_SR_B4.TIF")))]))
    f = _folder(tmp_path, "mosaic_folder")
    (f / "products").mkdir()
    demo_safe(f / "products", 0)
    cases.append(Case("mosaic", "FOLDER = products, OUTPUT inside that folder", f,
                      [("FOLDER", f / "products"), ("START", "2023-06-01"), ("END", "2023-09-01"),
                       ("OUTPUT", f / "products" / "mosaic.tif")]))
    f = _folder(tmp_path, "mosaic_date_is_input")
    s = shutil.copy(stack, f / "m_DATE.tif")
    cases.append(Case("mosaic", "estimated products whose _DATE name is the input stack", f,
                      [("INPUT", s), ("START", "2023-06-01"), ("END", "2023-07-01"), ("OUTPUT_TYPE", 1),
                       ("OUTPUT", f / "m.tif")]))
    f = _folder(tmp_path, "mosaic_itself")
    s = shutil.copy(stack, f / "stack.tif")
    cases.append(Case("mosaic", "OUTPUT = its input stack", f,
                      [("INPUT", s), ("START", "2023-06-01"), ("END", "2023-07-01"), ("OUTPUT", s)]))

    f = _folder(tmp_path, "mosaic_ok")
    s = shutil.copy(stack, f / "stack.tif")
    cases.append(Case("mosaic", "stack to a composite beside it", f,
                      [("INPUT", s), ("START", "2023-06-01"), ("END", "2023-07-01"), ("OUTPUT", f / "m.tif")], ok=True))
    _run_cases(config, cases, str(tmp_path / "cache"))


def test_timeseries_never_writes_over_its_inputs(config, stack, tmp_path):
    cases = []
    f = _folder(tmp_path, "ts_folder_is_input")
    (f / "products").mkdir()
    demo_safe(f / "products", 0)
    cases.append(Case("timeseries", "OUTPUT_FOLDER = its FOLDER of products", f,
                      [("FOLDER", f / "products"), ("OUTPUT_FOLDER", f / "products")]))
    f = _folder(tmp_path, "ts_inside_safe")
    safe = demo_safe(f)
    cases.append(Case("timeseries", "OUTPUT_FOLDER inside an input SAFE", f,
                      [("INPUT", safe), ("OUTPUT_FOLDER", safe / "series")]))
    f = _folder(tmp_path, "ts_names")
    s = shutil.copy(stack, f / "leaf_20230608_LEAF_QGIS_S2_20M.tif")
    cases.append(Case("timeseries", "input stacks named as the series' own outputs in the output folder", f,
                      [("INPUT", s), ("OUTPUT_FOLDER", f)], (r"under a name the time series writes",)))
    f = _folder(tmp_path, "ts_table")
    s = shutil.copy(stack, f / "stack.tif")
    pts = polygon_layer(f / "fields.gpkg", 32618, [(452100, 5011900), (453000, 5011900), (453000, 5011000)])
    cases.append(Case("timeseries", "TABLE = its FEATURES layer", f,
                      [("INPUT", s), ("FEATURES", pts), ("TABLE", pts), ("OUTPUT_FOLDER", f / "series")]))
    f = _folder(tmp_path, "ts_chart")
    s = shutil.copy(stack, f / "stack.tif")
    pts = polygon_layer(f / "fields.gpkg", 32618, [(452100, 5011900), (453000, 5011900), (453000, 5011000)])
    os.symlink(pts, f / "fields_link.html")
    cases.append(Case("timeseries", "CHART = a symlink to its FEATURES layer", f,
                      [("INPUT", s), ("FEATURES", pts), ("CHART", f / "fields_link.html"),
                       ("OUTPUT_FOLDER", f / "series")]))

    f = _folder(tmp_path, "ts_ok")
    s = shutil.copy(stack, f / "stack.tif")
    cases.append(Case("timeseries", "stack to a series in its own folder", f,
                      [("INPUT", s), ("VARIABLES", 0), ("OUTPUT_FOLDER", f)], ok=True))
    _run_cases(config, cases, str(tmp_path / "cache"))


def _index(alg_id):
    from leaf_qgis.engine.algorithm import load_algorithms
    return sorted(load_algorithms()).index(alg_id)


def test_installnetworks_never_writes_over_its_inputs(config, tmp_path):
    cases = []
    cache = tmp_path / "cache"
    target = cache / "LEAF_QGIS_S2_20M"                 # the folder an install of this algorithm replaces
    (target / "my_networks").mkdir(parents=True)
    (target / "my_networks" / "readme.txt").write_text("the user's own files")
    index = _index("LEAF_QGIS_S2_20M")
    cases.append(Case("installnetworks", "SOURCE_FOLDER inside the cache folder an install would replace", cache,
                      [("ALGORITHM", index), ("SOURCE_FOLDER", target / "my_networks"), ("FORCE", "true")]))
    cases.append(Case("installnetworks", "SOURCE_FOLDER = the cache folder an install would replace", cache,
                      [("ALGORITHM", index), ("SOURCE_FOLDER", target), ("FORCE", "true")]))
    other = tmp_path / "cache_with_a_user_folder"
    (other / "LEAF_QGIS_S2_20M").mkdir(parents=True)
    (other / "LEAF_QGIS_S2_20M" / "notes.txt").write_text("not a cache entry")
    cases.append(Case("installnetworks", "a user folder (no manifest.json) where the install would go", other,
                      [("ALGORITHM", index), ("SOURCE_FOLDER", REPO / "models"), ("FORCE", "true")],
                      (r"is in the way of the networks of LEAF_QGIS_S2_20M",), env={"LEAF_QGIS_CACHE_DIR": other}))
    _run_cases(config, cases, str(cache))


def test_listnetworks_never_writes_over_its_inputs(config, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    _run_cases(config, [Case("listnetworks", "lists the cache without touching it", cache, [], ok=True)], str(cache))


def test_train_never_writes_over_its_inputs(config, tmp_path):
    cases = []
    algorithms = tmp_path / "algorithms"
    responses = algorithms / "networks" / "MYSAT_20M" / "responses.csv"
    responses.parent.mkdir(parents=True)
    responses.write_text("wavelength,RED,NIR\n400,0,0\n650,1,0\n850,0,1\n2500,0,0\n")
    (responses.parent / "manifest.json").write_text("{}")
    cases.append(Case("train", "RESPONSES inside the networks folder an OVERWRITE would replace", tmp_path / "algorithms",
                      [("RESPONSES", responses), ("ID", "MYSAT_20M"), ("SENSOR", "MYSAT"), ("OVERWRITE", "true")],
                      env={"LEAF_QGIS_ALGORITHMS_DIR": algorithms}))
    f = _folder(tmp_path, "train_report")
    resp = f / "responses.txt"
    resp.write_text("wavelength,RED,NIR\n400,0,0\n650,1,0\n850,0,1\n2500,0,0\n")
    cases.append(Case("train", "REPORT = its RESPONSES table", f,
                      [("RESPONSES", resp), ("ID", "MYSAT2_20M"), ("SENSOR", "MYSAT"), ("REPORT", resp)],
                      env={"LEAF_QGIS_ALGORITHMS_DIR": tmp_path / "algorithms2"}))
    _run_cases(config, cases, str(tmp_path / "cache"))


def test_eetasks_never_writes_over_its_inputs(config, tmp_path):
    cases = []
    f = _folder(tmp_path, "eetasks_key")
    key = f / "service-account.json"
    key.write_text(json.dumps({"type": "service_account", "client_email": "a@b.iam.gserviceaccount.com",
                               "private_key": "-----BEGIN PRIVATE KEY-----\n", "token_uri": "http://127.0.0.1:9"}))
    settings = environment(config)["QGIS_CUSTOM_CONFIG_PATH"]
    from qgis.PyQt.QtCore import QSettings
    ini = QSettings(str(Path(settings) / "profiles" / "default" / "QGIS" / "QGIS3.ini"), QSettings.Format.IniFormat)
    ini.setValue("leaf_qgis/ee_service_account_key", str(key))
    ini.setValue("leaf_qgis/ee_project", "test-project")
    ini.sync()
    try:
        cases.append(Case("eetasks", "TABLE = the service-account key it signs in with", f,
                          [("ACTION", 0), ("TABLE", key)]))
        _run_cases(config, cases, str(tmp_path / "cache"))
    finally:
        ini.remove("leaf_qgis/ee_service_account_key")
        ini.remove("leaf_qgis/ee_project")
        ini.sync()
