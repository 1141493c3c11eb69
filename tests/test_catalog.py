"""catalog.py: download from a server on 127.0.0.1, checksums, offline install from a folder or zip,
atomic installs, the manifest, and damaged caches."""

import hashlib
import http.server
import json
import os
import shutil
import threading
import zipfile

import numpy as np
import pytest
from conftest import OUTPUT_NAMES, S2_DOMAIN_PKL, S2_ERRORS_CSV, S2_ESTIMATES_CSV

from leaf_qgis.engine import catalog
from leaf_qgis.engine.catalog import InstalledAlgorithm, NetworkStore
from leaf_qgis.engine.errors import LeafError

SOURCE_FILES = [S2_ESTIMATES_CSV, S2_ERRORS_CSV, S2_DOMAIN_PKL]   # relative to upstream-mirror


def _sha(data):
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def no_sleep(monkeypatch):
    """Download retries back off with time.sleep; skip the waiting."""
    monkeypatch.setattr(catalog.time, "sleep", lambda s: None)


@pytest.fixture(scope="module")
def mirror(shared_dir):
    return shared_dir / "upstream-mirror"


def _hidden_or_partial(root):
    return [n for n in os.listdir(root) if n.startswith(".") or ".old." in n] if os.path.isdir(root) else []


def _assert_no_partial_install(root, alg_id):
    assert _hidden_or_partial(root) == []
    assert not os.path.exists(os.path.join(root, alg_id))


# --------------------------------------------------------------------------------------------
# The catalog itself
# --------------------------------------------------------------------------------------------

def test_catalog_entries_match_the_upstream_files(mirror, s2_algorithm):
    entries = catalog.load_catalog()
    ids = s2_algorithm.catalog_ids()
    assert len(ids) == 3 and all(cid in entries for cid in ids)
    found = set()
    for cid in ids:
        e = entries[cid]
        for f in e.files:
            data = (mirror / e.repo / e.commit / f.path).read_bytes()
            assert len(data) == f.bytes and _sha(data) == f.sha256, cid
            found.add(os.path.join(e.repo, e.commit, f.path))
    assert found == set(SOURCE_FILES)


def test_base_url_resolution(monkeypatch):
    monkeypatch.delenv(catalog.ENV_BASE_URL, raising=False)
    assert catalog.resolve_base_url().startswith("https://raw.githubusercontent.com")
    assert catalog.resolve_base_url("http://example.org/m") == "http://example.org/m"
    monkeypatch.setenv(catalog.ENV_BASE_URL, "http://127.0.0.1:1/x")
    assert catalog.resolve_base_url("http://example.org/m") == "http://127.0.0.1:1/x"


def test_default_cache_dir_is_redirected_for_tests():
    root = NetworkStore().root
    assert root == os.environ["LEAF_QGIS_CACHE_DIR"]
    assert not root.startswith(os.path.expanduser("~") + os.sep + ".local")


# --------------------------------------------------------------------------------------------
# Download from the mirror
# --------------------------------------------------------------------------------------------

def test_empty_store_has_nothing_installed(tmp_path, s2_algorithm):
    assert NetworkStore(str(tmp_path)).installed(s2_algorithm) is None
    assert NetworkStore(str(tmp_path / "does-not-exist")).installed(s2_algorithm) is None


