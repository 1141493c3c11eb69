"""Helpers of the hostile-input tests (tests/test_hostile_*.py): the packaged plugin in a fresh profile, one
qgis_process run per case (several at once), folder checksums, and the one-sentence checks.

Every case asserts the exit code, the sentence printed (once, as "ERROR:\t..." or "WARNING:\t..."), that no
Python traceback appears, and that the case's folder holds exactly what it held before (failures) or that its
inputs are unchanged (successes). With LEAF_QGIS_CASE_TABLE=<file> each case appends a JSON line (tool, case,
exit code, sentence): the table of the issue's note is made from it.
"""

import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

REPO = Path(__file__).resolve().parents[1]
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"
DEMO_PRODUCTS = REPO / "demo" / "data" / "products"
WORKERS = 3                      # qgis_process runs at once (mostly start-up time on 2 cores)
_record_lock = threading.Lock()


def install_plugin(plugin_zip: Path, config: Path, automatic_networks: str = "bundled") -> Path:
    """The packaged plugin (conftest's session `plugin_zip`) installed into an empty QGIS config folder.

    The hostile cases run offline, so the profile's LEAF setting "Networks for the automatic choice" is the
    bundled networks, as an offline user would set it (the published default, and its offline sentence, are
    tested in test_qgis_defaults.py); automatic_networks="published" keeps the default."""
    profile = config / "profiles" / "default"
    subprocess.run(["/usr/bin/python3", str(REPO / "scripts" / "install_plugin.py"), str(plugin_zip), str(profile)],
                   check=True, capture_output=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=120)
    if automatic_networks != "published":
        with open(profile / "QGIS" / "QGIS3.ini", "a", encoding="utf-8") as ini:
            ini.write("\n[leaf_qgis]\nautomatic_networks=%s\n" % automatic_networks)
    return config


def profile_dir(config: Path) -> Path:
    return config / "profiles" / "default"


def environment(config: Path, **extra) -> Dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(config))
    env.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-%d" % os.getuid())
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    env.update({k: str(v) for k, v in extra.items() if v is not None})
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
    return env


@dataclass
class Run:
    args: List[str]
    code: int
    stdout: str
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout + self.stderr

    @property
    def errors(self) -> List[str]:
        """The ERROR lines, without QGIS's own "ERROR: Status <n>: ..." reports of its layer-loading attempts
        (QGIS 3.44 prints two for a CRS parameter such as EPSG:999999, with or without this plugin)."""
        return [ln[len("ERROR:"):].strip() for ln in self.text.splitlines()
                if ln.startswith("ERROR:") and not re.match(r"ERROR: Status \d+: ", ln)]

    @property
    def warnings(self) -> List[str]:
        return [ln[len("WARNING:"):].strip() for ln in self.text.splitlines() if ln.startswith("WARNING:")]

    @property
    def sentence(self) -> str:
        """The one error sentence (the message under qgis_process's parameter-check line when there is one)."""
        lines = self.text.splitlines()
        for i, ln in enumerate(lines):
            if ln.startswith("ERROR:\tAn error was encountered while checking parameter values") and i + 1 < len(lines):
                return lines[i + 1].strip()
        errors = self.errors
        return errors[0] if errors else ""


def command(alg: str, params: Sequence, json_output: bool = False) -> List[str]:
    """qgis_process run arguments; `params` is a dict or a list of (name, value) (names may repeat)."""
    items = params.items() if isinstance(params, dict) else params
    return [QGIS_PROCESS] + (["--json"] if json_output else []) + ["run", alg, "--"] + \
        ["%s=%s" % (k, v) for k, v in items]


def unprivileged(args: List[str]) -> List[str]:
    """As root, file permissions would not apply: drop the capabilities that bypass them."""
    if os.getuid() == 0 and shutil.which("setpriv"):
        return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"] + args
    return args


def run(config: Path, args: List[str], env: Optional[dict] = None, timeout: float = 240, cwd=None,
        drop_privileges: bool = False) -> Run:
    full = args if args[0] != "run" else [QGIS_PROCESS] + args
    if drop_privileges:
        full = unprivileged(full)
    out = subprocess.run(full, env=env or environment(config), capture_output=True, text=True, timeout=timeout,
                         cwd=cwd)
    return Run(full, out.returncode, out.stdout, out.stderr)


