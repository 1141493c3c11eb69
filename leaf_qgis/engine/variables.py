"""The biophysical variables SL2P estimates: network IDs, units and the valid ranges used for QC bit 1."""

from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str          # LEAF name, used in band descriptions and parameters
    network_id: int    # `tabledata3` of the network tables (spec §1.4)
    long_name: str
    unit: str
    valid_min: float   # an estimate outside [valid_min, valid_max] sets QC bit 1
    valid_max: float
    display_max: float  # upper end of the colour ramp of styled layers


# Limits: LEAF production's for LAI, fAPAR, fCOVER and albedo (spec §3.2); fractions for DASF;
# CCC and CWC just above the largest value the published networks were trained to produce (652 and 0.35).
VARIABLES = OrderedDict((v.name, v) for v in [
    Variable("LAI", 1, "leaf area index", "m2/m2", 0.0, 15.0, 8.0),
    Variable("fAPAR", 2, "fraction of absorbed photosynthetically active radiation (black-sky, 10:00 solar time)", "1", 0.0, 1.0, 1.0),
    Variable("fCOVER", 3, "fraction of vegetation cover", "1", 0.0, 1.0, 1.0),
    Variable("CCC", 4, "canopy chlorophyll content (LAI x Cab)", "ug/cm2", 0.0, 700.0, 400.0),
    Variable("CWC", 5, "canopy water content (LAI x Cw)", "g/cm2", 0.0, 0.55, 0.3),
    Variable("Albedo", 6, "black-sky albedo", "1", 0.0, 1.0, 0.3),
    Variable("DASF", 7, "directional area scattering factor", "1", 0.0, 1.0, 1.0),
])

VARIABLE_NAMES = list(VARIABLES)

# LEAF production's uint8 encoding (spec §6.4): DN = trunc(max(value, 0) x factor); only these four products.
LEAF_UINT8_FACTORS = {"LAI": 20.0, "fAPAR": 200.0, "fCOVER": 200.0, "Albedo": 200.0}
UINT8_NODATA = 255
UINT8_MAX_VALUE = 254  # 255 is no data here, so values that GEE would saturate at 255 are stored as 254


def variable(name: str) -> Variable:
    """Look a variable up by name, case-insensitively."""
    for v in VARIABLES.values():
        if v.name.lower() == str(name).strip().lower():
            return v
    raise KeyError(name)
