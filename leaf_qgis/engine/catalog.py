"""The catalog of published network files, and the store that downloads, verifies, converts and caches them.

Install flow per algorithm: catalog entry -> bytes (HTTP GET from the base URL, or a local folder/zip
matched by sha256) -> sha256 check -> parse (LEAF CSV or plain-data pickle) -> one fused .tflite per
network slot + domain codes -> written to a temporary folder and renamed into the cache when complete.
"""

import datetime
import glob
import hashlib
import json
import os
import re
import time
import zipfile
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from ..resources import plugin_version, resource_dir
from . import networks as nets
from . import paths
from .algorithm import Algorithm, algorithm_dirs, definition_files, read_json_file, skip
from .deadlines import DeadlineError, call_with_deadline, deadline, download_deadline, seconds_text
from .errors import LeafError, LeafWarning
from .notation import catalog_id, hex_of
from .variables import VARIABLES

ENV_BASE_URL = "LEAF_QGIS_NETWORK_BASE_URL"
ENV_CACHE_DIR = "LEAF_QGIS_CACHE_DIR"
DEFAULT_BASE_URL = "https://raw.githubusercontent.com"
MAX_CATALOG_BYTES = 16 * 1024 * 1024
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
CONVERTER_VERSION = 3
# manifest "origin" of network sets trained by this project (models/<algorithm id>/, catalog entries "bundled")
BUNDLED_ORIGIN = "trained by leaf_qgis (this project's own networks, not the published LEAF networks)"


@dataclass(frozen=True)
class FileRef:
    path: str
    bytes: int
    sha256: str
    role: str = ""

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class CatalogEntry:
    """One published network table (or domain), made of one or several files at a pinned commit."""

    id: str
    repo: str
    commit: str
    files: Tuple[FileRef, ...]
    format: str
    kind: str
    description: str
    license: str = ""
    variable: str = ""
    subcollection: str = ""
    bundled: bool = False   # shipped in the plugin's models/ folder (path relative to it), never downloaded
    local_root: str = ""    # "local" entries (networks trained with leaf:train): path relative to this folder

    def url(self, base_url: str, f: FileRef) -> str:
        if self.bundled:
            return "leaf_qgis/models/" + f.path
        if self.local_root:
            return os.path.join(self.local_root, f.path)
        return "%s/%s/%s/%s" % (base_url.rstrip("/"), self.repo, self.commit, f.path)

    @property
    def filename(self) -> str:
        return self.files[0].filename if len(self.files) == 1 else self.id


def _pin(d: dict) -> Tuple[str, str, str]:
    """(owner/repo, commit, folder) of an entry: "source": "owner/repo[/folder]@commit" (the notation of GitHub
    Actions' `uses:`), or the "repo" and "commit" of older catalogs."""
    if "source" not in d:
        return d["repo"], d["commit"], ""
    where, at, commit = str(d["source"]).rpartition("@")
    if not (at and where and commit):
        raise ValueError("source %r is not owner/repo[/folder]@commit" % d["source"])
    parts = where.split("/")
    return "/".join(parts[:2]), commit, "/".join(parts[2:])


def _file(f: dict, folder: str, entry: dict) -> FileRef:
    """A file of an entry; SNAP's coefficient files may be named by their role alone (<variable>_<suffix>)."""
    role = f.get("role", "")
    if "path" in f:
        path = f["path"]
    elif entry.get("format") == "snap-auxdata":
        from .snap import ROLE_FILES
        path = "%s_%s" % (entry["variable"], ROLE_FILES[role])
    else:
        raise KeyError("path")
    return FileRef("%s/%s" % (folder, path) if folder else path, int(f["bytes"]), hex_of(f["sha256"]), role)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value)


def _entry(d: dict, source: str) -> CatalogEntry:
    if not isinstance(d, dict):
        raise LeafError("Catalog file %s has an entry that is not an object." % source)
    try:
        repo, commit, folder = _pin(d)
        files = tuple(_file(f, folder, d) for f in d["files"]) if "files" in d else (_file(d, folder, d),)
        entry = CatalogEntry(d["id"], repo, commit, files, d["format"], d["kind"], d.get("description", ""),
                             d.get("license", ""), d.get("variable", ""), d.get("subcollection", ""),
                             bool(d.get("bundled", False)),
                             os.path.dirname(os.path.dirname(os.path.abspath(source))) if d.get("local") else "")
        fields_ok = all(_text(v) for v in (entry.id, entry.repo, entry.commit, entry.format, entry.kind)) and \
            files and all(_text(f.path) and _text(f.sha256) and f.bytes >= 0 for f in files)
        escapes = any(os.path.isabs(f.path) or ".." in f.path.replace("\\", "/").split("/") for f in files)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise LeafError("Catalog file %s has a malformed entry %s (%s)." % (source, d.get("id", "?"), e)) from None
    if not fields_ok or escapes:
        raise LeafError("Catalog file %s has a malformed entry %s (a field is empty or not text, or a path leaves "
                        "its folder)." % (source, d.get("id", "?")))
    return entry