def test_download_install_and_manifest(tmp_path, mirror_server, mirror, s2_algorithm):
    store = NetworkStore(str(tmp_path / "store"))
    messages = []
    inst = store.install(s2_algorithm, base_url=mirror_server, log=messages.append)
    assert sum("Downloading %s/" % mirror_server in m for m in messages) == 3
    assert isinstance(inst, InstalledAlgorithm)
    assert inst.folder == store.folder("S2_SL2P_V0_20M")
    assert os.listdir(store.root) == ["S2_SL2P_V0_20M"]
    again = store.installed(s2_algorithm)
    assert again is not None and again.manifest == inst.manifest

    m = inst.manifest
    assert m["algorithm"] == "S2_SL2P_V0_20M"
    assert m["converter"] == catalog.CONVERTER_VERSION
    assert m["inputs"] == ["cosVZA", "cosSZA", "cosRAA", "B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"]
    assert m["outputs"] == OUTPUT_NAMES
    assert inst.outputs == OUTPUT_NAMES
    assert len(m["models"]) == 1
    model = m["models"][0]
    data = (tmp_path / "store" / "S2_SL2P_V0_20M" / model["file"]).read_bytes()
    assert data[4:8] == b"TFL3" and _sha(data) == model["sha256"]
    assert inst.model_bytes(0) == data
    # sources: the three upstream files, by checksum, with where they came from
    expected = {_sha((mirror / rel).read_bytes()): rel for rel in SOURCE_FILES}
    assert {s["sha256"] for s in m["sources"]} == set(expected)
    for s in m["sources"]:
        rel = expected[s["sha256"]]
        assert s["origin"] == "%s/%s" % (mirror_server, rel)
        assert s["url"] == "https://raw.githubusercontent.com/" + rel
    assert set(s["id"] for s in m["sources"]) == set(s2_algorithm.catalog_ids())
    # input ranges of the LAI network (spec §1.8)
    lai = model["ranges"]["LAI"]
    np.testing.assert_allclose(lai["input_min"][:4], [0.9566, 0.3420, -1, -0.0113], atol=6e-5)
    np.testing.assert_allclose(lai["input_max"][:4], [1, 0.9309, 1, 0.2418], atol=6e-5)
    np.testing.assert_allclose(lai["output_range"], [0.066, 9.24], atol=6e-3)
    assert inst.provenance()["models"][0]["sha256"] == model["sha256"]


def test_installed_domain_has_609_codes(network_cache, s2_algorithm):
    dom = network_cache.installed(s2_algorithm).domain()
    assert dom["type"] == "codes"
    codes = np.asarray(dom["codes"])
    assert codes.size == 609 and 11222111 in codes and 44554333 not in codes


def test_reinstall_replaces_cleanly(tmp_path, mirror_server, s2_algorithm):
    store = NetworkStore(str(tmp_path))
    first = store.install(s2_algorithm, base_url=mirror_server)
    second = store.install(s2_algorithm, base_url=mirror_server)
    assert os.listdir(str(tmp_path)) == ["S2_SL2P_V0_20M"]
    assert second.model_bytes(0) == first.model_bytes(0)   # conversion is deterministic


def test_base_url_env_var_is_used(tmp_path, mirror_server, s2_algorithm, monkeypatch):
    monkeypatch.setenv(catalog.ENV_BASE_URL, mirror_server)
    inst = NetworkStore(str(tmp_path)).install(s2_algorithm, base_url="http://127.0.0.1:9")
    assert all(s["origin"].startswith(mirror_server) for s in inst.manifest["sources"])


# --------------------------------------------------------------------------------------------
# Download failures
# --------------------------------------------------------------------------------------------

@pytest.fixture
def tampered_server(tmp_path, mirror, static_server):
    """A server laid out like the mirror (<repo>/<commit>/<path>) whose estimates CSV has one byte changed."""
    root = tmp_path / "tampered"
    for rel in SOURCE_FILES:
        dst = root / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        data = bytearray((mirror / rel).read_bytes())
        if rel == S2_ESTIMATES_CSV:
            i = data.rindex(b"1")
            data[i:i + 1] = b"2"          # still a valid table, but not the published one
        dst.write_bytes(bytes(data))
    return static_server(root)


def test_checksum_mismatch_is_refused(tmp_path, tampered_server, s2_algorithm):
    store = NetworkStore(str(tmp_path / "store"))
    with pytest.raises(LeafError, match="Checksum mismatch") as e:
        store.install(s2_algorithm, base_url=tampered_server)
    assert "s2_sl2p_weiss_or_prosail_NNT3_Single_0_1.csv" in str(e.value)
    _assert_no_partial_install(store.root, s2_algorithm.id)
    assert store.installed(s2_algorithm) is None


