"""The engine's safety rules one by one, without QGIS: engine.paths (outputs against inputs, owned temporaries,
stale ones), engine.gdal_errors, engine.sanity, engine.deadlines, engine.signals and the untrusted-file loaders.
tests/test_hostile_*.py run the same rules through qgis_process on the packaged plugin."""

import json
import os
import signal
import threading
import time

import numpy as np
import pytest
from conftest import S2_METADATA, write_stack
from osgeo import gdal

from leaf_qgis.engine import algorithm as algmod
from leaf_qgis.engine import deadlines, paths, sanity, signals
from leaf_qgis.engine.errors import Cancelled, LeafError, LeafWarning
from leaf_qgis.engine.gdal_errors import read_array
from leaf_qgis.engine.stack import Stack


def _stack(path, **angles):
    ramp = np.linspace(0.0, 1.0, 400, dtype=np.float32).reshape(20, 20)
    bands = [[b, 0.05 + 0.2 * ramp, {}] for b in ("B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12")]
    bands += [[a, np.full((20, 20), angles.get(a, v), np.float32) + ramp, {}]
              for a, v in (("SZA", 30.0), ("VZA", 5.0), ("RAA", 90.0))]
    return write_stack(path, bands, S2_METADATA)


# ------------------------------------------------------------------------------------------ outputs vs inputs

def test_outputs_that_are_or_lie_inside_an_input_are_refused(tmp_path):
    product = tmp_path / "P.SAFE"
    (product / "GRANULE").mkdir(parents=True)
    (product / "MTD_MSIL2A.xml").write_text("<x/>")
    band = product / "GRANULE" / "b4.jp2"
    band.write_bytes(b"x")
    stack = _stack(tmp_path / "stack.tif")
    os.symlink(band, tmp_path / "link.tif")
    os.link(stack, tmp_path / "hard.tif")
    for inputs, output, words in (
            ([str(product / "MTD_MSIL2A.xml")], band, "lies inside the folder"),
            ([str(product)], product / "new.tif", "lies inside the input"),
            ([stack], stack, "is the input"),
            ([stack], tmp_path / "hard.tif", "is the input"),
            ([str(product)], tmp_path / "link.tif", "lies inside"),
            (["/vsizip/%s/inner/x.tif" % (tmp_path / "a.zip")], tmp_path / "a.zip", "is the file .*a.zip of the input")):
        if str(inputs[0]).startswith("/vsizip/"):
            (tmp_path / "a.zip").write_bytes(b"PK")
        with pytest.raises(LeafError, match=words):
            paths.check_outputs(inputs, [str(output)])
    paths.check_outputs([stack, str(product)], [str(tmp_path / "elsewhere.tif")])   # fine
    with pytest.raises(LeafError, match="would replace the folder"):
        paths.check_outputs([str(band)], [str(product)], replaced=[str(product)])


def test_a_vrt_stands_for_its_source_files(tmp_path):
    from conftest import write_stack as ws
    bands = [[n, np.full((2, 3), 0.1, np.float32), {}] for n in ("B3", "B4")]
    vrt = ws(tmp_path / "s.vrt", bands, S2_METADATA)
    with pytest.raises(LeafError, match="is the file .*band02.tif of the input"):
        paths.check_outputs([vrt], [str(tmp_path / "s_bands" / "band02.tif")])


def test_temporaries_are_exclusive_and_only_ours_are_removed(tmp_path):
    first = paths.temporary_file(str(tmp_path), "x.tif", "partial", ".tif")
    second = paths.temporary_file(str(tmp_path), "x.tif", "partial", ".tif")
    assert first != second and os.path.exists(first) and os.path.exists(second)
    foreign = tmp_path / "user.tif"
    foreign.write_text("mine")
    paths.discard(str(foreign))                      # not ours: left alone
    assert foreign.exists()
    paths.discard(first)
    paths.discard(second)
    assert not os.path.exists(first) and not os.path.exists(second)
    assert first not in signals.temporaries()


def test_stale_temporaries_of_dead_processes_only(tmp_path):
    import subprocess
    p = subprocess.Popen(["true"])
    p.wait()
    host, dead = paths.host_tag(), p.pid
    stale = tmp_path / (".a.tif.%d@%s.partial.tif" % (dead, host))
    alive = tmp_path / (".a.tif.%d@%s.partial.tif" % (os.getpid(), host))
    other = tmp_path / (".a.tif.%d@elsewhere.partial.tif" % dead)
    for f in (stale, alive, other):
        f.write_text("x")
    folder = tmp_path / (".leaf_mosaic.%d@%s.work.q" % (dead, host))
    folder.mkdir()
    assert paths.stale_temporaries(str(tmp_path)) == [str(stale)]   # a folder without the owner marker is not ours
    (folder / paths.OWNER_FILE).write_text("leaf_qgis %d@%s\n" % (dead, host))
    messages = []
    removed = paths.remove_stale(str(tmp_path), messages.append)
    assert sorted(removed) == sorted([str(stale), str(folder)])
    assert alive.exists() and other.exists()
    assert isinstance(messages[0], LeafWarning) and "Removed 2 temporary files" in messages[0]