def catalog_files(user: bool = True) -> List[str]:
    """models/catalog/*.json of the plugin, then (`user`) catalog/*.json beside each user algorithm folder."""
    files = sorted(glob.glob(os.path.join(resource_dir("models"), "catalog", "*.json")))
    if user:
        for d in algorithm_dirs()[1:]:
            files += definition_files(os.path.join(d, "catalog"))
    return files


def load_catalog() -> Dict[str, CatalogEntry]:
    """Every entry of every catalog file, by id. The plugin's own files must be valid; a user's catalog file (or
    entry) that is not is skipped with one warning naming it and why, and so is an entry whose id is taken."""
    entries = {}
    own = set(catalog_files(user=False))
    for path in catalog_files():
        trusted = path in own
        try:
            doc = read_json_file(path, MAX_CATALOG_BYTES)
            found = doc["entries"] if isinstance(doc, dict) else None
            if not isinstance(found, list):
                raise LeafError("Catalog file %s has no list of entries." % path)
        except LeafError as e:
            if trusted:
                raise
            skip(path, LeafWarning("%s (skipped; its networks are not available)." % str(e).rstrip(".")))
            continue
        for d in found:
            try:
                e = _entry(d, path)
                if e.id in entries:
                    raise LeafError("Catalog id %s appears twice (again in %s)." % (e.id, path))
            except LeafError as err:
                if trusted:
                    raise
                skip("%s#%s" % (path, d.get("id", "?") if isinstance(d, dict) else "?"),
                     LeafWarning("%s (skipped; the other entries are available)." % str(err).rstrip(".")))
                continue
            entries[e.id] = e
    return entries


def resolve_base_url(setting: Optional[str] = None) -> str:
    """The environment variable wins over the plugin setting, which wins over the default (upstream raw files)."""
    return os.environ.get(ENV_BASE_URL) or setting or DEFAULT_BASE_URL


def default_cache_dir() -> str:
    """Where networks are cached outside QGIS (QGIS passes a folder in the user's profile instead)."""
    if os.environ.get(ENV_CACHE_DIR):
        return os.environ[ENV_CACHE_DIR]
    if os.name == "nt":
        base = os.environ.get("APPDATA", os.path.expanduser("~"))
    else:
        base = os.environ.get("XDG_DATA_HOME", os.path.join(os.path.expanduser("~"), ".local", "share"))
    return os.path.join(base, "leaf_qgis", "networks")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------
# Getting the bytes of a catalog entry
# --------------------------------------------------------------------------------------------

