"""Every bad input gives one sentence, once, and never a Python traceback, through qgis_process on the packaged
plugin: impossible numbers, unwritable or blocked folders, broken archives and metadata, a refused pickle,
dangling symlinks, garbage parameters of every tool. The folder of each case holds what it held before."""

import hashlib
import json
import os
import pickle
import re
import shutil
import tarfile

import pytest
from hostile import (
    QGIS_PROCESS,
    REPO,
    command,
    demo_safe,
    environment,
    install_plugin,
    landsat_product,
    make_stack,
    refused,
    run_all,
    snapshot,
)

pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin is not installed (make setup)")


@pytest.fixture(scope="module")
def config(plugin_zip, tmp_path_factory):
    return install_plugin(plugin_zip, tmp_path_factory.mktemp("qgis_config"))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stack_source")
    return make_stack(demo_safe(folder), folder / "stack.tif")


class Cases:
    """Cases of one test: each (tool, name, folder, params, fragments, env, drop_privileges), run at once."""

    def __init__(self, config, tmp_path):
        self.config, self.tmp_path, self.items = config, tmp_path, []

    def folder(self, name):
        f = self.tmp_path / name
        f.mkdir()
        return f


    def add(self, tool, name, folder, params, *fragments, env=None, drop_privileges=False):
        self.items.append((tool, name, folder, params, fragments, env or {}, drop_privileges))

    def run(self):
        befores = [snapshot(c[2]) for c in self.items]
        runs = run_all(self.config, [{"args": command("leaf:" + tool, params), "drop_privileges": drop,
                                      "env": environment(self.config, **dict(
                                          {"LEAF_QGIS_CACHE_DIR": self.tmp_path / "cache"}, **env))}
                                     for tool, _, _, params, _, env, drop in self.items])
        for (tool, name, folder, _, fragments, _, _), before, r in zip(self.items, befores, runs):
            refused(r, tool, name, *fragments, before=before, after=snapshot(folder))
        return runs


def _index(alg_id, extra=()):
    from leaf_qgis.engine.algorithm import load_algorithms
    return sorted(list(load_algorithms()) + list(extra)).index(alg_id)