def test_unreachable_server(tmp_path, s2_algorithm, no_sleep):
    store = NetworkStore(str(tmp_path / "store"))
    with pytest.raises(LeafError, match="Could not download") as e:
        store.install(s2_algorithm, base_url="http://127.0.0.1:9")
    assert "http://127.0.0.1:9/" in str(e.value)
    assert "\n" not in str(e.value)
    _assert_no_partial_install(store.root, s2_algorithm.id)


def test_http_404(tmp_path, mirror_server, s2_algorithm):
    store = NetworkStore(str(tmp_path / "store"))
    with pytest.raises(LeafError, match="HTTP 404") as e:
        store.install(s2_algorithm, base_url=mirror_server + "/no/such/prefix")
    assert "Could not download" in str(e.value)
    _assert_no_partial_install(store.root, s2_algorithm.id)


class _Always500(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802 (http.server API)
        type(self).hits += 1
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_server_errors_are_retried_then_reported(tmp_path, s2_algorithm, no_sleep):
    _Always500.hits = 0
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Always500)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        with pytest.raises(LeafError, match="HTTP 503"):
            NetworkStore(str(tmp_path)).install(s2_algorithm, base_url="http://127.0.0.1:%d" % httpd.server_address[1])
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert _Always500.hits == 3   # three attempts for the first file, then it gives up


# --------------------------------------------------------------------------------------------
# Offline install from a folder or a zip
# --------------------------------------------------------------------------------------------

@pytest.fixture
def flat_folder(tmp_path, mirror):
    folder = tmp_path / "downloads"
    folder.mkdir()
    for rel in SOURCE_FILES:
        shutil.copy(mirror / rel, folder / os.path.basename(rel))
    return folder


def test_install_from_flat_folder(tmp_path, flat_folder, network_cache, s2_algorithm):
    store = NetworkStore(str(tmp_path / "store"))
    inst = store.install(s2_algorithm, source=str(flat_folder))
    assert inst.model_bytes(0) == network_cache.installed(s2_algorithm).model_bytes(0)
    assert all(s["origin"] == str(flat_folder) for s in inst.manifest["sources"])
    assert store.installed(s2_algorithm) is not None


def test_install_from_zip(tmp_path, flat_folder, network_cache, s2_algorithm):
    zpath = tmp_path / "networks.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for p in flat_folder.iterdir():
            z.write(p, "some/dir/" + p.name)
        z.writestr("README.txt", "unrelated")
    store = NetworkStore(str(tmp_path / "store"))
    inst = store.install(s2_algorithm, source=str(zpath))
    assert inst.model_bytes(0) == network_cache.installed(s2_algorithm).model_bytes(0)


def test_folder_lacking_a_file_names_it(tmp_path, flat_folder, s2_algorithm):
    os.remove(flat_folder / "S2_SL2P_WEISS_ORIGINAL_DOMAIN.pkl")
    store = NetworkStore(str(tmp_path / "store"))
    with pytest.raises(LeafError, match="S2_SL2P_WEISS_ORIGINAL_DOMAIN.pkl") as e:
        store.install(s2_algorithm, source=str(flat_folder))
    assert str(flat_folder) in str(e.value)
    _assert_no_partial_install(store.root, s2_algorithm.id)


def test_tampered_file_in_folder_is_a_checksum_mismatch(tmp_path, flat_folder, s2_algorithm):
    p = flat_folder / "s2_sl2p_weiss_or_prosail_NNT3_Single_0_1_Error.csv"
    data = bytearray(p.read_bytes())
    data[-3] = ord("7") if data[-3] != ord("7") else ord("8")
    p.write_bytes(bytes(data))
    store = NetworkStore(str(tmp_path / "store"))
    with pytest.raises(LeafError, match="Checksum mismatch"):
        store.install(s2_algorithm, source=str(flat_folder))
    _assert_no_partial_install(store.root, s2_algorithm.id)