def test_a_failed_run_removes_the_folders_it_created(tmp_path):
    target = tmp_path / "a" / "b"
    tmp = paths.temporary_file(str(target), "x.tif", "partial", ".tif")
    paths.discard(tmp)
    assert not (tmp_path / "a").exists()


# ------------------------------------------------------------------------------------------ GDAL errors per read

def test_a_corrupt_jp2_block_is_an_error_in_every_thread(tmp_path):
    from hostile import DEMO_PRODUCTS
    jp2 = next(DEMO_PRODUCTS.rglob("*_B04_20m.jp2"))
    data = jp2.read_bytes()
    bad = tmp_path / "bad.jp2"
    bad.write_bytes(data[:len(data) // 3] + bytes((b * 7 + 13) & 255 for b in data[len(data) // 3:]))

    def read(path):
        ds = gdal.Open(str(path))
        try:
            return read_array(ds.GetRasterBand(1), (0, 0, ds.RasterXSize, ds.RasterYSize), str(path)).mean()
        except LeafError as e:
            return str(e)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(read, [bad, jp2] * 4))
    assert all(isinstance(r, str) and "bad.jp2 is corrupt" in r and "EOC" in r for r in results[0::2])
    assert all(isinstance(r, float) for r in results[1::2])


# ------------------------------------------------------------------------------------------ sanity

def test_angles_digital_numbers_and_crs_tags(tmp_path):
    with pytest.raises(LeafError, match="SZA = 200 is outside 0-90"):
        sanity.check_angle_constants({"sza": 200})
    with pytest.raises(LeafError, match="not a finite number"):
        sanity.check_angle_constants({"VZA": float("nan")})
    assert sanity.check_angle_constants({"raa": -350}) == {"RAA": -350.0}
    for bad in (float("nan"), 0, -1, "x"):
        with pytest.raises(LeafError, match="not a positive number"):
            sanity.check_resolution(bad)
    with Stack(_stack(tmp_path / "a.tif", SZA=2626.0)) as s:
        with pytest.raises(LeafError, match="SZA band of .* holds 262[67]"):
            sanity.check_scene(s)
    ramp = np.linspace(500, 5000, 400, dtype=np.float32).reshape(20, 20)
    dn = write_stack(tmp_path / "dn.tif", [[b, ramp, {}] for b in ("B3", "B4")] + [["SZA", ramp * 0 + 30, {}]],
                     S2_METADATA)
    with Stack(dn) as s:
        with pytest.raises(LeafError, match="digital numbers"):
            sanity.check_scene(s, ["B3", "B4"])
    tagged = write_stack(tmp_path / "t.tif", [["B3", ramp / 1e4, {}]], S2_METADATA, epsg=4326)
    with Stack(tagged) as s:
        with pytest.raises(LeafError, match="tagged EPSG:4326"):
            sanity.check_grid(s)


# ------------------------------------------------------------------------------------------ deadlines, signals

def test_call_with_deadline_gives_up_and_honours_cancel():
    t0 = time.monotonic()
    with pytest.raises(deadlines.DeadlineError, match="The download of http://x did not finish within 0.3 s"):
        deadlines.call_with_deadline(lambda: time.sleep(5), 0.3, "download", "http://x")
    assert time.monotonic() - t0 < 2
    with pytest.raises(Cancelled):
        deadlines.call_with_deadline(lambda: time.sleep(5), 10, "earthengine", "u", is_canceled=lambda: True)
    with pytest.raises(ZeroDivisionError):
        deadlines.call_with_deadline(lambda: 1 / 0, 1, "earthengine", "u")
    assert deadlines.call_with_deadline(lambda: 42, 1, "earthengine", "u") == 42


def test_sigterm_cancels_the_run_and_the_handler_is_restored():
    previous = signal.getsignal(signal.SIGTERM)
    cancelled = threading.Event()
    with signals.terminating(cancelled.set) as state:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(100):
            if cancelled.is_set():
                break
            time.sleep(0.01)
    assert cancelled.is_set() and state.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == previous


# ------------------------------------------------------------------------------------------ untrusted files

def test_bad_user_definitions_are_skipped_with_one_warning(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text("{")
    (tmp_path / "b.json").write_text(json.dumps({"schema": 1, "inputs": "x"}))
    (tmp_path / "c.json").write_bytes(os.urandom(300))
    os.symlink("d.json", tmp_path / "d.json")
    heard = []
    algmod.add_warning_listener(heard.append)
    try:
        algs = algmod.load_algorithms([str(tmp_path)])
        algmod.load_algorithms([str(tmp_path)])          # again: no second warning
    finally:
        algmod.remove_warning_listener(heard.append)
    assert "S2_SL2P_V0_20M" in algs
    mine = [w for w in heard if str(tmp_path) in w]
    assert len(mine) == 4 and all("skipped" in w for w in mine), mine
