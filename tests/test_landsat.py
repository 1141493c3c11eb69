"""Landsat Collection-2 Level-2 reader: real products and MTL files from ../shared, and synthetic products
written in tmp_path (folder and tar) for the refusals. Nothing from shared is copied into the repository."""

import datetime
import re
import tarfile
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from leaf_qgis.engine import landsat as ls
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.grid import Grid
from leaf_qgis.engine.solar import sun_position

REAL = ["landsat8_c2l2_LC08_L2SP_001070_20190114_downsampled", "landsat8_c2l2_LC08_L2SP_008059_20191201_downsampled"]
KEEP_BITS = (0, 2, 3, 4, 5, 7)


def _mtl_files(shared_dir):
    folders = [shared_dir / "realdata" / f for f in REAL] + [shared_dir / "realdata" / "landsat_c2l2_metadata"]
    files = sorted(p for f in folders for p in f.glob("*_MTL.*") if p.suffix in (".txt", ".xml"))
    assert len(files) >= 9
    return files


def _field(text, key):
    """One MTL value by regex (independent of the reader's parser): the first occurrence of the key."""
    m = re.search(r"%s = \"?([^\"\n]+)\"?" % key, text) or re.search(r"<%s>([^<]+)</%s>" % (key, key), text)
    return m.group(1).strip()


def _read_all(path):
    return gdal.Open(str(path)).ReadAsArray()


# ------------------------------------------------------------------------------------ real products

