"""The desktop experience: QGIS desktop under Xvfb with the plugin from `make package` (toolbar -> estimate dialog
-> Run -> styled layers in the run's group; LEAF menu, Settings, dependency check, unload; screenshots), and
the layer grouping of leaf:estimate in this process.

Screenshots go to the test's temporary folder; `make screenshots` (LEAF_QGIS_SCREENSHOTS=<folder>) copies them
to docs/screenshots, so a normal test run never changes the git tree.
"""

import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
QGIS = "/usr/bin/qgis"
XVFB = shutil.which("Xvfb")
SCREENSHOTS_ENV = "LEAF_QGIS_SCREENSHOTS"
DEADLINE_S = 60            # the session inside QGIS gives up (with a report) after this
SCREEN = (1280, 800)
SHAPE = (30, 35)           # the 1050 LEAF samples as a small image
SCREENSHOTS = ("desktop_estimate", "desktop_estimate_dialog", "desktop_menu", "desktop_settings",
               "desktop_dependencies")


@pytest.fixture(scope="module")
def desktop_stack(s2_band_factory, make_stack, tmp_path_factory):
    """The 1050-sample stack laid out as a 30 x 35 image (so the map shows a picture, not a line)."""
    from conftest import S2_METADATA
    bands = [[name, arr.reshape(SHAPE), opts] for name, arr, opts in s2_band_factory()]
    return make_stack(tmp_path_factory.mktemp("desktop_stack") / "stack.tif", bands, S2_METADATA)


