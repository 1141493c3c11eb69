"""Every catalog entry downloads over HTTP from the 127.0.0.1 mirror, verifies and converts."""

import pytest

from leaf_qgis.engine.algorithm import load_algorithms
from leaf_qgis.engine.catalog import NetworkStore, download, is_bundled, load_catalog
from leaf_qgis.engine.networks import read_domain_entry, read_entry


def test_every_algorithm_installs_over_http(mirror_server, tmp_path):
    store = NetworkStore(str(tmp_path))
    algorithms = load_algorithms()
    for alg in algorithms.values():
        if is_bundled(alg):   # leaf_qgis's own networks ship in models/ and are never downloaded (test_bundled.py)
            continue
        inst = store.install(alg, base_url=mirror_server)
        assert store.installed(alg) is not None
        assert inst.outputs == alg.output_names()
        assert {s["origin"].split("/")[2] for s in inst.manifest["sources"]} == {mirror_server.split("/")[2]}
        assert len(inst.manifest["models"]) == len({s.key() for s in alg.networks})


def test_catalog_entries_not_used_by_an_algorithm_still_download_and_parse(mirror_server):
    used = {cid for alg in load_algorithms().values() for cid in alg.catalog_ids()}
    catalog = load_catalog()
    unused = [e for cid, e in sorted(catalog.items()) if cid not in used]
    for entry in unused:
        blobs = {f.role: download(entry, f, mirror_server) for f in entry.files}
        if entry.kind == "domain":
            assert read_domain_entry(entry, blobs)["type"] in ("codes", "snap")
        else:
            assert read_entry(entry, blobs), entry.id
    if not unused:
        pytest.skip("every catalog entry is used by an algorithm (covered by the install test)")