@pytest.mark.parametrize("name", REAL)
def test_real_product_reflectance_mask_and_metadata(shared_dir, name):
    folder = shared_dir / "realdata" / name
    stem = next(folder.glob("*_MTL.txt")).name[:-len("_MTL.txt")]
    with ls.open_landsat(str(folder)) as scene:
        assert scene.sensor == "L8"
        assert scene.date == "%s-%s-%s" % (stem[17:21], stem[21:23], stem[23:25])
        assert (scene.width, scene.height) == (512, 512)
        ref = gdal.Open(str(folder / (stem + "_SR_B4.TIF")))
        assert scene.geotransform == ref.GetGeoTransform()  # the GeoTIFFs' grid, not the MTL's
        assert scene.angle_source == "ephemeris"
        qa = _read_all(folder / (stem + "_QA_PIXEL.TIF")).astype(np.int64)
        clear = np.ones(qa.shape, dtype=bool)
        for b in KEEP_BITS:
            clear &= (qa >> b) & 1 == 0
        # hand-picked pixels: the first three clear ones, two cloudy ones, one fill
        picks = [tuple(p) for p in np.argwhere(clear)[[0, len(np.argwhere(clear)) // 2, -1]]]
        picks += [tuple(p) for p in np.argwhere((qa >> 3) & 1 == 1)[[0, -1]]]
        picks += [tuple(np.argwhere(qa & 1 == 1)[0])]
        for band in ("SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"):
            ds = gdal.Open(str(folder / ("%s_%s.TIF" % (stem, band))))
            for r, c in picks:
                dn = int(ds.GetRasterBand(1).ReadAsArray(int(c), int(r), 1, 1)[0, 0])
                values, ok = scene.read(band, (int(c), int(r), 1, 1))
                assert values.dtype == np.float64
                assert values[0, 0] == dn * 2.75e-5 - 0.2
                assert bool(ok[0, 0]) == (dn != 0)
        for r, c in picks:
            q = int(qa[r, c])
            bits = {b: (q >> b) & 1 for b in range(16)}
            expected = all(bits[b] == 0 for b in (0, 2, 3, 4, 5, 7))
            mask, ok = scene.read("MASK", (int(c), int(r), 1, 1))
            assert ok[0, 0] and mask[0, 0] == float(expected)
            qv, _ = scene.read("QA_PIXEL", (int(c), int(r), 1, 1))
            assert qv[0, 0] == q
        full = (0, 0, 512, 512)
        mask, _ = scene.read("MASK", full)
        assert mask.mean() == clear.mean()
        assert 0.05 < mask.mean() < 0.2   # SOURCES.md: about 11-12 % clear
        # configurable bits: dilated cloud added removes more pixels
        with ls.open_landsat(str(folder), mask_bits=KEEP_BITS + (1,)) as strict:
            assert strict.read("MASK", full)[0].sum() == (clear & ((qa >> 1) & 1 == 0)).sum()
        for a in ("SZA", "SAA", "VZA", "VAA"):
            v, ok = scene.read(a, (100, 200, 64, 32))
            assert v.shape == (32, 64) and ok.all() and np.isfinite(v).all()
        valid = scene.read("SR_B4", full)[1]
        vza = scene.read("VZA", full)[0]
        assert 7.0 < vza[valid].max() < 9.0   # swath edge: 7.5 deg off nadir + 0.8 deg Earth curvature
        meta = scene.metadata
        sza = scene.read("SZA", full)[0]
        assert abs(np.median(sza[valid]) - (90 - meta.sun_elevation)) < 1.0


@pytest.mark.parametrize("name", REAL)
def test_track_approximation_close_to_ephemeris(shared_dir, name):
    """The no-ANG fallback (nominal ground track, 705 km) against the ephemeris model on the real scene."""
    with ls.open_landsat(str(shared_dir / "realdata" / name)) as scene:
        window = (0, 0, scene.width, scene.height)
        valid = scene.read("SR_B4", window)[1]
        lon, lat = scene.lonlat(window)
        vza_eph = scene.read("VZA", window)[0]
        vza_trk, vaa_trk = ls.view_from_track(scene.metadata.centre_lon, scene.metadata.centre_lat, lon, lat)
        err = np.abs(vza_trk - vza_eph)[valid]
        assert err.max() < 0.25, err.max()
        vaa_eph = scene.read("VAA", window)[0]
        far = valid & (vza_eph > 3)
        daz = np.abs((vaa_trk - vaa_eph + 180) % 360 - 180)[far]
        assert daz.max() < 8.0, daz.max()  # measured 6.6 deg: ground track vs inertial-velocity plane


def test_ephemeris_view_matches_usgs_mean_view_vector(shared_dir):
    """At the band-4 mean L1T point of every ANG.txt, our VZA agrees with USGS's MEAN_SAT_VECTOR."""
    angs = sorted((shared_dir / "realdata").glob("*/L[CE]0*_ANG.txt"))
    assert len(angs) >= 5
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    for path in angs:
        text = path.read_text()
        odl = ls.parse_odl(text)
        g, proj = odl["RPC_BAND04"], odl["PROJECTION"]
        line, samp = (float(v) for v in g["BAND04_MEAN_L1T_LINE_SAMP"])
        x = float(proj["UL_CORNER"][0]) + samp * float(g.get("BAND04_PIXEL_SIZE", 30))
        y = float(proj["UL_CORNER"][1]) - line * float(g.get("BAND04_PIXEL_SIZE", 30))
        utm = osr.SpatialReference()
        utm.SetWellKnownGeogCS("WGS84")
        zone = int(proj["UTM_ZONE"])
        utm.SetUTM(abs(zone), zone > 0)
        utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        lon, lat, _ = osr.CoordinateTransformation(utm, wgs).TransformPoint(x, y)
        v = np.array(g["BAND04_MEAN_SAT_VECTOR"], dtype=float)
        usgs_vza = np.degrees(np.arctan2(np.hypot(v[0], v[1]), v[2]))
        vza, _, t = ls.view_from_ephemeris(ls.Ephemeris.from_ang(text), np.array([lon]), np.array([lat]))
        assert abs(vza[0] - usgs_vza) < 0.15, (path.name, vza[0], usgs_vza)


# ------------------------------------------------------------------------------------ MTL and sun

def test_mtl_parsing_every_file(shared_dir):
    seen = set()
    for path in _mtl_files(shared_dir):
        text = path.read_text()
        meta = ls.read_mtl(text, path.name)
        sc = _field(text, "SPACECRAFT_ID")
        assert meta.spacecraft == sc and meta.sensor == "L" + sc[-1]
        assert meta.date == _field(text, "DATE_ACQUIRED")
        assert meta.level == _field(text, "PROCESSING_LEVEL") and meta.level in ("L2SP", "L2SR")
        assert meta.collection == 2
        assert meta.time.strftime("%H:%M:%S") == _field(text, "SCENE_CENTER_TIME")[:8]
        assert meta.sun_azimuth == float(_field(text, "SUN_AZIMUTH"))
        assert meta.sun_elevation == float(_field(text, "SUN_ELEVATION"))
        for n in range(1, 8):  # the Level-2 values, not the Level-1 ones later in the file
            assert meta.scale["SR_B%d" % n] == 2.75e-5 and meta.offset["SR_B%d" % n] == -0.2
        assert meta.files["QA_PIXEL"].endswith("_QA_PIXEL.TIF")
        assert meta.files["SR_B5"].endswith("_SR_B5.TIF")
        seen.add(meta.sensor)
        twin = path.with_suffix(".xml" if path.suffix == ".txt" else ".txt")
        if twin.exists():
            other = ls.read_mtl(twin.read_text(), twin.name)
            assert (other.sensor, other.time, other.sun_azimuth, other.files, other.scale) == (
                meta.sensor, meta.time, meta.sun_azimuth, meta.files, meta.scale)
    assert seen == {"L8", "L9"}


def test_solar_position_matches_mtl_sun_angles(shared_dir):
    worst = 0.0
    for path in _mtl_files(shared_dir):
        meta = ls.read_mtl(path.read_text(), path.name)
        zen, az = sun_position(meta.time, meta.centre_lon, meta.centre_lat)
        d_el = abs((90.0 - float(zen)) - meta.sun_elevation)
        d_az = abs((float(az) - meta.sun_azimuth + 180) % 360 - 180)
        worst = max(worst, d_el, d_az)
        assert d_el < 0.1 and d_az < 0.1, (path.name, d_el, d_az)
    assert worst < 0.03  # measured: 0.015 deg at most


def test_solar_position_known_values():
    # NOAA solar calculator example: 2010-06-21 12:00 UTC at 0 E, 0 N -> zenith ~ 23.43 (declination)
    zen, az = sun_position(datetime.datetime(2010, 6, 21, 12, 2), 0.0, 0.0)
    assert abs(float(zen) - 23.44) < 0.05
    zen, az = sun_position(datetime.datetime(2010, 6, 21, 0, 0), np.array([0.0, 180.0]), np.array([0.0, 0.0]))
    assert zen[0] > 150 and zen[1] < 30


# ------------------------------------------------------------------------------------ synthetic products

STEM = "LC08_L2SP_001070_20190114_20200830_02_T1"
WIDTH, HEIGHT = 6, 4
GT = (499980.0, 30.0, 0.0, -1500000.0, 0.0, -30.0)


def _mtl(level="L2SP", bands=range(1, 8)):
    files = "\n".join('    FILE_NAME_BAND_%d = "%s_SR_B%d.TIF"' % (n, STEM, n) for n in bands)
    refl = "\n".join("    REFLECTANCE_MULT_BAND_%d = 2.75e-05\n    REFLECTANCE_ADD_BAND_%d = -0.2" % (n, n) for n in bands)
    corners = "\n".join("    CORNER_%s_LAT_PRODUCT = %s\n    CORNER_%s_LON_PRODUCT = %s" % (c, la, c, lo) for c, la, lo in (
        ("UL", -13.56, -69.0), ("UR", -13.56, -68.99), ("LL", -13.57, -69.0), ("LR", -13.57, -68.99)))
    return """GROUP = LANDSAT_METADATA_FILE
  GROUP = PRODUCT_CONTENTS
    LANDSAT_PRODUCT_ID = "%s"
    PROCESSING_LEVEL = "%s"
    COLLECTION_NUMBER = 02
%s
    FILE_NAME_QUALITY_L1_PIXEL = "%s_QA_PIXEL.TIF"
  END_GROUP = PRODUCT_CONTENTS
  GROUP = IMAGE_ATTRIBUTES
    SPACECRAFT_ID = "LANDSAT_8"
    DATE_ACQUIRED = 2019-01-14
    SCENE_CENTER_TIME = "14:34:30.4390740Z"
    SUN_AZIMUTH = 107.5
    SUN_ELEVATION = 59.5
  END_GROUP = IMAGE_ATTRIBUTES
  GROUP = PROJECTION_ATTRIBUTES
%s
  END_GROUP = PROJECTION_ATTRIBUTES
  GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS
%s
  END_GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS
END_GROUP = LANDSAT_METADATA_FILE
END
""" % (STEM, level, files, STEM, corners, refl)


def _tif(path, data):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), WIDTH, HEIGHT, 1, gdal.GDT_UInt16)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32619)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetGeoTransform(GT)
    ds.GetRasterBand(1).WriteArray(data)
    ds = None


