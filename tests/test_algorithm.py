"""algorithm.py and variables.py: the shipped S2 20 m definition, validation errors, overrides."""

import copy
import json

import pytest

from leaf_qgis.engine import algorithm as algmod
from leaf_qgis.engine.algorithm import get_algorithm, load_algorithms, load_file, validate
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.variables import VARIABLE_NAMES, VARIABLES, variable

S2_INPUTS = ["cosVZA", "cosSZA", "cosRAA", "B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"]


def _definition():
    with open(get_algorithm("S2_SL2P_V0_20M").path, encoding="utf-8") as f:
        return json.load(f)


def test_shipped_s2_definition(s2_algorithm):
    a = s2_algorithm
    assert a.id == "S2_SL2P_V0_20M"
    assert a.inputs == S2_INPUTS                                  # spec §2.1
    assert a.bands == S2_INPUTS[3:]
    assert a.variables == ["LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo", "DASF"]
    assert a.sensors == ["S2A", "S2B", "S2C"]
    assert a.resolution_m == 20
    assert len(a.networks) == 1 and a.landcover is None
    assert a.has_uncertainty
    assert a.output_names() == [n for v in a.variables for n in (v, v + "_uncertainty")]
    assert a.output_names(["fCOVER", "LAI"]) == ["LAI", "LAI_uncertainty", "fCOVER", "fCOVER_uncertainty"]
    assert len(a.catalog_ids()) == 3 and len(set(a.catalog_ids())) == 3
    assert a.angle_quantization == "none"                        # production: full double precision angles


def test_every_shipped_definition_is_valid_and_in_the_catalog():
    from leaf_qgis.engine.catalog import load_catalog
    catalog = load_catalog()
    algs = load_algorithms()
    assert "S2_SL2P_V0_20M" in algs
    for a in algs.values():
        assert [cid for cid in a.catalog_ids() if cid not in catalog] == [], a.id


def test_unknown_algorithm():
    with pytest.raises(LeafError, match="Unknown algorithm 'NOPE'.*S2_SL2P_V0_20M"):
        get_algorithm("NOPE")


def _mutate(edit):
    d = copy.deepcopy(_definition())
    edit(d)
    return d


@pytest.mark.parametrize("case,edit,pattern", [
    ("schema", lambda d: d.update(schema=2), "schema"),
    ("no inputs", lambda d: d.pop("inputs"), "'inputs'"),
    ("no angles", lambda d: d.update(inputs=["B3", "B4", "B5", "B6"]), "cosVZA"),
    ("duplicate input", lambda d: d["inputs"].append("B3"), "once each"),
    ("unknown variable", lambda d: d["variables"].append("NDVI"), "NDVI"),
    ("no variables", lambda d: d.update(variables=[]), "variables"),
    ("no networks", lambda d: d.update(networks=[]), "slots"),
    ("slot without estimates", lambda d: d["networks"][0].pop("estimates"), "estimates"),
    ("slot numbering", lambda d: d["networks"][0].update(slot=1), "numbered"),
    ("two slots, no landcover", lambda d: d["networks"].append(dict(d["networks"][0], slot=1)), "landcover"),
    ("bad quantization", lambda d: d.update(angle_quantization="round"), "angle_quantization"),
    ("id not a string", lambda d: d.update(id=5), "'id'"),
    ("not an object", None, "schema"),
])
def test_validate_errors_name_the_file(case, edit, pattern):
    d = [] if edit is None else _mutate(edit)
    with pytest.raises(LeafError, match=pattern) as e:
        validate(d, "my_alg.json")
    assert "my_alg.json" in str(e.value)


@pytest.mark.parametrize("edit", [lambda d: d["networks"][0].update(slot="first"),
                                  lambda d: d.update(resolution_m="twenty")], ids=["slot", "resolution_m"])
def test_validate_non_numeric_fields_raise_leaf_error(edit):
    with pytest.raises(LeafError, match="my_alg.json"):
        validate(_mutate(edit), "my_alg.json")


def test_load_file_errors(tmp_path):
    p = tmp_path / "broken.json"
    p.write_text("{ not json")
    with pytest.raises(LeafError, match="broken.json"):
        load_file(str(p))
    with pytest.raises(LeafError, match="could not be read"):
        load_file(str(tmp_path / "absent.json"))


def test_user_definitions_override_and_extend(tmp_path, monkeypatch):
    d = _definition()
    d["name"] = "my variant"
    (tmp_path / "override.json").write_text(json.dumps(d))
    extra = dict(d, id="MY_S2_LAI_ONLY", variables=["LAI"])
    (tmp_path / "extra.json").write_text(json.dumps(extra))
    algs = load_algorithms([str(tmp_path)])
    assert algs["S2_SL2P_V0_20M"].name == "my variant"
    assert algs["MY_S2_LAI_ONLY"].variables == ["LAI"]
    monkeypatch.setenv(algmod.ENV_USER_ALGORITHMS, str(tmp_path))
    assert get_algorithm("MY_S2_LAI_ONLY").output_names() == ["LAI", "LAI_uncertainty"]


# --------------------------------------------------------------------------------------------
# variables.py
# --------------------------------------------------------------------------------------------

def test_variable_ids_and_ranges():
    assert VARIABLE_NAMES == ["LAI", "fAPAR", "fCOVER", "CCC", "CWC", "Albedo", "DASF"]
    assert [VARIABLES[v].network_id for v in VARIABLE_NAMES] == [1, 2, 3, 4, 5, 6, 7]   # spec §1.4
    assert (VARIABLES["LAI"].valid_min, VARIABLES["LAI"].valid_max) == (0.0, 15.0)        # spec §3.2
    for v in ("fAPAR", "fCOVER", "Albedo"):
        assert (VARIABLES[v].valid_min, VARIABLES[v].valid_max) == (0.0, 1.0)
    assert all(VARIABLES[v].unit for v in VARIABLE_NAMES)


def test_variable_lookup_is_case_insensitive():
    assert variable(" lai ").name == "LAI"
    assert variable("FAPAR").name == "fAPAR"
    with pytest.raises(KeyError):
        variable("NDVI")
