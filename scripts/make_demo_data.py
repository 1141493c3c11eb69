# SPDX-License-Identifier: GPL-2.0-or-later
"""Make the sample of `make demo` (demo/data/): a synthetic landscape with known truth, seen by Sentinel-2 on
three dates and written as real L2A SAFE products, simulated with this project's PROSAIL pipeline.

The landscape (150 x 150 pixels of 20 m, 3 km x 3 km in UTM 18N south of Ottawa) is a Voronoi partition into
parcels of six kinds (maize, soybean, wheat, hay, deciduous forest, bare soil) and a pond. Each parcel has
its own PROSAIL parameters and an LAI per date following its crop's season; inside a parcel LAI varies
smoothly (a fertility pattern shared by the dates). Every land pixel is simulated on its own:
PROSPECT-5 + 4SAIL through `leaf_qgis.training.simulate` (the same code that makes the training database
of the bundled networks), at the sun and view angles the reader interpolates from the product's own angle
grids, integrated over the S2A or S2B MSI band responses in models/responses/. The truth LAI / fAPAR /
fCOVER are the simulation's own variables (docs/training.md). Sensor-like noise is added with the pipeline's
noise formula (smaller than the training noise), the July date has a cloud with its shadow (SCL 8/9, 3).

Written: three SAFE folders in products/ (nine lossless JPEG 2000 bands + SCL, MTD_MSIL2A.xml baseline 04.00,
MTD_TL.xml), truth_<date>.tif (LAI, fAPAR, fCOVER; Float32, NaN on water), parcels.tif (parcel number),
parcels.csv (each parcel's kind and parameters), points.geojson (one point inside a parcel of each kind)
and landscape.json (dates, angles, noise, seed). Seeded: the same numbers on every run. Build time needs the
`prosail` package of `make setup` (requirements-dev.txt); `make demo` does not.

    .venv/bin/python scripts/make_demo_data.py [--out demo/data] [--jobs 2]
"""

import argparse
import csv
import datetime
import importlib.metadata
import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from synthetic_safe import BANDS, angle_grid, write_safe_arrays  # noqa: E402

from leaf_qgis.engine.sentinel2 import interpolate, read_tile_metadata  # noqa: E402
from leaf_qgis.engine.solar import sun_position  # noqa: E402
from leaf_qgis.training import simulate  # noqa: E402
from leaf_qgis.training.calibration import NoiseModel  # noqa: E402
from leaf_qgis.training.responses import integration_matrix, read_table  # noqa: E402
from leaf_qgis.training.simulate import CAROTENOID_PER_CHLOROPHYLL, _run_chunk, add_noise, stream, water_content  # noqa: E402

SEED = 2024
SIZE = 150                       # pixels of 20 m
EPSG, ULX, ULY = 32618, 452000.0, 5012000.0
TILE = "T18TVR"
# date, spacecraft, relative orbit, sensing time (UTC, about 10:30 local solar time), view zenith at the tile's
# corner and its change per 5 km node eastwards, view azimuth
DATES = [("2023-06-08", "Sentinel-2A", 111, "15:53:51", 4.0, 0.35, 104.0),
         ("2023-07-10", "Sentinel-2B", 68, "15:43:29", 8.5, -0.35, 287.0),
         ("2023-08-17", "Sentinel-2A", 111, "15:53:51", 4.0, 0.35, 104.0)]
CLOUDY_DATE = 1                  # index in DATES with a cloud and its shadow

