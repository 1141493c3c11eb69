"""Sentinel-2 L2A product reader (leaf_qgis.engine.sentinel2) and the shared target grid (grid.py).

Real data (read in place from ../shared, skipped when absent): the T29UNU 2022-10-05 product (60 m
bands only in that snapshot) and the metadata of six products of baselines 02.12 to 05.09. A synthetic
SAFE written here (lossless JP2) checks the arithmetic exactly: 2 x 2 means, offsets, angle grids.
"""

import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from leaf_qgis.engine import estimate
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.estimator import Estimator
from leaf_qgis.engine.grid import Grid, warped_vrt
from leaf_qgis.engine.sentinel2 import _fill_nan, open_safe, read_metadata, read_tile_metadata

T29UNU = "realdata/s2_l2a_T29UNU_20221005_60m/S2A_MSIL2A_20221005T115411_N0400_R023_T29UNU_20221005T164454.SAFE"
STACTOOLS = "realdata/s2_l2a_metadata_stactools"


# --------------------------------------------------------------------------------------------
# A synthetic L2A product: 400 m x 400 m tile in EPSG:32614, 10 m and 20 m bands, lossless JP2
# --------------------------------------------------------------------------------------------

ULX, ULY, EPSG = 500000.0, 4300000.0, 32614
STEP = 200.0   # angle grid step (m): 3 x 3 nodes over the 400 m tile
BANDS_10M = {"B02": 0.05, "B03": 0.08, "B04": 0.05, "B08": 0.40}
BANDS_20M = {"B05": 0.12, "B06": 0.30, "B07": 0.38, "B8A": 0.42, "B11": 0.22, "B12": 0.10}


def _sza(i, j):      # linear in the node indices, so bilinear interpolation reproduces it exactly
    return 30.0 + 1.0 * i + 2.0 * j


def _vza(i, j):
    return 5.0 + 0.5 * i + 1.5 * j


def _values_xml(a):
    return "".join("<VALUES>%s</VALUES>" % " ".join("NaN" if np.isnan(v) else repr(float(v)) for v in row)
                   for row in a)


def _angles_xml(zen, azi):
    def part(tag, a):
        return ("<%s><COL_STEP unit=\"m\">%g</COL_STEP><ROW_STEP unit=\"m\">%g</ROW_STEP><Values_List>%s"
                "</Values_List></%s>" % (tag, STEP, STEP, _values_xml(a), tag))
    return part("Zenith", zen) + part("Azimuth", azi)


