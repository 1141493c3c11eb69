"""Files in the profile are untrusted: with garbage in every <profile>/leaf_qgis folder (malformed or binary
definitions, wrong types, huge files, symlink loops, unreadable files, broken catalogs, a damaged network cache,
a broken .pth and a broken package in the plugin's Python folder), QGIS's command line keeps working
(`qgis_process list`, `help native:buffer`), every valid algorithm still loads, each bad file is named in one
warning, and the tools still run."""

import json
import os
import shutil

import pytest
from hostile import (
    QGIS_PROCESS,
    REPO,
    command,
    demo_safe,
    environment,
    install_plugin,
    make_stack,
    no_traceback,
    profile_dir,
    record,
    run,
    run_all,
    snapshot,
    succeeded,
)

pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin is not installed (make setup)")

VALID_ID = "MY_VALID_20M"


def _definition(**changes):
    d = json.loads((REPO / "algorithms" / "LEAF_QGIS_S2_20M.json").read_text())
    d.update(changes)
    return json.dumps(d)


# name -> (content or a maker, what the warning says)
GARBAGE = {
    "malformed.json": ("{not json", r"could not be read"),
    "inputs_not_a_list.json": (_definition(id="BAD_INPUTS", inputs="cosVZA,cosSZA"), r"'inputs' is missing or is not a list"),
    "binary.json": (bytes(range(256)) * 64, r"not UTF-8 text|could not be read"),
    "huge.json": (b" " * (5 * 1024 * 1024) + b"{}", r"larger than any valid one"),
    "empty.json": ("", r"could not be read"),
    "array.json": ("[1, 2, 3]", r"unsupported schema"),
    "deep.json": ("[" * 200000 + "]" * 200000, r"could not be read"),
    "wrong_types.json": (_definition(id="BAD_TYPES", provenance="not an object"), r"wrong type"),
    "missing_keys.json": (json.dumps({"schema": 1, "id": "BAD_KEYS"}), r"is missing"),
    "bad_slots.json": (_definition(id="BAD_SLOTS", networks=[{"slot": 3, "estimates": ["x"]}]), r"numbered 0\.\.N-1"),
    "nan_resolution.json": (_definition(id="BAD_RESOLUTION", resolution_m=-1), r"non-negative number"),
}


@pytest.fixture(scope="module")
def config(plugin_zip, tmp_path_factory):
    """The packaged plugin in a profile whose leaf_qgis folders hold every kind of garbage."""
    config = install_plugin(plugin_zip, tmp_path_factory.mktemp("qgis_config"))
    leaf = profile_dir(config) / "leaf_qgis"
    algorithms = leaf / "algorithms"
    (algorithms / "catalog").mkdir(parents=True)
    for name, (content, _) in GARBAGE.items():
        p = algorithms / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode())
    os.symlink("loop.json", algorithms / "loop.json")                       # a symlink loop
    os.symlink(str(algorithms / "gone.json"), algorithms / "dangling.json")  # points nowhere
    (algorithms / "folder.json").mkdir()                                     # a folder named like a definition
    unreadable = algorithms / "unreadable.json"
    unreadable.write_text(_definition(id="UNREADABLE"))
    unreadable.chmod(0)
    (algorithms / (VALID_ID + ".json")).write_text(_definition(id=VALID_ID, name="my valid copy"))
    catalog = algorithms / "catalog"
    (catalog / "broken.json").write_text("{")
    (catalog / "no_entries.json").write_text(json.dumps({"entries": 5}))
    (catalog / "bad_entry.json").write_text(json.dumps({"entries": [{"id": "x"}, "not an object"]}))
    shipped = json.loads((REPO / "models" / "catalog" / "leaf_s2_v0.json").read_text())["entries"][0]
    (catalog / "duplicate.json").write_text(json.dumps({"entries": [shipped]}))
    (catalog / "escape.json").write_text(json.dumps({"entries": [dict(shipped, id="escape", path="../../etc/passwd")]}))
    cache = leaf / "networks" / "S2_SL2P_V0_20M"
    cache.mkdir(parents=True)
    (cache / "manifest.json").write_text(json.dumps({"outputs": "LAI", "models": [{"file": "../../x"}]}))
    (leaf / "networks" / "L8_SL2P_V0_30M").mkdir()
    (leaf / "networks" / "L8_SL2P_V0_30M" / "manifest.json").write_bytes(b"\x00\xff" * 1000)
    python = leaf / "python"
    python.mkdir()
    (python / "broken.pth").write_text("import this_module_does_not_exist_anywhere\n")
    (python / "ee").mkdir()
    (python / "ee" / "__init__.py").write_text("this is not python(\n")
    return config