def download(entry: CatalogEntry, f: FileRef, base_url: str, timeout: float = 60, attempts: int = 3,
             is_canceled: Callable[[], bool] = lambda: False) -> bytes:
    """GET one file of an entry, retrying (at most `attempts` times) on connection errors, 429 and 5xx; checks size
    and sha256. Every attempt has an overall deadline proportional to the catalog's size of the file
    (deadlines.download_deadline), besides the per-read `timeout`, so a server trickling bytes cannot hold it."""
    try:
        import requests
    except ImportError:
        raise LeafError("Downloading networks needs the Python package 'requests', which is not installed; "
                        "install networks from a local folder or zip instead.") from None
    if not re.match(r"^https?://[^/\s]+", base_url or "", re.I):
        raise LeafError("The download base URL %s is not an http:// or https:// address; correct it in the LEAF "
                        "settings, the BASE_URL parameter or %s." % (base_url, ENV_BASE_URL))
    url = entry.url(base_url, f)
    limit = download_deadline(f.bytes)
    read_timeout = min(timeout, limit)
    last = None

    def get():
        with requests.get(url, timeout=read_timeout, stream=True) as r:
            if r.status_code >= 500 or r.status_code == 429:
                return None, ("status", r.status_code)
            if r.status_code != 200:
                raise LeafError("Could not download %s: the server answered HTTP %d." % (url, r.status_code))
            data = bytearray()
            for chunk in r.iter_content(8192):
                data += chunk
                if len(data) > f.bytes + 1024 * 1024:
                    raise LeafError("Could not download %s: it is much larger than the catalog's %d bytes."
                                    % (url, f.bytes))
            return bytes(data), None

    for attempt in range(attempts):
        try:
            data, last = call_with_deadline(get, limit, "download", url, is_canceled)
            if data is not None:
                return verify(f, data, url)
        except DeadlineError:
            last = ("late", limit)
        except requests.Timeout:
            last = ("silent", read_timeout)
        except requests.ConnectionError:
            last = ("unreachable", None)
        except requests.RequestException as e:
            last = ("other", type(e).__name__)
        if attempt + 1 < attempts:
            time.sleep(deadline(0.5 * 2 ** attempt))
    why, value = last
    if why == "late":
        raise LeafError("Could not download %s: it did not arrive within %s s, %d times (offline? install the networks "
                        "from a folder or zip, or set the download base URL)." % (url, seconds_text(value), attempts))
    if why == "silent":
        raise LeafError("Could not download %s: the server did not answer within %s s, %d times (offline? install the "
                        "networks from a folder or zip, or set the download base URL)." % (
                            url, seconds_text(value), attempts))
    if why == "unreachable":
        raise LeafError("Could not download %s: the server could not be reached (offline? install the networks from "
                        "a folder or zip, or set the download base URL)." % url)
    if why == "status":
        raise LeafError("Could not download %s: the server answered HTTP %d, %d times (offline? install the networks "
                        "from a folder or zip, or set the download base URL)." % (url, value, attempts))
    raise LeafError("Could not download %s: %s (offline? install the networks from a folder or zip, or set "
                    "the download base URL)." % (url, value))


def verify(f: FileRef, data: bytes, origin: str) -> bytes:
    digest = sha256_of(data)
    if digest != f.sha256:
        raise LeafError("Checksum mismatch for %s: sha256 is %s but the catalog expects %s, so it was not installed."
                        % (origin, digest, f.sha256))
    return data


def _read_file(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


class LocalSource:
    """A folder or zip holding network files (any layout); files are found by size and sha256."""

    def __init__(self, path: str):
        self.path = path
        if not os.path.exists(path):
            raise LeafError("The network source %s does not exist." % path)
        self._zip = None
        if os.path.isfile(path):
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError):
                raise LeafError("The network source %s is not a folder or a readable zip file." % path) from None
        self._index = None

    def _candidates(self):
        """(size, name, reader) of every file; entries that cannot be read (dangling symlinks, special files,
        unreadable folders) are passed over: the files needed are looked for by checksum anyway."""
        if self._zip is not None:
            for info in self._zip.infolist():
                if not info.is_dir():
                    yield info.file_size, info.filename, (lambda i=info: self._zip.read(i))
        else:
            for d, _, files in os.walk(self.path):
                for name in files:
                    p = os.path.join(d, name)
                    try:
                        if not os.path.isfile(p):
                            continue
                        size = os.path.getsize(p)
                    except OSError:
                        continue
                    yield size, p, (lambda p=p: _read_file(p))

    def get(self, f: FileRef) -> bytes:
        if self._index is None:
            self._index = {}
            for size, name, read in self._candidates():
                self._index.setdefault(size, []).append((name, read))
        same_size = self._index.get(f.bytes, [])
        for name, read in same_size:
            try:
                data = read()
            except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as e:
                raise LeafError("Could not read %s in %s: %s." % (name, self.path, e)) from None
            if sha256_of(data) == f.sha256:
                return data
        if any(os.path.basename(n) == f.filename for n, _ in same_size):
            raise LeafError("Checksum mismatch for %s in %s: it is not the catalog's version (sha256 %s), so it was "
                            "not installed." % (f.filename, self.path, f.sha256))
        raise LeafError("The network source %s holds no copy of %s (sha256 %s)." % (self.path, f.filename, f.sha256))


# --------------------------------------------------------------------------------------------
# Installed networks
# --------------------------------------------------------------------------------------------