def write_mtd(path, files, baseline="04.00", level="Level-2A", spacecraft="Sentinel-2A"):
    offsets = ("<BOA_ADD_OFFSET_VALUES_LIST>%s</BOA_ADD_OFFSET_VALUES_LIST>" % "".join(
        '<BOA_ADD_OFFSET band_id="%d">-1000</BOA_ADD_OFFSET>' % i for i in range(13))
        if baseline >= "04.00" else "")
    spectral = "".join('<Spectral_Information bandId="%d" physicalBand="%s"/>' % (i, b) for i, b in enumerate(
        ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12"]))
    Path(path).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<n1:Level-2A_User_Product xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-2A.xsd">'
        "<n1:General_Info><Product_Info>"
        "<PRODUCT_START_TIME>2023-07-14T10:30:31.024Z</PRODUCT_START_TIME>"
        "<PROCESSING_LEVEL>%s</PROCESSING_LEVEL><PRODUCT_TYPE>S2MSI2A</PRODUCT_TYPE>"
        "<PROCESSING_BASELINE>%s</PROCESSING_BASELINE>"
        "<Datatake><SPACECRAFT_NAME>%s</SPACECRAFT_NAME></Datatake>"
        "<Product_Organisation><Granule_List><Granule>%s</Granule></Granule_List></Product_Organisation>"
        "</Product_Info><Product_Image_Characteristics>"
        "<QUANTIFICATION_VALUES_LIST><BOA_QUANTIFICATION_VALUE unit=\"none\">10000</BOA_QUANTIFICATION_VALUE>"
        "</QUANTIFICATION_VALUES_LIST>%s<Spectral_Information_List>%s</Spectral_Information_List>"
        "</Product_Image_Characteristics></n1:General_Info></n1:Level-2A_User_Product>\n" % (
            level, baseline, spacecraft, "".join("<IMAGE_FILE>%s</IMAGE_FILE>" % f for f in files), offsets,
            spectral))


def write_mtd_tl(path, with_view=True):
    i, j = np.mgrid[0:3, 0:3].astype(float)
    sza, vza = _sza(i, j), _vza(i, j)
    saa = np.full((3, 3), 150.0) + 5.0 * j
    vaa = np.array([[350.0, 0.0, 10.0]] * 3)            # crosses north: interpolate as sin/cos
    det1, det2 = vza.copy(), vza.copy()
    det1[:, 2] = np.nan                                  # detector 1 sees columns 0-1,
    det2[:, 0] = np.nan                                  # detector 2 columns 1-2 (overlap at column 1)
    det1[2, 2] = det2[2, 2] = np.nan                     # node (2, 2): no detector, filled from neighbours
    az1, az2 = vaa.copy(), vaa.copy()
    az1[:, 2], az2[:, 0] = np.nan, np.nan
    az1[2, 2] = az2[2, 2] = np.nan
    views = "".join('<Viewing_Incidence_Angles_Grids bandId="%d" detectorId="%d">%s</Viewing_Incidence_Angles_Grids>'
                    % (band, det, _angles_xml(z, a)) for band in (8, 3)
                    for det, z, a in ((1, det1, az1), (2, det2, az2))) if with_view else ""
    geo = "".join("<Size resolution=\"%d\"><NROWS>%d</NROWS><NCOLS>%d</NCOLS></Size>"
                  "<Geoposition resolution=\"%d\"><ULX>%d</ULX><ULY>%d</ULY><XDIM>%d</XDIM><YDIM>-%d</YDIM>"
                  "</Geoposition>" % (r, 400 // r, 400 // r, r, ULX, ULY, r, r) for r in (10, 20))
    Path(path).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<n1:Level-2A_Tile_ID xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/S2_PDI_Level-2A_Tile_Metadata.xsd">'
        "<n1:Geometric_Info><Tile_Geocoding><HORIZONTAL_CS_CODE>EPSG:%d</HORIZONTAL_CS_CODE>%s</Tile_Geocoding>"
        "<Tile_Angles><Sun_Angles_Grid>%s</Sun_Angles_Grid>"
        "<Mean_Sun_Angle><ZENITH_ANGLE unit=\"deg\">32</ZENITH_ANGLE><AZIMUTH_ANGLE unit=\"deg\">155"
        "</AZIMUTH_ANGLE></Mean_Sun_Angle>%s</Tile_Angles></n1:Geometric_Info></n1:Level-2A_Tile_ID>\n" % (
            EPSG, geo, _angles_xml(sza, saa), views))


def write_jp2(path, array, pixel):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    mem = gdal.GetDriverByName("MEM").Create("", array.shape[1], array.shape[0], 1,
                                             gdal.GDT_Byte if array.dtype == np.uint8 else gdal.GDT_UInt16)
    mem.SetGeoTransform((ULX, pixel, 0.0, ULY, 0.0, -pixel))
    mem.SetProjection(srs.ExportToWkt())
    mem.GetRasterBand(1).WriteArray(array)
    out = gdal.GetDriverByName("JP2OpenJPEG").CreateCopy(str(path), mem, options=["QUALITY=100", "REVERSIBLE=YES"])
    assert out is not None
    out = None


def make_safe(folder, baseline="04.00", seed=0):
    """Write a synthetic L2A .SAFE; returns (path, {band: DN array at native resolution}, SCL)."""
    rng = np.random.default_rng(seed)
    safe = Path(folder) / "S2A_MSIL2A_20230714T103031_N0400_R108_T14SNA_20230714T150000.SAFE"
    granule = "GRANULE/L2A_T14SNA_A000001_20230714T103031"
    img = safe / granule / "IMG_DATA"
    offset = 1000 if baseline >= "04.00" else 0
    dns, files = {}, []
    for bands, res, n in ((BANDS_10M, 10, 40), (BANDS_20M, 20, 20)):
        (img / ("R%dm" % res)).mkdir(parents=True, exist_ok=True)
        for band, rho in bands.items():
            dn = np.round((rho + rng.normal(0, 0.01, (n, n)).clip(-0.03, 0.03)) * 10000 + offset).astype(np.uint16)
            dn[0, :3] = 0                                    # no data in the first row
            rel = "%s/IMG_DATA/R%dm/T14SNA_20230714T103031_%s_%dm" % (granule, res, band, res)
            write_jp2(safe / (rel + ".jp2"), dn, res)
            dns[band], files = dn, files + [rel]
    scl = rng.choice(np.array([4, 5, 8, 6], dtype=np.uint8), size=(20, 20), p=[0.5, 0.2, 0.2, 0.1])
    scl[0, :2] = 0
    rel = "%s/IMG_DATA/R20m/T14SNA_20230714T103031_SCL_20m" % granule
    write_jp2(safe / (rel + ".jp2"), scl, 20)
    write_mtd(safe / "MTD_MSIL2A.xml", files + [rel], baseline)
    write_mtd_tl(safe / granule / "MTD_TL.xml")
    return safe, dns, scl


def zip_safe(safe: Path, zip_path: Path) -> Path:
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(safe.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(safe.parent).as_posix())
    return zip_path


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return make_safe(tmp_path_factory.mktemp("s2_safe"))


@pytest.fixture()
def safe_copy(synthetic, tmp_path):
    """A fresh copy of the synthetic product, for tests that damage it."""
    dst = tmp_path / synthetic[0].name
    shutil.copytree(synthetic[0], dst)
    return dst


FULL = (0, 0, 20, 20)


# --------------------------------------------------------------------------------------------
# Grid helper
# --------------------------------------------------------------------------------------------

def test_grid_from_bounds_snaps_outward():
    g = Grid.from_bounds("", 499995.0, 4299610.0, 500401.0, 4300000.0, 20)
    assert g.geotransform == (499980.0, 20.0, 0.0, 4300000.0, 0.0, -20.0)
    assert (g.width, g.height) == (22, 20)
    assert g.bounds() == (499980.0, 4299600.0, 500420.0, 4300000.0)


def test_warped_vrt_average_and_no_overlap(synthetic):
    safe, dns, _ = synthetic
    src = next(safe.rglob("*_B04_10m.jp2"))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    grid = Grid.from_bounds(srs.ExportToWkt(), ULX, ULY - 400, ULX + 400, ULY, 20)
    vrt = warped_vrt(str(src), grid, "average", nodata=0)
    assert Grid.from_dataset(vrt) == grid
    got = vrt.GetRasterBand(1).ReadAsArray()
    assert got.dtype == np.float64
    dn = dns["B04"].astype(np.float64)
    expected = dn.reshape(20, 2, 20, 2).mean(axis=(1, 3))
    np.testing.assert_array_equal(got[1:], expected[1:])  # row 0 holds the no-data pixels
    far = Grid.from_bounds(grid.projection, ULX + 1e5, ULY, ULX + 1e5 + 400, ULY + 400, 20)
    with pytest.raises(LeafError, match="no overlap with the area"):
        warped_vrt(str(src), far, "average")


def test_warped_vrt_on_the_sources_own_pixels_is_a_plain_window(synthetic):
    """A grid made of the source's own pixels (shifted by whole pixels, reaching past its edge) is read
    through a plain VRT window, no warper: values unchanged, outside = no data (0)."""
    safe, dns, _ = synthetic
    src = next(safe.rglob("*_B05_20m.jp2"))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    grid = Grid.from_bounds(srs.ExportToWkt(), ULX - 60, ULY - 400 + 40, ULX + 400 - 20, ULY + 100, 20)
    vrt = warped_vrt(str(src), grid, "average", nodata=0)
    assert "VRTWarpedDataset" not in vrt.GetMetadata("xml:VRT")[0]
    expected = np.zeros((grid.height, grid.width))
    expected[5:, 3:] = dns["B05"][:grid.height - 5, :grid.width - 3]
    np.testing.assert_array_equal(vrt.GetRasterBand(1).ReadAsArray(), expected)
    half = Grid(grid.projection, (ULX + 10, 20.0, 0.0, ULY, 0.0, -20.0), 20, 20)  # half a pixel off
    assert "VRTWarpedDataset" in warped_vrt(str(src), half, "average", nodata=0).GetMetadata("xml:VRT")[0]


# --------------------------------------------------------------------------------------------
# Synthetic product
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("as_zip", [False, True])
def test_synthetic_product(synthetic, tmp_path, as_zip):
    safe, dns, scl = synthetic
    path = zip_safe(safe, tmp_path / (safe.stem + ".zip")) if as_zip else safe
    with open_safe(str(path)) as scene:
        assert (scene.sensor, scene.date, scene.width, scene.height) == ("S2A", "2023-07-14", 20, 20)
        assert scene.geotransform == (ULX, 20.0, 0.0, ULY, 0.0, -20.0)
        assert osr.SpatialReference(scene.projection).GetAuthorityCode(None) == str(EPSG)
        assert set(scene.bands) == {"B2", "B3", "B4", "B8", "B5", "B6", "B7", "B8A", "B11", "B12",
                                    "SZA", "VZA", "SAA", "VAA", "MASK", "SCL"}
        scene.require_reflectance(["B3", "B4", "B8A"])
        # 10 m band: 2 x 2 mean of DN, then (DN - 1000) / 10000, exactly
        rho, ok = scene.read("B4", FULL)
        dn = dns["B04"].astype(np.float64)
        blocks = dn.reshape(20, 2, 20, 2)
        valid_blocks = (blocks > 0).sum(axis=(1, 3))
        mean_dn = np.where(valid_blocks > 0, blocks.sum(axis=(1, 3)) / np.maximum(valid_blocks, 1), 0)
        np.testing.assert_array_equal(ok, valid_blocks > 0)
        np.testing.assert_allclose(rho[ok], (mean_dn[ok] - 1000) / 10000, rtol=0, atol=1e-15)
        assert rho.dtype == np.float64
        # 20 m band on its own grid: the DN themselves
        rho, ok = scene.read("B8A", FULL)
        np.testing.assert_array_equal(ok, dns["B8A"] > 0)
        np.testing.assert_array_equal(rho[ok], (dns["B8A"][ok].astype(np.float64) - 1000) / 10000)
        # windows tile the grid and give the same values as a full read
        win = (5, 7, 9, 6)
        part, _ = scene.read("B4", win)
        full, _ = scene.read("B4", FULL)
        np.testing.assert_array_equal(part, full[7:13, 5:14])
        assert sum(w[2] * w[3] for w in scene.windows(8)) == 400
        # mask and scene classification
        mask, ok = scene.read("MASK", FULL)
        assert ok.all()
        np.testing.assert_array_equal(mask, np.isin(scl, (4, 5)).astype(float))
        classes, ok = scene.read("SCL", FULL)
        np.testing.assert_array_equal(classes, scl)
        np.testing.assert_array_equal(ok, scl > 0)


def test_synthetic_angles(synthetic):
    safe, _, _ = synthetic
    with open_safe(str(safe)) as scene:
        sza, ok = scene.read("SZA", FULL)
        vza, _ = scene.read("VZA", FULL)
        vaa, _ = scene.read("VAA", FULL)
        saa, _ = scene.read("SAA", FULL)
    assert ok.all()
    c = (np.arange(20) + 0.5) * 20 / STEP            # pixel centres in node units
    fr, fc = np.meshgrid(c, c, indexing="ij")
    np.testing.assert_allclose(sza, _sza(fr, fc), atol=1e-9)
    # detectors merged: the linear field wherever the four surrounding nodes avoid the filled node (2, 2)
    inner = (fr < 1) | (fc < 1)
    np.testing.assert_allclose(vza[inner], _vza(fr, fc)[inner], atol=1e-9)
    # node (2, 2) is the mean of its three valid neighbours: check at the last pixel by bilinear weights
    filled = (_vza(1, 1) + _vza(1, 2) + _vza(2, 1)) / 3
    wr, wc = fr[-1, -1] - 1, fc[-1, -1] - 1
    expected = ((1 - wr) * (1 - wc) * _vza(1, 1) + (1 - wr) * wc * _vza(1, 2) + wr * (1 - wc) * _vza(2, 1)
                + wr * wc * filled)
    assert vza[-1, -1] == pytest.approx(expected, abs=1e-9)
    # azimuths cross north without a jump: between 350 and 0 at column 5 (fc = 0.55)
    assert np.all(((vaa[:, :10] > 350) | (vaa[:, :10] < 1)))
    assert vaa[3, 9] == pytest.approx(359.5, abs=0.01)   # fc = 0.95: 350 + 0.95 * 10 (nearly linear)
    np.testing.assert_allclose(saa, 150.0 + 5.0 * fc, atol=1e-3)


def test_synthetic_old_baseline_and_mask_classes(tmp_path):
    safe, dns, scl = make_safe(tmp_path, baseline="02.12", seed=1)
    meta = read_metadata(str(safe / "MTD_MSIL2A.xml"))
    assert (meta.baseline, meta.offsets) == ("02.12", {})
    with open_safe(str(safe), mask_classes=[8]) as scene:
        rho, ok = scene.read("B8A", FULL)
        np.testing.assert_array_equal(rho[ok], dns["B8A"][ok] / 10000.0)
        mask, _ = scene.read("MASK", FULL)
        np.testing.assert_array_equal(mask, (scl == 8).astype(float))


def test_synthetic_other_grid(synthetic):
    """A grid in another CRS (UTM 13N) at 30 m: angles through the coordinate transformation."""
    safe, _, _ = synthetic
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(EPSG)
    dst.ImportFromEPSG(32613)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    x, y, _ = osr.CoordinateTransformation(src, dst).TransformPoint(ULX + 200, ULY - 200)
    grid = Grid.from_bounds(dst.ExportToWkt(), x - 150, y - 150, x + 150, y + 150, 30)
    with open_safe(str(safe), grid=grid) as scene:
        assert (scene.width, scene.height) == (grid.width, grid.height)
        sza, _ = scene.read("SZA", (5, 5, 1, 1))
        b4, ok = scene.read("B4", (0, 0, grid.width, grid.height))
    back = osr.CoordinateTransformation(dst, src).TransformPoint(grid.geotransform[0] + 165,
                                                                 grid.geotransform[3] - 165)
    fc, fr = (back[0] - ULX) / STEP, (ULY - back[1]) / STEP
    assert sza[0, 0] == pytest.approx(_sza(fr, fc), abs=1e-6)
    assert ok.mean() > 0.9 and np.all((b4[ok] > 0) & (b4[ok] < 0.2))


def test_end_to_end_window(synthetic, s2_algorithm, network_cache):
    safe, _, scl = synthetic
    est = Estimator(s2_algorithm, network_cache.installed(s2_algorithm), runtime="numpy")
    with open_safe(str(safe)) as scene:
        scene.require_reflectance(s2_algorithm.bands)
        out = estimate._process_window(scene, s2_algorithm, est, FULL, {}, None)
        mask, _ = scene.read("MASK", FULL)
        has = np.all([scene.read(b, FULL)[1] for b in s2_algorithm.bands], axis=0)
    lai = out["LAI"]
    keep = (mask == 1) & has
    assert keep.sum() > 100
    assert np.isfinite(lai[keep]).all()
    assert np.all((lai[keep] > 0.5) & (lai[keep] < 10))     # a dense green canopy spectrum
    assert np.isnan(lai[mask == 0]).all()


# --------------------------------------------------------------------------------------------
# Bad input: one LeafError sentence naming the file
# --------------------------------------------------------------------------------------------

def test_l1c_product(tmp_path, safe_copy):
    mtd = safe_copy / "MTD_MSIL2A.xml"
    text = mtd.read_text()
    mtd.rename(safe_copy / "MTD_MSIL1C.xml")
    with pytest.raises(LeafError, match="Level-1C.*Level-2A") as e:
        open_safe(str(safe_copy))
    assert str(safe_copy) in str(e.value)
    mtd.write_text(text.replace("Level-2A</PROCESSING_LEVEL>", "Level-1C</PROCESSING_LEVEL>"))
    with pytest.raises(LeafError, match="Level-1C") as e:
        open_safe(str(safe_copy))
    assert "MTD_MSIL2A.xml" in str(e.value)


def test_truncated_zip(synthetic, tmp_path):
    z = zip_safe(synthetic[0], tmp_path / "product.zip")
    data = z.read_bytes()
    bad = tmp_path / "truncated.zip"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(LeafError, match="truncated.zip is not a readable zip archive"):
        open_safe(str(bad))


def test_missing_band_file(safe_copy):
    f = next(safe_copy.rglob("*_B05_20m.jp2"))
    f.unlink()
    with open_safe(str(safe_copy)) as scene:
        assert not scene.has("B5")
        with pytest.raises(LeafError, match="Band B5 .* the file .*_B05_20m.jp2 is not in the product"):
            scene.require_reflectance(["B4", "B5"])
        with pytest.raises(LeafError, match="_B05_20m.jp2"):
            scene.read("B5", FULL)


def test_missing_angle_grids(safe_copy):
    tl = next(safe_copy.rglob("MTD_TL.xml"))
    write_mtd_tl(tl, with_view=False)
    with pytest.raises(LeafError, match="MTD_TL.xml has no band B8A viewing angle grids"):
        open_safe(str(safe_copy))
    tl.write_text(re.sub(r"<Sun_Angles_Grid>.*</Sun_Angles_Grid>", "", tl.read_text()))
    with pytest.raises(LeafError, match="MTD_TL.xml has no sun angle grids"):
        open_safe(str(safe_copy))


@pytest.mark.parametrize("baseline", ["N/A", "4.0", "99.99", ""])
def test_unsupported_baseline(safe_copy, baseline):
    mtd = safe_copy / "MTD_MSIL2A.xml"
    mtd.write_text(mtd.read_text().replace("<PROCESSING_BASELINE>04.00<", "<PROCESSING_BASELINE>%s<" % baseline))
    with pytest.raises(LeafError, match="MTD_MSIL2A.xml has an unknown or unsupported processing baseline"):
        open_safe(str(safe_copy))


def test_corrupt_jp2(safe_copy):
    f = next(safe_copy.rglob("*_B06_20m.jp2"))
    f.write_bytes(b"this is not a JPEG 2000 file" * 10)
    with pytest.raises(LeafError, match="band file .*_B06_20m.jp2 is corrupt"):
        open_safe(str(safe_copy))


def test_truncated_jp2_fails_when_read(safe_copy):
    f = next(safe_copy.rglob("*_B07_20m.jp2"))
    data = f.read_bytes()
    f.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(LeafError, match="_B07_20m.jp2 is corrupt"):
        with open_safe(str(safe_copy)) as scene:
            scene.read("B7", FULL)


def test_no_overlap(synthetic):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    far = Grid.from_bounds(srs.ExportToWkt(), ULX + 50000, ULY - 400, ULX + 50400, ULY, 20)
    with pytest.raises(LeafError, match=r"\.jp2 has no overlap with the area"):
        open_safe(str(synthetic[0]), grid=far)


def test_not_a_product(tmp_path):
    with pytest.raises(LeafError, match="does not exist"):
        open_safe(str(tmp_path / "nothing.SAFE"))
    with pytest.raises(LeafError, match="has no MTD_MSIL2A.xml"):
        open_safe(str(tmp_path))


def test_fill_nan_spreads_from_neighbours():
    a = np.array([[1.0, np.nan, np.nan], [3.0, np.nan, np.nan], [np.nan, np.nan, np.nan]])
    out = _fill_nan(a)
    assert not np.isnan(out).any()
    assert out[0, 1] == pytest.approx(2.0)   # neighbours 1 and 3
    assert out[0, 0] == 1.0


# --------------------------------------------------------------------------------------------
# Real products
# --------------------------------------------------------------------------------------------

def _circular_mean(deg):
    r = np.radians(deg)
    return np.degrees(np.arctan2(np.sin(r).mean(), np.cos(r).mean())) % 360


def test_real_t29unu(shared_dir):
    path = shared_dir / T29UNU
    with open_safe(str(path), resolution=60) as scene:
        assert (scene.sensor, scene.date, scene.metadata.baseline) == ("S2A", "2022-10-05", "04.00")
        assert scene.metadata.quantification == 10000
        assert set(scene.metadata.offsets.values()) == {-1000.0}
        assert (scene.width, scene.height) == (1830, 1830)
        assert not scene.has("B8") and "B8" in scene.missing       # 10 m only, not in the snapshot
        scene.require_reflectance(["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"])
        # one pixel, read from the JP2 by hand
        jp2 = gdal.Open(str(next(path.rglob("*_B04_60m.jp2"))))
        dn = float(jp2.GetRasterBand(1).ReadAsArray(900, 1000, 1, 1)[0, 0])
        assert dn > 1000
        rho, ok = scene.read("B4", (900, 1000, 1, 1))
        assert ok[0, 0] and rho[0, 0] == (dn - 1000) / 10000
        # angles against the product's own scene means (view: B8A, over pixels with data)
        full = (0, 0, 1830, 1830)
        _, has = scene.read("B8A", full)
        means = read_tile_metadata(str(next(path.rglob("MTD_TL.xml")))).means
        sza, _ = scene.read("SZA", full)
        saa, _ = scene.read("SAA", full)
        vza, _ = scene.read("VZA", full)
        vaa, _ = scene.read("VAA", full)
        assert sza.mean() == pytest.approx(means["SZA"], abs=0.5)
        assert _circular_mean(saa) == pytest.approx(means["SAA"], abs=0.5)
        assert vza[has].mean() == pytest.approx(means["VZA"], abs=0.5)
        assert _circular_mean(vaa[has]) == pytest.approx(means["VAA"], abs=0.5)
        assert 0.55 < has.mean() < 0.65                                  # NODATA_PIXEL_PERCENTAGE 40.4
        # MASK by windows equals a hand count of the 20 m SCL at the 60 m pixel centres
        kept = sum(scene.read("MASK", w)[0].sum() for w in scene.windows(512))
    scl_ds = gdal.Open(str(next(path.rglob("*_SCL_20m.jp2"))))   # keep the dataset alive while reading
    scl20 = scl_ds.GetRasterBand(1).ReadAsArray()
    hand = np.isin(scl20[1::3, 1::3], (4, 5)).sum()
    assert kept == hand
    assert 0.10 < kept / 1830 ** 2 < 0.25    # 27 % vegetation + not vegetated of the 60 % with data


def test_real_t29unu_20m_needs_missing_files(shared_dir):
    """At 20 m the snapshot lacks the declared 20 m band files: named when a band is required."""
    with open_safe(str(shared_dir / T29UNU), resolution=20) as scene:
        with pytest.raises(LeafError, match="_B04_20m.jp2 is not in the product"):
            scene.require_reflectance(["B4"])


def test_stactools_metadata(shared_dir):
    products = sorted((shared_dir / STACTOOLS).iterdir())
    assert len(products) == 6
    for product in products:
        m = re.search(r"(S2[ABC])_MSIL2A_(\d{4})(\d\d)(\d\d)T\d+_N(\d\d)(\d\d)_", product.name)
        meta = read_metadata(str(product / "MTD_MSIL2A.xml"))
        assert meta.spacecraft == m.group(1), product.name
        assert meta.date == "%s-%s-%s" % m.group(2, 3, 4), product.name
        assert meta.baseline == "%s.%s" % m.group(5, 6), product.name
        assert meta.quantification == 10000
        if meta.baseline_number >= 4.0:
            assert set(meta.offsets) >= {"B1", "B4", "B8A", "B12"} and set(meta.offsets.values()) == {-1000.0}
        else:
            assert meta.offsets == {}
        assert any(f.endswith("_B8A_20m") for f in meta.image_files), product.name
        assert any(f.endswith("_SCL_20m") for f in meta.image_files), product.name
        tile = read_tile_metadata(str(product / "MTD_TL.xml"))
        assert set(tile.angles) == {"SZA", "SAA", "VZA", "VAA"}
        assert 0 <= tile.means["VZA"] < 15 and 0 < tile.means["SZA"] < 90
