"""Where a run may write, and the temporary files it owns.

* `check_outputs(inputs, outputs)`: the one output-safety rule every tool applies before it writes anything.
  Every path is resolved (symlinks followed); an output that is, or lies inside, any input is refused with one
  sentence naming both. An input stands for every file it consists of: a product folder or metadata file for
  its whole folder, an archive for itself, a raster for the files GDAL reads for it (VRT sources, .aux.xml,
  shapefile parts), a STAC item for its local assets, an HLS band for its granule. Folders the run replaces
  as a whole (`replaced`) must not hold an input either.
* `temporary_file` / `temporary_dir`: temporary names beside the final output that prove who made them
  (`.<name>.<pid>@<host>.<kind>`), created exclusively (never over an existing file) and registered with
  `signals` so that SIGTERM/SIGHUP removes them; `discard` removes one only if this run created it.
* `remove_stale(folder)`: the temporaries of runs on this machine whose process is gone, removed by the next
  run that writes to that folder; nothing else is touched.
"""

import errno
import os
import re
import shutil
import socket
import tempfile
import threading
from typing import Callable, Iterable, List, Optional, Tuple

from .errors import LeafError, LeafWarning

OWNER_FILE = ".leaf_owner"         # inside every temporary folder: "leaf_qgis <pid>@<host>"
_MAX_LISTED_FILES = 20000          # files taken from one input's GDAL file list (VRT sources ...)
_PRODUCT_FILE = re.compile(r"^(MTD_MSIL[12][AC]\.xml|.*_MTL\.(txt|xml|json))$")
_HLS_FILE = re.compile(r"^(HLS\.[LS]30\..*\.v2\.0)\..*\.tif$", re.I)
_ARCHIVE = re.compile(r"\.(zip|tar|tar\.gz|tgz)$", re.I)
_VSI_ARCHIVE = ("/vsizip/", "/vsitar/", "/vsigzip/")


class FolderError(LeafError):
    """A folder cannot be created or written; `folder` and `reason` (the system's words) are kept."""

    def __init__(self, message: str, folder: str, reason: str):
        super().__init__(message)
        self.folder, self.reason = folder, reason


def host_tag() -> str:
    """This machine's name as it appears in temporary names (letters, digits and '-')."""
    name = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname() or "host").strip("-")
    return (name or "host")[:24]


_TEMP = re.compile(r"^\.(?P<stem>.+)\.(?P<pid>\d+)@(?P<host>[A-Za-z0-9-]+)\.(?P<kind>[a-z]+)(?P<rest>[.\w-]*)$")


def real(path: str) -> str:
    """The absolute path with every symlink resolved (also for a path that does not exist yet)."""
    return os.path.normcase(os.path.realpath(os.path.abspath(os.fspath(path))))


def _inside(path: str, folder: str) -> bool:
    folder = folder.rstrip(os.sep) + os.sep
    return path.startswith(folder)


# --------------------------------------------------------------------------------------------
# What an input consists of
# --------------------------------------------------------------------------------------------

def _archive_of(vsi_path: str) -> Optional[str]:
    """The archive file inside a /vsizip/ or /vsitar/ path."""
    for prefix in _VSI_ARCHIVE:
        if vsi_path.startswith(prefix):
            rest = vsi_path[len(prefix):]
            parts = rest.split("/")
            for i in range(len(parts), 0, -1):
                candidate = "/".join(parts[:i])
                if candidate and os.path.isfile(candidate):
                    return candidate
            return rest
    return None


def _gdal_files(path: str, depth: int = 0) -> List[str]:
    """The files GDAL reads for a raster or vector dataset (itself, VRT sources, .aux.xml, shapefile parts)."""
    try:
        from osgeo import gdal
    except ImportError:   # pragma: no cover - GDAL is always there with QGIS
        return []
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.OpenEx(path, gdal.OF_RASTER | gdal.OF_VECTOR | gdal.OF_READONLY)
        files = list(ds.GetFileList() or []) if ds is not None else []
        ds = None
    except RuntimeError:   # UseExceptions() set by someone else
        files = []
    finally:
        gdal.PopErrorHandler()
    out = []
    for f in files[:_MAX_LISTED_FILES]:
        archive = _archive_of(f)
        if archive:
            out.append(archive)
        elif not f.startswith("/vsi"):
            out.append(f)
            if depth < 3 and f.lower().endswith(".vrt") and real(f) != real(path):
                out += _gdal_files(f, depth + 1)
    return out


