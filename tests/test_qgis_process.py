"""The packaged plugin as a user gets it: zip -> empty QGIS profile -> qgis_process and headless QGIS."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from osgeo import gdal
from test_qgis_provider import ALGORITHM_IDS

REPO = Path(__file__).resolve().parents[1]
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"

pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin is not installed (make setup)")


def qgis_env(config, **extra):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(config))
    env.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    env.update(extra)
    return env


def test_zip_layout_and_nothing_from_shared(plugin_zip, shared_dir):
    with zipfile.ZipFile(plugin_zip) as z:
        names = z.namelist()
        assert all(n.startswith("leaf_qgis/") for n in names)
        for needed in ["leaf_qgis/__init__.py", "leaf_qgis/metadata.txt", "leaf_qgis/LICENSE", "leaf_qgis/icon.svg",
                       "leaf_qgis/algorithms/S2_SL2P_V0_20M.json", "leaf_qgis/models/catalog/leaf_s2_v0.json",
                       "leaf_qgis/engine/estimate.py", "leaf_qgis/processing/provider.py", "leaf_qgis/i18n/README.md"]:
            assert needed in names, needed
        assert not [n for n in names if "__pycache__" in n or n.startswith("leaf_qgis/tests")]
        zipped = {hashlib.sha256(z.read(n)).hexdigest(): n for n in names if not n.endswith("/")}
    for d, _, files in os.walk(shared_dir):
        for f in files:
            p = os.path.join(d, f)
            if os.path.getsize(p) >= 200:
                digest = hashlib.sha256(open(p, "rb").read()).hexdigest()
                assert digest not in zipped, "%s is a copy of %s" % (zipped.get(digest), p)


def test_metadata_is_complete():
    text = (REPO / "metadata.txt").read_text(encoding="utf-8")
    keys = dict(re.findall(r"^(\w+)=(.*)$", text, re.M))
    for key in ["name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "homepage",
                "repository", "tracker", "tags", "category", "icon", "license", "hasProcessingProvider"]:
        assert keys.get(key, "").strip(), key
    assert keys["qgisMinimumVersion"] == "3.22" and keys["hasProcessingProvider"] == "yes"
    assert (REPO / "leaf_qgis" / keys["icon"]).is_file()


def test_qgis_process_lists_provider(qgis_config):
    out = subprocess.run([QGIS_PROCESS, "list"], env=qgis_env(qgis_config), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "LEAF" in out.stdout
    for alg in ALGORITHM_IDS:
        assert alg in out.stdout
    helptext = subprocess.run([QGIS_PROCESS, "help", "leaf:estimate"], env=qgis_env(qgis_config),
                              capture_output=True, text=True, timeout=120).stdout
    assert "S2_SL2P_V0_20M" in helptext and "INPUT" in helptext and "QC" in helptext


def readme_command():
    """The qgis_process command line exactly as the README shows it."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if "qgis_process.bin run leaf:estimate" in ln and "INPUT=" in ln]
    assert lines, "the README shows no qgis_process command for leaf:estimate"
    return lines[0].strip()


def test_readme_command_works_as_written(qgis_config, s2_sample_stack, mirror_server, tmp_path):
    """Run the README's command in a folder holding stack.tif; networks come from the 127.0.0.1 mirror."""
    cmd = readme_command()
    shutil.copy(s2_sample_stack, tmp_path / "stack.tif")
    env = qgis_env(qgis_config, LEAF_QGIS_NETWORK_BASE_URL=mirror_server,
                   LEAF_QGIS_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    for name in ["lai.tif", "lai_QC.tif"]:
        ds = gdal.Open(str(tmp_path / name))
        assert ds is not None and ds.GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG", name
    # the automatic choice is LEAF's published S2 20 m set (7 variables x estimate + uncertainty), downloaded on
    # this first run even though the bundled networks would need no download
    lai = gdal.Open(str(tmp_path / "lai.tif"))
    assert lai.GetMetadataItem("LEAF_ALGORITHM") == "S2_SL2P_V0_20M" and lai.RasterCount == 14
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".")]