def test_numbers_and_parameters(config, stack, tmp_path):
    c = Cases(config, tmp_path)
    f = c.folder("numbers")
    safe = demo_safe(f)
    s = shutil.copy(stack, f / "stack.tif")
    c.add("estimate", "RESOLUTION=nan with a product", f, [("PRODUCT", safe), ("RESOLUTION", "nan"),
                                                           ("OUTPUT", f / "l.tif")], r"RESOLUTION .* is nan")
    c.add("estimate", "RESOLUTION=-5 (QGIS's own minimum)", f, [("PRODUCT", safe), ("RESOLUTION", "-5"),
                                                                ("OUTPUT", f / "l.tif")], r"Incorrect parameter value")
    c.add("mosaic", "RESOLUTION=nan", f, [("INPUT", s), ("START", "2023-06-01"), ("END", "2023-07-01"),
                                          ("RESOLUTION", "nan"), ("OUTPUT", f / "m.tif")], r"is nan")
    c.add("timeseries", "RESOLUTION=nan", f, [("INPUT", s), ("RESOLUTION", "nan"), ("OUTPUT_FOLDER", f / "series")],
          r"is nan")
    c.add("mosaic", "CLOUD=nan", f, [("INPUT", s), ("START", "2023-06-01"), ("END", "2023-07-01"), ("CLOUD", "nan"),
                                     ("OUTPUT", f / "m.tif")], r"CLOUD .* is nan")
    c.add("mosaic", "W_SPECTRAL=nan", f, [("INPUT", s), ("START", "2023-06-01"), ("END", "2023-07-01"),
                                          ("W_SPECTRAL", "nan"), ("OUTPUT", f / "m.tif")], r"W_SPECTRAL .* is nan")
    c.add("subset", "BUFFER=nan", f, [("INPUT", safe), ("BUFFER", "nan"), ("OUTPUT", f / "s.tif")], r"BUFFER .* is nan")
    c.add("train", "SZA_MIN=nan", f, [("RESPONSES", f / "r.csv"), ("ID", "X_20M"), ("SENSOR", "X"),
                                      ("SZA_MIN", "nan")], r"(SZA_MIN .* is nan|does not exist|Incorrect)")
    c.add("estimate", "ALGORITHM=99", f, [("INPUT", s), ("ALGORITHM", 99), ("OUTPUT", f / "l.tif")],
          r"Incorrect parameter value for ALGORITHM")
    c.add("estimate", "an output that is not a GeoTIFF", f, [("INPUT", s), ("OUTPUT", f / "l.png")],
          r"must be a GeoTIFF")
    c.add("estimate", "BAND_MAP=garbage", f, [("INPUT", s), ("BAND_MAP", "garbage"), ("OUTPUT", f / "l.tif")],
          r"band map entry 'garbage' .* is not NAME=VALUE")
    c.add("mosaic", "END before START", f, [("INPUT", s), ("START", "2023-07-01"), ("END", "2023-06-01"),
                                            ("OUTPUT", f / "m.tif")], r"end date must come after the start date")
    c.add("timeseries", "PREFIX=../x", f, [("INPUT", s), ("PREFIX", "../x"), ("OUTPUT_FOLDER", f / "series")],
          r"prefix '\.\./x' may hold letters")
    c.add("timeseries", "TABLE without FEATURES", f, [("INPUT", s), ("TABLE", f / "t.csv"),
                                                      ("OUTPUT_FOLDER", f / "series")], r"needs features")
    c.add("eetasks", "status without TASK_ID", f, [("ACTION", 1), ("EE_PROJECT", "p")], r"Give the id of the task")
    c.add("subset", "CRS=EPSG:999999 (no such CRS)", f, [("INPUT", safe), ("CRS", "EPSG:999999"), ("OUTPUT", f / "s.tif")],
          r"^The CRS EPSG:999999 given for CRS is not a coordinate reference system QGIS knows")
    c.add("estimate", "CRS=garbage with a product", f, [("PRODUCT", safe), ("CRS", "not a crs"), ("OUTPUT", f / "l.tif")],
          r"CRS not a crs given for CRS is not a coordinate reference system")
    (f / "area.gpkg").write_text("this is text, not a GeoPackage")
    c.add("subset", "an AREA file that is not a vector layer", f, [("INPUT", safe), ("AREA", f / "area.gpkg"),
                                                                 ("OUTPUT", f / "s.tif")],
          r"^The file .*area\.gpkg given for AREA is not a vector layer GDAL can read")
    c.run()


