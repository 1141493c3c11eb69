"""Read a NASA HLS v2.0 granule (S30 or L30) as a scene: one COG per band, as LP DAAC distributes them.

A granule is a set of files named `HLS.<L30|S30>.T<tile>.<YYYYDDD>T<HHMMSS>.v2.0.<band>.tif`, e.g.
`HLS.L30.T17SLU.2020117T160604.v2.0.B04.tif`. Facts of the HLS v2.0 user guide used here:

* reflectance bands (L30 B01..B07, B09; S30 B01..B12, B8A) are int16 surface (B09/B10 cirrus: TOA)
  reflectance x 10000, fill -9999; the files carry `scale_factor` 0.0001 / `add_offset` 0 (and usually the
  GDAL scale), which this reader applies (L30 B10/B11 are thermal brightness temperatures: left out);
* SZA, SAA, VZA, VAA are uint16 degrees x 100 (scale 0.01), fill 40000, per pixel on the 30 m grid;
* Fmask is uint8, fill 255, bits 0 cirrus, 1 cloud, 2 adjacent to cloud/shadow, 3 cloud shadow, 4 snow/ice,
  5 water, 6-7 aerosol level. MASK = 1 where the chosen bits (default 0..5, as the LEAF toolbox, spec §5.1)
  are all 0.

Bands get the plugin's names (B03 -> B3, B8A stays), the sensor tag is HLS_L30 or HLS_S30 and the date
comes from the granule name (year + day of year).
"""

import datetime
import glob
import os
import re
from typing import Dict, Iterable, Mapping, Optional, Tuple, Union

from .errors import LeafError
from .grid import Grid
from .stac import AssetBand, AssetScene, gdal_options, gdal_path, remote_options
from .stack import canonical_band_name, open_raster