def test_bad_sources(tmp_path, s2_algorithm):
    store = NetworkStore(str(tmp_path / "store"))
    with pytest.raises(LeafError, match="does not exist"):
        store.install(s2_algorithm, source=str(tmp_path / "nowhere"))
    not_zip = tmp_path / "networks.zip"
    not_zip.write_text("not a zip")
    with pytest.raises(LeafError, match="not a folder or a readable zip"):
        store.install(s2_algorithm, source=str(not_zip))
    _assert_no_partial_install(store.root, s2_algorithm.id)


def test_failed_conversion_leaves_no_partial_folder(tmp_path, flat_folder, s2_algorithm, monkeypatch):
    store = NetworkStore(str(tmp_path / "store"))
    good = store.install(s2_algorithm, source=str(flat_folder))
    good_bytes = good.model_bytes(0)

    def broken(*args, **kwargs):
        raise RuntimeError("converter crashed")

    monkeypatch.setattr(catalog.nets, "fuse", broken)
    with pytest.raises(RuntimeError):
        store.install(s2_algorithm, source=str(flat_folder))
    assert os.listdir(store.root) == ["S2_SL2P_V0_20M"]      # no hidden temporary folder left
    assert store.installed(s2_algorithm).model_bytes(0) == good_bytes   # the previous install is intact


def test_failed_first_conversion_leaves_empty_root(tmp_path, flat_folder, s2_algorithm, monkeypatch):
    monkeypatch.setattr(catalog.nets, "fuse", lambda *a, **k: (_ for _ in ()).throw(ValueError("bad")))
    store = NetworkStore(str(tmp_path / "store"))
    with pytest.raises(ValueError):
        store.install(s2_algorithm, source=str(flat_folder))
    assert os.listdir(store.root) == []


# --------------------------------------------------------------------------------------------
# The cache after install
# --------------------------------------------------------------------------------------------

@pytest.fixture
def store_copy(tmp_path, network_cache):
    root = tmp_path / "copy"
    shutil.copytree(network_cache.root, root)
    return NetworkStore(str(root))


def test_damaged_tflite_is_reported(store_copy, s2_algorithm):
    inst = store_copy.installed(s2_algorithm)
    path = os.path.join(inst.folder, inst.manifest["models"][0]["file"])
    data = bytearray(open(path, "rb").read())
    data[len(data) // 2] ^= 0xFF
    open(path, "wb").write(bytes(data))
    with pytest.raises(LeafError, match="damaged") as e:
        store_copy.installed(s2_algorithm).model_bytes(0)
    assert path in str(e.value)


def test_damaged_tflite_stops_estimate(store_copy, s2_algorithm, s2_sample_stack, tmp_path):
    from leaf_qgis import api
    inst = store_copy.installed(s2_algorithm)
    path = os.path.join(inst.folder, inst.manifest["models"][0]["file"])
    data = bytearray(open(path, "rb").read())
    data[-1] ^= 0x01
    open(path, "wb").write(bytes(data))
    out_dir = tmp_path / "out"
    with pytest.raises(LeafError, match="damaged"):
        api.estimate(s2_sample_stack, str(out_dir / "x.tif"), store=store_copy, algorithm=s2_algorithm.id)
    assert not out_dir.exists() or os.listdir(out_dir) == []


@pytest.mark.parametrize("damage", ["source_sha", "converter", "bad_json", "no_manifest"])
def test_stale_or_broken_manifest_means_not_installed(store_copy, s2_algorithm, damage):
    mpath = os.path.join(store_copy.folder(s2_algorithm.id), "manifest.json")
    m = json.load(open(mpath))
    if damage == "source_sha":
        m["sources"][0]["sha256"] = "0" * 64
    elif damage == "converter":
        m["converter"] = -1
    if damage == "bad_json":
        open(mpath, "w").write("{not json")
    elif damage == "no_manifest":
        os.remove(mpath)
    else:
        json.dump(m, open(mpath, "w"))
    assert store_copy.installed(s2_algorithm) is None