class InstalledAlgorithm:
    """The converted networks of one algorithm in the cache: one fused .tflite per distinct network slot,
    the input domain, and a manifest saying where everything came from."""

    def __init__(self, folder: str):
        """Raises LeafError when the manifest is unreadable or malformed (the cache is untrusted data)."""
        self.folder = folder
        path = os.path.join(folder, "manifest.json")
        m = read_json_file(path, MAX_MANIFEST_BYTES)
        ok = isinstance(m, dict) and isinstance(m.get("outputs"), list) and all(_text(o) for o in m["outputs"]) \
            and isinstance(m.get("slot_models"), list) and isinstance(m.get("models"), list) \
            and all(isinstance(i, int) and 0 <= i < len(m["models"]) for i in m["slot_models"]) \
            and all(isinstance(x, dict) and _plain_name(x.get("file")) and _text(x.get("sha256")) for x in m["models"]) \
            and isinstance(m.get("sources", []), list) and all(isinstance(x, dict) for x in m.get("sources", [])) \
            and (not m.get("domain") or (isinstance(m["domain"], dict) and _plain_name(m["domain"].get("file"))))
        if not ok:
            raise LeafError("The network manifest %s is malformed." % path)
        self.manifest = m
        self.outputs: List[str] = m["outputs"]
        self.slot_models: List[int] = m["slot_models"]

    def model_bytes(self, model: int) -> bytes:
        info = self.manifest["models"][model]
        path = os.path.join(self.folder, info["file"])
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise LeafError("The cached network %s cannot be read (%s); reinstall the networks of %s." % (
                path, e.strerror or e, self.manifest.get("algorithm", "this algorithm"))) from None
        if sha256_of(data) != hex_of(info["sha256"]):
            raise LeafError("The cached network %s is damaged (checksum mismatch); reinstall the networks of %s."
                            % (os.path.join(self.folder, info["file"]), self.manifest["algorithm"]))
        return data

    def domain(self) -> Optional[dict]:
        """The input-domain description ({'type': 'codes', 'codes': [...]}, ...), or None."""
        if not self.manifest.get("domain"):
            return None
        path = os.path.join(self.folder, self.manifest["domain"]["file"])
        domain = read_json_file(path, MAX_CATALOG_BYTES)
        if not isinstance(domain, dict):
            raise LeafError("The cached input domain %s is malformed; reinstall the networks of %s." % (
                path, self.manifest.get("algorithm", "this algorithm")))
        return domain

    def provenance(self) -> dict:
        """What went into the outputs: source files with URLs and checksums, converted models' checksums."""
        prov = {"sources": [dict(s, sha256=hex_of(s["sha256"])) for s in self.manifest["sources"]],
                "models": [{"file": m["file"], "sha256": hex_of(m["sha256"])} for m in self.manifest["models"]]}
        if self.manifest.get("origin"):   # networks trained by leaf_qgis say so, with their seed and pipeline
            prov["origin"] = self.manifest["origin"]
            prov["training"] = self.manifest.get("training", {})
        return prov


def _plain_name(name) -> bool:
    """A file name inside its folder: no separator, not '..'."""
    return _text(name) and os.path.basename(name) == name and name not in (".", "..") and "/" not in name \
        and "\\" not in name


def is_bundled(alg: Algorithm, catalog: Optional[Dict[str, CatalogEntry]] = None) -> bool:
    """True when every network file of `alg` ships with the plugin (networks trained by leaf_qgis)."""
    catalog = load_catalog() if catalog is None else catalog
    ids = alg.catalog_ids()
    return bool(ids) and all(cid in catalog and catalog[cid].bundled for cid in ids)


def bundled_folder(alg: Algorithm, catalog: Optional[Dict[str, CatalogEntry]] = None) -> Optional[str]:
    """models/<algorithm id>/ of a bundled algorithm (its ready installed folder), else None."""
    if not is_bundled(alg, catalog):
        return None
    folder = os.path.join(resource_dir("models"), alg.id)
    return folder if os.path.isdir(folder) else None