def _env(config, **extra):
    return environment(config, LEAF_QGIS_CACHE_DIR=None, **extra)   # the profile's own network cache


def test_qgis_command_line_keeps_working(config):
    runs = run_all(config, [
        {"args": [QGIS_PROCESS, "list"], "env": _env(config)},
        {"args": [QGIS_PROCESS, "help", "native:buffer"], "env": _env(config)},
        {"args": [QGIS_PROCESS, "help", "leaf:estimate"], "env": _env(config)},
        {"args": [QGIS_PROCESS, "list"], "env": _env(config), "drop_privileges": True},
        {"args": [QGIS_PROCESS, "plugins"], "env": _env(config)},
    ])
    for r, case in zip(runs, ("qgis_process list", "qgis_process help native:buffer", "qgis_process help leaf:estimate",
                              "qgis_process list without root's privileges (an unreadable definition)",
                              "qgis_process plugins")):
        no_traceback(r)
        assert r.code == 0, r.text
        record("(profile)", case + " with garbage in every leaf_qgis folder", r, "(works; exit 0)")
    assert "leaf:estimate" in runs[0].stdout and "leaf:eetasks" in runs[0].stdout and "native:buffer" in runs[0].stdout
    assert "Buffer" in runs[1].stdout
    assert VALID_ID in runs[2].stdout            # the valid user algorithm among the garbage is offered
    for bad in ("BAD_INPUTS", "BAD_TYPES", "BAD_SLOTS", "BAD_KEYS", "BAD_RESOLUTION"):
        assert bad not in runs[2].stdout
    assert "leaf:estimate" in runs[3].stdout
    assert "leaf_qgis" in runs[4].stdout


def test_each_bad_file_is_named_in_one_warning_and_the_tools_run(config, tmp_path):
    stack = make_stack(demo_safe(tmp_path), tmp_path / "stack.tif")
    before = snapshot(profile_dir(config) / "leaf_qgis")
    listing, estimate = run_all(config, [
        {"args": command("leaf:listnetworks", []), "env": _env(config)},
        {"args": command("leaf:estimate", [("INPUT", stack), ("VARIABLES", 0), ("OUTPUT", tmp_path / "lai.tif")]),
         "env": _env(config)},
    ])
    succeeded(listing, "listnetworks", "runs with garbage in the profile; one warning per bad file")
    succeeded(estimate, "estimate", "runs with garbage in the profile (bundled networks)")
    warnings = listing.warnings
    for name, (_, why) in GARBAGE.items():
        mine = [w for w in warnings if name in w]
        assert len(mine) == 1, (name, warnings)
        import re
        assert re.search(why, mine[0]) and "skipped" in mine[0], mine[0]
        record("(profile)", "algorithm definition: " + name, listing, mine[0])
    for name in ("loop.json", "dangling.json", "broken.json", "no_entries.json", "bad_entry.json", "duplicate.json",
                 "escape.json"):
        mine = [w for w in warnings if name in w]
        assert mine, (name, warnings)
        record("(profile)", "profile file: " + name, listing, mine[0])
    assert not [w for w in warnings if "folder.json" in w]
    assert "S2_SL2P_V0_20M" in listing.stdout and "not installed" in listing.stdout   # the damaged cache entry
    assert (tmp_path / "lai.tif").exists()
    assert snapshot(profile_dir(config) / "leaf_qgis") == before    # nothing in the profile was changed


def test_earth_engine_with_a_broken_package_is_one_sentence(config, tmp_path):
    r = run(config, command("leaf:eetasks", [("EE_PROJECT", "p")]), env=_env(config))
    from hostile import refused
    refused(r, "eetasks", "a broken earthengine-api in <profile>/leaf_qgis/python", r"earthengine-api cannot be imported")


def test_a_profile_folder_that_is_a_file_or_a_loop(plugin_zip, tmp_path_factory):
    config = install_plugin(plugin_zip, tmp_path_factory.mktemp("qgis_config_odd"))
    leaf = profile_dir(config) / "leaf_qgis"
    leaf.mkdir()
    (leaf / "algorithms").write_text("a file where the folder should be")
    os.symlink("networks", leaf / "networks")          # the cache folder is a symlink to itself
    r1, r2 = run_all(config, [{"args": [QGIS_PROCESS, "list"], "env": _env(config)},
                              {"args": command("leaf:listnetworks", []), "env": _env(config)}])
    for r, case in ((r1, "qgis_process list"), (r2, "leaf:listnetworks")):
        no_traceback(r)
        assert r.code == 0, r.text
        record("(profile)", case + " when leaf_qgis/algorithms is a file and the cache a symlink loop", r,
               "(works; exit 0)")
    shutil.rmtree(config, ignore_errors=True)