@contextlib.contextmanager
def xvfb_display():
    """An Xvfb server on a free display (-displayfd), without xvfb-run (which needs xauth, a mere Recommends)."""
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([XVFB, "-displayfd", str(write_fd), "-screen", "0", "%dx%dx24" % SCREEN,
                             "-nolisten", "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 20)
        number = os.read(read_fd, 32).decode().strip() if ready else ""
        if not number:
            proc.kill()
            pytest.fail("Xvfb did not start: %s" % proc.communicate(timeout=5)[1].decode(errors="replace")[-2000:])
        yield ":" + number
    finally:
        os.close(read_fd)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def make_profile(zip_path, root: Path) -> Path:
    """A QGIS config folder whose default profile has the plugin (from the zip, enabled), QGIS's news feed off,
    and one package in the plugin-local python folder, to check the path hook in real QGIS."""
    profile = root / "profiles" / "default"
    subprocess.run(["/usr/bin/python3", str(REPO / "scripts" / "install_plugin.py"), str(zip_path), str(profile)],
                   check=True, capture_output=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=120)
    ini = profile / "QGIS" / "QGIS3.ini"
    with open(ini, "a", encoding="utf-8") as f:
        f.write("\n[core]\nNewsFeed\\httpsfeedqgisorg\\disabled=true\n")
    probe = profile / "leaf_qgis" / "python" / "leafdemo_preinstalled"
    probe.mkdir(parents=True)
    (probe / "__init__.py").write_text('"""Probe of the plugin-local python folder."""\n', encoding="utf-8")
    return root


def run_desktop(plugin_zip, network_cache, stack, tmp_path, dialog_parameters=None,  # noqa: F811
                settings=None, extra_env=None):
    """Start QGIS desktop with tests/desktop_session.py; the report, the session's output and the wall time.
    `dialog_parameters` replace the Estimate dialog's stack and output, `settings` ({key: value}) go into the
    profile's QGIS3.ini, `extra_env` into QGIS's environment."""
    config = make_profile(plugin_zip, tmp_path / "config")
    if settings:
        from qgis.PyQt.QtCore import QSettings
        ini = QSettings(str(config / "profiles" / "default" / "QGIS" / "QGIS3.ini"), QSettings.Format.IniFormat)
        for key, value in settings.items():
            ini.setValue(key, value)
        ini.sync()
    shots = tmp_path / "screenshots"
    shots.mkdir()
    params = {"stack": stack, "output": str(tmp_path / "out" / "lai.tif"), "report": str(tmp_path / "report.json"),
              "screenshots": str(shots), "deadline_s": DEADLINE_S, "dialog_parameters": dialog_parameters}
    (tmp_path / "out").mkdir()
    (tmp_path / "params.json").write_text(json.dumps(params), encoding="utf-8")
    runtime_dir = "/tmp/runtime-%d" % os.getuid()
    os.makedirs(runtime_dir, mode=0o700, exist_ok=True)
    with xvfb_display() as display:
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QGIS_CUSTOM_CONFIG_PATH")}
        env.update(DISPLAY=display, XDG_RUNTIME_DIR=os.environ.get("XDG_RUNTIME_DIR", runtime_dir),
                   LEAF_QGIS_CACHE_DIR=network_cache.root, LEAF_DESKTOP_PARAMS=str(tmp_path / "params.json"))
        env.update(extra_env or {})
        started = time.monotonic()
        out = subprocess.run([QGIS, "--nologo", "--noversioncheck", "--profiles-path", str(config),
                              "--code", str(REPO / "tests" / "desktop_session.py")],
                             env=env, capture_output=True, text=True, timeout=DEADLINE_S + 30)
        seconds = time.monotonic() - started
    report_path = Path(params["report"])
    assert report_path.is_file(), "QGIS wrote no report (exit %s): %s" % (out.returncode, out.stderr[-3000:])
    return json.loads(report_path.read_text(encoding="utf-8")), out, seconds, params


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


@pytest.mark.skipif(not os.path.exists(QGIS), reason="QGIS desktop (/usr/bin/qgis) is not installed (make setup)")
@pytest.mark.skipif(XVFB is None, reason="Xvfb is not installed (make setup installs the xvfb package)")
def test_desktop_estimate_dialog_menu_settings_and_screenshots(plugin_zip, network_cache, desktop_stack,  # noqa: F811
                                                              tmp_path):
    report, out, seconds, params = run_desktop(plugin_zip, network_cache, desktop_stack, tmp_path)
    print("QGIS desktop session: %.1f s, steps %s" % (seconds, report["steps"]))
    assert not report["errors"], "\n".join(report["errors"]) + "\n" + out.stderr[-2000:]
    assert out.returncode == 0

    # the plugin as installed from the zip, its path hook, menu and toolbar
    assert report["plugin_active"] and report["provider"] and report["toolbar"]
    python_dir = str(tmp_path / "config" / "profiles" / "default" / "leaf_qgis" / "python")
    assert report["sys_path_0"] == python_dir
    assert report["preinstalled_import"].startswith(python_dir)
    names = [name for name, _ in report["menu"]]
    assert names[:6] == ["leaf_menu_estimate", "leaf_menu_subset", "leaf_menu_mosaic", "leaf_menu_timeseries",
                         "leaf_menu_installnetworks", "leaf_menu_listnetworks"]
    assert names[-3:] == ["leaf_menu_settings", "leaf_menu_dependencies", "leaf_menu_help"]
    assert dict(report["menu"])["leaf_menu_estimate"] == "Estimate biophysical variables (SL2P)…"

    # the toolbar opened the estimate dialog, the run succeeded, its two layers are styled in the run's group
    assert report["encoding_default"] == 0
    assert report["run_ok"] is True, report.get("log")
    assert report["results"]["OUTPUT"] == params["output"]
    assert len(report["groups"]) == 1 and not report["root_layers"]
    group = report["groups"][0]
    assert group["name"].startswith("LEAF %s lai 20" % report["results"]["ALGORITHM_USED"])
    est, qc = group["layers"]
    assert est["source"] == params["output"] and est["renderer"] == "singlebandpseudocolor"
    assert (est["band"], est["min"], est["max"]) == (1, 0, 8)
    assert qc["source"] == params["output"].replace(".tif", "_QC.tif") and qc["renderer"] == "paletted"
    assert qc["classes"] == [0, 1, 2, 3, 4, 8, 9, 10, 11] and "QC" in qc["name"]

    # Settings: the default encoding chosen there is what leaf:estimate offers next; credentials status shown
    assert report["encoding_default_after_settings"] == 1
    assert report["ee_project_setting"] == "leaf-demo-project"
    assert report["credentials_text"]
    # dependency check: one row per optional package, each with its pin; Install is offered exactly when the
    # pinned version is not importable (and a Python with pip was found)
    deps = {d["dist"]: d for d in report["dependencies"]}
    assert set(deps) == {"ai-edge-litert", "earthengine-api", "pystac-client"}
    assert deps["ai-edge-litert"]["pinned"] == "ai-edge-litert==2.3.0"
    assert deps["earthengine-api"]["pinned"] == "earthengine-api==1.7.50"
    ee_row = deps["earthengine-api"]
    if ee_row["importable"] and ee_row["version"] == "1.7.50":
        assert not ee_row["install_enabled"]
    assert report["dependencies_python"]

    # unload removes everything it added
    assert report["after_unload"] == {"menu": False, "toolbar": False, "actions": [], "provider": False}

    shots = report["screenshots"]
    for name in SCREENSHOTS:
        assert shots.get(name), name
        w, h = png_size(shots[name])
        assert w >= 300 and h >= 200, (name, w, h)
    assert png_size(shots["desktop_estimate"]) == SCREEN
    target = os.environ.get(SCREENSHOTS_ENV)
    if target:
        os.makedirs(target, exist_ok=True)
        for name in SCREENSHOTS:
            shutil.copy(shots[name], os.path.join(target, name + ".png"))


def test_estimate_layers_land_in_one_group(qgis_app, network_cache, s2_sample_stack, tmp_path, monkeypatch):
    """runAndLoadResults (what the dialog does): estimates then QC, styled, in a 'LEAF <algorithm> <name> <time>'
    group at the top of the tree; a second run gets its own group."""
    import processing
    from qgis.core import (
        QgsLayerTreeGroup,
        QgsPalettedRasterRenderer,
        QgsProcessingContext,
        QgsProject,
        QgsSingleBandPseudoColorRenderer,
    )
    monkeypatch.setenv("LEAF_QGIS_CACHE_DIR", network_cache.root)
    project = QgsProject.instance()
    project.removeAllMapLayers()
    root = project.layerTreeRoot()
    root.removeAllChildren()
    outputs = []
    for i in range(2):
        context = QgsProcessingContext()
        context.setProject(project)
        outputs.append(str(tmp_path / ("run%d.tif" % i)))
        res = processing.runAndLoadResults("leaf:estimate", {"INPUT": s2_sample_stack, "VARIABLES": [0],
                                                             "OUTPUT": outputs[-1]}, context=context)
        if i == 0:
            time.sleep(1.1)   # group names carry the time to the second
    groups = [n for n in root.children() if isinstance(n, QgsLayerTreeGroup)]
    alg = res["ALGORITHM_USED"]
    assert [g.name().rsplit(" ", 2)[0] for g in groups] == ["LEAF %s run1" % alg, "LEAF %s run0" % alg]
    assert not [n for n in root.children() if not isinstance(n, QgsLayerTreeGroup)]
    for g, out in zip(groups, reversed(outputs)):
        layers = [n.layer() for n in g.findLayers()]
        assert [lyr.source() for lyr in layers] == [out, out.replace(".tif", "_QC.tif")]
        assert isinstance(layers[0].renderer(), QgsSingleBandPseudoColorRenderer)
        assert isinstance(layers[1].renderer(), QgsPalettedRasterRenderer)
        del layers
    project.removeAllMapLayers()
    root.removeAllChildren()


def test_group_name_and_placement_without_a_tree_node(qgis_app):
    """The group name format, and a layer that is not in the tree (e.g. loaded elsewhere) is left alone."""
    import datetime

    from qgis.core import QgsProcessingContext, QgsProject, QgsRasterLayer

    from leaf_qgis.processing.styles import place_in_group, run_group_name
    assert run_group_name("S2_SL2P_V0_20M", "lai", datetime.datetime(2024, 5, 6, 7, 8, 9)) == \
        "LEAF S2_SL2P_V0_20M lai 2024-05-06 07:08:09"
    project = QgsProject.instance()
    context = QgsProcessingContext()
    context.setProject(project)
    layer = QgsRasterLayer()   # never added to the project
    place_in_group(layer, context, "LEAF nothing")
    assert project.layerTreeRoot().findGroup("LEAF nothing") is None