def _stac_assets(item: dict, item_path: Optional[str]) -> List[str]:
    """Local files among a STAC item's assets (relative hrefs resolve beside the item file)."""
    base = None
    for link in item.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "self" and isinstance(link.get("href"), str):
            base = link["href"]
    base = item_path or base
    out = []
    assets = item.get("assets")
    for asset in (assets.values() if isinstance(assets, dict) else []):
        href = asset.get("href") if isinstance(asset, dict) else None
        if not isinstance(href, str) or re.match(r"^[a-z][a-z0-9+.-]*://", href) or href.startswith("/vsicurl"):
            continue
        if href.startswith("file://"):
            href = href[len("file://"):]
        archive = _archive_of(href)
        if archive:
            href = archive
        if not os.path.isabs(href) and base and not re.match(r"^[a-z]+://", base):
            href = os.path.join(os.path.dirname(base), href)
        out.append(href)
    return out


def input_parts(source) -> List[Tuple[str, bool]]:
    """(path, is_folder) of everything an input consists of; URLs and remote assets have no local part."""
    if source is None or source == "":
        return []
    if hasattr(source, "to_dict"):
        source = source.to_dict()
    if isinstance(source, dict):
        return [(p, os.path.isdir(p)) for p in _stac_assets(source, None)]
    if isinstance(source, (list, tuple)):
        return [part for s in source for part in input_parts(s)]
    path = os.fspath(source)
    if re.match(r"^(https?|s3|gs)://", path) or path.startswith(("/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsimem")):
        return []
    archive = _archive_of(path)
    if archive:
        return [(archive, False)]
    path = path.split("|", 1)[0]   # a QGIS layer source: 'file.gpkg|layername=x'
    if os.path.isdir(path):
        return [(path, True)]
    base = os.path.basename(path)
    folder = os.path.dirname(os.path.abspath(path))
    parts = [(path, False)]
    if _PRODUCT_FILE.match(base):
        return [(folder, True)] + parts      # a product named by its metadata file: the product folder
    if not os.path.isfile(path) or _ARCHIVE.search(base):
        return parts
    hls = _HLS_FILE.match(base)
    if hls:
        prefix = hls.group(1).lower()
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        return parts + [(os.path.join(folder, n), False) for n in names if n.lower().startswith(prefix + ".")]
    if base.lower().endswith(".json"):
        try:
            import json
            if os.path.getsize(path) <= 64 * 1024 * 1024:
                with open(path, encoding="utf-8") as f:
                    item = json.load(f)
                if isinstance(item, dict):
                    parts += [(p, os.path.isdir(p)) for p in _stac_assets(item, path)]
        except (OSError, ValueError, RecursionError):
            pass
        return parts
    return parts + [(p, False) for p in _gdal_files(path)]


def _label(source) -> str:
    if isinstance(source, dict):
        return "STAC item %s" % source.get("id", "?")
    if hasattr(source, "to_dict"):
        return "STAC item %s" % source.to_dict().get("id", "?")
    return os.fspath(source) if not isinstance(source, (list, tuple)) else ", ".join(_label(s) for s in source)


# --------------------------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------------------------

def raster_sidecars(path: str) -> List[str]:
    """Files that may appear beside a raster output: the raster and its .aux.xml (statistics, styles)."""
    return [path, path + ".aux.xml"]


