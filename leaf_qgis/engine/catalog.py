"""The catalog of published network files, and the store that downloads, verifies, converts and caches them.

Install flow per algorithm: catalog entry -> bytes (HTTP GET from the base URL, or a local folder/zip
matched by sha256) -> sha256 check -> parse (LEAF CSV or plain-data pickle) -> one fused .tflite per
network slot + domain codes -> written to a temporary folder and renamed into the cache when complete.
"""

import datetime
import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

import numpy as np

from ..resources import plugin_version, resource_path
from . import networks as nets
from .algorithm import Algorithm
from .errors import LeafError
from .variables import VARIABLES

ENV_BASE_URL = "LEAF_QGIS_NETWORK_BASE_URL"
ENV_CACHE_DIR = "LEAF_QGIS_CACHE_DIR"
CONVERTER_VERSION = 1


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    repo: str
    commit: str
    path: str
    bytes: int
    sha256: str
    format: str
    kind: str
    description: str
    license: str = ""

    def url(self, base_url: str) -> str:
        return "%s/%s/%s/%s" % (base_url.rstrip("/"), self.repo, self.commit, self.path)

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def load_catalog() -> Dict[str, CatalogEntry]:
    with open(resource_path("models", "published_networks.json"), encoding="utf-8") as f:
        doc = json.load(f)
    return {e["id"]: CatalogEntry(**e) for e in doc["entries"]}


def default_base_url() -> str:
    with open(resource_path("models", "published_networks.json"), encoding="utf-8") as f:
        return json.load(f)["default_base_url"]


def resolve_base_url(setting: Optional[str] = None) -> str:
    """The environment variable wins over the plugin setting, which wins over the catalog default."""
    return os.environ.get(ENV_BASE_URL) or setting or default_base_url()


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

def download(entry: CatalogEntry, base_url: str, timeout: float = 60, attempts: int = 3) -> bytes:
    """GET the entry from the base URL, retrying on connection errors and 5xx; checks size and sha256."""
    try:
        import requests
    except ImportError:
        raise LeafError("Downloading networks needs the Python package 'requests', which is not installed; "
                        "install networks from a local folder or zip instead.") from None
    url = entry.url(base_url)
    last = None
    for attempt in range(attempts):
        try:
            r = requests.get(url, timeout=timeout, stream=True)
            if r.status_code >= 500 or r.status_code == 429:
                last = "HTTP %d" % r.status_code
            elif r.status_code != 200:
                raise LeafError("Could not download %s: the server answered HTTP %d." % (url, r.status_code))
            else:
                data = bytearray()
                for chunk in r.iter_content(65536):
                    data += chunk
                    if len(data) > entry.bytes + 1024 * 1024:
                        raise LeafError("Could not download %s: it is much larger than the catalog's %d bytes."
                                        % (url, entry.bytes))
                return verify(entry, bytes(data), url)
        except LeafError:
            raise
        except Exception as e:  # connection refused, timeout, DNS...
            last = str(e).splitlines()[0] if str(e) else type(e).__name__
        if attempt + 1 < attempts:
            time.sleep(0.5 * 2 ** attempt)
    raise LeafError("Could not download %s: %s." % (url, last))


def verify(entry: CatalogEntry, data: bytes, origin: str) -> bytes:
    digest = sha256_of(data)
    if digest != entry.sha256:
        raise LeafError("Checksum mismatch for %s: sha256 is %s but the catalog expects %s, so it was not installed."
                        % (origin, digest, entry.sha256))
    return data


class LocalSource:
    """A folder or zip holding network files (any layout); entries are found by size and sha256."""

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

    def _candidates(self):
        if self._zip is not None:
            for info in self._zip.infolist():
                if not info.is_dir():
                    yield info.file_size, info.filename, (lambda i=info: self._zip.read(i))
        else:
            for d, _, files in os.walk(self.path):
                for f in files:
                    p = os.path.join(d, f)
                    yield os.path.getsize(p), p, (lambda p=p: open(p, "rb").read())

    def get(self, entry: CatalogEntry) -> bytes:
        same_size = []
        for size, name, read in self._candidates():
            if size == entry.bytes:
                same_size.append(name)
                try:
                    data = read()
                except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as e:
                    raise LeafError("Could not read %s in %s: %s." % (name, self.path, e)) from None
                if sha256_of(data) == entry.sha256:
                    return data
        if any(os.path.basename(n) == entry.filename for n in same_size):
            raise LeafError("Checksum mismatch for %s in %s: it is not the catalog's version (sha256 %s), so it was not installed."
                            % (entry.filename, self.path, entry.sha256))
        raise LeafError("The network source %s holds no copy of %s (sha256 %s)." % (self.path, entry.filename, entry.sha256))


# --------------------------------------------------------------------------------------------
# Installed networks
# --------------------------------------------------------------------------------------------

class InstalledAlgorithm:
    """The converted networks of one algorithm in the cache: fused .tflite per slot, domain codes, manifest."""

    def __init__(self, folder: str):
        self.folder = folder
        with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
            self.manifest = json.load(f)
        self.outputs: List[str] = self.manifest["outputs"]

    def model_bytes(self, slot: int) -> bytes:
        info = self.manifest["models"][slot]
        with open(os.path.join(self.folder, info["file"]), "rb") as f:
            data = f.read()
        if sha256_of(data) != info["sha256"]:
            raise LeafError("The cached network %s is damaged (checksum mismatch); reinstall the networks of %s."
                            % (os.path.join(self.folder, info["file"]), self.manifest["algorithm"]))
        return data

    def domain_codes(self) -> Optional[np.ndarray]:
        if not self.manifest.get("domain"):
            return None
        with open(os.path.join(self.folder, self.manifest["domain"]["file"]), encoding="utf-8") as f:
            return np.array(json.load(f), dtype=np.int64)

    def provenance(self) -> dict:
        """What went into the outputs: source files with URLs and checksums, converted models' checksums."""
        return {"sources": self.manifest["sources"],
                "models": [{"file": m["file"], "sha256": m["sha256"]} for m in self.manifest["models"]]}