# kind -> (LAI per date, mean leaf angle, chlorophyll per date (ug/cm2), brown pigments per date, hot spot)
KINDS = {
    "maize":      ((0.6, 3.0, 4.6), 57.0, (45.0, 55.0, 50.0), (0.0, 0.0, 0.1), 0.15),
    "soybean":    ((0.3, 2.2, 4.0), 45.0, (40.0, 48.0, 45.0), (0.0, 0.0, 0.0), 0.15),
    "wheat":      ((2.8, 3.6, 0.9), 63.0, (50.0, 40.0, 25.0), (0.0, 0.2, 1.0), 0.10),
    "hay":        ((2.2, 0.7, 2.0), 60.0, (42.0, 35.0, 40.0), (0.0, 0.3, 0.1), 0.10),
    "forest":     ((4.2, 5.0, 4.9), 52.0, (42.0, 50.0, 46.0), (0.0, 0.0, 0.0), 0.40),
    "bare soil":  ((0.0, 0.0, 0.0), 50.0, (40.0, 40.0, 40.0), (0.0, 0.0, 0.0), 0.10),
}
PARCEL_KINDS = (["maize"] * 6 + ["soybean"] * 5 + ["wheat"] * 4 + ["hay"] * 4 + ["forest"] * 3
                + ["bare soil"] * 3)
# sensor-like noise on the products, with the pipeline's formula (simulate.add_noise): additive 0.003 per band
# and 0.002 shared, multiplicative 1.5 % per band and 1 % shared (the training used 0.01/0.01/2 %/2 %)
NOISE = NoiseModel([0.003] * len(BANDS), 0.002, [1.5] * len(BANDS), 1.0)
WATER = np.array([0.045, 0.055, 0.035, 0.030, 0.020, 0.018, 0.015, 0.008, 0.006])   # B02 ... B12
CLOUD = np.array([0.46, 0.45, 0.46, 0.47, 0.49, 0.50, 0.51, 0.36, 0.27])
RESPONSE_BANDS = {"B02": "B2", "B03": "B3", "B04": "B4", "B05": "B5", "B06": "B6", "B07": "B7", "B8A": "B8A",
                  "B11": "B11", "B12": "B12"}


def smooth_field(shape, rng, scale_px: float) -> np.ndarray:
    """Zero-mean, unit-variance random field smoothed over about `scale_px` pixels."""
    from scipy.ndimage import gaussian_filter
    f = gaussian_filter(rng.standard_normal(shape), scale_px, mode="reflect")
    return (f - f.mean()) / f.std()


def landscape(rng):
    """(parcel number per pixel, list of parcel dicts); parcel 0 is the pond."""
    n = len(PARCEL_KINDS)
    seeds = rng.uniform(0, SIZE, (n, 2))
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    # slightly anisotropic distances give elongated fields, as in a survey of long lots
    d = ((yy[None] - seeds[:, 0, None, None]) * 1.4) ** 2 + (xx[None] - seeds[:, 1, None, None]) ** 2
    parcel = np.argmin(d, axis=0).astype(np.uint8) + 1
    pond = (yy - 118.0) ** 2 + (xx - 22.0) ** 2 < 7.5 ** 2
    parcel[pond] = 0
    kinds = list(PARCEL_KINDS)
    rng.shuffle(kinds)
    parcels = [{"id": 0, "kind": "water"}]
    for k, kind in enumerate(kinds, start=1):
        lai, ala, cab, cbp, hsd = KINDS[kind]
        factor = rng.uniform(0.8, 1.15)
        parcels.append({
            "id": k, "kind": kind,
            "LAI": [round(v * factor, 3) for v in lai],
            "ALA": round(ala + rng.uniform(-4, 4), 2),
            "Cab": [round(c * rng.uniform(0.9, 1.1), 2) for c in cab],
            "Cbp": list(cbp),
            "HsD": round(hsd * rng.uniform(0.8, 1.2), 3),
            "N": round(rng.uniform(1.4, 1.9), 3),
            "Cdm": round(rng.uniform(0.0035, 0.0075), 5),
            "Cw_Rel": round(rng.uniform(0.65, 0.8), 3),
            "Bs": round(rng.uniform(0.7, 1.5) if kind != "bare soil" else rng.uniform(0.9, 1.8), 3),
        })
    return parcel, parcels


