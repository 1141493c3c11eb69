"""Optional Python packages (LiteRT, earthengine-api, pystac-client): status, pins, and a pip install into a
plugin-local folder for QGIS's own Python.

No QGIS and no optional package is imported at module level, so the plugin's start stays cheap; the GUI
(gui/dependencies.py) and the tests drive these helpers.

Why a plugin-local folder: QGIS's Python is the system's (Linux) or bundled in QGIS (Windows, macOS); writing
into it needs administrator rights and can break QGIS. `pip install --target <profile>/leaf_qgis/python` needs
neither, and the plugin prepends that folder to sys.path when it starts.
"""

import contextlib
import importlib
import importlib.metadata
import io
import json
import os
import re
import site
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

from .engine.errors import LeafWarning
from .resources import PLUGIN_DIR


@dataclass(frozen=True)
class OptionalPackage:
    """One optional package: the module the plugin imports and the distribution pip installs."""

    module: str
    dist: str


OPTIONAL_PACKAGES = (
    OptionalPackage("ai_edge_litert", "ai-edge-litert"),
    OptionalPackage("ee", "earthengine-api"),
    OptionalPackage("pystac_client", "pystac-client"),
)

# Copy of requirements.txt's pins of the optional packages, for the installed plugin (the zip has no
# requirements.txt); tests/test_deps.py checks that it equals requirements.txt. Only pinned packages are
# installed: an unpinned name would install whatever is newest, which nobody has tested.
PINS = {
    "ai-edge-litert": "ai-edge-litert==2.3.0",
    "pystac-client": "pystac-client==0.9.1",
    "earthengine-api": "earthengine-api==1.7.50",
}

_REQ_LINE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([A-Za-z0-9.+!_-]+)\s*(?:#.*)?$")


def normalize(dist: str) -> str:
    """PEP 503 name normalisation (ai_edge.litert -> ai-edge-litert)."""
    return re.sub(r"[-_.]+", "-", dist).lower()


def parse_requirements(text: str) -> Dict[str, str]:
    """`name==version` lines of a requirements file as {normalised name: 'name==version'}; other lines ignored."""
    pins = {}
    for line in text.splitlines():
        m = _REQ_LINE.match(line)
        if m:
            pins[normalize(m.group(1))] = "%s==%s" % (m.group(1), m.group(2))
    return pins


def requirements_file() -> Optional[str]:
    """requirements.txt inside the plugin folder or beside it (source tree), else None."""
    for folder in (PLUGIN_DIR, os.path.dirname(PLUGIN_DIR)):
        path = os.path.join(folder, "requirements.txt")
        if os.path.isfile(path):
            return path
    return None


def pinned_requirement(dist: str, requirements: Optional[str] = None) -> Optional[str]:
    """The pinned requirement ('name==version') of an optional package, or None when it is not pinned.

    Read from requirements.txt when the plugin has it (source tree), else from PINS (installed plugin).
    """
    path = requirements or requirements_file()
    if path:
        with open(path, encoding="utf-8") as f:
            pins = parse_requirements(f.read())
    else:
        pins = {normalize(k): v for k, v in PINS.items()}
    return pins.get(normalize(dist))


@dataclass
class PackageStatus:
    """What an import of an optional package gave: importable or not, version, where it lives, the error."""

    package: OptionalPackage
    importable: bool
    version: str = ""
    location: str = ""
    error: str = ""
    pinned: Optional[str] = None

    @property
    def pinned_version(self) -> str:
        return self.pinned.split("==", 1)[1] if self.pinned else ""

    @property
    def needs_install(self) -> bool:
        """Installable and not there at the pinned version."""
        return bool(self.pinned) and (not self.importable or self.version != self.pinned_version)


def check(package: OptionalPackage, requirements: Optional[str] = None) -> PackageStatus:
    """Import the package (it is asked for explicitly, so the import cost is expected) and report its version.

    Any exception of the import is caught: a broken package must be reported, not crash QGIS.
    """
    importlib.invalidate_caches()
    pinned = pinned_requirement(package.dist, requirements)
    try:
        mod = importlib.import_module(package.module)
    except Exception as e:  # noqa: BLE001 (ImportError, but also a broken native library)
        return PackageStatus(package, False, error="%s: %s" % (type(e).__name__, e), pinned=pinned)
    version = getattr(mod, "__version__", "") or ""
    try:
        version = importlib.metadata.version(package.dist) or version
    except importlib.metadata.PackageNotFoundError:
        pass
    location = os.path.dirname(getattr(mod, "__file__", "") or "") or ", ".join(getattr(mod, "__path__", []))
    return PackageStatus(package, True, str(version), location, pinned=pinned)


def check_all(requirements: Optional[str] = None) -> List[PackageStatus]:
    return [check(p, requirements) for p in OPTIONAL_PACKAGES]


# --------------------------------------------------------------------------------------------------------------
# The plugin-local folder on sys.path
# --------------------------------------------------------------------------------------------------------------

def plugin_python_dir(profile_dir: str) -> str:
    """<profile>/leaf_qgis/python: where the dependency installer puts packages."""
    return os.path.join(profile_dir, "leaf_qgis", "python")


def add_to_sys_path(folder: str) -> bool:
    """Put an existing folder first on sys.path (and run its .pth files); True if it was added now.

    First, so that a package the user installed here wins over an older copy elsewhere; numpy is kept at
    QGIS's own version by the installer (see install_command), so GDAL's bindings keep working.
    """
    if not folder or not os.path.isdir(folder):
        return False
    folder = os.path.abspath(folder)
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed):   # a broken .pth line: site prints a traceback and skips it
        site.addsitedir(folder)   # already on sys.path, so this only processes .pth files
    if printed.getvalue().strip():
        last = [ln for ln in printed.getvalue().splitlines() if ln.strip()][-1].strip()
        _warn(LeafWarning("A .pth file in %s could not be processed (%s); its other packages are still used." % (
            folder, last)))
    importlib.invalidate_caches()
    return added