def _synthetic(folder: Path, level="L2SP"):
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    for n in range(1, 8):
        dn = rng.integers(7500, 20000, (HEIGHT, WIDTH)).astype(np.uint16)
        dn[0, 0] = 0  # fill
        _tif(folder / ("%s_SR_B%d.TIF" % (STEM, n)), dn)
    qa = np.full((HEIGHT, WIDTH), 21824, dtype=np.uint16)  # clear land (bit 6)
    qa[0, 0] = 1            # fill
    qa[1, 1] |= 1 << 3      # cloud
    qa[1, 2] |= 1 << 1      # dilated cloud only: kept by the toolbox rule
    qa[2, 3] = (1 << 7) | (1 << 6)  # water
    _tif(folder / ("%s_QA_PIXEL.TIF" % STEM), qa)
    (folder / ("%s_MTL.txt" % STEM)).write_text(_mtl(level))
    return folder


def _tar(folder: Path, target: Path):
    with tarfile.open(target, "w") as tf:
        for f in sorted(folder.iterdir()):
            tf.add(f, arcname="%s/%s" % (folder.name, f.name))
    return target


EXPECTED_MASK = np.array([[0, 1, 1, 1, 1, 1], [1, 0, 1, 1, 1, 1], [1, 1, 1, 0, 1, 1], [1, 1, 1, 1, 1, 1]], float)