def node_lonlat():
    """Longitude and latitude of the 23 x 23 angle-grid nodes (5 km from the tile's upper-left corner)."""
    utm, wgs = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(EPSG)
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(utm, wgs)
    j, i = np.meshgrid(np.arange(23.0), np.arange(23.0))
    pts = tr.TransformPoints(list(zip((ULX + 5000 * j).ravel(), (ULY - 5000 * i).ravel())))
    lon = np.array([p[0] for p in pts]).reshape(j.shape)
    lat = np.array([p[1] for p in pts]).reshape(j.shape)
    return lon, lat


def angle_grids(date: str, time: str, vza0: float, dvza: float, vaa: float) -> dict:
    """Sun angles from the NOAA equations at each node and time; view angles varying across track."""
    when = datetime.datetime.fromisoformat("%sT%s" % (date, time))
    lon, lat = node_lonlat()
    sza, saa = sun_position(when, lon, lat)
    return angle_grid(SZA=lambda j, i: sza, SAA=lambda j, i: saa,
                      VZA=lambda j, i: np.clip(vza0 + dvza * j, 0.5, 12.0), VAA=vaa)


def pixel_angles(safe: str) -> dict:
    """The angles the engine reads for each pixel centre, from the product's own MTD_TL.xml."""
    mtd = next(Path(safe).glob("GRANULE/*/MTD_TL.xml"))
    tile = read_tile_metadata(str(mtd))
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    x, y = ULX + 20.0 * xx, ULY - 20.0 * yy
    return {k: interpolate(tile.angles[k], x, y) for k in ("SZA", "VZA", "SAA", "VAA")}


def simulate_date(t: int, parcel, parcels, fertility, chl_field, angles, spacecraft, jobs: int):
    """Band reflectance (noise-free) and LAI / fAPAR / fCOVER of every land pixel of date t."""
    land = parcel > 0
    idx = parcel[land].astype(int)
    table = {k: np.array([p.get(k) if not isinstance(p.get(k), list) else p[k][t] for p in parcels[1:]],
                         dtype=float) for k in ("LAI", "ALA", "Cab", "Cbp", "HsD", "N", "Cdm", "Cw_Rel", "Bs")}
    per = {k: v[idx - 1] for k, v in table.items()}
    lai = per["LAI"] * np.exp(0.15 * fertility[land])          # within-parcel variation, same pattern every date
    lai[per["LAI"] == 0] = 0.0
    cab = per["Cab"] * (1.0 + 0.06 * chl_field[land])
    raa = np.abs(angles["SAA"] - angles["VAA"])[land]
    raa = np.where(raa > 180.0, 360.0 - raa, raa)
    params = {"LAI": lai, "ALA": per["ALA"], "HsD": per["HsD"], "N": per["N"], "Cab": cab,
              "Car": CAROTENOID_PER_CHLOROPHYLL * cab, "Cdm": per["Cdm"],
              "Cw": water_content(per["Cdm"], per["Cw_Rel"]), "Cbp": per["Cbp"], "Bs": per["Bs"],
              "SZA": angles["SZA"][land], "VZA": angles["VZA"][land], "RAA": raa}
    params["SZA_RT"] = params["SZA"]        # the sun of the radiative transfer: the observation's (simulate.design)
    inst = "S2A_MSI" if spacecraft.endswith("A") else "S2B_MSI"
    resp = read_table(str(REPO / "models" / "responses" / (inst + ".csv")))
    matrices = {inst: integration_matrix([resp[RESPONSE_BANDS[b]] for b in BANDS])}
    n = lai.size
    chunks = [(a, min(a + 2048, n)) for a in range(0, n, 2048)]
    tasks = [({k: v[a:b] for k, v in params.items()}, matrices) for a, b in chunks]
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(_run_chunk, tasks))
    else:
        results = [_run_chunk(task) for task in tasks]
    bands = np.concatenate([r[0][inst] for r in results])
    fapar = np.concatenate([r[1] for r in results])
    fcover = np.concatenate([r[2] for r in results])
    return land, bands, {"LAI": lai, "fAPAR": fapar, "fCOVER": fcover}


