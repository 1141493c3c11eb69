"""SIGTERM and SIGHUP (what a scheduler or a closing terminal sends) to a running qgis_process: the run stops, its
temporaries are removed, and the output folder holds nothing it did not hold before once the process has exited.
Temporaries of runs that could not clean up (SIGKILL) are removed by the next run writing to that folder - only
files named like ours, made on this machine by a process that is gone."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hostile import (
    QGIS_PROCESS,
    Run,
    command,
    demo_safe,
    environment,
    install_plugin,
    kill_when,
    make_stack,
    record,
    run,
    snapshot,
    succeeded,
)

pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS) or os.name == "nt",
                                reason="qgis_process.bin is not installed (make setup), or no POSIX signals")

SIZE = 4000   # the virtual stack: 16 Mpixel, enough for a run of several seconds


@pytest.fixture(scope="module")
def config(plugin_zip, tmp_path_factory):
    return install_plugin(plugin_zip, tmp_path_factory.mktemp("qgis_config"))


@pytest.fixture(scope="module")
def big_stack(tmp_path_factory):
    """A 4000 x 4000 virtual stack (the demo stack enlarged by nearest neighbour in a VRT: nothing on disk)."""
    from osgeo import gdal
    folder = tmp_path_factory.mktemp("big")
    small = make_stack(demo_safe(folder), folder / "small.tif")
    path = folder / "big.vrt"
    gdal.Translate(str(path), str(small), format="VRT", width=SIZE, height=SIZE, resampleAlg="near")
    return path


def ours(folder: Path):
    """Our temporaries (files and folders) in a folder."""
    from leaf_qgis.engine.paths import partial_names
    return partial_names(str(folder))


def _interrupt(config, args, folder: Path, sig, appears, timeout=120):
    """Start a run, send `sig` once `appears(folder)` holds, wait for the process to exit."""
    proc = subprocess.Popen(args, env=environment(config, LEAF_QGIS_SIGNAL_GRACE=30), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        sent = kill_when(proc, lambda: appears(folder), sig, timeout)
        out, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert sent, "the run finished before it could be interrupted:\n" + out + err
    return Run(args, proc.returncode, out, err)


def _stopped(r: Run, sig, tool, case):
    assert r.code == -sig, r.text                 # the process ended by the signal it was sent
    assert "Traceback" not in r.text, r.text
    assert "Stopped by %s; the temporary files were removed" % signal.Signals(sig).name in r.text, r.text
    record(tool, case, r, next(e for e in r.errors if e.startswith("Stopped by")))


def test_sigterm_during_estimate_leaves_no_partial_file(config, big_stack, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("the user's file")
    before = snapshot(out)
    target = out / "new" / "folder"                  # folders the run creates are removed with its temporaries
    r = _interrupt(config, command("leaf:estimate", [("INPUT", big_stack), ("VARIABLES", 0),
                                                     ("OUTPUT", target / "lai.tif")]),
                   target, signal.SIGTERM, lambda f: any(n.endswith(".partial.tif") for n in ours(f)))
    _stopped(r, signal.SIGTERM, "estimate", "kill -TERM while the windows are written (into folders it created)")
    assert snapshot(out) == before, os.listdir(out)


def test_sighup_during_mosaic_estimates_removes_its_work_folder(config, big_stack, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    r = _interrupt(config, command("leaf:mosaic", [("INPUT", big_stack), ("START", "2023-06-01"), ("END", "2023-07-01"),
                                                   ("OUTPUT_TYPE", 1), ("VARIABLES", 0), ("OUTPUT", out / "m.tif")]),
                   out, signal.SIGHUP, lambda f: any(n.startswith(".leaf_mosaic.") for n in ours(f)))
    _stopped(r, signal.SIGHUP, "mosaic", "kill -HUP while compositing into its .leaf_mosaic work folder")
    assert os.listdir(out) == [], os.listdir(out)


def test_sigterm_during_timeseries_and_subset(config, big_stack, tmp_path):
    series = tmp_path / "series"
    r = _interrupt(config, command("leaf:timeseries", [("INPUT", big_stack), ("VARIABLES", 0),
                                                       ("OUTPUT_FOLDER", series)]),
                   tmp_path, signal.SIGTERM, lambda f: series.is_dir() and any(
                       n.startswith(".leaf_timeseries.") for n in ours(series)))
    _stopped(r, signal.SIGTERM, "timeseries", "kill -TERM while estimating a date (the folder it created)")
    assert not series.exists() or os.listdir(series) == [], os.listdir(series)
    out = tmp_path / "subset"
    out.mkdir()
    r = _interrupt(config, command("leaf:subset", [("INPUT", big_stack), ("OUTPUT", out / "copy.tif")]), out,
                   signal.SIGTERM, lambda f: any(n.endswith(".partial.tif") for n in ours(f)))
    _stopped(r, signal.SIGTERM, "subset", "kill -TERM while copying a stack")
    assert os.listdir(out) == []


def _dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def test_the_next_run_removes_stale_temporaries_it_can_prove_are_ours(config, big_stack, tmp_path):
    from leaf_qgis.engine.paths import OWNER_FILE, host_tag
    small = big_stack.parent / "small.tif"
    out = tmp_path / "out"
    out.mkdir()
    host, dead, alive = host_tag(), _dead_pid(), os.getpid()
    stale = [".lai.tif.%d@%s.partial.tif" % (dead, host), ".lai.tif.%d@%s.cog.tif" % (dead, host),
             ".leaf_mosaic.%d@%s.work.abc123" % (dead, host)]
    kept = [".lai.tif.%d@%s.partial.tif" % (alive, host),           # a run that is still going
            ".x.tif.%d@some-other-host.partial.tif" % dead,          # another machine's (a shared folder)
            ".leaf_mosaic.%d@%s.work.nomarker" % (dead, host),       # a folder without our owner marker
            ".lai.tif.partial.tif", "lai.tif.%d@%s.partial.tif" % (dead, host), "notes.txt"]
    for name in stale[:2] + kept[:2] + kept[4:]:
        (out / name).write_bytes(b"x" * 100)
    (out / stale[2]).mkdir()
    (out / stale[2] / OWNER_FILE).write_text("leaf_qgis %d@%s\n" % (dead, host))
    (out / stale[2] / "m_composite.tif").write_bytes(b"x" * 100)
    (out / kept[2]).mkdir()
    (out / kept[2] / "user.txt").write_text("not ours")
    (out / kept[3]).write_text("no pid: not a name of ours")
    user_file = tmp_path / "precious.txt"
    user_file.write_text("precious")
    os.symlink(user_file, out / (".link.tif.%d@%s.partial.tif" % (dead, host)))   # a symlink named like ours
    kept.append(".link.tif.%d@%s.partial.tif" % (dead, host))
    r = run(config, command("leaf:estimate", [("INPUT", small), ("VARIABLES", 0), ("OUTPUT", out / "lai.tif")]))
    succeeded(r, "estimate", "the next run into a folder with temporaries of dead runs",
              r"Removed 3 temporary files left in .* by interrupted runs")
    names = set(os.listdir(out))
    assert not names & set(stale), names
    assert set(kept) <= names, names
    assert user_file.read_text() == "precious"


def test_after_sigkill_the_next_run_cleans_up(config, big_stack, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    args = command("leaf:estimate", [("INPUT", big_stack), ("VARIABLES", 0), ("OUTPUT", out / "lai.tif")])
    proc = subprocess.Popen(args, env=environment(config), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert kill_when(proc, lambda: any(n.endswith(".partial.tif") for n in ours(out)), signal.SIGKILL)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
    left = ours(out)
    assert left, "SIGKILL cannot be caught: its partial files stay until the next run"
    time.sleep(0.2)
    r = run(config, command("leaf:estimate", [("INPUT", big_stack.parent / "small.tif"), ("VARIABLES", 0),
                                              ("OUTPUT", out / "small_lai.tif")]))
    succeeded(r, "estimate", "the run after a kill -9 removes the killed run's partial files",
              r"Removed \d+ temporary files")
    assert ours(out) == [], ours(out)
