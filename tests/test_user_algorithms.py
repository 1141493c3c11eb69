"""A user adds an algorithm by dropping a definition and a catalog of its network files in a folder."""

import hashlib
import json
import shutil

import numpy as np
from osgeo import gdal

from leaf_qgis import api
from leaf_qgis.engine import algorithm as algmod
from leaf_qgis.engine.catalog import NetworkStore, load_catalog

S2_CSV = ("rfernand387/LEAF-Toolbox/607a3c3b0b2864840bca162b9ea3a50f5bc91c86/LEAF-Toolbox-CCRS-Files/Inputs/"
          "Sentinel2/Sentinel_csv/")


def test_dropped_definition_and_networks_are_used(shared_dir, s2_sample_stack, network_cache, tmp_path, monkeypatch):
    user = tmp_path / "algorithms"
    (user / "catalog").mkdir(parents=True)
    networks = tmp_path / "my_networks"
    networks.mkdir()
    mirror = shared_dir / "upstream-mirror"
    entries = []
    for name, kind in (("s2_sl2p_weiss_or_prosail_NNT3_Single_0_1.csv", "estimates"),
                       ("s2_sl2p_weiss_or_prosail_NNT3_Single_0_1_Error.csv", "errors")):
        shutil.copy(mirror / S2_CSV / name, networks / ("mine_" + name))   # the user's own file names
        entries.append({"id": "my-lab/" + kind, "repo": "my-lab/nets", "commit": "0" * 40, "path": name,
                        "bytes": (networks / ("mine_" + name)).stat().st_size,
                        "sha256": hashlib.sha256((networks / ("mine_" + name)).read_bytes()).hexdigest(),
                        "format": "leaf-csv", "kind": kind, "description": "my networks"})
    (user / "catalog" / "my_lab.json").write_text(json.dumps({"schema": 1, "entries": entries}))
    definition = json.loads(open(algmod.resource_dir("algorithms") + "/S2_SL2P_V0_20M.json").read())
    definition.update(id="MY_S2_NO_DOMAIN", name="my variant without a domain table", domain=[],
                      networks=[{"slot": 0, "estimates": ["my-lab/estimates"], "errors": ["my-lab/errors"]}])
    (user / "MY_S2_NO_DOMAIN.json").write_text(json.dumps(definition))
    monkeypatch.setattr(algmod, "USER_DIRS", [])
    algmod.add_user_dir(str(user))
    assert "my-lab/estimates" in load_catalog()
    alg = algmod.get_algorithm("MY_S2_NO_DOMAIN")
    store = NetworkStore(str(tmp_path / "cache"))
    store.install(alg, source=str(networks))
    out = tmp_path / "mine.tif"
    api.estimate(s2_sample_stack, str(out), algorithm="MY_S2_NO_DOMAIN", variables=["LAI"], store=store)
    ref = tmp_path / "ref.tif"
    api.estimate(s2_sample_stack, str(ref), algorithm="S2_SL2P_V0_20M", variables=["LAI"], store=network_cache)
    lai = gdal.Open(str(out)).ReadAsArray()
    np.testing.assert_array_equal(lai, gdal.Open(str(ref)).ReadAsArray())  # same networks, same numbers
    assert gdal.Open(str(out)).GetMetadataItem("LEAF_ALGORITHM") == "MY_S2_NO_DOMAIN"
    qc = gdal.Open(str(tmp_path / "mine_QC.tif")).ReadAsArray()
    assert not (qc & 1).any()   # no domain table: bit 0 is never set