def test_synthetic_folder_and_tar(tmp_path):
    folder = _synthetic(tmp_path / STEM)
    tar = _tar(folder, tmp_path / (STEM + ".tar"))
    dn = _read_all(folder / ("%s_SR_B5.TIF" % STEM))
    window = (0, 0, WIDTH, HEIGHT)
    for path in (folder, tar):
        with ls.open_landsat(str(path)) as scene:
            assert (scene.sensor, scene.date, scene.width, scene.height) == ("L8", "2019-01-14", WIDTH, HEIGHT)
            assert scene.geotransform == GT
            values, ok = scene.read("SR_B5", window)
            np.testing.assert_array_equal(values, dn * 2.75e-5 - 0.2)
            np.testing.assert_array_equal(ok, dn != 0)
            np.testing.assert_array_equal(scene.read("MASK", window)[0], EXPECTED_MASK)
            assert scene.angle_source == "nominal track"
            vza, ok = scene.read("VZA", window)
            assert ok.all() and (vza >= 0).all() and (vza < 8).all()
            sza = scene.read("SZA", window)[0]
            centre = sun_position(scene.metadata.time, scene.metadata.centre_lon, scene.metadata.centre_lat)[0]
            assert np.all(np.abs(sza - centre) < 0.01)
            scene.require_reflectance(["SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"])
            with pytest.raises(LeafError, match="no reflectance band SR_B9"):
                scene.require_reflectance(["SR_B9"])
            assert [w for w in scene.windows(4)] == [(0, 0, 4, 4), (4, 0, 2, 4)]


def test_level1_refused(tmp_path):
    folder = _synthetic(tmp_path / STEM, level="L1TP")
    with pytest.raises(LeafError, match=r"%s_MTL.txt describes a Level-1 product \(L1TP\)" % STEM):
        ls.open_landsat(str(folder))


def test_missing_band_refused(tmp_path):
    folder = _synthetic(tmp_path / STEM)
    (folder / ("%s_SR_B6.TIF" % STEM)).unlink()
    with pytest.raises(LeafError, match="lacks the band file %s_SR_B6.TIF" % STEM):
        ls.open_landsat(str(folder))
    tar = _tar(folder, tmp_path / "p.tar")
    with pytest.raises(LeafError, match="lacks the band file %s_SR_B6.TIF" % STEM):
        ls.open_landsat(str(tar))


def test_truncated_tar_refused(tmp_path):
    tar = _tar(_synthetic(tmp_path / STEM), tmp_path / "p.tar")
    data = tar.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(LeafError, match="The Landsat archive .*cut.tar is (truncated|not a readable tar file)"):
        ls.open_landsat(str(cut))


def test_escaping_member_refused(tmp_path):
    folder = _synthetic(tmp_path / STEM)
    tar = tmp_path / "evil.tar"
    with tarfile.open(tar, "w") as tf:
        for f in sorted(folder.iterdir()):
            tf.add(f, arcname="%s/%s" % (STEM, f.name))
        tf.add(folder / ("%s_MTL.txt" % STEM), arcname="../outside.txt")
    with pytest.raises(LeafError, match="evil.tar has a member ../outside.txt outside its folder"):
        ls.open_landsat(str(tar))


def test_missing_and_unparseable_mtl_refused(tmp_path):
    folder = _synthetic(tmp_path / STEM)
    mtl = folder / ("%s_MTL.txt" % STEM)
    mtl.write_text("GROUP = LANDSAT_METADATA_FILE\n  GROUP = PRODUCT_CONTENTS\n")
    with pytest.raises(LeafError, match="%s_MTL.txt is not a Landsat Collection-2 MTL file" % STEM):
        ls.open_landsat(str(folder))
    mtl.unlink()
    with pytest.raises(LeafError, match="The Landsat product .*%s has no MTL metadata file" % STEM):
        ls.open_landsat(str(folder))


def test_no_overlap_refused(tmp_path):
    folder = _synthetic(tmp_path / STEM)
    wkt = gdal.Open(str(folder / ("%s_QA_PIXEL.TIF" % STEM))).GetProjection()
    far = Grid.from_bounds(wkt, 100000, 100000, 100300, 100300, 30)
    with pytest.raises(LeafError, match="no overlap"):
        ls.open_landsat(str(folder), grid=far)