def test_qgis_process_json_results(qgis_config, s2_sample_stack, network_cache, tmp_path):
    out_path = str(tmp_path / "v.tif")
    out = subprocess.run([QGIS_PROCESS, "run", "leaf:estimate", "--json", "--", "INPUT=" + s2_sample_stack,
                          "VARIABLES=0", "VARIABLES=1", "OUTPUT=" + out_path],
                         env=qgis_env(qgis_config, LEAF_QGIS_CACHE_DIR=network_cache.root),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    results = json.loads(out.stdout[out.stdout.index("{"):])["results"]
    assert results["OUTPUT"] == out_path and results["QC"] == str(tmp_path / "v_QC.tif")
    assert results["PIXELS"] == 1050 and results["OUT_OF_DOMAIN"] == 10
    assert gdal.Open(out_path).RasterCount == 4


@pytest.mark.parametrize("kind", ["corrupt", "checksum"])
def test_qgis_process_bad_input_one_sentence(qgis_config, s2_sample_stack, shared_dir, static_server, tmp_path,
                                            kind):
    args = ["INPUT=" + s2_sample_stack]
    env = qgis_env(qgis_config, LEAF_QGIS_CACHE_DIR=str(tmp_path / "cache"))
    if kind == "corrupt":
        bad = tmp_path / "corrupt.tif"
        bad.write_bytes(b"II*\x00" + b"\x01" * 100)
        args = ["INPUT=" + str(bad)]
        expected = "is not a raster GDAL can read"
    else:  # a mirror that serves a tampered network file
        rel = ("rfernand387/LEAF-Toolbox/607a3c3b0b2864840bca162b9ea3a50f5bc91c86/LEAF-Toolbox-CCRS-Files/"
               "Inputs/Sentinel2/Sentinel_csv/s2_sl2p_weiss_or_prosail_NNT3_Single_0_1.csv")
        target = tmp_path / "mirror" / rel
        target.parent.mkdir(parents=True)
        data = bytearray((shared_dir / "upstream-mirror" / rel).read_bytes())
        data[300] = ord("1") if data[300] != ord("1") else ord("2")
        target.write_bytes(bytes(data))
        env["LEAF_QGIS_NETWORK_BASE_URL"] = static_server(tmp_path / "mirror")
        expected = "Checksum mismatch"
        # the published S2 V0 algorithm by its number (0 = automatic would choose it too)
        from leaf_qgis.engine.algorithm import load_algorithms
        ids = [a.id for a in sorted(load_algorithms().values(), key=lambda a: (a.family != "LEAF", a.id))]
        args.append("ALGORITHM=%d" % (ids.index("S2_SL2P_V0_20M") + 1))
    out = subprocess.run([QGIS_PROCESS, "run", "leaf:estimate", "--"] + args + ["OUTPUT=" + str(tmp_path / "o.tif")],
                         env=env, capture_output=True, text=True, timeout=300)
    text = out.stdout + out.stderr
    assert out.returncode != 0
    assert expected in text and "Traceback" not in text
    assert not [f for f in os.listdir(tmp_path) if f.startswith(("o.", ".o", "o_"))]


def test_plugin_loads_in_headless_qgis(qgis_config):
    """The installed zip loads through qgis.utils like QGIS does at start-up, and registers the provider."""
    plugins = qgis_config / "profiles" / "default" / "python" / "plugins"
    script = (
        "import sys\n"
        "from qgis.core import QgsApplication\n"
        "app = QgsApplication([], False); app.initQgis()\n"
        "import qgis.utils\n"
        "sys.path.insert(0, %r); qgis.utils.plugin_paths = [%r]\n"
        "qgis.utils.updateAvailablePlugins()\n"
        "assert qgis.utils.loadPlugin('leaf_qgis'), 'load failed'\n"
        "assert qgis.utils.startProcessingPlugin('leaf_qgis'), 'start failed'\n"
        "p = QgsApplication.processingRegistry().providerById('leaf')\n"
        "print('PROVIDER', p.name(), sorted(a.id() for a in p.algorithms()))\n"
        "import leaf_qgis; print('FROM', leaf_qgis.__file__)\n"
    ) % (str(plugins), str(plugins))
    out = subprocess.run(["/usr/bin/python3", "-c", script], env=qgis_env(qgis_config), capture_output=True,
                         text=True, timeout=120)
    assert "PROVIDER LEAF %s" % ALGORITHM_IDS in out.stdout, out.stdout + out.stderr
    assert "FROM " + str(plugins) in out.stdout