class NetworkStore:
    """A cache folder of installed algorithms, one sub-folder per algorithm id."""

    def __init__(self, root: Optional[str] = None):
        self.root = root or default_cache_dir()

    def folder(self, algorithm_id: str) -> str:
        return os.path.join(self.root, algorithm_id)

    def installed(self, alg: Algorithm) -> Optional[InstalledAlgorithm]:
        """The installed networks of `alg`, or None when absent or built from other catalog files."""
        folder = self.folder(alg.id)
        if not os.path.isfile(os.path.join(folder, "manifest.json")):
            return None
        try:
            inst = InstalledAlgorithm(folder)
        except (OSError, ValueError, KeyError):
            return None
        catalog = load_catalog()
        wanted = {cid: catalog[cid].sha256 for cid in alg.catalog_ids() if cid in catalog}
        have = {s["id"]: s["sha256"] for s in inst.manifest.get("sources", [])}
        if wanted != have or inst.manifest.get("converter") != CONVERTER_VERSION:
            return None
        return inst

    def install(self, alg: Algorithm, base_url: Optional[str] = None, source: Optional[str] = None,
                log: Callable[[str], None] = lambda m: None) -> InstalledAlgorithm:
        """Fetch, verify and convert the networks of `alg`; from `source` (folder/zip) if given, else download."""
        catalog = load_catalog()
        missing = [cid for cid in alg.catalog_ids() if cid not in catalog]
        if missing:
            raise LeafError("Algorithm %s (%s) refers to networks that are not in the catalog: %s."
                            % (alg.id, alg.path, ", ".join(missing)))
        local = LocalSource(source) if source else None
        base_url = resolve_base_url(base_url)
        raw, origins = {}, {}
        for cid in alg.catalog_ids():
            entry = catalog[cid]
            if local:
                log("Reading %s from %s" % (entry.filename, source))
                raw[cid] = local.get(entry)
                origins[cid] = source
            else:
                log("Downloading %s" % entry.url(base_url))
                raw[cid] = download(entry, base_url)
                origins[cid] = entry.url(base_url)
        os.makedirs(self.root, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".%s." % alg.id, dir=self.root)
        try:
            manifest = self._convert(alg, catalog, raw, origins, tmp)
            with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
                json.dump(manifest, f, indent=1)
            final = self.folder(alg.id)
            old = None
            if os.path.exists(final):
                old = final + ".old.%d" % os.getpid()
                os.replace(final, old)
            os.replace(tmp, final)
            if old:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        log("Installed the networks of %s in %s" % (alg.id, final))
        return InstalledAlgorithm(final)

    def _convert(self, alg, catalog, raw, origins, folder) -> dict:
        var_ids = [VARIABLES[v].network_id for v in alg.variables]
        models = []
        for slot in alg.networks:
            tables = {}
            for role, cid in (("estimates", slot.estimates), ("errors", slot.errors)):
                entry = catalog[cid]
                reader = nets.READERS.get(entry.format)
                if reader is None:
                    raise LeafError("Catalog entry %s has an unsupported format %s." % (cid, entry.format))
                try:
                    tables[role] = reader(raw[cid], entry.filename)
                except ValueError as e:
                    raise LeafError("Could not read the networks in %s: %s." % (origins[cid], e)) from None
            n_in = len(alg.inputs)
            for role, table in tables.items():
                for vid in var_ids:
                    if vid not in table:
                        raise LeafError("%s has no network for variable ID %d, which %s needs."
                                        % (catalog[getattr(slot, role)].filename, vid, alg.id))
                    if table[vid].n_in != n_in:
                        raise LeafError("%s has %d-input networks but %s has %d inputs."
                                        % (catalog[getattr(slot, role)].filename, table[vid].n_in, alg.id, n_in))
            data = nets.fuse(tables["estimates"], tables["errors"], var_ids,
                             description="leaf_qgis %s slot %d" % (alg.id, slot.slot))
            name = "slot%d.tflite" % slot.slot
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
            ranges = {}
            for v, vid in zip(alg.variables, var_ids):
                lo, hi = tables["estimates"][vid].input_range()
                ranges[v] = {"input_min": lo.tolist(), "input_max": hi.tolist(),
                             "output_range": list(tables["estimates"][vid].output_range())}
            models.append({"slot": slot.slot, "file": name, "sha256": sha256_of(data), "ranges": ranges})
        domain = None
        if alg.domain:
            entry = catalog[alg.domain]
            try:
                codes = nets.read_domain(raw[alg.domain], entry.filename, entry.format)
            except ValueError as e:
                raise LeafError("Could not read the input domain in %s: %s." % (origins[alg.domain], e)) from None
            with open(os.path.join(folder, "domain.json"), "w", encoding="utf-8") as f:
                json.dump(codes.tolist(), f)
            domain = {"file": "domain.json", "codes": int(codes.size)}
        outputs = []
        for v in alg.variables:
            outputs += [v, v + "_uncertainty"]
        return {
            "algorithm": alg.id, "converter": CONVERTER_VERSION, "plugin_version": plugin_version(),
            "installed": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "inputs": alg.inputs, "outputs": outputs, "models": models, "domain": domain,
            "sources": [{"id": cid, "url": catalog[cid].url(default_base_url()), "origin": origins[cid],
                         "sha256": catalog[cid].sha256} for cid in alg.catalog_ids()],
        }
