"""Retrieval-algorithm definitions: declarative JSON files (one per algorithm x sensor x resolution).

A definition names the sensor(s), the network inputs in order (angle cosines and reflectance bands),
the variables, the catalog entries holding each network slot's estimate and uncertainty tables, the
input domain, the land-cover class -> slot mapping when there are several slots, and its provenance.
`validate` checks a definition before anything uses it; docs/algorithms.md describes the schema.

Definitions in user folders are untrusted data: a file that cannot be read or is not a valid definition is
skipped with one warning naming it and why (`skipped`, `add_warning_listener`), and every other algorithm
still loads; loading never raises for a bad file.
"""

import glob
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from ..resources import resource_dir
from .errors import LeafError, LeafWarning
from .variables import VARIABLES

ANGLE_INPUTS = ("cosVZA", "cosSZA", "cosRAA")
ENV_USER_ALGORITHMS = "LEAF_QGIS_ALGORITHMS_DIR"
USER_DIRS: List[str] = []  # folders of user definitions (the QGIS plugin adds <profile>/leaf_qgis/algorithms)
MAX_DEFINITION_BYTES = 4 * 1024 * 1024   # a definition is a few kB; anything this large is not one

_skipped: Dict[str, str] = {}            # path -> the warning given when it was skipped
_listeners: List[Callable[[str], None]] = []
_skip_lock = threading.Lock()


def add_warning_listener(listener: Callable[[str], None]):
    """`listener(warning)` is called once for every untrusted file skipped from now on (and for those skipped
    already), e.g. to put it in QGIS's message log."""
    with _skip_lock:
        if listener not in _listeners:
            _listeners.append(listener)
        known = list(_skipped.values())
    for warning in known:
        listener(warning)


def remove_warning_listener(listener: Callable[[str], None]):
    with _skip_lock:
        if listener in _listeners:
            _listeners.remove(listener)


def skipped() -> Dict[str, str]:
    """{path: warning} of every untrusted file skipped in this session."""
    with _skip_lock:
        return dict(_skipped)


def skip(path: str, warning: str):
    """Record that `path` was skipped with `warning`; each listener hears of each (path, warning) once."""
    with _skip_lock:
        if _skipped.get(path) == warning:
            return
        _skipped[path] = warning
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(warning)
        except Exception:   # noqa: BLE001 (a listener must not break loading)
            logging.getLogger(__name__).debug("warning listener failed", exc_info=True)


