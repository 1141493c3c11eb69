"""The calibration database: PROSAIL (PROSPECT-5 + 4SAIL, `prosail` package) simulations of canopies
sampled as in the SL2P recipe, band reflectances of one or several instruments, the biophysical variables
of each canopy, and the sensor noise added to the network inputs.

Sampling (Weiss & Baret 2016, SL2PD): each input has a law on [lower, upper] split into `classes`
equiprobable classes; with the calibration's number of simulations every combination of classes occurs
once (full orthogonal plan), otherwise each class of each input occurs equally often in a random order.
Within its class a value is drawn at a uniform random quantile. Every input but LAI is then mapped
linearly from its LAI = 0 bounds onto its bounds at the simulation's LAI (co-distribution, see
`codistribute`). Sun and view angles are drawn uniformly over the sensor's ranges.

prosail and numba are imported only when simulating; the formulas below are plain numpy.
"""

import zlib
from dataclasses import dataclass, field
from typing import Dict, Optional, Sequence, Tuple

import numpy as np

from .calibration import Calibration, Distribution, NoiseModel
from .responses import WAVELENGTHS, integration_matrix

PAR = (400, 700)          # nm, photosynthetically active radiation
SHORTWAVE = (400, 2500)   # nm, the spectral range of the albedo (PROSAIL's range)
# Soil: the package's dry and wet soil spectra mixed 1:3 make the reference soil; the calibration's
# brightness Bs scales it (Bs 0.5-3.5 gives red reflectance 0.05-0.38, NIR 0.08-0.55).
SOIL_DRY_FRACTION = 0.25
CAROTENOID_PER_CHLOROPHYLL = 0.25   # Car = Cab / 4 (the calibration tables do not sample carotenoids)
PROSPECT_VERSION = "5"
OUTPUT_VARIABLES = ("LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo")
# fAPAR: the published SL2P V0 "weiss" networks (S2 20 m, Landsat, HLS) behave like the black-sky absorptance of
# a sun at the zenith (docs/training.md, "Calibration decisions"); the CCRS S2 10 m network like the absorptance
# of the observation's sun. `variables["fAPAR"]` is the first, `variables[FAPAR_OBSERVATION_SUN]` the second.
FAPAR_SUN_ZENITH = 0.0
FAPAR_OBSERVATION_SUN = "fAPAR_observation_sun"


@dataclass(frozen=True)
class Geometry:
    """Ranges (degrees) of the sun zenith, view zenith and relative azimuth angles, drawn uniformly."""

    sza: Tuple[float, float]
    vza: Tuple[float, float]
    raa: Tuple[float, float] = (0.0, 180.0)
    # If set, the canopy is simulated with the sun at this zenith angle while the network's cosSZA input is
    # still drawn over `sza` (the published SL2P V0 networks ignore cosSZA: docs/training.md, "Calibration
    # decisions"). None: the simulated sun is the input's sun.
    spectra_sza: Optional[float] = None


# spec sl2p.md §1.8: the published networks cover SZA 21-70 deg, VZA <= 17 deg (S2) and <= 8.3 deg (Landsat).
# The published V0 networks ignore their cosSZA input (their outputs change by < 0.003 in fAPAR/fCOVER between
# SZA 21 and 70 deg), so their training spectra were not simulated at the input's sun: ours are simulated with
# the sun at SPECTRA_SZA (the zenith angle of the 10:00 solar-time sun where the sun passes overhead, 27.5-30
# deg; chosen by the agreement of the published networks with our simulations, docs/training.md).
SPECTRA_SZA = 30.0
S2_GEOMETRY = Geometry((21.0, 70.0), (0.0, 17.0), spectra_sza=SPECTRA_SZA)
LANDSAT_GEOMETRY = Geometry((22.0, 70.0), (0.0, 8.5), spectra_sza=SPECTRA_SZA)


