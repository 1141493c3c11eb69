"""`make models`: rebuild the network sets bundled in models/ from the SL2P calibration tables (bit for bit on
the machine that built them; to ~1e-8 relative on others, see docs/training.md).

    OPENBLAS_NUM_THREADS=1 python -m leaf_qgis.training.build [--shared ../shared] [--jobs 2]
        [--only LEAF_QGIS_S2_10M[:fCOVER]] [--out-models models] [--out-algorithms algorithms]

Pipeline: response tables (models/responses/, from Py6S and pyrsr) -> one PROSAIL calibration database per
geometry family (Sentinel-2, Landsat; canopies sampled from the calibration workbook exported as CSV in
shared/spec/calibration) -> noisy network inputs per network set -> estimate and uncertainty networks ->
algorithm definitions, catalog entries and ready installed folders. `--only SET:VARIABLE` re-derives one
estimate network from its recorded winning start and prints its CSV row (the reproducibility test).
"""

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from typing import Dict, Optional, Sequence, Tuple

import numpy as np

PIPELINE_VERSION = "2"
SEED = 7
S2_CALIBRATION = "Sentinel2__s2_sl2p_weiss_or_prosail"
LANDSAT_CALIBRATION = "Landsat7__L7_sl2p_weiss_or_prosail"   # same canopy laws; Landsat noise model
VARIABLES = ("LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = ("Weiss M., Baret F. (2016) S2ToolBox Level 2 products: LAI, FAPAR, FCOVER, v1.1 (the SL2P recipe); "
             "calibration settings of the LEAF Toolbox (rfernand387/LEAF-Toolbox@607a3c3b, Natural Resources Canada, "
             "CCRS); PROSAIL via the prosail package (J. Gomez-Dans)")


@dataclass(frozen=True)
class NetworkSet:
    """One bundled algorithm: its network inputs, where they come from, and its definition's fields."""

    id: str
    name: str
    family: str                       # simulation family: 'S2' or 'Landsat'
    sensors: Tuple[str, ...]
    resolution_m: float
    bands: Tuple[str, ...]            # spectral inputs in network order (the stack's band names)
    sources: Tuple[Tuple[str, Tuple[str, ...]], ...]   # (instrument table, its bands in network order)
    toolbox_cos_raa: str
    note: str
    fapar_sun: str = "zenith"         # 'zenith' (SL2P V0 weiss networks) or 'observation' (CCRS S2 10 m network)


S2_20 = ("B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12")
S2_10 = ("B2", "B3", "B4", "B8")
S2_NRE = ("B3", "B4", "B8A", "B11", "B12")
OLI = ("B3", "B4", "B5", "B6", "B7")
TM = ("B2", "B3", "B4", "B5", "B7")