def _warn(message: str):
    """A warning in QGIS's message log (printed nowhere else: this runs while QGIS loads the plugin)."""
    try:
        from qgis.core import Qgis, QgsMessageLog

        from .translation import translate_error
    except ImportError:   # outside QGIS: nowhere to log it
        return
    QgsMessageLog.logMessage(translate_error(message), "LEAF", Qgis.MessageLevel.Warning)


# --------------------------------------------------------------------------------------------------------------
# QGIS's Python executable
# --------------------------------------------------------------------------------------------------------------

def python_candidates() -> List[str]:
    """Executables that may be the Python QGIS runs, best first.

    Inside QGIS, sys.executable is not a Python: on Linux it is often the qgis binary or whatever `python3`
    is first on PATH (a pyenv shim, say). The interpreter QGIS embeds is the one of sys.base_prefix /
    sys.exec_prefix: Linux and macOS `<prefix>/bin/python3.X`; Windows (OSGeo4W and the standalone installer)
    `<prefix>\\python.exe` in `apps\\Python3X`, with `python-qgis.bat` / `python3.exe` in QGIS's `bin` folder.
    """
    ver = "%d.%d" % sys.version_info[:2]
    out = []
    exe = sys.executable or ""
    prefixes = [os.path.abspath(p) + os.sep for p in (sys.prefix, sys.exec_prefix)]
    if (re.match(r"^python[0-9.]*(\.exe)?$", os.path.basename(exe), re.I)
            and any(os.path.abspath(exe).startswith(p) for p in prefixes)):
        out.append(exe)   # a real interpreter of this installation (not a shim found on PATH)
    for prefix in dict.fromkeys([sys.exec_prefix, sys.base_exec_prefix, sys.base_prefix]):
        if os.name == "nt":
            out += [os.path.join(prefix, "python.exe"), os.path.join(prefix, "python3.exe")]
            root = os.path.dirname(os.path.dirname(prefix))   # <root>\apps\Python3X -> <root>
            out += [os.path.join(root, "bin", "python3.exe"), os.path.join(root, "bin", "python-qgis.bat")]
        else:
            out += [os.path.join(prefix, "bin", "python" + ver), os.path.join(prefix, "bin", "python3")]
    seen, result = set(), []
    for c in out:
        if c and c not in seen and os.path.isfile(c):
            seen.add(c)
            result.append(c)
    return result


def python_info(executable: str, timeout: float = 30) -> Optional[dict]:
    """Version and pip availability of an executable, or None when it does not run as Python."""
    code = ("import json, sys, importlib.util; print(json.dumps({'version': list(sys.version_info[:2]), "
            "'pip': importlib.util.find_spec('pip') is not None}))")
    try:
        # Bandit B603 (subprocess without a shell) is reviewed here: the argument list is fixed code run by an
        # interpreter of this QGIS installation (python_candidates), no shell, with a timeout.
        out = subprocess.run([executable, "-c", code], capture_output=True, text=True, timeout=timeout,  # nosec B603
                             **_no_window())
        return json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else None
    except (OSError, ValueError, IndexError, subprocess.SubprocessError):
        return None


def find_python() -> Optional[str]:
    """The first candidate that runs, is this Python's major.minor version and has pip; None if there is none."""
    for exe in python_candidates():
        info = python_info(exe)
        if info and tuple(info["version"]) == tuple(sys.version_info[:2]) and info["pip"]:
            return exe
    return None