def write_gtiff(path: str, arrays, names, dtype=gdal.GDT_Float32, nodata=None):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    options = ["COMPRESS=DEFLATE", "PREDICTOR=%d" % (3 if dtype == gdal.GDT_Float32 else 2), "ZLEVEL=9"]
    ds = gdal.GetDriverByName("GTiff").Create(path, SIZE, SIZE, len(arrays), dtype, options)
    ds.SetGeoTransform((ULX, 20.0, 0.0, ULY, 0.0, -20.0))
    ds.SetProjection(srs.ExportToWkt())
    for k, (a, name) in enumerate(zip(arrays, names), start=1):
        b = ds.GetRasterBand(k)
        b.SetDescription(name)
        if nodata is not None:
            b.SetNoDataValue(nodata)
        b.WriteArray(a)
    ds = None


def points(parcel, parcels):
    """One point per kind (not water): the pixel of the first such parcel farthest from its border."""
    from scipy.ndimage import distance_transform_edt
    feats, seen = [], set()
    for p in parcels[1:]:
        if p["kind"] in seen:
            continue
        inside = parcel == p["id"]
        dist = distance_transform_edt(np.pad(inside, 1))[1:-1, 1:-1]
        r, c = np.unravel_index(np.argmax(dist), dist.shape)
        if dist[r, c] < 4:
            continue
        seen.add(p["kind"])
        x, y = ULX + 20.0 * (c + 0.5), ULY - 20.0 * (r + 0.5)
        feats.append({"type": "Feature", "properties": {"name": "%s_%d" % (p["kind"].replace(" ", "_"), p["id"]),
                                                          "kind": p["kind"], "parcel": p["id"]},
                      "geometry": {"type": "Point", "coordinates": [x, y]}})
    return {"type": "FeatureCollection", "name": "points",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::%d" % EPSG}}, "features": feats}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "demo" / "data"))
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    out = Path(a.out)
    if out.exists():
        for p in out.iterdir():
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    out.mkdir(parents=True, exist_ok=True)
    rng = stream(SEED, "landscape")
    parcel, parcels = landscape(rng)
    fertility = smooth_field((SIZE, SIZE), stream(SEED, "fertility"), 6.0)
    chl_field = smooth_field((SIZE, SIZE), stream(SEED, "chlorophyll"), 10.0)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    info = {"seed": SEED, "size": SIZE, "prosail": importlib.metadata.version("prosail"),
            # the truth's fAPAR is the pipeline's `variables["fAPAR"]`: the black-sky PAR absorptance for a sun at
            # this zenith angle (None: the observation's sun)
            "fapar_sun_zenith_deg": getattr(simulate, "FAPAR_SUN_ZENITH", None), "pixel_m": 20, "epsg": EPSG, "ulx": ULX, "uly": ULY, "tile": TILE,
            "noise": {"additive_dependent": NOISE.additive_dependent[0],
                      "additive_independent": NOISE.additive_independent,
                      "multiplicative_dependent_percent": NOISE.multiplicative_dependent[0],
                      "multiplicative_independent_percent": NOISE.multiplicative_independent},
            "dates": []}
    for t, (date, spacecraft, orbit, time, vza0, dvza, vaa) in enumerate(DATES):
        grids = angle_grids(date, time, vza0, dvza, vaa)
        # write a product with placeholder bands first so that the angles come from the reader itself
        tmp = out / ".angles"
        safe = write_safe_arrays(str(tmp), date, {b: np.zeros((2, 2)) for b in BANDS}, np.zeros((2, 2), np.uint8),
                                 grids, spacecraft, TILE, orbit, EPSG, ULX, ULY, time + ".024")
        angles = pixel_angles(safe)
        shutil.rmtree(tmp)
        land, clean, truth = simulate_date(t, parcel, parcels, fertility, chl_field, angles, spacecraft, a.jobs)
        noisy = add_noise(clean, NOISE, stream(SEED, "noise", date))
        rho = np.empty((len(BANDS), SIZE, SIZE))
        for k in range(len(BANDS)):
            rho[k][land] = noisy[:, k]
            rho[k][~land] = WATER[k] + stream(SEED, "water", date, k).normal(0, 0.002, (~land).sum())
        scl = np.where(parcel == 0, 6, 4).astype(np.uint8)
        lai_map = np.full((SIZE, SIZE), np.nan)
        lai_map[land] = truth["LAI"]
        scl[land & (lai_map < 0.3)] = 5                        # bare or nearly bare: "not vegetated"
        cloud_pct = 0.0
        if t == CLOUDY_DATE:
            cy, cx, r = 40.0, 100.0, 16.0
            d = np.sqrt((yy - cy) ** 2 + ((xx - cx) * 1.2) ** 2) / r
            alpha = np.clip(1.6 - d, 0.0, 1.0)                  # opaque core, thinning edge
            shadow = np.sqrt((yy - cy - 14) ** 2 + ((xx - cx + 18) * 1.2) ** 2) / r < 1.0
            shadow &= alpha == 0
            rho[:, shadow] *= 0.35
            rho = rho * (1 - alpha) + CLOUD[:, None, None] * alpha
            scl[shadow] = 3
            scl[alpha > 0] = 8
            scl[alpha > 0.6] = 9
            cloud_pct = 100.0 * float((alpha > 0).mean())
        write_safe_arrays(str(out / "products"), date, {b: rho[k] for k, b in enumerate(BANDS)}, scl, grids,
                          spacecraft, TILE, orbit, EPSG, ULX, ULY, time + ".024")
        maps = []
        for v in ("LAI", "fAPAR", "fCOVER"):
            m = np.full((SIZE, SIZE), np.nan, dtype=np.float32)
            m[land] = truth[v]
            maps.append(m)
        write_gtiff(str(out / ("truth_%s.tif" % date.replace("-", ""))), maps, ["LAI", "fAPAR", "fCOVER"],
                    nodata=float("nan"))
        info["dates"].append({"date": date, "spacecraft": spacecraft, "relative_orbit": orbit, "time_utc": time,
                              "cloud_percent": round(cloud_pct, 2),
                              "angles_mean": {k: round(float(np.mean(v)), 2) for k, v in angles.items()},
                              "truth_mean": {v: round(float(np.mean(truth[v])), 3) for v in truth}})
        print("%s %s: SZA %.1f VZA %.1f, mean LAI %.2f, cloud %.1f %%" % (
            date, spacecraft, np.mean(angles["SZA"]), np.mean(angles["VZA"]), np.mean(truth["LAI"]), cloud_pct))
    write_gtiff(str(out / "parcels.tif"), [parcel], ["PARCEL"], gdal.GDT_Byte)
    with open(out / "parcels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "kind", "LAI_1", "LAI_2", "LAI_3", "ALA", "Cab_1", "Cab_2", "Cab_3", "Cbp_1", "Cbp_2",
                    "Cbp_3", "HsD", "N", "Cdm", "Cw_Rel", "Bs", "pixels"])
        for p in parcels[1:]:
            w.writerow([p["id"], p["kind"]] + p["LAI"] + [p["ALA"]] + p["Cab"] + p["Cbp"]
                       + [p["HsD"], p["N"], p["Cdm"], p["Cw_Rel"], p["Bs"], int((parcel == p["id"]).sum())])
    with open(out / "points.geojson", "w", encoding="utf-8") as f:
        json.dump(points(parcel, parcels), f, indent=1)
        f.write("\n")
    info["pond_pixels"] = int((parcel == 0).sum())
    with open(out / "landscape.json", "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, x)) for d, _, fs in os.walk(out) for x in fs)
    print("demo data in %s: %.2f MB" % (out, total / 1e6))


if __name__ == "__main__":
    main()