SETS = [
    NetworkSet("LEAF_QGIS_S2_20M", "leaf_qgis networks (trained by this project), Sentinel-2 MSI, 20 m", "S2",
               ("S2A", "S2B", "S2C"), 20, S2_20, (("S2A_MSI", S2_20), ("S2B_MSI", S2_20)), "int16",
               "Same inputs and order as S2_SL2P_V0_20M. Each simulated canopy is seen through the S2A or the S2B "
               "MSI responses (S2C uses the same networks)."),
    NetworkSet("LEAF_QGIS_S2_10M", "leaf_qgis networks (trained by this project), Sentinel-2 MSI, 10 m", "S2",
               ("S2A", "S2B", "S2C"), 10, S2_10, (("S2A_MSI", S2_10), ("S2B_MSI", S2_10)), "int16",
               "The four 10 m bands, same inputs and order as S2_SL2P_V0_10M. fAPAR is the absorptance of the "
               "observation's sun, as the published 10 m network's.", "observation"),
    NetworkSet("LEAF_QGIS_S2_NRE_20M", "leaf_qgis networks (trained by this project), Sentinel-2 MSI without "
               "red-edge bands, 20 m", "S2", ("S2A", "S2B", "S2C"), 20, S2_NRE,
               (("S2A_MSI", S2_NRE), ("S2B_MSI", S2_NRE)), "int16",
               "Green, red, narrow NIR and the two SWIR bands (the Landsat-like set LEAF production calls "
               "s2likel8, whose networks were never published)."),
    NetworkSet("LEAF_QGIS_L8_L9_30M", "leaf_qgis networks (trained by this project), Landsat 8/9 OLI, 30 m",
               "Landsat", ("L8", "L9"), 30, tuple("SR_" + b for b in OLI), (("L8_OLI", OLI), ("L9_OLI2", OLI)),
               "uint16", "Collection-2 Level-2 bands SR_B3..SR_B7; each canopy is seen through the OLI (Landsat 8) "
                         "or OLI-2 (Landsat 9) responses."),
    NetworkSet("LEAF_QGIS_L5_L7_30M", "leaf_qgis networks (trained by this project), Landsat 5 TM / 7 ETM+, 30 m",
               "Landsat", ("L5", "L7"), 30, tuple("SR_" + b for b in TM), (("L5_TM", TM), ("L7_ETM", TM)),
               "uint16", "Collection-2 Level-2 bands SR_B2, SR_B3, SR_B4, SR_B5, SR_B7 (green, red, NIR, SWIR1, "
                         "SWIR2); each canopy is seen through the TM or the ETM+ responses."),
    NetworkSet("LEAF_QGIS_HLS_30M", "leaf_qgis networks (trained by this project), HLS L30, 30 m", "Landsat",
               ("HLS_L30",), 30, OLI, (("L8_OLI", OLI), ("L9_OLI2", OLI), ("S2A_MSI", S2_NRE), ("S2B_MSI", S2_NRE)),
               "uint16", "HLS v2.0 L30 bands B3..B7. HLS harmonises Landsat and Sentinel-2 to the OLI bandpasses with "
                         "residual differences, so each canopy is seen through OLI, OLI-2, S2A or S2B MSI responses "
                         "(MSI B3, B4, B8A, B11, B12 for OLI B3..B7)."),
]
FAMILIES = {"S2": S2_CALIBRATION, "Landsat": LANDSAT_CALIBRATION}


def shared_dir(arg: Optional[str]) -> str:
    path = arg or os.environ.get("LEAF_QGIS_SHARED") or os.path.join(os.path.dirname(REPO), "shared")
    if not os.path.isdir(os.path.join(path, "spec", "calibration")):
        raise SystemExit("The SL2P calibration tables are not in %s/spec/calibration (set --shared or "
                         "LEAF_QGIS_SHARED)." % path)
    return path


def load_responses(models_dir: str) -> Dict[str, Dict[str, np.ndarray]]:
    from .responses import INSTRUMENTS, read_table
    return {i: read_table(os.path.join(models_dir, "responses", i + ".csv")) for i in INSTRUMENTS}


def family_simulation(family: str, shared: str, responses, jobs: int, log):
    from .calibration import calibration_paths, read_calibration
    from .simulate import LANDSAT_GEOMETRY, S2_GEOMETRY, simulate
    cal = read_calibration(*calibration_paths(os.path.join(shared, "spec", "calibration"), FAMILIES[family]))
    instruments = sorted({inst for s in SETS if s.family == family for inst, _ in s.sources})
    t0 = time.time()
    sim = simulate(cal, {i: responses[i] for i in instruments}, S2_GEOMETRY if family == "S2" else LANDSAT_GEOMETRY,
                   seed=SEED, jobs=jobs)
    log("%s: %d PROSAIL simulations in %.0f s" % (family, sim.size, time.time() - t0))
    return cal, sim


def set_targets(s: NetworkSet, sim) -> Dict[str, np.ndarray]:
    """The training targets of a set: fAPAR is the zenith-sun or the observation-sun absorptance (s.fapar_sun)."""
    from .simulate import FAPAR_OBSERVATION_SUN
    out = {v: sim.variables[v] for v in VARIABLES}
    if s.fapar_sun == "observation":
        out["fAPAR"] = sim.variables[FAPAR_OBSERVATION_SUN]
    return out


def set_inputs(s: NetworkSet, cal, sim):
    from .simulate import BandSource, network_inputs
    sources = [BandSource(inst, bands) for inst, bands in s.sources]
    return network_inputs(sim, sources, cal.noise, SEED, s.id)