def test_files_folders_and_archives(config, stack, tmp_path):
    c = Cases(config, tmp_path)
    f = c.folder("zip")
    (f / "not_a_zip.zip").write_bytes(os.urandom(4096))
    c.add("subset", "random bytes named .zip", f, [("INPUT", f / "not_a_zip.zip"), ("OUTPUT", f / "s.tif")],
          r"(damaged or truncated|not a readable zip)")
    f = c.folder("missing")
    c.add("estimate", "an input that does not exist", f, [("INPUT", f / "nowhere.tif"), ("OUTPUT", f / "l.tif")],
          r"does not exist")
    f = c.folder("text_landcover")
    (f / "landcover.tif").write_text("this is text, not a raster")
    c.add("estimate", "a LANDCOVER that is a text file", f,
          [("INPUT", stack), ("LANDCOVER", f / "landcover.tif"), ("OUTPUT", f / "l.tif")],
          r"(not a raster GDAL can read|could not be loaded)")
    f = c.folder("stac")
    (f / "item.json").write_text("{ not json")
    c.add("subset", "a STAC item that is not JSON", f, [("INPUT", f / "item.json"), ("OUTPUT", f / "s.tif")],
          r"STAC item .* could not be read")
    f = c.folder("mtd")
    safe = demo_safe(f)
    (safe / "MTD_MSIL2A.xml").write_text("<not xml")
    c.add("estimate", "a SAFE whose MTD_MSIL2A.xml is garbage", f, [("PRODUCT", safe), ("OUTPUT", f / "l.tif")],
          r"MTD_MSIL2A\.xml")
    f = c.folder("mtl")
    l8 = landsat_product(f)
    next(l8.glob("*_MTL.txt")).write_text("GROUP = garbage\n")
    c.add("subset", "a Landsat product whose MTL is garbage", f, [("INPUT", l8), ("OUTPUT", f / "s.tif")], r"MTL")
    g = c.folder("tar")
    l8 = landsat_product(g)
    with tarfile.open(g / "evil.tar", "w") as tf:
        for p in sorted(l8.iterdir()):
            tf.add(p, arcname="%s/%s" % (l8.name, p.name))
        tf.add(next(l8.glob("*_MTL.txt")), arcname="../../escaped_MTL.txt")
    shutil.rmtree(l8)
    c.add("subset", "a Landsat tar with a member outside its folder", g, [("INPUT", g / "evil.tar"),
                                                                         ("OUTPUT", g / "s.tif")],
          r"(outside its folder|neither a raster)")
    blocker = c.folder("blocked")
    (blocker / "file").write_text("a file where a folder is needed")
    c.add("timeseries", "OUTPUT_FOLDER below a file", blocker, [("INPUT", stack), ("OUTPUT_FOLDER", blocker / "file" / "s")],
          r"Cannot create the output folder .*: Not a directory")
    ro = c.folder("readonly")
    ro_out = ro / "out"
    ro_out.mkdir()
    ro_out.chmod(0o555)
    c.add("estimate", "an output folder without write permission", ro, [("INPUT", stack), ("OUTPUT", ro_out / "l.tif")],
          r"Cannot write .*out/l\.tif: Permission denied", drop_privileges=True)
    c.run()
    ro_out.chmod(0o755)