def _no_window() -> dict:
    """On Windows, keep a console window from flashing up for each subprocess."""
    return {"creationflags": 0x08000000} if os.name == "nt" else {}


# --------------------------------------------------------------------------------------------------------------
# pip install --target
# --------------------------------------------------------------------------------------------------------------

def host_constraints() -> List[str]:
    """Constraints that keep the install compatible with QGIS: numpy at the version QGIS runs.

    `pip install --target` ignores what is already installed, so without this a dependency (LiteRT needs
    numpy) would bring the newest numpy into the folder, first on sys.path, and numpy 2 breaks the GDAL and
    QGIS bindings built against numpy 1.
    """
    try:
        return ["numpy==%s" % importlib.metadata.version("numpy")]
    except importlib.metadata.PackageNotFoundError:
        return []


def install_command(python: str, target: str, requirements: Sequence[str], constraints_file: Optional[str] = None,
                    extra_args: Sequence[str] = ()) -> List[str]:
    """The pip command line: install pinned requirements (and their dependencies) into `target`.

    extra_args go before the requirements (tests pass `--no-index --find-links <folder>`).
    """
    cmd = [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--upgrade",
           "--target", target]
    if constraints_file:
        cmd += ["--constraint", constraints_file]
    return cmd + list(extra_args) + list(requirements)


def write_constraints(lines: Sequence[str]) -> Optional[str]:
    """A temporary constraints file holding `lines` (the caller removes it), or None when there are none."""
    if not lines:
        return None
    fd, path = tempfile.mkstemp(prefix="leaf_qgis_constraints_", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def install(requirements: Sequence[str], target: str, python: Optional[str] = None,
            extra_args: Sequence[str] = (), constraints: Optional[Sequence[str]] = None, timeout: float = 900,
            runner: Callable = subprocess.run) -> subprocess.CompletedProcess:
    """Run pip synchronously (the GUI runs the same command line in a QProcess); returns the finished process.

    Raises ValueError when no Python with pip is found; pip's own failure is in the returned returncode/output.
    """
    python = python or find_python()
    if not python:
        raise ValueError("no Python executable with pip matching QGIS's Python %d.%d was found"
                         % sys.version_info[:2])
    os.makedirs(target, exist_ok=True)
    cfile = write_constraints(host_constraints() if constraints is None else constraints)
    try:
        return runner(install_command(python, target, requirements, cfile, extra_args), capture_output=True,
                      text=True, timeout=timeout, **_no_window())
    finally:
        if cfile:
            os.remove(cfile)


# --------------------------------------------------------------------------------------------------------------
# Earth Engine credentials (files only: never imports ee, never contacts Google)
# --------------------------------------------------------------------------------------------------------------

def earthengine_credentials_path() -> str:
    """Where `earthengine authenticate` stores user credentials (the earthengine-api default)."""
    return os.path.join(os.path.expanduser("~"), ".config", "earthengine", "credentials")


@dataclass
class CredentialsStatus:
    """kind: 'service_account', 'user', 'adc' (GOOGLE_APPLICATION_CREDENTIALS), 'invalid' or 'none'."""

    kind: str
    path: str = ""
    detail: str = ""   # the service account's e-mail, the credentials' project, or what is wrong


def _read_json(path: str) -> Optional[dict]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def earthengine_credentials(service_account_key: str = "", user_credentials: Optional[str] = None) -> CredentialsStatus:
    """Which credentials Earth Engine would use, from files alone: a service-account key (setting), the
    user credentials of `earthengine authenticate`, or GOOGLE_APPLICATION_CREDENTIALS; no secret is returned."""
    if service_account_key:
        data = _read_json(service_account_key)
        if data is None:
            return CredentialsStatus("invalid", service_account_key, "not a readable JSON key file")
        if data.get("type") != "service_account" or not data.get("client_email"):
            return CredentialsStatus("invalid", service_account_key, "not a service-account key")
        return CredentialsStatus("service_account", service_account_key, data["client_email"])
    path = user_credentials or earthengine_credentials_path()
    if os.path.isfile(path):
        data = _read_json(path)
        if data is None or not data.get("refresh_token"):
            return CredentialsStatus("invalid", path, "no refresh token")
        return CredentialsStatus("user", path, str(data.get("project") or data.get("project_id") or ""))
    adc = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS", "")
    if adc:
        if os.path.isfile(adc):
            return CredentialsStatus("adc", adc, "")
        return CredentialsStatus("invalid", adc, "GOOGLE_APPLICATION_CREDENTIALS names a missing file")
    return CredentialsStatus("none", path)