HLS_NAME = re.compile(r"^HLS\.(L30|S30)\.T(\d{2}[A-Z]{3})\.(\d{4})(\d{3})T(\d{6})\.v(\d+\.\d+)\.([A-Za-z0-9]+)\.tiff?$")
REFLECTANCE = {"L30": ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B09"),
               "S30": ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12")}
REQUIRED = {"L30": ("B3", "B4", "B5", "B6", "B7"),  # HLS_SL2P algorithms
            "S30": ("B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12")}  # S2 20 m algorithms
ANGLES = ("SZA", "SAA", "VZA", "VAA")
DEFAULT_FMASK_BITS = (0, 1, 2, 3, 4, 5)
REFLECTANCE_SCALE, REFLECTANCE_FILL = 0.0001, -9999.0
ANGLE_SCALE, ANGLE_FILL = 0.01, 40000.0
FMASK_FILL = 255.0

HLSScene = AssetScene  # the scene an HLS granule opens as (the Stack reading interface)


def granule_date(name: str) -> str:
    """'2020117' (year, day of year) -> '2020-04-26'."""
    year, doy = int(name[:4]), int(name[4:7])
    return (datetime.date(year, 1, 1) + datetime.timedelta(days=doy - 1)).isoformat()


def _parse(path: str):
    """(granule id, product L30/S30, date, band) of an HLS v2.0 file name, or None."""
    base = os.path.basename(path.split("?")[0])
    m = HLS_NAME.match(base)
    if not m:
        return None
    return base[:base.rfind("." + m.group(7) + ".")], m.group(1), granule_date(m.group(3) + m.group(4)), m.group(7)


def _files(source) -> Tuple[str, Dict[str, str]]:
    """(description of the granule, {HLS band name: GDAL path}) from a folder, one of its files or asset hrefs."""
    if isinstance(source, Mapping):
        hrefs = [getattr(v, "href", None) or (v.get("href") if isinstance(v, Mapping) else v) for v in source.values()]
        hrefs = [gdal_path(str(h)) for h in hrefs if h]
        where = "the given assets"
    else:
        source = os.fspath(source)
        if os.path.isdir(source):  # the granule's folder, or a folder above it (one download per folder)
            hrefs = sorted(glob.glob(os.path.join(glob.escape(source), "**", "HLS.*"), recursive=True))
            where = source
        elif os.path.isfile(source):
            if _parse(source) is None:
                raise LeafError("The file %s is not named like an HLS v2.0 granule file "
                                "(HLS.L30.T17SLU.2020117T160604.v2.0.B04.tif)." % source)
            folder = os.path.dirname(os.path.abspath(source))
            gid = _parse(source)[0]
            hrefs = [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.startswith(gid + ".")]
            where = source
        else:
            raise LeafError("The HLS granule %s does not exist." % source)
    parsed = [(h, _parse(h)) for h in hrefs]
    granules = sorted({p[0] for _, p in parsed if p})
    if not granules:
        raise LeafError("No file in %s is named like an HLS v2.0 granule file "
                        "(HLS.L30.T17SLU.2020117T160604.v2.0.B04.tif)." % where)
    if len(granules) > 1:
        raise LeafError("Several HLS granules are in %s (%s); choose one of their files." % (where, ", ".join(granules)))
    return granules[0], {p[3]: h for h, p in parsed if p}


def _scaling(path: str, default_scale: float, default_fill: float) -> Tuple[float, float, Optional[float]]:
    """(scale, offset, fill) of a granule file: the GDAL scale/offset/nodata, else its scale_factor /
    add_offset / _FillValue metadata, else the HLS v2.0 defaults. Opening also proves the file readable."""
    with gdal_options(remote_options(path)):
        ds = open_raster(path)
    band = ds.GetRasterBand(1)
    md = dict(ds.GetMetadata() or {}, **(band.GetMetadata() or {}))

    def number(value, default):
        try:
            return float(value) if value is not None else default
        except (TypeError, ValueError):
            return default
    scale = band.GetScale()
    scale = scale if scale not in (None, 1.0) else number(md.get("scale_factor"), default_scale)
    offset = band.GetOffset()
    offset = offset if offset not in (None, 0.0) else number(md.get("add_offset"), 0.0)
    fill = band.GetNoDataValue()
    fill = fill if fill is not None else number(md.get("_FillValue"), default_fill)
    return scale, offset, fill


def open_hls(path_or_item_assets: Union[str, os.PathLike, Mapping], grid: Optional[Grid] = None,
             mask_bits: Optional[Iterable[int]] = DEFAULT_FMASK_BITS, bands: Optional[Iterable[str]] = None,
             resampling: Optional[str] = None) -> AssetScene:
    """Open an HLS v2.0 granule for windowed reading.

    `path_or_item_assets` is the granule's folder, any one of its files, or a mapping of asset hrefs
    (e.g. the assets of a CMR-STAC HLS item; http(s) hrefs are read through /vsicurl/). `mask_bits` are
    the Fmask bits that make a pixel invalid (None or empty: no MASK band). `bands` are the reflectance
    bands that must be present (plugin names; default: those the L30 / S30 algorithms need); other
    reflectance bands present are included too. `grid` warps every band onto another grid (default:
    the granule's 30 m grid). Every file is opened now, so a missing or unreadable one fails here.
    """
    granule, files = _files(path_or_item_assets)
    product, stamp = granule.split(".")[1], granule.split(".")[3]
    date = granule_date(stamp[:7])
    mask_bits = tuple(mask_bits or ())
    needed = [canonical_band_name(b) for b in (bands if bands is not None else REQUIRED[product])]
    folder = os.path.dirname(next(iter(files.values())))

    def missing(what):
        return LeafError("The HLS granule %s has no %s file (expected %s)." % (
            granule, what, os.path.join(folder, "%s.%s.tif" % (granule, what))))

    out: Dict[str, AssetBand] = {}
    for hls_name in REFLECTANCE[product]:
        if hls_name in files:
            scale, offset, fill = _scaling(files[hls_name], REFLECTANCE_SCALE, REFLECTANCE_FILL)
            out[canonical_band_name(hls_name)] = AssetBand(files[hls_name], scale, offset, fill, resampling or "average")
    for name in needed:
        if name not in out:
            raise missing("B%02d" % int(name[1:]) if name[1:].isdigit() else name)
    for name in ANGLES:
        if name not in files:
            raise missing(name)
        scale, offset, fill = _scaling(files[name], ANGLE_SCALE, ANGLE_FILL)
        out[name] = AssetBand(files[name], scale, offset, fill, "bilinear")
    if mask_bits:
        if "Fmask" not in files:
            raise missing("Fmask")
        fill = _scaling(files["Fmask"], 1.0, FMASK_FILL)[2]
        out["MASK"] = AssetBand(files["Fmask"], nodata=fill, clear_bits=sum(1 << int(b) for b in mask_bits))
    reference = needed[0] if needed else next(iter(out))
    metadata = {"HLS_GRANULE": granule, "HLS_FMASK_BITS": ",".join(str(b) for b in mask_bits)}
    scene = AssetScene(os.path.join(folder, granule), out, "HLS_" + product, date, grid, reference, metadata,
                       eager=True)
    scene.acquired = datetime.datetime.strptime(stamp[:14], "%Y%jT%H%M%S")
    scene.cloud_cover = _cloud_cover(files.get("Fmask") or files[next(iter(files))])
    return scene


def _cloud_cover(path: str) -> Optional[float]:
    """The granule's cloud_coverage metadata item (%), None when absent (HLS v2.0 writes it in every file)."""
    with gdal_options(remote_options(path)):
        md = open_raster(path).GetMetadata() or {}
    value = {k.lower(): v for k, v in md.items()}.get("cloud_coverage")
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None