def definition(s: NetworkSet) -> dict:
    return {
        "schema": 1, "id": s.id, "name": s.name,
        "description": "Networks trained by leaf_qgis itself from PROSAIL simulations following the SL2P recipe "
                       "(5 tansig neurons per variable, uncertainty networks on the absolute residuals); "
                       "shipped with the plugin and used offline when no published LEAF network is installed. "
                       + s.note + " See docs/training.md and docs/validation.md.",
        "family": "LEAF_QGIS", "version": "P" + PIPELINE_VERSION, "sensors": list(s.sensors),
        "resolution_m": s.resolution_m, "inputs": ["cosVZA", "cosSZA", "cosRAA"] + list(s.bands),
        "variables": list(VARIABLES), "toolbox_cos_raa": s.toolbox_cos_raa,
        "provenance": {"origin": "trained by leaf_qgis", "seed": str(SEED), "pipeline": PIPELINE_VERSION,
                       "reference": REFERENCE, "build": "make models (python -m leaf_qgis.training.build)"},
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", help="the shared reference folder (default ../shared or $LEAF_QGIS_SHARED)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="PROSAIL worker processes")
    ap.add_argument("--out-models", default=os.path.join(REPO, "models"))
    ap.add_argument("--out-algorithms", default=os.path.join(REPO, "algorithms"))
    ap.add_argument("--only", help="SET:VARIABLE: re-derive one estimate network and print its CSV row")
    ap.add_argument("--skip-responses", action="store_true", help="use the response tables already in models/")
    args = ap.parse_args(argv)

    def log(msg):
        print(msg, flush=True)

    from ..engine.variables import VARIABLES as ENGINE_VARIABLES
    from . import bundle
    from . import responses as resp
    from .train import domain_code_list, fit_network, split_indices, train_set
    shared = shared_dir(args.shared)
    if args.only:
        set_id, _, var = args.only.partition(":")
        s = next((x for x in SETS if x.id == set_id), None)
        if s is None or var not in VARIABLES:
            raise SystemExit("unknown set or variable in --only %s" % args.only)
        with open(os.path.join(args.out_models, s.id, "training.json"), encoding="utf-8") as f:
            restart = json.load(f)["networks"][var]["estimate"]["restart"]
        cal, sim = family_simulation(s.family, shared, load_responses(args.out_models), args.jobs, log)
        x, _ = set_inputs(s, cal, sim)
        split = split_indices(x.shape[0], SEED, s.id)
        tn = fit_network(x, set_targets(s, sim)[var], split, ENGINE_VARIABLES[var].network_id, SEED,
                         "%s/%s/estimate" % (s.id, var), only_restart=restart)
        sys.stdout.write(bundle.networks_csv([tn.network]).decode("utf-8"))
        return 0

    t_start = time.time()
    if not args.skip_responses:
        resp.write_tables(os.path.join(args.out_models, "responses"))
    responses = load_responses(args.out_models)
    entries = []
    for family in ("S2", "Landsat"):
        cal, sim = family_simulation(family, shared, responses, args.jobs, log)
        for s in [x for x in SETS if x.family == family]:
            t0 = time.time()
            x, clean = set_inputs(s, cal, sim)
            nets = train_set(x, set_targets(s, sim),
                             {v: ENGINE_VARIABLES[v].network_id for v in VARIABLES}, SEED, s.id, log=log)
            codes = domain_code_list(x[:, 3:])
            report = {
                "algorithm": s.id, "seed": SEED, "pipeline": PIPELINE_VERSION,
                "simulations": sim.size, "simulation": sim.info,
                "calibration": {"workbook": FAMILIES[family], "files": cal.source},
                "noise": cal.noise.for_bands(len(s.bands)).__dict__,
                "sources": [{"instrument": i, "bands": list(b)} for i, b in s.sources],
                "split": {"train": int(round(0.70 * sim.size)), "validation": int(round(0.15 * sim.size))},
                "domain_codes": len(codes),
                "networks": {v: {role: {"restart": tn.restart, "epochs": tn.report.epochs, "stop": tn.report.stop,
                                        "validation_mse_normalised": round(tn.report.validation_mse, 8),
                                        "test_rmse": round(tn.test_rmse, 6), "test_bias": round(tn.test_bias, 6)}
                                 for role, tn in nets[v].items()} for v in VARIABLES},
            }
            entries += bundle.write_bundle(definition(s), {v: nets[v]["estimate"].network for v in VARIABLES},
                                           {v: nets[v]["uncertainty"].network for v in VARIABLES}, codes,
                                           args.out_models, args.out_algorithms, report)
            log("%s written (%.0f s)" % (s.id, time.time() - t0))
    bundle.write_catalog(os.path.join(args.out_models, "catalog", "bundled.json"), entries)
    log("make models: done in %.0f s" % (time.time() - t_start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