def check_outputs(inputs: Iterable, outputs: Iterable[str], replaced: Iterable[str] = ()):
    """Refuse, in one sentence naming both, any output that is, or lies inside, any input; and any folder the
    run replaces as a whole (`replaced`) that is or holds an input. Call it before anything is written."""
    inputs = [s for s in (inputs or []) if s is not None and s != ""]
    parts = []
    for source in inputs:
        label = _label(source)
        for p, is_dir in input_parts(source):
            parts.append((label, p, real(p), is_dir or os.path.isdir(p)))
    for out in outputs:
        if not out:
            continue
        o = real(out)
        for label, given, p, is_dir in parts:
            same = o == p
            if not same and os.path.lexists(out) and os.path.exists(given):
                try:
                    same = os.path.samefile(out, given)
                except OSError:
                    same = False
            if same:
                if real(label) == p or given == label:
                    raise LeafError("The output %s is the input %s; choose another output." % (out, label))
                raise LeafError("The output %s is the file %s of the input %s; choose an output outside the input."
                                % (out, given, label))
            if is_dir and _inside(o, p):
                if real(label) == p or given == label:
                    raise LeafError("The output %s lies inside the input %s; choose an output outside it." % (
                        out, label))
                raise LeafError("The output %s lies inside the folder %s of the input %s; choose an output outside "
                                "it." % (out, given, label))
    for folder in replaced:
        if not folder:
            continue
        f = real(folder)
        for label, _, p, _ in parts:
            if p == f or _inside(p, f):
                raise LeafError("The run would replace the folder %s, which holds the input %s; choose another "
                                "input or folder." % (folder, label))


# --------------------------------------------------------------------------------------------
# Temporary files that prove their owner
# --------------------------------------------------------------------------------------------

_created = set()          # real paths of the temporaries this process made (and has not discarded)
_created_lock = threading.Lock()
_cleaned_folders = set()


def _register(path: str):
    from . import signals
    with _created_lock:
        _created.add(real(path))
    signals.register_temporary(path)


def _forget(path: str):
    from . import signals
    with _created_lock:
        _created.discard(real(path))
    signals.forget_temporary(path)


def owned(path: str) -> bool:
    """True when `path` is a temporary this process created and has not removed or committed."""
    with _created_lock:
        return real(path) in _created


def temporary_name(folder: str, stem: str, kind: str, suffix: str = "") -> str:
    """`<folder>/.<stem>.<pid>@<host>.<kind><suffix>` (not created)."""
    return os.path.join(folder, ".%s.%d@%s.%s%s" % (stem, os.getpid(), host_tag(), kind, suffix))


def temporary_file(folder: str, stem: str, kind: str = "partial", suffix: str = "",
                   log: Callable[[str], None] = lambda m: None) -> str:
    """Create an empty temporary file beside the final output, exclusively (another name is taken when one
    exists); stale temporaries of dead runs in `folder` are removed first. Returns its path."""
    _ensure_folder(folder)
    remove_stale(folder, log)
    base = temporary_name(folder, stem, kind, suffix)
    for k in range(1000):
        path = base if k == 0 else temporary_name(folder, "%s-%d" % (stem, k), kind, suffix)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            continue
        except OSError as e:
            reason = e.strerror or str(e)
            raise FolderError("Cannot write in the folder %s (%s)." % (folder, reason), folder, reason) from None
        os.close(fd)
        _register(path)
        return path
    raise LeafError("Cannot find a free temporary name in the folder %s." % folder)


def temporary_dir(folder: str, stem: str, kind: str = "work", log: Callable[[str], None] = lambda m: None) -> str:
    """Create a temporary folder inside `folder` holding an owner marker; stale ones are removed first."""
    _ensure_folder(folder)
    remove_stale(folder, log)
    prefix = ".%s.%d@%s.%s." % (stem, os.getpid(), host_tag(), kind)
    try:
        path = tempfile.mkdtemp(prefix=prefix, dir=folder)
        with open(os.path.join(path, OWNER_FILE), "w", encoding="utf-8") as f:
            f.write("leaf_qgis %d@%s\n" % (os.getpid(), host_tag()))
    except OSError as e:
        reason = e.strerror or str(e)
        raise FolderError("Cannot write in the folder %s (%s)." % (folder, reason), folder, reason) from None
    _register(path)
    return path


_made_folders = []   # folders this process created for its temporaries (removed again while they are empty)


