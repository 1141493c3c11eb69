"""A synthetic Sentinel-2 L2A product in the real SAFE layout, at any size, for benchmarks.

The nine 20 m reflectance bands (B02-B07, B8A, B11, B12) and SCL are lossless JPEG 2000 in
GRANULE/*/IMG_DATA/R20m, as in ESA's products; MTD_MSIL2A.xml (baseline 04.00 with its -1000 offset) and
MTD_TL.xml (23 x 23 sun and B8A view angle grids at 5 km, cloud percentage) carry what the reader needs.
The landscape is smooth fields of vegetation fraction (so compression behaves as on real data) with
sensor-like noise, and each date gets its own cloud blobs (SCL 8/9, bright reflectance).
Bands are written one at a time through a temporary GeoTIFF, so memory stays at one band.
`write_safe_arrays` writes a product from given reflectance, SCL and angle grids instead (the demo sample of
scripts/make_demo_data.py).
"""

import datetime
import os
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

BANDS = ["B02", "B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12"]
SOIL = np.array([0.07, 0.10, 0.13, 0.16, 0.18, 0.19, 0.21, 0.30, 0.24])
VEG = np.array([0.03, 0.06, 0.03, 0.10, 0.28, 0.36, 0.42, 0.20, 0.09])
CLOUD = 0.55
EPSG, ULX, ULY, PIXEL = 32617, 300000.0, 5000040.0, 20.0
ALL_IDS = ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12"]