@dataclass
class Simulation:
    """Canopy inputs, angles, noise-free band reflectances per instrument and the variables, one row per canopy."""

    params: Dict[str, np.ndarray]                 # LAI, ALA, HsD, N, Cab, Car, Cdm, Cw, Cbp, Bs, SZA, VZA, RAA
    reflectance: Dict[str, Dict[str, np.ndarray]]  # instrument -> band -> reflectance
    variables: Dict[str, np.ndarray]              # OUTPUT_VARIABLES
    info: Dict[str, object] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return int(self.params["LAI"].size)


def stream(seed: int, *labels) -> np.random.Generator:
    """An independent random stream for (seed, labels): the same labels always give the same numbers."""
    words = [int(seed)] + [zlib.crc32(str(x).encode("utf-8")) for x in labels]
    return np.random.default_rng(np.random.SeedSequence(words))


# --------------------------------------------------------------------------------------------
# Sampling
# --------------------------------------------------------------------------------------------

def quantile(d: Distribution, u: np.ndarray) -> np.ndarray:
    """Value at probability u of the law of `d` on [lower, upper] (normal laws are truncated there)."""
    u = np.asarray(u, dtype=np.float64)
    if d.law == "uniform" or d.p2 <= 0:
        return d.lower + u * (d.upper - d.lower)
    from scipy.special import ndtr, ndtri
    a, b = ndtr((d.lower - d.p1) / d.p2), ndtr((d.upper - d.p1) / d.p2)
    return np.clip(d.p1 + d.p2 * ndtri(a + u * (b - a)), d.lower, d.upper)