def test_network_installs(config, tmp_path):
    c = Cases(config, tmp_path)
    index = _index("S2_SL2P_V0_20M")
    empty = c.folder("empty_source")
    ro = c.folder("readonly_cache")
    cache = ro / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    c.add("installnetworks", "a read-only network cache", ro, [("ALGORITHM", index), ("SOURCE_FOLDER", empty)],
          r"network cache .* cannot be written \(Permission denied\)", env={"LEAF_QGIS_CACHE_DIR": cache},
          drop_privileges=True)
    nd = c.folder("cache_below_a_file")
    (nd / "file").write_text("x")
    c.add("installnetworks", "a network cache below a file", nd, [("ALGORITHM", index), ("SOURCE_FOLDER", empty)],
          r"network cache .* cannot be written", env={"LEAF_QGIS_CACHE_DIR": nd / "file" / "cache"})
    src = c.folder("source_with_links")
    os.symlink(src / "gone.csv", src / "dangling.csv")
    os.symlink(src, src / "loop")
    (src / "fifo").mkdir()
    c.add("installnetworks", "a SOURCE_FOLDER with a dangling symlink and a symlink loop", src,
          [("ALGORITHM", index), ("SOURCE_FOLDER", src)], r"holds no copy of")
    z = c.folder("bad_zip")
    (z / "nets.zip").write_bytes(b"PK\x03\x04" + os.urandom(300))
    c.add("installnetworks", "a SOURCE_ZIP that is not a zip", z, [("ALGORITHM", index), ("SOURCE_ZIP", z / "nets.zip")],
          r"is not a folder or a readable zip file")
    c.add("installnetworks", "a SOURCE_FOLDER that does not exist", z,
          [("ALGORITHM", index), ("SOURCE_FOLDER", z / "nowhere")], r"^The network source .*nowhere does not exist\.$")
    c.add("installnetworks", "a SOURCE_ZIP that does not exist, for networks installed already", z,
          [("ALGORITHM", _index("LEAF_QGIS_S2_20M")), ("SOURCE_ZIP", z / "nowhere.zip")],
          r"^The network source .*nowhere\.zip does not exist\.$")
    c.add("installnetworks", "a BASE_URL that is not http(s)", z, [("ALGORITHM", index), ("BASE_URL", "ftp://example.org/x")],
          r"^The download base URL ftp://example\.org/x is not an http:// or https:// address")

    # a user algorithm whose catalog entry is a pickle that would run code: refused, in one sentence
    user = c.folder("user_algorithms")
    (user / "catalog").mkdir()
    evil = user / "nets" / "evil.pkl"
    evil.parent.mkdir()

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned > %s" % (user / "pwned.txt"),))
    evil.write_bytes(pickle.dumps(Evil()))
    data = evil.read_bytes()
    (user / "catalog" / "evil.json").write_text(json.dumps({"schema": 1, "entries": [{
        "id": "evil/estimates", "repo": "x/y", "commit": "0" * 40, "path": "evil.pkl", "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(), "format": "gee-dump-pickle", "kind": "estimates"}]}))
    definition = json.loads((REPO / "algorithms" / "S2_SL2P_V0_20M.json").read_text())
    definition.update(id="EVIL_S2_20M", domain=[], networks=[{"slot": 0, "estimates": ["evil/estimates"]}])
    (user / "EVIL_S2_20M.json").write_text(json.dumps(definition))
    c.add("installnetworks", "a pickle that would run os.system (refused)", user,
          [("ALGORITHM", _index("EVIL_S2_20M", ["EVIL_S2_20M"])), ("SOURCE_FOLDER", user / "nets")],
          r"evil\.pkl is not plain data: its pickle asks for .*posix.*system, which could run code, so it was not read",
          env={"LEAF_QGIS_ALGORITHMS_DIR": user})
    c.run()
    cache.chmod(0o755)
    assert not (user / "pwned.txt").exists()


FRENCH = {"LANG": "fr_CA.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}


def _catalogue():
    """{English source: French translation} of i18n/leaf_qgis_fr.ts (finished messages)."""
    import xml.etree.ElementTree as ET
    out = {}
    for m in ET.parse(REPO / "i18n" / "leaf_qgis_fr.ts").getroot().iter("message"):
        tr = m.find("translation")
        if tr is not None and tr.get("type") not in ("unfinished", "obsolete", "vanished") and tr.text:
            out[m.findtext("source")] = tr.text
    return out


def _french_pattern(english: str, catalogue):
    """The regex of the French translation of the message the English sentence was made from (the template
    with most literal text that matches it); its values may themselves be translated, hence a pattern."""
    from leaf_qgis.translation import _CONVERSION, template_pattern
    for source in sorted(catalogue, key=lambda s: -len(_CONVERSION.sub("", s))):
        if len(_CONVERSION.sub("", source).strip()) >= 8 and template_pattern(source).match(english):
            return template_pattern(catalogue[source])
    raise AssertionError("no message of the catalogue matches %r" % english)


def test_the_sentences_come_in_the_users_language(config, stack, tmp_path):
    """The same bad inputs (one or more of every kind of the issue) under LANG=fr_CA.UTF-8 and in English: each
    gives one sentence, once, no traceback, the folder unchanged; the French one is the catalogue's translation of
    the English one (same message, the values filled in), and differs from it."""
    from test_hostile_deadlines import SCALE, _Server
    from test_hostile_silent import algorithm_index, band_file, corrupt
    from test_hostile_silent import stack as small_stack
    cases = Cases(config, tmp_path)
    f = cases.folder("outputs")
    s = shutil.copy(stack, f / "stack.tif")
    l8 = landsat_product(f)
    lc = shutil.copy(stack, f / "landcover.tif")
    safe = demo_safe(f)
    plan = [("estimate", "OUTPUT = its input stack", f, [("INPUT", s), ("OUTPUT", s)], {}),
            ("subset", "OUTPUT = a band file of the Landsat product given by its MTL", f,
             [("INPUT", next(l8.glob("*_MTL.txt"))), ("OUTPUT", next(l8.glob("*_SR_B4.TIF")))], {}),
            ("estimate", "OUTPUT = its LANDCOVER raster", f, [("INPUT", s), ("LANDCOVER", lc), ("OUTPUT", lc)], {}),
            ("timeseries", "OUTPUT_FOLDER inside an input SAFE", f, [("INPUT", safe), ("OUTPUT_FOLDER", safe / "series")],
             {})]
    f = cases.folder("numbers")
    safe = demo_safe(f)
    plan += [("estimate", "RESOLUTION=nan with a product", f, [("PRODUCT", safe), ("RESOLUTION", "nan"),
                                                               ("OUTPUT", f / "l.tif")], {}),
             ("subset", "CRS=EPSG:999999", f, [("INPUT", safe), ("CRS", "EPSG:999999"), ("OUTPUT", f / "s.tif")], {}),
             ("mosaic", "END before START", f, [("INPUT", safe), ("START", "2023-07-01"), ("END", "2023-06-01"),
                                                ("OUTPUT", f / "m.tif")], {})]
    f = cases.folder("silent")
    plan += [("estimate", "an SZA band of 2626 degrees", f,
              [("INPUT", small_stack(f / "sza.tif", angles={"SZA": 2626.0})), ("OUTPUT", f / "l.tif")], {}),
             ("estimate", "a Float32 stack of digital numbers", f,
              [("INPUT", small_stack(f / "dn.tif", scale=10000.0)), ("OUTPUT", f / "l.tif")], {}),
             ("estimate", "a stack with UTM coordinates tagged EPSG:4326", f,
              [("INPUT", small_stack(f / "tagged.tif", epsg=4326)), ("OUTPUT", f / "l.tif")], {}),
             ("estimate", "a LANDCOVER raster that does not overlap the stack", f,
              [("INPUT", small_stack(f / "plain.tif")),
              ("ALGORITHM", algorithm_index("S2_SL2P_V1_20M")),
               ("LANDCOVER", small_stack(f / "far.tif", origin=(652000.0, 4012000.0))), ("OUTPUT", f / "l.tif")], {})]
    g = cases.folder("corrupt")
    bad = demo_safe(g)
    corrupt(band_file(bad, "B05"))
    plan.append(("estimate", "a SAFE whose B05 JP2 is two thirds garbage", g, [("PRODUCT", bad), ("OUTPUT", g / "l.tif")],
                 {}))
    f = cases.folder("networks")
    ro = cases.folder("readonly_cache") / "cache"   # not inside the SOURCE_FOLDER (that is refused first)
    ro.mkdir()
    ro.chmod(0o555)
    index = _index("S2_SL2P_V0_20M")
    trickle = _Server("trickle")
    plan += [("installnetworks", "a read-only network cache", f, [("ALGORITHM", index), ("SOURCE_FOLDER", f)],
              {"LEAF_QGIS_CACHE_DIR": ro, "drop": True}),
             ("installnetworks", "a SOURCE_FOLDER that does not exist", f,
              [("ALGORITHM", index), ("SOURCE_FOLDER", f / "nowhere")], {}),
             ("installnetworks", "a download server trickling one byte every 0.2 s", f,
              [("ALGORITHM", index), ("BASE_URL", trickle.url)], {"LEAF_QGIS_NETWORK_DEADLINE_SCALE": SCALE})]
    for language, extra in (("English", {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""}),
                            ("French", FRENCH)):
        for tool, name, folder, params, env in plan:
            env = dict(env)
            drop = env.pop("drop", False)
            cases.add(tool, "%s, in %s" % (name, language), folder, params, env=dict(env, **extra), drop_privileges=drop)
    try:
        runs = cases.run()
    finally:
        trickle.close()
        ro.chmod(0o755)
    catalogue = _catalogue()
    n = len(plan)
    for (_, name, *_), english, french in zip(plan, runs[:n], runs[n:]):
        assert french.code == english.code == 1, (name, english.text, french.text)
        assert french.sentence != english.sentence, (name, english.sentence)
        assert _french_pattern(english.sentence, catalogue).match(french.sentence), (name, english.sentence,
                                                                                       french.sentence)
    assert any(r.sentence.startswith("La sortie ") for r in runs[n:])
    readonly = [i for i, p in enumerate(plan) if p[1] == "a read-only network cache"][0]
    assert re.search(r"network cache .* cannot be written", runs[readonly].sentence), runs[readonly].sentence