class NetworkStore:
    """A cache folder of installed algorithms, one sub-folder per algorithm id."""

    def __init__(self, root: Optional[str] = None):
        self.root = root or default_cache_dir()

    def folder(self, algorithm_id: str) -> str:
        return os.path.join(self.root, algorithm_id)

    def installed(self, alg: Algorithm) -> Optional[InstalledAlgorithm]:
        """The installed networks of `alg`, or None when absent or built from other catalog files.

        Network sets bundled with the plugin are installed already: their ready folder models/<id>/ is
        used when it matches; the cache is the fallback (e.g. after a converter change)."""
        catalog = load_catalog()
        for folder in (bundled_folder(alg, catalog), self.folder(alg.id)):
            if not folder or not os.path.isfile(os.path.join(folder, "manifest.json")):
                continue
            try:
                inst = InstalledAlgorithm(folder)
                have = sorted((catalog_id(s["id"]), hex_of(s["sha256"])) for s in inst.manifest.get("sources", []))
            except (LeafError, OSError, ValueError, KeyError, TypeError, AttributeError):
                continue   # a damaged cache entry: installed again when needed
            wanted = sorted((catalog_id(cid), f.sha256) for cid in alg.catalog_ids() if cid in catalog
                            for f in catalog[cid].files)
            if wanted == have and inst.manifest.get("converter") == CONVERTER_VERSION \
                    and inst.manifest.get("outputs") == alg.output_names():
                return inst
        return None

    def install(self, alg: Algorithm, base_url: Optional[str] = None, source: Optional[str] = None,
                log: Callable[[str], None] = lambda m: None,
                is_canceled: Callable[[], bool] = lambda: False) -> InstalledAlgorithm:
        """Fetch, verify and convert the networks of `alg`; from `source` (folder/zip) if given, else download.

        The new set is staged in a temporary folder of the cache and renamed over the algorithm's folder, which
        is replaced only when it is a cache entry (it holds a manifest.json, or nothing); the source must not
        lie inside the folder being replaced."""
        catalog = load_catalog()
        final = self.folder(alg.id)
        paths.check_outputs([source] if source else [], [final], replaced=[final])
        if os.path.lexists(final) and not self.is_cache_entry(final):
            raise LeafError("The folder %s is in the way of the networks of %s and is not a network cache entry (no "
                            "manifest.json); move it away or choose another network cache folder." % (final, alg.id))
        missing = [cid for cid in alg.catalog_ids() if cid not in catalog]
        if missing:
            raise LeafError("Algorithm %s (%s) refers to networks that are not in the catalog: %s."
                            % (alg.id, alg.path, ", ".join(missing)))
        bundled = is_bundled(alg, catalog)
        if bundled and not source:   # this project's networks: converted from the plugin's own files
            source = resource_dir("models")
        local = LocalSource(source) if source else None
        base_url = resolve_base_url(base_url)
        tmp = self._stage(alg.id, "install", log)   # a cache that cannot be written is said before any download
        old = None
        try:
            blobs, sources = {}, []
            for cid in alg.catalog_ids():
                entry = catalog[cid]
                blobs[cid] = {}
                for f in entry.files:
                    if local:
                        log("Reading %s from %s" % (f.filename, source))
                        blobs[cid][f.role] = local.get(f)
                        origin = source
                    elif entry.local_root:   # a file in the user's folder, beside its catalog
                        origin = entry.url(base_url, f)
                        try:
                            with open(origin, "rb") as fh:
                                blobs[cid][f.role] = verify(f, fh.read(), origin)
                        except OSError:
                            raise LeafError("The network file %s of %s is missing; train it again or install it from a "
                                            "folder." % (origin, alg.id)) from None
                    else:
                        log("Downloading %s" % entry.url(base_url, f))
                        blobs[cid][f.role] = download(entry, f, base_url, is_canceled=is_canceled)
                        origin = entry.url(base_url, f)
                    sources.append({"id": cid, "url": entry.url(DEFAULT_BASE_URL, f), "origin": origin,
                                    "sha256": f.sha256})
            manifest = self._convert(alg, catalog, blobs, tmp)
            manifest["sources"] = sources
            if bundled:
                manifest["origin"] = BUNDLED_ORIGIN
            with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
                json.dump(manifest, f, indent=1)
            if os.path.lexists(final):   # a cache entry (checked above): set aside in a folder of ours, then removed
                old = self._stage(alg.id, "old", log)
                os.replace(final, os.path.join(old, alg.id))
            os.replace(tmp, final)
            paths.committed(tmp)
            paths.keep(final)
        except OSError as e:
            if old and os.path.isdir(os.path.join(old, alg.id)) and not os.path.lexists(final):
                os.replace(os.path.join(old, alg.id), final)   # put the previous set back
            raise LeafError("Cannot write the networks of %s in the network cache %s (%s); choose another cache "
                            "folder in the LEAF settings or with %s." % (alg.id, self.root, e.strerror or e,
                                                                           ENV_CACHE_DIR)) from None
        finally:
            paths.discard(tmp)
            if old:
                paths.discard(old)
        log("Installed the networks of %s in %s" % (alg.id, final))
        return InstalledAlgorithm(final)

    def _stage(self, algorithm_id: str, kind: str, log: Callable[[str], None]) -> str:
        """A temporary folder of ours in the cache root; one sentence when the cache cannot be written."""
        try:
            staged = paths.temporary_dir(self.root, algorithm_id, kind, log)
            paths.keep(self.root)   # the cache folder stays, even empty: the store's own place
            return staged
        except paths.FolderError as e:
            raise LeafError("The network cache %s cannot be written (%s); choose another cache folder in the LEAF "
                            "settings or with %s." % (self.root, e.reason, ENV_CACHE_DIR)) from None

    @staticmethod
    def is_cache_entry(folder: str) -> bool:
        """A folder this store made: it holds manifest.json, or nothing at all (an interrupted first install)."""
        if os.path.islink(folder) or not os.path.isdir(folder):
            return False
        try:
            names = [n for n in os.listdir(folder) if n != paths.OWNER_FILE]
        except OSError:
            return False
        return not names or "manifest.json" in names

    @staticmethod
    def _tables(catalog, blobs, ids, alg) -> Dict[int, nets.Network]:
        merged = {}
        for cid in ids:
            entry = catalog[cid]
            try:
                table = nets.read_entry(entry, blobs[cid])
            except ValueError as e:
                raise LeafError("Could not read the networks of %s (%s): %s." % (cid, entry.filename, e)) from None
            for vid, net in table.items():
                merged.setdefault(vid, net)
        n_in = len(alg.inputs)
        for v in alg.variables:
            vid = VARIABLES[v].network_id
            if vid not in merged:
                raise LeafError("%s has no network for %s (variable ID %d), which %s needs."
                                % (", ".join(ids), v, vid, alg.id))
            if merged[vid].n_in != n_in:
                raise LeafError("%s has %d-input networks but %s has %d inputs."
                                % (", ".join(ids), merged[vid].n_in, alg.id, n_in))
        return merged

    def _convert(self, alg, catalog, blobs, folder) -> dict:
        var_ids = [VARIABLES[v].network_id for v in alg.variables]
        models, slot_models, keys = [], [], {}
        for slot in alg.networks:
            if slot.key() in keys:
                slot_models.append(keys[slot.key()])
                continue
            est = self._tables(catalog, blobs, slot.estimates, alg)
            err = self._tables(catalog, blobs, slot.errors, alg) if slot.errors else None
            data = nets.fuse(est, err, var_ids, description="leaf_qgis %s slot %d" % (alg.id, slot.slot))
            name = "model%d.tflite" % len(models)
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
            ranges = {}
            for v, vid in zip(alg.variables, var_ids):
                lo, hi = est[vid].input_range()
                ranges[v] = {"input_min": lo.tolist(), "input_max": hi.tolist(),
                             "output_range": list(est[vid].output_range())}
            for cid in slot.estimates:  # SNAP's ExtremeCases: output thresholds applied after the network
                entry = catalog[cid]
                if entry.format == "snap-auxdata" and "extreme_cases" in blobs[cid]:
                    from .snap import read_snap_output_rule, snap_variable
                    var_name = snap_variable(entry.variable)[1]
                    try:
                        ranges[var_name]["snap_output_rule"] = read_snap_output_rule(blobs[cid], cid)
                    except ValueError as e:
                        raise LeafError("Could not read the output thresholds of %s: %s." % (cid, e)) from None
            keys[slot.key()] = len(models)
            slot_models.append(len(models))
            models.append({"file": name, "sha256": sha256_of(data), "estimates": slot.estimates,
                           "errors": slot.errors, "ranges": ranges})
        domain = None
        if alg.domain:
            specs = []
            for cid in alg.domain:
                try:
                    specs.append(nets.read_domain_entry(catalog[cid], blobs[cid]))
                except ValueError as e:
                    raise LeafError("Could not read the input domain %s: %s." % (cid, e)) from None
            spec = nets.merge_domains(specs)
            with open(os.path.join(folder, "domain.json"), "w", encoding="utf-8") as f:
                json.dump(spec, f)
            domain = {"file": "domain.json", "type": spec["type"]}
        return {
            "algorithm": alg.id, "converter": CONVERTER_VERSION, "plugin_version": plugin_version(),
            "installed": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "inputs": alg.inputs, "outputs": alg.output_names(), "models": models, "slot_models": slot_models,
            "domain": domain,
        }