def class_plan(classes: Sequence[int], n: int, rng: np.random.Generator) -> np.ndarray:
    """[n, n_vars] class index of each variable: the full factorial plan (shuffled) when n is its size,
    else every class of every variable equally often (up to one) in an independent random order."""
    total = int(np.prod(classes))
    if n == total:
        grids = np.meshgrid(*[np.arange(k) for k in classes], indexing="ij")
        plan = np.stack([g.ravel() for g in grids], axis=1)
        return plan[rng.permutation(n)]
    cols = []
    for k in classes:
        col = np.tile(np.arange(k), n // k + 1)[:n]
        cols.append(col[rng.permutation(n)])
    return np.stack(cols, axis=1)


def codistribute(d: Distribution, value: np.ndarray, lai: np.ndarray) -> np.ndarray:
    """Map a value drawn on the LAI = 0 bounds [min_at_0, max_at_0] linearly onto the bounds at this LAI,
    which move linearly from the LAI = 0 bounds to the LAI_Conv bounds (SL2PD's co-distribution)."""
    lo, hi = d.bounds_at(lai)
    span0 = d.max_at_0 - d.min_at_0
    if span0 <= 0:
        return np.asarray(value, dtype=np.float64)
    return lo + (np.asarray(value) - d.min_at_0) * (hi - lo) / span0


def design(cal: Calibration, geometry: Geometry, n: Optional[int] = None, seed: int = 0) -> Dict[str, np.ndarray]:
    """The sampled PROSAIL inputs and angles of n simulations (default: the calibration's number)."""
    n = int(n or cal.n_sims)
    rng = stream(seed, "design")
    names = list(cal.distributions)
    plan = class_plan([cal.distributions[v].classes for v in names], n, rng)
    u = (plan + rng.random(plan.shape)) / np.array([cal.distributions[v].classes for v in names])
    raw = {v: quantile(cal.distributions[v], u[:, i]) for i, v in enumerate(names)}
    p = {"LAI": raw["LAI"]}
    for v in names:
        if v != "LAI":
            p[v] = np.clip(codistribute(cal.distributions[v], raw[v], p["LAI"]),
                           cal.distributions[v].lower, cal.distributions[v].upper)
    p["Cw"] = water_content(p["Cdm"], p["Cw_Rel"])
    p["Car"] = CAROTENOID_PER_CHLOROPHYLL * p["Cab"]
    ang = stream(seed, "angles").random((n, 3))
    for i, (name, (lo, hi)) in enumerate(zip(("SZA", "VZA", "RAA"), (geometry.sza, geometry.vza, geometry.raa))):
        p[name] = lo + ang[:, i] * (hi - lo)
    # the sun of the radiative transfer (SZA_RT) is the input's unless the geometry fixes it
    p["SZA_RT"] = p["SZA"].copy() if geometry.spectra_sza is None else np.full(n, float(geometry.spectra_sza))
    return p


# --------------------------------------------------------------------------------------------
# The variables (each formula is documented in docs/training.md)
# --------------------------------------------------------------------------------------------

def water_content(cdm, cw_rel):
    """Leaf water Cw (g/cm2) from dry matter Cdm (g/cm2) and relative water content Cw_Rel = Cw / (Cw + Cdm)."""
    cw_rel = np.asarray(cw_rel, dtype=np.float64)
    return np.asarray(cdm, dtype=np.float64) * cw_rel / (1.0 - cw_rel)


def canopy_chlorophyll(lai, cab):
    """CCC = LAI x Cab: leaf chlorophyll (ug/cm2 of leaf) times leaf area per ground area -> ug/cm2 of ground,
    the number the published SL2P networks output (SL2P documents call it g/m2; see docs/training.md)."""
    return np.asarray(lai, dtype=np.float64) * np.asarray(cab, dtype=np.float64)


def canopy_water(lai, cw):
    """CWC = LAI x Cw: leaf water (g/cm2 of leaf) times LAI -> g/cm2 of ground."""
    return np.asarray(lai, dtype=np.float64) * np.asarray(cw, dtype=np.float64)


def gap_fraction_cover(lai, ko_nadir):
    """fCOVER = 1 - exp(-ko(0) LAI): the fraction of ground hidden by leaves seen from nadir, with ko(0) the
    4SAIL extinction coefficient for a nadir view (the leaf-angle-weighted projection G(0)/cos 0)."""
    return 1.0 - np.exp(-np.asarray(ko_nadir) * np.asarray(lai))


def canopy_absorptance(tss, tsd, rsd, rdd, tdd, rsoil):
    """Fraction of a direct solar beam absorbed by the leaves, from 4SAIL's canopy terms over a Lambertian soil.

    First pass: 1 - rsd - tss - tsd is absorbed. The beam reaching the soil, tss + tsd, bounces between soil
    and canopy: the soil receives D = (tss + tsd) / (1 - rsoil rdd) in all and sends U = rsoil D up, of
    which the canopy absorbs 1 - rdd - tdd (rdd goes back down and is already in D).
    """
    down = (tss + tsd) / (1.0 - rsoil * rdd)
    return (1.0 - rsd - tss - tsd) + (1.0 - rdd - tdd) * rsoil * down


def white_sky_albedo(rddt, diffuse):
    """White-sky (bihemispherical) shortwave albedo: 4SAIL's hemispherical-hemispherical reflectance of canopy
    + soil (`rddt`) averaged over SHORTWAVE weighted by the diffuse irradiance `diffuse` (prosail's `ed`)."""
    return band_mean(np.broadcast_to(rddt, np.shape(diffuse)), diffuse, SHORTWAVE)


def band_mean(values: np.ndarray, weights: np.ndarray, band: Tuple[int, int]) -> np.ndarray:
    """Weighted spectral mean of `values` (last axis on WAVELENGTHS) over band = (first, last) nm."""
    sel = (WAVELENGTHS >= band[0]) & (WAVELENGTHS <= band[1])
    w = weights[sel] / weights[sel].sum()
    return np.asarray(values)[..., sel] @ w


def add_noise(reflectance: np.ndarray, noise: NoiseModel, rng: np.random.Generator) -> np.ndarray:
    """SL2PD's band noise: R* = R (1 + (MD_b + MI)/100) + AD_b + AI with zero-mean Gaussian draws whose
    standard deviations are the model's values; MD_b, AD_b independent per band, MI, AI shared by the bands
    of one spectrum. reflectance is [n, n_bands]."""
    r = np.asarray(reflectance, dtype=np.float64)
    n, nb = r.shape
    noise = noise.for_bands(nb)
    z = rng.standard_normal((4, n, nb))
    md = z[0] * np.asarray(noise.multiplicative_dependent)
    mi = z[1][:, :1] * noise.multiplicative_independent
    ad = z[2] * np.asarray(noise.additive_dependent)
    ai = z[3][:, :1] * noise.additive_independent
    return r * (1.0 + (md + mi) / 100.0) + ad + ai


# --------------------------------------------------------------------------------------------
# PROSAIL
# --------------------------------------------------------------------------------------------

def soil_reference() -> np.ndarray:
    """The reference soil spectrum that Bs scales (see SOIL_DRY_FRACTION)."""
    import prosail
    soil = prosail.spectral_lib.soil
    return SOIL_DRY_FRACTION * np.asarray(soil.rsoil1) + (1.0 - SOIL_DRY_FRACTION) * np.asarray(soil.rsoil2)


def _run_chunk(args):
    """PROSAIL for a block of canopies (worker): band reflectances per instrument, fAPAR (sun at
    FAPAR_SUN_ZENITH and the observation's sun), fCOVER, albedo."""
    params, matrices = args
    import prosail
    from prosail.FourSAIL import campbell, foursail, weighted_sum_over_lidf
    from prosail.prospect_d import run_prospect
    es = np.asarray(prosail.spectral_lib.light.es, dtype=np.float64)
    ed = np.asarray(prosail.spectral_lib.light.ed, dtype=np.float64)
    ref_soil = soil_reference()
    n = params["LAI"].size
    brf = np.empty((n, WAVELENGTHS.size))
    fapar, fapar_obs, fcover, albedo = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    for i in range(n):
        _, rho, tau = run_prospect(params["N"][i], params["Cab"][i], params["Car"][i], params["Cbp"][i],
                                   params["Cw"][i], params["Cdm"][i], prospect_version=PROSPECT_VERSION)
        rsoil = params["Bs"][i] * ref_soil
        sza, vza, raa, lai, ala = (float(params[k][i]) for k in ("SZA_RT", "VZA", "RAA", "LAI", "ALA"))
        out = foursail(rho, tau, ala, 0.0, 2, lai, float(params["HsD"][i]), sza, vza, raa, rsoil)
        tss, _, _, rdd, tdd, rsd, tsd = out[:7]
        rddt, rsot = out[12], out[17]
        brf[i] = rsot
        absorbed = canopy_absorptance(tss, tsd, rsd, rdd, tdd, rsoil)
        fapar_obs[i] = band_mean(np.broadcast_to(absorbed, es.shape), es, PAR)
        if sza == FAPAR_SUN_ZENITH:
            fapar[i] = fapar_obs[i]
        else:
            top = foursail(rho, tau, ala, 0.0, 2, lai, float(params["HsD"][i]), FAPAR_SUN_ZENITH, vza, raa, rsoil)
            tss, _, _, rdd, tdd, rsd, tsd = top[:7]
            absorbed = canopy_absorptance(tss, tsd, rsd, rdd, tdd, rsoil)
            fapar[i] = band_mean(np.broadcast_to(absorbed, es.shape), es, PAR)
        albedo[i] = white_sky_albedo(rddt, ed)
        ko = weighted_sum_over_lidf(campbell(ala, 18), sza, 0.0, raa)[1]
        fcover[i] = gap_fraction_cover(lai, ko)
    bands = {inst: brf @ m.T for inst, m in matrices.items()}
    return bands, fapar, fcover, albedo, fapar_obs


def simulate(cal: Calibration, responses: Dict[str, Dict[str, np.ndarray]], geometry: Geometry,
             n: Optional[int] = None, seed: int = 0, jobs: int = 1, chunk: int = 1024,
             progress=lambda done, total: None) -> Simulation:
    """Run the calibration database: `responses` maps instrument -> {band: response on WAVELENGTHS}.

    PROSAIL runs in `jobs` processes on blocks of `chunk` canopies; the random draws are all made here,
    so the result does not depend on `jobs` or `chunk`.
    """
    p = design(cal, geometry, n, seed)
    n = p["LAI"].size
    names = {inst: list(bands) for inst, bands in responses.items()}
    matrices = {inst: integration_matrix([responses[inst][b] for b in names[inst]]) for inst in responses}
    blocks = [(s, min(s + chunk, n)) for s in range(0, n, chunk)]
    tasks = [({k: v[a:b] for k, v in p.items()}, matrices) for a, b in blocks]
    results = []
    if jobs > 1 and len(tasks) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            for r in pool.map(_run_chunk, tasks):
                results.append(r)
                progress(len(results), len(tasks))
    else:
        for t in tasks:
            results.append(_run_chunk(t))
            progress(len(results), len(tasks))
    reflectance = {inst: {b: np.concatenate([r[0][inst][:, j] for r in results]) for j, b in enumerate(names[inst])}
                   for inst in responses}
    fapar, fcover, albedo, fapar_obs = (np.concatenate([r[k] for r in results]) for k in (1, 2, 3, 4))
    variables = {"LAI": p["LAI"], "fAPAR": fapar, "fCOVER": fcover, "CCC": canopy_chlorophyll(p["LAI"], p["Cab"]),
                 "CWC": canopy_water(p["LAI"], p["Cw"]), "Albedo": albedo, FAPAR_OBSERVATION_SUN: fapar_obs}
    info = {"n": n, "seed": int(seed), "geometry": {"sza": list(geometry.sza), "vza": list(geometry.vza),
                                                     "raa": list(geometry.raa), "spectra_sza": geometry.spectra_sza},
            "soil_dry_fraction": SOIL_DRY_FRACTION, "prospect": PROSPECT_VERSION,
            "carotenoid_per_chlorophyll": CAROTENOID_PER_CHLOROPHYLL, "fapar_sun_zenith": FAPAR_SUN_ZENITH,
            "albedo": "white-sky (bihemispherical) shortwave, diffuse-irradiance weighted"}
    return Simulation(p, reflectance, variables, info)


@dataclass(frozen=True)
class BandSource:
    """Where a network's spectral inputs come from: one instrument's bands, named in network order."""

    instrument: str
    bands: Tuple[str, ...]


def network_inputs(sim: Simulation, sources: Sequence[BandSource], noise: NoiseModel, seed: int,
                   label: str) -> Tuple[np.ndarray, np.ndarray]:
    """([n, 3 + n_bands] noisy network inputs, [n, n_bands] noise-free reflectance) for one band set.

    Inputs are cos VZA, cos SZA, cos RAA then the bands. With several sources (e.g. S2A and S2B MSI) each
    canopy is seen through one of them, chosen at random; the noise is then added (`label` names the random
    streams, so each network set gets its own draws).
    """
    n = sim.size
    choice = stream(seed, label, "instrument").integers(0, len(sources), n) if len(sources) > 1 else np.zeros(n, int)
    clean = np.empty((n, len(sources[0].bands)))
    for k, src in enumerate(sources):
        sel = choice == k
        for j, b in enumerate(src.bands):
            clean[sel, j] = sim.reflectance[src.instrument][b][sel]
    noisy = add_noise(clean, noise, stream(seed, label, "noise"))
    ang = [np.cos(np.radians(sim.params[a])) for a in ("VZA", "SZA", "RAA")]
    return np.column_stack(ang + [noisy]), clean
