"""Retrieval-algorithm definitions: declarative JSON files in algorithms/ (one per algorithm x sensor x resolution).

A definition names the sensor(s), the network inputs in order (angle cosines, then reflectance bands),
the variables, the catalog entries holding each network slot's estimate and uncertainty tables and the
input domain, and where it came from. `validate` checks a definition before anything uses it.
"""

import glob
import json
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from ..resources import resource_dir
from .errors import LeafError
from .variables import VARIABLES

ANGLE_INPUTS = ("cosVZA", "cosSZA", "cosRAA")


@dataclass
class NetworkSlot:
    slot: int
    estimates: str   # catalog id
    errors: str      # catalog id


@dataclass
class Algorithm:
    id: str
    name: str
    description: str
    sensors: List[str]
    resolution_m: float
    angles: List[str]
    bands: List[str]
    variables: List[str]
    networks: List[NetworkSlot]
    domain: Optional[str]
    landcover: Optional[dict]
    provenance: Dict[str, str] = field(default_factory=dict)
    path: str = ""

    @property
    def inputs(self) -> List[str]:
        """Network inputs in order: angle cosines, then reflectance bands."""
        return list(self.angles) + list(self.bands)

    def catalog_ids(self) -> List[str]:
        ids = []
        for s in self.networks:
            ids += [s.estimates, s.errors]
        if self.domain:
            ids.append(self.domain)
        return ids


def validate(d: dict, source: str) -> Algorithm:
    """Build an Algorithm from a parsed definition, or raise LeafError naming the file and the problem."""
    def need(key, kind):
        if key not in d or not isinstance(d[key], kind):
            raise LeafError("Algorithm definition %s: '%s' is missing or is not a %s." % (source, key, kind.__name__))
        return d[key]

    if d.get("schema") != 1:
        raise LeafError("Algorithm definition %s: unsupported schema %r (expected 1)." % (source, d.get("schema")))
    angles = need("angles", list)
    if list(angles) != list(ANGLE_INPUTS):
        raise LeafError("Algorithm definition %s: 'angles' must be %s." % (source, ", ".join(ANGLE_INPUTS)))
    bands = need("bands", list)
    if not bands or not all(isinstance(b, str) and b for b in bands):
        raise LeafError("Algorithm definition %s: 'bands' must list band names." % source)
    variables = need("variables", list)
    unknown = [v for v in variables if v not in VARIABLES]
    if unknown or not variables:
        raise LeafError("Algorithm definition %s: unknown variables %s." % (source, unknown))
    slots = []
    for i, s in enumerate(need("networks", list)):
        if not isinstance(s, dict) or not all(isinstance(s.get(k), str) for k in ("estimates", "errors")):
            raise LeafError("Algorithm definition %s: network slot %d needs 'estimates' and 'errors' catalog ids." % (source, i))
        slots.append(NetworkSlot(int(s.get("slot", i)), s["estimates"], s["errors"]))
    if [s.slot for s in slots] != list(range(len(slots))):
        raise LeafError("Algorithm definition %s: network slots must be numbered 0..N-1 in order." % source)
    if d.get("landcover") is None and len(slots) != 1:
        raise LeafError("Algorithm definition %s: several network slots need a 'landcover' mapping." % source)
    sensors = need("sensors", list)
    return Algorithm(
        id=need("id", str), name=need("name", str), description=d.get("description", ""),
        sensors=[str(s).upper() for s in sensors], resolution_m=float(d.get("resolution_m", 0)),
        angles=list(angles), bands=list(bands), variables=list(variables), networks=slots,
        domain=d.get("domain"), landcover=d.get("landcover"), provenance=dict(d.get("provenance", {})),
        path=source)


def load_file(path: str) -> Algorithm:
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except (OSError, ValueError) as e:
        raise LeafError("Algorithm definition %s could not be read: %s." % (path, e)) from None
    return validate(d, path)


def load_algorithms(extra_dirs=()) -> Dict[str, Algorithm]:
    """All algorithm definitions shipped with the plugin, then any in `extra_dirs` (later ones override)."""
    algs = {}
    for d in [resource_dir("algorithms"), *extra_dirs]:
        for path in sorted(glob.glob(os.path.join(d, "*.json"))):
            alg = load_file(path)
            algs[alg.id] = alg
    return algs


def get_algorithm(algorithm_id: str) -> Algorithm:
    algs = load_algorithms()
    if algorithm_id not in algs:
        raise LeafError("Unknown algorithm '%s'; available: %s." % (algorithm_id, ", ".join(sorted(algs))))
    return algs[algorithm_id]