def _ensure_folder(folder: str):
    missing, f = [], os.path.abspath(folder)
    while f and not os.path.isdir(f) and os.path.dirname(f) != f:
        missing.append(f)
        f = os.path.dirname(f)
    try:
        os.makedirs(folder, exist_ok=True)
        with _created_lock:
            _made_folders.extend(missing)
    except OSError as e:
        reason = e.strerror or str(e)
        raise FolderError("Cannot create the output folder %s: %s." % (folder, reason), folder, reason) from None


def remove_path(path: str):
    """Remove a file, a symlink or a folder tree, quietly (what is already gone or cannot go is left)."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            os.remove(path)
    except OSError:
        pass


def discard(path: str):
    """Remove a temporary this process created (file or folder); anything else is left alone."""
    if not path or not owned(path):
        return
    remove_path(path)
    _forget(path)
    _remove_made_folders()


def _remove_made_folders():
    """Folders made for temporaries that hold nothing any more (a failed or cancelled run leaves no folder)."""
    with _created_lock:
        folders = sorted(_made_folders, key=len, reverse=True)
    for folder in folders:
        try:
            os.rmdir(folder)   # only when empty
        except OSError:
            continue
        with _created_lock:
            if folder in _made_folders:
                _made_folders.remove(folder)


def committed(path: str):
    """The temporary was renamed into its final place: it is no longer ours to remove."""
    _forget(path)


def commit(temporary: str, final: str):
    """Rename a temporary over its final name (atomic on one file system); its folder is kept from then on."""
    try:
        os.replace(temporary, final)
    except OSError as e:
        raise LeafError("Cannot write %s (%s)." % (final, e.strerror or e)) from None
    committed(temporary)
    keep(os.path.dirname(final))


def keep(path: str):
    """`path` now holds an output: the folders made for it are the user's from now on, never removed."""
    path = os.path.abspath(path)
    with _created_lock:
        for folder in list(_made_folders):
            if path == folder or _inside(path, folder):
                _made_folders.remove(folder)


# --------------------------------------------------------------------------------------------
# Temporaries of dead runs
# --------------------------------------------------------------------------------------------

def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (True when unsure)."""
    if pid <= 0:
        return True
    if pid == os.getpid():
        return True
    if os.name == "nt":   # os.kill(pid, 0) would terminate the process on Windows
        import ctypes
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.GetLastError() == 5   # access denied: it exists
        code = ctypes.c_ulong()
        try:
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259   # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError as e:
        return e.errno != errno.ESRCH
    return True


def stale_temporaries(folder: str) -> List[str]:
    """Our temporaries in `folder` (not its sub-folders) made on this machine by processes that are gone:
    regular files named `.<name>.<pid>@<host>.<kind>...`, and folders so named that hold the owner marker."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    host, out = host_tag(), []
    for e in entries:
        m = _TEMP.match(e.name)
        if not m or m.group("host") != host or pid_alive(int(m.group("pid"))):
            continue
        try:
            if e.is_symlink():
                continue
            if e.is_file():
                out.append(e.path)
            elif e.is_dir():
                with open(os.path.join(e.path, OWNER_FILE), encoding="utf-8") as f:
                    if f.read(200).strip() == "leaf_qgis %s@%s" % (m.group("pid"), host):
                        out.append(e.path)
        except OSError:
            continue
    return sorted(out)


def remove_stale(folder: str, log: Callable[[str], None] = lambda m: None) -> List[str]:
    """Remove the stale temporaries of `folder` (once per folder and process); returns what was removed."""
    key = real(folder)
    if key in _cleaned_folders:
        return []
    _cleaned_folders.add(key)
    removed = []
    for path in stale_temporaries(folder):
        try:
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
            removed.append(path)
        except OSError:
            continue
    if removed:
        log(LeafWarning("Removed %d temporary files left in %s by interrupted runs: %s." % (
            len(removed), folder, ", ".join(os.path.basename(p) for p in removed))))
    return removed


def partial_names(folder: str) -> List[str]:
    """Every temporary of ours in `folder` whatever its owner (tests and diagnostics)."""
    try:
        return sorted(n for n in os.listdir(folder) if _TEMP.match(n))
    except OSError:
        return []