def vegetation_fraction(size: int, seed: int) -> np.ndarray:
    """Fields: a smooth pattern of vegetation fraction in [0, 1] blocked into 60-pixel parcels."""
    rng = np.random.default_rng(seed)
    parcels = -(-size // 60)
    field = rng.uniform(0, 1, (parcels, parcels))
    f = np.repeat(np.repeat(field, 60, axis=0), 60, axis=1)[:size, :size]
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    f = 0.7 * f + 0.3 * (0.5 + 0.5 * np.sin(9 * x + 2) * np.cos(7 * y))
    return f.astype(np.float32)


def clouds(size: int, seed: int, fraction: float) -> np.ndarray:
    """Boolean cloud blobs covering about `fraction` of the tile."""
    rng = np.random.default_rng(seed + 1000)
    mask = np.zeros((size, size), dtype=bool)
    target = fraction * size * size
    y, x = np.ogrid[0:size, 0:size]
    while mask.sum() < target:
        cy, cx, r = rng.uniform(0, size), rng.uniform(0, size), rng.uniform(0.02, 0.08) * size
        mask |= (y - cy) ** 2 + (x - cx) ** 2 < r * r
    return mask


def _angles(values: np.ndarray) -> str:
    rows = "".join("<VALUES>%s</VALUES>" % " ".join("%.4f" % v for v in row) for row in values)
    return ("<COL_STEP unit=\"m\">5000</COL_STEP><ROW_STEP unit=\"m\">5000</ROW_STEP><Values_List>%s</Values_List>"
            % rows)


def _write_jp2(path: str, array: np.ndarray, epsg: int = EPSG, ulx: float = ULX, uly: float = ULY):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    tmp = path + ".tmp.tif"
    src = gdal.GetDriverByName("GTiff").Create(tmp, array.shape[1], array.shape[0], 1,
                                               gdal.GDT_Byte if array.dtype == np.uint8 else gdal.GDT_UInt16)
    src.SetGeoTransform((ulx, PIXEL, 0.0, uly, 0.0, -PIXEL))
    src.SetProjection(srs.ExportToWkt())
    src.GetRasterBand(1).WriteArray(array)
    out = gdal.GetDriverByName("JP2OpenJPEG").CreateCopy(
        path, src, 0, ["QUALITY=100", "REVERSIBLE=YES", "BLOCKXSIZE=640", "BLOCKYSIZE=640"])
    if out is None:
        raise RuntimeError("could not write %s" % path)
    out = src = None
    os.remove(tmp)


def angle_grid(**values) -> dict:
    """The 23 x 23 angle grids (5 km nodes from the tile's upper-left corner) of SZA, SAA, VZA and VAA, each
    given as a constant or a function of (node column j, node row i), as MTD_TL.xml holds them."""
    nodes = np.arange(23, dtype=float)
    j, i = np.meshgrid(nodes, nodes)
    return {k: (v(j, i) if callable(v) else np.full(j.shape, float(v))) for k, v in values.items()}


def _write_metadata(safe: Path, granule: str, files, date: str, spacecraft: str, cloud_pct: float, shape,
                    angles: dict, epsg: int = EPSG, ulx: float = ULX, uly: float = ULY, time: str = "10:30:31.024"):
    """MTD_MSIL2A.xml (baseline 04.00, BOA offset -1000) and MTD_TL.xml (tile geocoding at 20 m, the sun and
    B8A view angle grids `angles` = {SZA, SAA, VZA, VAA: 23 x 23 arrays}, cloud percentage)."""
    sza, saa, vza, vaa = (angles[k] for k in ("SZA", "SAA", "VZA", "VAA"))
    offsets = "".join('<BOA_ADD_OFFSET band_id="%d">-1000</BOA_ADD_OFFSET>' % i for i in range(13))
    spectral = "".join('<Spectral_Information bandId="%d" physicalBand="%s"/>' % (i, b) for i, b in enumerate(ALL_IDS))
    (safe / "MTD_MSIL2A.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<n1:Level-2A_User_Product xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-2A.xsd">'
        "<n1:General_Info><Product_Info><PRODUCT_START_TIME>%sT%sZ</PRODUCT_START_TIME>"
        "<PROCESSING_LEVEL>Level-2A</PROCESSING_LEVEL><PRODUCT_TYPE>S2MSI2A</PRODUCT_TYPE>"
        "<PROCESSING_BASELINE>04.00</PROCESSING_BASELINE><Datatake><SPACECRAFT_NAME>%s</SPACECRAFT_NAME></Datatake>"
        "<Product_Organisation><Granule_List><Granule>%s</Granule></Granule_List></Product_Organisation>"
        "</Product_Info><Product_Image_Characteristics><QUANTIFICATION_VALUES_LIST>"
        "<BOA_QUANTIFICATION_VALUE unit=\"none\">10000</BOA_QUANTIFICATION_VALUE></QUANTIFICATION_VALUES_LIST>"
        "<BOA_ADD_OFFSET_VALUES_LIST>%s</BOA_ADD_OFFSET_VALUES_LIST>"
        "<Spectral_Information_List>%s</Spectral_Information_List></Product_Image_Characteristics>"
        "</n1:General_Info><n1:Quality_Indicators_Info><Cloud_Coverage_Assessment>%.3f</Cloud_Coverage_Assessment>"
        "</n1:Quality_Indicators_Info></n1:Level-2A_User_Product>\n" % (
            date, time, spacecraft, "".join("<IMAGE_FILE>%s</IMAGE_FILE>" % r for r in files), offsets, spectral,
            cloud_pct))

    geo = ("<Size resolution=\"20\"><NROWS>%d</NROWS><NCOLS>%d</NCOLS></Size><Geoposition resolution=\"20\">"
           "<ULX>%d</ULX><ULY>%d</ULY><XDIM>20</XDIM><YDIM>-20</YDIM></Geoposition>" % (shape[0], shape[1], ulx, uly))
    (safe / granule / "MTD_TL.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<n1:Level-2A_Tile_ID xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/S2_PDI_Level-2A_Tile_Metadata.xsd">'
        "<n1:Geometric_Info><Tile_Geocoding><HORIZONTAL_CS_CODE>EPSG:%d</HORIZONTAL_CS_CODE>%s</Tile_Geocoding>"
        "<Tile_Angles><Sun_Angles_Grid><Zenith>%s</Zenith><Azimuth>%s</Azimuth></Sun_Angles_Grid>"
        "<Viewing_Incidence_Angles_Grids bandId=\"8\" detectorId=\"1\"><Zenith>%s</Zenith><Azimuth>%s</Azimuth>"
        "</Viewing_Incidence_Angles_Grids></Tile_Angles></n1:Geometric_Info>"
        "<n1:Quality_Indicators_Info><Image_Content_QI><CLOUDY_PIXEL_PERCENTAGE>%.3f</CLOUDY_PIXEL_PERCENTAGE>"
        "</Image_Content_QI></n1:Quality_Indicators_Info></n1:Level-2A_Tile_ID>\n" % (
            epsg, geo, _angles(sza), _angles(saa), _angles(vza), _angles(vaa), cloud_pct))


def write_safe(folder: str, size: int = 5490, date: str = "2023-07-14", seed: int = 0,
               cloud_fraction: float = 0.1, spacecraft: str = "Sentinel-2A") -> str:
    """Write the product into `folder`; returns the .SAFE path."""
    day = datetime.date.fromisoformat(date)
    stamp = day.strftime("%Y%m%dT103031")
    safe = Path(folder) / ("S2%s_MSIL2A_%s_N0400_R108_T17TNJ_%s.SAFE" % (spacecraft[-1], stamp, stamp))
    granule = "GRANULE/L2A_T17TNJ_A000001_%s" % stamp
    img = safe / granule / "IMG_DATA" / "R20m"
    img.mkdir(parents=True, exist_ok=True)
    f = vegetation_fraction(size, 7)             # the same fields every date; noise and clouds differ
    cloud = clouds(size, seed, cloud_fraction)
    rng = np.random.default_rng(seed)
    files = []
    for i, band in enumerate(BANDS):
        rho = SOIL[i] + (VEG[i] - SOIL[i]) * f + rng.normal(0, 0.004, f.shape).astype(np.float32)
        rho[cloud] = CLOUD + 0.02 * i
        dn = np.clip(np.round(rho * 10000 + 1000), 1, 65535).astype(np.uint16)
        dn[:, :3] = 0                               # a no-data edge, as at a swath border
        rel = "%s/IMG_DATA/R20m/T17TNJ_%s_%s_20m" % (granule, stamp, band)
        _write_jp2(str(safe / (rel + ".jp2")), dn)
        files.append(rel)
        del rho, dn
    scl = np.where(f > 0.3, 4, 5).astype(np.uint8)
    scl[cloud] = np.where(rng.uniform(0, 1, cloud.sum()) < 0.5, 8, 9)
    scl[:, :3] = 0
    rel = "%s/IMG_DATA/R20m/T17TNJ_%s_SCL_20m" % (granule, stamp)
    _write_jp2(str(safe / (rel + ".jp2")), scl)
    files.append(rel)
    cloud_pct = 100.0 * cloud.mean()

    nodes = np.arange(23, dtype=float)
    j, i = np.meshgrid(nodes, nodes)
    doy = day.timetuple().tm_yday
    angles = {"SZA": 30.0 + 15.0 * abs(doy - 172) / 182 + 0.08 * i, "SAA": 155.0 + 0.1 * j,
              "VZA": 2.0 + 0.35 * j, "VAA": np.where(j < 11, 100.0, 285.0)}
    _write_metadata(safe, granule, files, date, spacecraft, cloud_pct, (size, size), angles)
    return str(safe)



def write_safe_arrays(folder: str, date: str, reflectance: dict, scl: np.ndarray, angles: dict,
                      spacecraft: str = "Sentinel-2A", tile: str = "T17TNJ", orbit: int = 108, epsg: int = EPSG,
                      ulx: float = ULX, uly: float = ULY, time: str = "10:30:31.024") -> str:
    """A product from given arrays: `reflectance` {band of BANDS: float surface reflectance, NaN = no data},
    `scl` the scene classification (uint8), `angles` the MTD_TL grids (see angle_grid); the cloud
    percentage is SCL 8, 9 and 10 over the tile; `time` (UTC, hh:mm:ss.sss) is the sensing time. Written as
    write_safe does; returns the .SAFE path."""
    day = datetime.date.fromisoformat(date)
    stamp = day.strftime("%Y%m%dT") + time[:8].replace(":", "")
    safe = Path(folder) / ("S2%s_MSIL2A_%s_N0400_R%03d_%s_%s.SAFE" % (spacecraft[-1], stamp, orbit, tile, stamp))
    granule = "GRANULE/L2A_%s_A000001_%s" % (tile, stamp)
    (safe / granule / "IMG_DATA" / "R20m").mkdir(parents=True, exist_ok=True)
    files = []
    for band in BANDS:
        rho = np.asarray(reflectance[band], dtype=np.float64)
        dn = np.clip(np.round(np.nan_to_num(rho, nan=-1.0) * 10000 + 1000), 1, 65535).astype(np.uint16)
        dn[np.isnan(rho)] = 0
        rel = "%s/IMG_DATA/R20m/%s_%s_%s_20m" % (granule, tile, stamp, band)
        _write_jp2(str(safe / (rel + ".jp2")), dn, epsg, ulx, uly)
        files.append(rel)
    rel = "%s/IMG_DATA/R20m/%s_%s_SCL_20m" % (granule, tile, stamp)
    _write_jp2(str(safe / (rel + ".jp2")), np.asarray(scl, dtype=np.uint8), epsg, ulx, uly)
    files.append(rel)
    cloud_pct = 100.0 * float(np.isin(scl, (8, 9, 10)).mean())
    _write_metadata(safe, granule, files, date, spacecraft, cloud_pct, scl.shape, angles, epsg, ulx, uly, time)
    return str(safe)

if __name__ == "__main__":
    import argparse
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("folder")
    p.add_argument("--size", type=int, default=5490)
    p.add_argument("--date", default="2023-07-14")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    print(write_safe(a.folder, a.size, a.date, a.seed))
