"""engine/notation.py and the catalog spellings it defines: "sha256:<hex>" checksums, "family:name" ids and
"owner/repo[/folder]@commit" sources, with the older spellings still read (users' catalogs, the network cache)."""

import json
import shutil

import pytest
from conftest import REPO

from leaf_qgis.engine.catalog import NetworkStore, _entry, load_catalog
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.notation import PREFIX, catalog_id, hex_of, sha256_hex, stored

HEX = sha256_hex(b"leaf")


def test_checksums_are_written_with_their_algorithm_and_read_in_both_spellings():
    assert stored(HEX) == "sha256:" + HEX and PREFIX == "sha256:"
    assert hex_of(stored(HEX)) == hex_of(HEX) == HEX


@pytest.mark.parametrize("bad", ["sha256:" + HEX[:-1], "md5:" + HEX, HEX.upper(), HEX + "0", "", None, 42])
def test_anything_else_is_not_a_checksum(bad):
    with pytest.raises(ValueError):
        hex_of(bad)


def test_catalog_ids_compare_in_either_spelling():
    assert catalog_id("leaf-qgis/LEAF_QGIS_S2_20M_domain") == catalog_id("leaf-qgis:LEAF_QGIS_S2_20M_domain") \
        == "leaf-qgis:LEAF_QGIS_S2_20M_domain"
    assert catalog_id("sl2p-python:a/b") == "sl2p-python:a/b" and catalog_id("plain") == "plain"


def test_a_source_names_repository_folder_and_commit():
    commit = "33f36f168cf640ca8bcef0a2f7c7aeee906af687"
    e = _entry({"id": "snap-s2tbx:2_1_LAI", "format": "snap-auxdata", "kind": "estimates", "variable": "LAI",
                "source": "senbox-org/s2tbx/s2tbx-biophysical/src/main/resources/auxdata/2_1/LAI@" + commit,
                "files": [{"bytes": 282, "sha256": stored(HEX), "role": "normalisation"},
                          {"path": "extra/LAI_Other", "bytes": 1, "sha256": HEX, "role": "l1_bias"}]}, "c.json")
    assert (e.repo, e.commit) == ("senbox-org/s2tbx", commit)
    assert [f.path for f in e.files] == ["s2tbx-biophysical/src/main/resources/auxdata/2_1/LAI/LAI_Normalisation",
                                         "s2tbx-biophysical/src/main/resources/auxdata/2_1/LAI/extra/LAI_Other"]
    assert all(f.sha256 == HEX for f in e.files)
    assert e.url("http://m", e.files[0]) == ("http://m/senbox-org/s2tbx/%s/s2tbx-biophysical/src/main/resources/"
                                             "auxdata/2_1/LAI/LAI_Normalisation" % commit)


def test_the_older_repo_and_commit_spelling_still_reads():
    e = _entry({"id": "my-lab/estimates", "repo": "my-lab/nets", "commit": "0" * 40, "path": "n.csv", "bytes": 3,
                "sha256": HEX, "format": "leaf-csv", "kind": "estimates"}, "c.json")
    assert (e.id, e.repo, e.commit, e.files[0].path, e.files[0].sha256) == (
        "my-lab/estimates", "my-lab/nets", "0" * 40, "n.csv", HEX)


@pytest.mark.parametrize("change", [{"source": "no-commit"}, {"source": "a/b@"}, {"sha256": "sha256:xyz"}],
                         ids=["no-at", "empty-commit", "bad-checksum"])
def test_a_malformed_source_or_checksum_is_one_sentence(change):
    d = dict({"id": "x:y", "source": "a/b@c", "path": "n.csv", "bytes": 3, "sha256": HEX, "format": "leaf-csv",
              "kind": "estimates"}, **change)
    with pytest.raises(LeafError, match=r"^Catalog file c\.json has a malformed entry x:y \("):
        _entry(d, "c.json")


def test_shipped_catalogs_use_the_notation():
    for path in (REPO / "models" / "catalog").glob("*.json"):
        for d in json.loads(path.read_text(encoding="utf-8"))["entries"]:
            assert ":" in d["id"] and "/" not in d["id"].split(":", 1)[0], d["id"]
            assert "@" in d["source"] and "repo" not in d and "commit" not in d, d["id"]
            assert all(f["sha256"].startswith(PREFIX) for f in d.get("files", [d])), d["id"]
    assert load_catalog()


def test_a_cache_written_by_an_earlier_version_is_still_installed(tmp_path, network_cache, s2_algorithm):
    """Manifests in the network cache spell ids "family/name" and checksums as bare digits; no reinstall needed."""
    root = tmp_path / "old_cache"
    shutil.copytree(network_cache.root, root)
    path = root / s2_algorithm.id / "manifest.json"
    m = json.loads(path.read_text())
    for s in m["sources"]:
        s["id"] = s["id"].replace(":", "/", 1)
        s["sha256"] = hex_of(s["sha256"])
    path.write_text(json.dumps(m))
    inst = NetworkStore(str(root)).installed(s2_algorithm)
    assert inst is not None and inst.model_bytes(0)[4:8] == b"TFL3"
    assert all(len(s["sha256"]) == 64 for s in inst.provenance()["sources"])