def run_all(config: Path, jobs: Sequence[dict]) -> List[Run]:
    """Several runs at once: each job holds args and optionally env, timeout, cwd, drop_privileges."""
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(run, config, **job) for job in jobs]
        return [f.result() for f in futures]


# --------------------------------------------------------------------------------------------
# Folders and checks
# --------------------------------------------------------------------------------------------

def snapshot(folder: Path) -> Dict[str, str]:
    """{relative path: sha256 (files), 'dir' (folders), '-> target' (symlinks)} of everything under folder."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            rel = str(p.relative_to(folder))
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def changes(before: Dict[str, str], after: Dict[str, str]) -> List[str]:
    return sorted(["+" + k for k in after if k not in before] + ["-" + k for k in before if k not in after] +
                  ["~" + k for k in before if k in after and before[k] != after[k]])


def no_traceback(r: Run):
    assert "Traceback" not in r.text, r.text
    assert "Error in sys.excepthook" not in r.text, r.text


def record(tool: str, case: str, r: Run, sentence: Optional[str] = None):
    path = os.environ.get("LEAF_QGIS_CASE_TABLE")
    if not path:
        return
    line = json.dumps({"tool": tool, "case": case, "exit": r.code,
                       "sentence": sentence if sentence is not None else (r.sentence or
                                                                          "; ".join(r.warnings) or "(success)")})
    with _record_lock, open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def refused(r: Run, tool: str, case: str, *fragments: str, before=None, after=None):
    """A failure told in one sentence: exit 1, one error line (the sentence holds every fragment), no traceback,
    and the folder unchanged (`before` / `after` snapshots)."""
    no_traceback(r)
    assert r.code == 1, r.text
    sentence = r.sentence
    assert sentence, r.text
    errors = [e for e in r.errors if e and not e.startswith("An error was encountered while checking")]
    assert len(errors) <= 1, r.text
    assert r.text.count(sentence) == 1, "the sentence is printed more than once:\n" + r.text
    for fragment in fragments:
        assert re.search(fragment, sentence), (fragment, sentence)
    if before is not None:
        assert changes(before, after) == [], (changes(before, after), r.text)
    record(tool, case, r, sentence)
    return sentence


def succeeded(r: Run, tool: str, case: str, warning: Optional[str] = None):
    no_traceback(r)
    assert r.code == 0, r.text
    if warning:
        assert any(re.search(warning, w) for w in r.warnings), r.text
    record(tool, case, r, next((w for w in r.warnings if warning and re.search(warning, w)), "(success)"))


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------

def demo_safe(folder: Path, which: int = 0) -> Path:
    """A copy of one of the demo Sentinel-2 L2A SAFE folders (150 x 150 pixels at 20 m)."""
    src = sorted(DEMO_PRODUCTS.iterdir())[which]
    dst = folder / src.name
    shutil.copytree(src, dst)
    return dst


def band_file(safe: Path, band: str) -> Path:
    return next(safe.rglob("*_%s_20m.jp2" % band))


def make_stack(safe: Path, out: Path) -> Path:
    """The analysis-ready stack of a demo SAFE (engine subset, in this process)."""
    sys.path.insert(0, str(REPO))
    from leaf_qgis.engine.subset import subset
    subset(str(safe), str(out))
    return out


def landsat_product(folder: Path) -> Path:
    """A small synthetic Landsat 8 Collection 2 Level-2 folder (6 x 4 pixels; see test_landsat)."""
    from test_landsat import STEM, _synthetic
    return _synthetic(folder / STEM)


def polygon_layer(path: Path, epsg: int, ring) -> Path:
    """A GeoPackage with one polygon (`ring`: [(x, y), ...]) in EPSG:`epsg`."""
    from osgeo import ogr, osr
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("area", srs, ogr.wkbPolygon)
    f = ogr.Feature(layer.GetLayerDefn())
    f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON ((%s))" % ", ".join("%r %r" % p for p in list(ring) + [ring[0]])))
    layer.CreateFeature(f)
    ds = None
    return path


def kill_when(proc: subprocess.Popen, condition, sig=signal.SIGTERM, timeout: float = 120.0) -> bool:
    """Send `sig` to `proc` once `condition()` holds (polled); False if the process ended first."""
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        if condition():
            proc.send_signal(sig)
            return True
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the condition never held")
