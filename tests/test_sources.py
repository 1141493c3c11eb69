"""Input dispatch: every kind of input is recognised by what it holds, and opens as a scene."""

from pathlib import Path

import pytest
from support.stac_fixtures import make_hls_granule
from test_landsat import STEM, _synthetic, _tar
from test_sentinel2 import make_safe, zip_safe

from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.sources import open_source, product_kind, product_root


@pytest.fixture(scope="module")
def products(tmp_path_factory):
    root = tmp_path_factory.mktemp("products")
    safe, _, _ = make_safe(root / "s2")
    landsat = _synthetic(root / "landsat" / STEM)
    hls = make_hls_granule(root / "hls")["folder"]
    return {"safe": safe, "safe_zip": zip_safe(safe, root / (safe.name + ".zip")),
            "landsat": landsat, "landsat_tar": _tar(landsat, root / (STEM + ".tar")), "hls": hls}


def test_kinds_and_roots(products):
    assert product_kind(str(products["safe"])) == "sentinel2"
    assert product_kind(str(products["safe_zip"])) == "sentinel2"
    assert product_kind(str(products["safe"] / "MTD_MSIL2A.xml")) == "sentinel2"
    assert product_root(str(products["safe"] / "MTD_MSIL2A.xml")) == str(products["safe"])
    assert product_kind(str(products["landsat"])) == "landsat"
    assert product_kind(str(products["landsat_tar"])) == "landsat"
    mtl = next(products["landsat"].glob("*_MTL.txt"))
    assert product_kind(str(mtl)) == "landsat" and product_root(str(mtl)) == str(products["landsat"])
    hls_folder = products["hls"]
    assert product_kind(str(hls_folder)) == "hls"
    band = next(Path(hls_folder).glob("*.B04.tif"))
    assert product_kind(str(band)) == "hls"
    assert product_kind("https://example.invalid/item.json") == "stac"


@pytest.mark.parametrize("key,sensor", [("safe_zip", "S2A"), ("landsat_tar", "L8"), ("hls", "HLS_L30")])
def test_open_source_reads_each_kind(products, key, sensor):
    with open_source(str(products[key])) as scene:
        assert scene.sensor == sensor and scene.width > 0 and scene.has("MASK")
        window = next(scene.windows(16))
        values, has = scene.read("MASK", window)
        assert values.shape == (window[3], window[2])


def test_unknown_folder_and_missing_path(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(LeafError, match="neither a raster nor a Sentinel-2"):
        product_kind(str(tmp_path))
    with pytest.raises(LeafError, match="does not exist"):
        product_kind(str(tmp_path / "absent.zip"))
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(LeafError, match="damaged or truncated"):
        product_kind(str(bad))