def read_json_file(path: str, max_bytes: int):
    """The parsed JSON of an untrusted file, or LeafError naming it and saying what is wrong."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise LeafError("The file %s is %d bytes, larger than any valid one (%d MB at most)." % (
                path, size, max_bytes // (1024 * 1024)))
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
        return json.loads(data.decode("utf-8-sig"))
    except LeafError:
        raise
    except UnicodeDecodeError:
        raise LeafError("The file %s could not be read: it is not UTF-8 text." % path) from None
    except (OSError, ValueError, RecursionError, MemoryError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e) or type(e).__name__
        raise LeafError("The file %s could not be read: %s." % (path, reason.rstrip("."))) from None


def add_user_dir(path: str):
    """Also read definitions (and a catalog/ sub-folder of network entries) from `path`."""
    if path and path not in USER_DIRS:
        USER_DIRS.append(path)


@dataclass
class NetworkSlot:
    slot: int
    estimates: List[str]   # catalog ids; their networks are merged by variable
    errors: List[str]      # catalog ids; empty when the family has no uncertainty networks

    def key(self):
        """Slots with the same networks share one converted model."""
        return tuple(self.estimates), tuple(self.errors)


@dataclass
class LandCover:
    legend: str                  # e.g. "CCRS" (NALCMS-based legend 1-19, spec §4.1)
    class_slots: Dict[int, int]  # class value -> network slot
    invalid_classes: List[int]   # classes flagged invalid (no estimate); unmapped classes are too


@dataclass
class Algorithm:
    id: str
    name: str
    description: str
    family: str
    version: str
    sensors: List[str]
    resolution_m: float
    inputs: List[str]
    variables: List[str]
    networks: List[NetworkSlot]
    domain: List[str]
    landcover: Optional[LandCover]
    angle_quantization: str = "none"
    toolbox_cos_raa: str = "int16"   # the toolbox's cast of cos RAA x 1e4: int16 (S2) or uint16 (Landsat, HLS)
    provenance: Dict[str, str] = field(default_factory=dict)
    path: str = ""

    @property
    def bands(self) -> List[str]:
        """Spectral inputs in network order (the domain code's digit order)."""
        return [i for i in self.inputs if i not in ANGLE_INPUTS]

    @property
    def has_uncertainty(self) -> bool:
        return all(s.errors for s in self.networks)

    def output_names(self, variables=None) -> List[str]:
        names = []
        for v in self.variables:
            if variables is None or v in variables:
                names += [v, v + "_uncertainty"] if self.has_uncertainty else [v]
        return names

    def catalog_ids(self) -> List[str]:
        ids = []
        for s in self.networks:
            ids += [i for i in s.estimates + s.errors if i not in ids]
        ids += [i for i in self.domain if i not in ids]
        return ids


def _ids(value, what, source) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise LeafError("Algorithm definition %s: %s must be a catalog id or a list of them." % (source, what))


def validate(d: dict, source: str) -> Algorithm:
    """Build an Algorithm from a parsed definition, or raise LeafError naming the file and the problem."""
    try:
        return _validate(d, source)
    except LeafError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as e:
        raise LeafError("Algorithm definition %s: a field has the wrong type (%s)." % (source, e)) from None


def _validate(d: dict, source: str) -> Algorithm:
    def need(key, kind):
        if key not in d or not isinstance(d[key], kind):
            raise LeafError("Algorithm definition %s: '%s' is missing or is not a %s." % (source, key, kind.__name__))
        return d[key]

    if not isinstance(d, dict) or d.get("schema") != 1:
        raise LeafError("Algorithm definition %s: unsupported schema (expected \"schema\": 1)." % source)
    inputs = need("inputs", list)
    if (not all(isinstance(i, str) and i for i in inputs) or sorted(i for i in inputs if i in ANGLE_INPUTS) != sorted(ANGLE_INPUTS)
            or len(set(inputs)) != len(inputs) or len(inputs) < 4):
        raise LeafError("Algorithm definition %s: 'inputs' must list cosVZA, cosSZA, cosRAA and the bands, once each."
                        % source)
    variables = need("variables", list)
    unknown = [v for v in variables if v not in VARIABLES]
    if unknown or not variables:
        raise LeafError("Algorithm definition %s: unknown variables %s (known: %s)." % (source, unknown, ", ".join(VARIABLES)))
    slots = []
    for i, s in enumerate(need("networks", list)):
        if not isinstance(s, dict):
            raise LeafError("Algorithm definition %s: network slot %d is not an object." % (source, i))
        est = _ids(s.get("estimates"), "slot %d 'estimates'" % i, source)
        if not est:
            raise LeafError("Algorithm definition %s: network slot %d has no 'estimates'." % (source, i))
        slot_no = s.get("slot", i)
        if not isinstance(slot_no, int) or isinstance(slot_no, bool):
            raise LeafError("Algorithm definition %s: network slot %d has a 'slot' that is not an integer." % (source, i))
        slots.append(NetworkSlot(slot_no, est, _ids(s.get("errors"), "slot %d 'errors'" % i, source)))
    if not slots or [s.slot for s in slots] != list(range(len(slots))):
        raise LeafError("Algorithm definition %s: network slots must be numbered 0..N-1 in order." % source)
    if len({bool(s.errors) for s in slots}) > 1:
        raise LeafError("Algorithm definition %s: either every slot or none has uncertainty networks." % source)
    lc = d.get("landcover")
    landcover = None
    if lc is not None:
        if not isinstance(lc, dict) or not isinstance(lc.get("class_slots"), dict):
            raise LeafError("Algorithm definition %s: 'landcover' needs a 'class_slots' object." % source)
        try:
            class_slots = {int(k): int(v) for k, v in lc["class_slots"].items()}
            invalid = [int(c) for c in lc.get("invalid_classes", [])]
        except (TypeError, ValueError):
            raise LeafError("Algorithm definition %s: land-cover classes and slots must be integers." % source) from None
        bad = sorted({v for v in class_slots.values() if not 0 <= v < len(slots)})
        if bad:
            raise LeafError("Algorithm definition %s: land-cover classes refer to missing slots %s." % (source, bad))
        landcover = LandCover(str(lc.get("legend", "CCRS")), class_slots, invalid)
    elif len(slots) != 1:
        raise LeafError("Algorithm definition %s: several network slots need a 'landcover' mapping." % source)
    quant = d.get("angle_quantization", "none")
    if quant not in ("none", "toolbox"):
        raise LeafError("Algorithm definition %s: 'angle_quantization' must be none or toolbox." % source)
    resolution = d.get("resolution_m", 0)
    if not isinstance(resolution, (int, float)) or isinstance(resolution, bool) or resolution < 0:
        raise LeafError("Algorithm definition %s: 'resolution_m' must be a non-negative number." % source)
    raa_cast = d.get("toolbox_cos_raa", "int16")
    if raa_cast not in ("int16", "uint16"):
        raise LeafError("Algorithm definition %s: 'toolbox_cos_raa' must be int16 or uint16." % source)
    return Algorithm(
        id=need("id", str), name=need("name", str), description=d.get("description", ""),
        family=str(d.get("family", "LEAF")), version=str(d.get("version", "")),
        sensors=[str(s).upper() for s in need("sensors", list)], resolution_m=float(resolution),
        inputs=list(inputs), variables=list(variables), networks=slots,
        domain=_ids(d.get("domain"), "'domain'", source), landcover=landcover, angle_quantization=quant,
        toolbox_cos_raa=raa_cast,
        provenance=dict(d.get("provenance", {})), path=source)


def load_file(path: str) -> Algorithm:
    return validate(read_json_file(path, MAX_DEFINITION_BYTES), path)


def algorithm_dirs(extra_dirs=()) -> List[str]:
    """The plugin's algorithms/ folder, then user folders ($LEAF_QGIS_ALGORITHMS_DIR, add_user_dir, `extra_dirs`);
    a later definition with the same id overrides an earlier one."""
    dirs = [resource_dir("algorithms")]
    if os.environ.get(ENV_USER_ALGORITHMS):
        dirs.append(os.environ[ENV_USER_ALGORITHMS])
    return dirs + [d for d in list(USER_DIRS) + list(extra_dirs) if d and d not in dirs]


def definition_files(folder: str) -> List[str]:
    """The *.json files of a folder (none when it is missing, not a folder, or unreadable)."""
    try:
        return sorted(p for p in glob.glob(os.path.join(glob.escape(folder), "*.json")) if not os.path.isdir(p))
    except (OSError, RecursionError):
        return []


def load_algorithms(extra_dirs=()) -> Dict[str, Algorithm]:
    """Every valid algorithm definition found, by id; a file that is not one is skipped with a warning."""
    algs = {}
    for d in algorithm_dirs(extra_dirs):
        for path in definition_files(d):
            try:
                alg = load_file(path)
            except LeafError as e:
                skip(path, LeafWarning("%s (skipped; every other algorithm still loads)." % str(e).rstrip(".")))
                continue
            algs[alg.id] = alg
    return algs


def get_algorithm(algorithm_id: str) -> Algorithm:
    algs = load_algorithms()
    if algorithm_id not in algs:
        raise LeafError("Unknown algorithm '%s'; available: %s." % (algorithm_id, ", ".join(sorted(algs))))
    return algs[algorithm_id]
