"""Optional dependencies (leaf_qgis/deps.py, gui/dependencies.py): pins, QGIS's Python, pip install --target into
the plugin-local folder from a local wheel (no internet), the sys.path hook, and Earth Engine credential files."""

import base64
import hashlib
import json
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest

from leaf_qgis import deps

REPO = Path(__file__).resolve().parents[1]


def build_wheel(folder: Path, name: str, version: str, requires=()) -> Path:
    """A minimal pure-Python wheel (module `name` with __version__), written by hand: no build backend needed."""
    info = "%s-%s.dist-info" % (name, version)
    files = {
        "%s/__init__.py" % name: '"""Test package."""\n__version__ = "%s"\n' % version,
        info + "/METADATA": "Metadata-Version: 2.1\nName: %s\nVersion: %s\n%s" % (
            name, version, "".join("Requires-Dist: %s\n" % r for r in requires)),
        info + "/WHEEL": "Wheel-Version: 1.0\nGenerator: leaf_qgis-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
    files[info + "/RECORD"] = "\n".join(record + [info + "/RECORD,,"]) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / ("%s-%s-py3-none-any.whl" % (name, version))
    with zipfile.ZipFile(wheel, "w") as z:
        for path, text in files.items():
            z.writestr(path, text)
    return wheel


@pytest.fixture(scope="module")
def qgis_python():
    """The interpreter QGIS embeds on this machine (sys.base_prefix/bin/python3.X), as deps finds it in QGIS."""
    exe = os.path.join(sys.base_prefix, "bin", "python%d.%d" % sys.version_info[:2])
    info = deps.python_info(exe) if os.path.isfile(exe) else None
    if not info or not info["pip"]:
        pytest.skip("%s has no pip (Debian: apt install python3-pip)" % exe)
    return exe


@pytest.fixture
def clean_import_state(monkeypatch):
    """sys.path and sys.modules as they were after the test (the install tests import packages from tmp)."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith("leafdemo"):
            del sys.modules[name]


def test_embedded_pins_equal_requirements_txt():
    """The installed plugin has no requirements.txt, so deps.PINS must say exactly what it says."""
    pins = deps.parse_requirements((REPO / "requirements.txt").read_text(encoding="utf-8"))
    for pkg in deps.OPTIONAL_PACKAGES:
        assert deps.PINS.get(pkg.dist) == pins.get(deps.normalize(pkg.dist)), pkg.dist
    assert deps.pinned_requirement("ai_edge_litert") == "ai-edge-litert==2.3.0"


def test_parse_requirements_takes_exact_pins_only(tmp_path):
    text = "# comment\nAI_Edge.LiteRT==2.3.0  # runtime\nrequests>=2\n-r other.txt\nfoo == 1.0\n\n"
    assert deps.parse_requirements(text) == {"ai-edge-litert": "AI_Edge.LiteRT==2.3.0", "foo": "foo==1.0"}
    req = tmp_path / "requirements.txt"
    req.write_text("numpy==1.24.2\n", encoding="utf-8")
    assert deps.pinned_requirement("earthengine-api", str(req)) is None
    assert deps.check(deps.OptionalPackage("json", "earthengine-api"), str(req)).needs_install is False


def test_check_reports_import_failure_and_version(tmp_path, clean_import_state):
    missing = deps.check(deps.OptionalPackage("leafdemo_absent", "leafdemo-absent"))
    assert not missing.importable and "No module named" in missing.error and missing.pinned is None
    broken = tmp_path / "leafdemo_broken"
    broken.mkdir()
    (broken / "__init__.py").write_text("raise RuntimeError('native library missing')\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    status = deps.check(deps.OptionalPackage("leafdemo_broken", "leafdemo-broken"))
    assert not status.importable and status.error == "RuntimeError: native library missing"
    ok = deps.check(deps.OptionalPackage("pytest", "pytest"))
    assert ok.importable and ok.version == pytest.__version__ and ok.location == os.path.dirname(pytest.__file__)


def test_python_candidates_ignore_a_shim_on_path(monkeypatch, qgis_python):
    """Inside QGIS sys.executable can be a pyenv shim (seen on this machine): never use it."""
    monkeypatch.setattr(sys, "executable", "/root/.pyenv/shims/python3")
    candidates = deps.python_candidates()
    assert "/root/.pyenv/shims/python3" not in candidates
    assert qgis_python in candidates
    found = deps.find_python()
    assert found and tuple(deps.python_info(found)["version"]) == sys.version_info[:2]


def test_install_command_pins_numpy_to_qgis_numpy():
    import numpy
    assert deps.host_constraints() == ["numpy==%s" % numpy.__version__]
    cmd = deps.install_command("/usr/bin/python3", "/t", ["a==1"], "/c.txt", ["--no-index"])
    assert cmd == ["/usr/bin/python3", "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                   "--upgrade", "--target", "/t", "--constraint", "/c.txt", "--no-index", "a==1"]


def test_install_from_local_wheels_into_plugin_folder(tmp_path, qgis_python, clean_import_state):
    """pip of QGIS's Python puts the package and its dependency into <profile>/leaf_qgis/python, offline;
    after the path hook they import from there."""
    wheels = tmp_path / "wheels"
    build_wheel(wheels, "leafdemo_dep", "0.5")
    build_wheel(wheels, "leafdemo", "1.0", requires=["leafdemo_dep==0.5"])
    target = deps.plugin_python_dir(str(tmp_path / "profile"))
    started = time.monotonic()
    out = deps.install(["leafdemo==1.0"], target, python=qgis_python,
                       extra_args=["--no-index", "--find-links", str(wheels)])
    print("pip install --target: %.1f s" % (time.monotonic() - started))
    assert out.returncode == 0, out.stdout + out.stderr
    assert sorted(p.name for p in Path(target).iterdir() if not p.name.endswith(".dist-info")) == \
        ["leafdemo", "leafdemo_dep"]
    assert not [f for f in os.listdir(os.path.dirname(target)) if f != "python"]
    with pytest.raises(ImportError):
        __import__("leafdemo")
    assert deps.add_to_sys_path(target) is True and sys.path[0] == target
    assert deps.add_to_sys_path(target) is False and sys.path.count(target) == 1
    req = tmp_path / "requirements.txt"
    req.write_text("leafdemo==1.0\n", encoding="utf-8")
    status = deps.check(deps.OptionalPackage("leafdemo", "leafdemo"), str(req))
    assert status.importable and status.version == "1.0" and status.location == os.path.join(target, "leafdemo")
    assert not status.needs_install
    import leafdemo_dep
    assert leafdemo_dep.__file__.startswith(target)


def test_install_failure_and_missing_python(tmp_path, qgis_python, monkeypatch):
    out = deps.install(["leafdemo-nowhere==9.9"], str(tmp_path / "t"), python=qgis_python,
                       extra_args=["--no-index", "--find-links", str(tmp_path)])
    assert out.returncode != 0 and "leafdemo-nowhere" in out.stdout + out.stderr
    assert os.listdir(tmp_path / "t") == []
    monkeypatch.setattr(deps, "find_python", lambda: None)
    with pytest.raises(ValueError, match="no Python executable with pip"):
        deps.install(["x==1"], str(tmp_path / "t"))


def test_add_to_sys_path_runs_pth_files(tmp_path, clean_import_state):
    extra = tmp_path / "extra"
    extra.mkdir()
    target = tmp_path / "python"
    target.mkdir()
    (target / "leafdemo.pth").write_text(str(extra) + "\n", encoding="utf-8")
    assert deps.add_to_sys_path(str(target))
    assert sys.path[0] == str(target) and str(extra) in sys.path
    assert deps.add_to_sys_path(str(tmp_path / "absent")) is False


def test_dialog_installs_with_qprocess(qgis_app, tmp_path, qgis_python, clean_import_state):
    """The dialog's Install button runs pip (injected offline arguments) asynchronously, shows its output and
    finds the package afterwards; an unpinned package cannot be installed."""
    from qgis.PyQt.QtCore import QCoreApplication

    from leaf_qgis.gui.dependencies import DependenciesDialog
    wheels = tmp_path / "wheels"
    build_wheel(wheels, "leafdemo_gui", "2.0")
    req = tmp_path / "requirements.txt"
    req.write_text("leafdemo-gui==2.0\n", encoding="utf-8")
    target = str(tmp_path / "python")
    packages = [deps.OptionalPackage("leafdemo_gui", "leafdemo-gui"), deps.OptionalPackage("leafdemo_x", "leafdemo-x")]
    dlg = DependenciesDialog(python=qgis_python, target=target, packages=packages, requirements=str(req),
                             extra_pip_args=["--no-index", "--find-links", str(wheels)])
    try:
        assert [s.importable for s in dlg.statuses] == [False, False]
        assert dlg.install_button("leafdemo-gui").isEnabled()
        assert dlg.install_button("leafdemo-gui").text() == "Install leafdemo-gui==2.0"
        assert not dlg.install_button("leafdemo-x").isEnabled()
        dlg.install_button("leafdemo-gui").click()
        assert dlg.is_running() and not dlg.refresh_button.isEnabled()
        constraints = dlg._constraints
        assert Path(constraints).read_text(encoding="utf-8").startswith("numpy==")
        deadline = time.monotonic() + 120
        while dlg.is_running() and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.02)
        assert dlg.last_exit_code == 0, dlg.output.toPlainText()
        text = dlg.output.toPlainText()
        assert "--target " + target in text and "Successfully installed leafdemo-gui-2.0" in text
        st = dlg.statuses[0]
        assert st.importable and st.version == "2.0" and st.location.startswith(target)
        assert not dlg.install_button("leafdemo-gui").isEnabled() and dlg.refresh_button.isEnabled()
        assert dlg.table.item(0, 2).text() == "installed"
        assert not os.path.exists(constraints)
    finally:
        dlg.reject()
        dlg.deleteLater()


def test_dialog_without_a_python_with_pip_explains_and_installs_nothing(qgis_app, tmp_path, monkeypatch,
                                                                       clean_import_state):
    """QGIS's Python without pip (a Debian without python3-pip): the check still works, every Install button is
    off and the dialog says what to install; clicking does not start anything."""
    from leaf_qgis.gui.dependencies import DependenciesDialog
    monkeypatch.setattr(deps, "find_python", lambda: None)
    req = tmp_path / "requirements.txt"
    req.write_text("leafdemo-nopip==1.0\npytest==%s\n" % pytest.__version__, encoding="utf-8")
    packages = [deps.OptionalPackage("leafdemo_nopip", "leafdemo-nopip"), deps.OptionalPackage("pytest", "pytest")]
    dlg = DependenciesDialog(target=str(tmp_path / "python"), packages=packages, requirements=str(req))
    try:
        assert dlg.python is None
        assert [s.importable for s in dlg.statuses] == [False, True]
        assert dlg.statuses[0].needs_install and not dlg.install_button("leafdemo-nopip").isEnabled()
        assert not dlg.install_button("pytest").isEnabled()
        text = dlg.python_label.text()
        assert "No Python with pip" in text and "apt install python3-pip" in text
        dlg.install(0)
        assert not dlg.is_running() and dlg.output.toPlainText() == ""
        assert not (tmp_path / "python").exists()
    finally:
        dlg.reject()
        dlg.deleteLater()


# ------------------------------------------------------------------------------------------------------------
# Earth Engine credentials status (files only)
# ------------------------------------------------------------------------------------------------------------

def test_credentials_status(tmp_path, monkeypatch):
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    user = tmp_path / "credentials"
    assert deps.earthengine_credentials("", str(user)).kind == "none"
    user.write_text(json.dumps({"refresh_token": "secret", "project": "my-proj"}), encoding="utf-8")
    st = deps.earthengine_credentials("", str(user))
    assert (st.kind, st.detail) == ("user", "my-proj") and "secret" not in repr(st)
    user.write_text("{}", encoding="utf-8")
    assert deps.earthengine_credentials("", str(user)).kind == "invalid"
    key = tmp_path / "key.json"
    key.write_text(json.dumps({"type": "service_account", "client_email": "sa@p.iam.gserviceaccount.com",
                               "private_key": "secret"}), encoding="utf-8")
    st = deps.earthengine_credentials(str(key), str(user))
    assert (st.kind, st.detail) == ("service_account", "sa@p.iam.gserviceaccount.com") and "secret" not in repr(st)
    key.write_text(json.dumps({"type": "authorized_user"}), encoding="utf-8")
    assert deps.earthengine_credentials(str(key)).detail == "not a service-account key"
    assert deps.earthengine_credentials(str(tmp_path / "nope.json")).kind == "invalid"
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    assert deps.earthengine_credentials("", str(tmp_path / "absent")).kind == "adc"
    assert deps.earthengine_credentials_path().endswith(os.path.join(".config", "earthengine", "credentials"))