def test_explicit_coarser_grid_averages_reflectance(tmp_path):
    folder = _synthetic(tmp_path / STEM)
    wkt = gdal.Open(str(folder / ("%s_QA_PIXEL.TIF" % STEM))).GetProjection()
    grid = Grid.from_bounds(wkt, 499980, -1500120, 500160, -1500000, 60)
    dn = _read_all(folder / ("%s_SR_B4.TIF" % STEM)).astype(float)
    with ls.open_landsat(str(folder), grid=grid) as scene:
        assert (scene.width, scene.height) == (3, 2)
        values, ok = scene.read("SR_B4", (0, 0, 3, 2))
        assert ok.all()
        block = dn[0:2, 0:2]
        assert abs(values[0, 0] - (block[block > 0].mean() * 2.75e-5 - 0.2)) < 1e-6  # fill excluded
        assert abs(values[1, 2] - (dn[2:4, 4:6].mean() * 2.75e-5 - 0.2)) < 1e-6
        qa, _ = scene.read("QA_PIXEL", (0, 0, 3, 2))
        assert set(np.unique(qa)) <= {1.0, 21824.0, 21824.0 + 8, 21824.0 + 2, 192.0}


# ------------------------------------------------------------------------------------ end to end

def test_end_to_end_lai_on_real_window(shared_dir, tmp_path):
    from leaf_qgis.engine.algorithm import get_algorithm
    from leaf_qgis.engine.catalog import NetworkStore
    from leaf_qgis.engine.estimate import _process_window, check_fit
    from leaf_qgis.engine.estimator import Estimator

    alg = get_algorithm("L8_SL2P_V0_30M")
    installed = NetworkStore(str(tmp_path / "store")).install(alg, source=str(shared_dir / "upstream-mirror"))
    est = Estimator(alg, installed, runtime="numpy")
    with ls.open_landsat(str(shared_dir / "realdata" / REAL[1])) as scene:
        check_fit(alg, scene, {})
        window = (128, 128, 256, 256)
        out = _process_window(scene, alg, est, window, {}, None)
        mask = scene.read("MASK", window)[0] == 1
        refl_ok = np.ones(mask.shape, dtype=bool)
        for b in alg.bands:
            v, ok = scene.read(b, window)
            refl_ok &= ok & (v >= -0.005) & (v <= 1.05)
        expected = mask & refl_ok
        assert expected.sum() > 100
        np.testing.assert_array_equal(np.isfinite(out["LAI"]), expected)
        lai = out["LAI"][expected]
        assert 0.0 <= np.median(lai) < 10.0


@pytest.mark.parametrize("name", REAL)
def test_interpolated_angles_match_per_pixel_computation(shared_dir, name):
    """Angles are computed every 8 pixels and interpolated; compare with a per-pixel computation."""
    with ls.open_landsat(str(shared_dir / "realdata" / name)) as scene:
        window = (0, 0, scene.width, scene.height)
        got = {a: scene.read(a, window)[0] for a in ls.ANGLES}
        lon, lat = scene.lonlat(window)
        vza, vaa, t = ls.view_from_ephemeris(scene.ephemeris, lon, lat)
        sza, saa = sun_position(scene.ephemeris.epoch, lon, lat, t)

    def daz(a, b):
        return np.abs((a - b + 180) % 360 - 180)
    assert np.abs(got["VZA"] - vza).max() < 0.001
    assert np.abs(got["SZA"] - sza).max() < 0.001
    assert daz(got["SAA"], saa).max() < 0.001
    assert daz(got["VAA"], vaa)[vza > 0.5].max() < 0.1
    assert (np.sin(np.radians(vza)) * np.radians(daz(got["VAA"], vaa))).max() < 1e-4


def test_explicit_geographic_grid(shared_dir):
    """A coarser grid in another CRS: reflectance averaged, mask by nearest neighbour, angles per pixel."""
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    grid = Grid.from_bounds(wgs.ExportToWkt(), -75.5, 1.0, -75.0, 1.5, 0.01)
    with ls.open_landsat(str(shared_dir / "realdata" / REAL[1]), grid=grid) as scene:
        assert (scene.width, scene.height, scene.projection) == (50, 50, grid.projection)
        window = (0, 0, 50, 50)
        values, ok = scene.read("SR_B5", window)
        mask = scene.read("MASK", window)[0]
        assert ok.all() and set(np.unique(mask)) <= {0.0, 1.0} and 0 < mask.mean() < 1
        assert np.isfinite(scene.read("VZA", window)[0]).all()
