# SPDX-License-Identifier: GPL-2.0-or-later
"""Record the baseline of issue 15: run every job of tests/support/baseline.py and write what it produced.

    .venv/bin/python scripts/record_baseline.py [--out tests/data/baseline15.json] [--force] [--base main]
                                                [--jobs D1,D3]

Record on the code a restructuring starts from (the commit message names that commit); tests/test_baseline.py
then re-runs the jobs after every change and compares. For issue 15 that is the main issue 14 has landed on:
either main itself or a branch on it that has only added modules (issue 15's WP1: the requests, the backends'
adapters and leaf_qgis.api, through which the jobs run). The recorder checks this: every file of leaf_qgis/,
algorithms/ and models/ that exists at --base (default main) must be unchanged in the working tree, else it
refuses (--base is recorded with the commit). An existing file is never overwritten without --force.
Jobs whose data are missing here (../shared, earthengine-api, QGIS) are refused: a baseline covers every job.
With --jobs, only those jobs run and the file is written nowhere unless --out is given (a check of the jobs).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "scripts"))

from support import baseline  # noqa: E402

from demo import _start_qgis as start_qgis  # noqa: E402  (the headless QGIS of make demo, LEAF provider of this tree)


def _git(*args) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30,
                              check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


ENGINE = ("leaf_qgis", "algorithms", "models")     # what decides the outputs


def changed_since(base: str):
    """The files of ENGINE that exist at `base` and differ in the working tree (added files are not changes);
    None when git cannot tell."""
    try:
        out = subprocess.run(["git", "diff", "--name-status", "--no-renames", base, "--", *ENGINE], cwd=REPO,
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return [line.split("\t", 1)[-1] for line in out.stdout.splitlines() if line and not line.startswith("A")]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=None, help="the JSON to write (default tests/data/baseline15.json)")
    ap.add_argument("--force", action="store_true", help="overwrite an existing baseline")
    ap.add_argument("--jobs", default="", help="comma-separated job names (default: all)")
    ap.add_argument("--base", default="main", help="the commit whose engine must be unchanged here (default main)")
    a = ap.parse_args(argv)
    names = [n.strip() for n in a.jobs.split(",") if n.strip()] or baseline.JOB_NAMES
    unknown = [n for n in names if n not in baseline.JOB_NAMES]
    if unknown:
        ap.error("unknown job %s (jobs: %s)" % (", ".join(unknown), ", ".join(baseline.JOB_NAMES)))
    out = Path(a.out) if a.out else (baseline.BASELINE_JSON if not a.jobs else None)
    if out is not None and out.exists() and not a.force:
        ap.error("%s exists; give --force to replace the recorded baseline" % out)
    if out is not None:
        changed = changed_since(a.base)
        if changed is None:
            ap.error("git cannot compare the working tree with %s" % a.base)
        if changed:
            print("the engine differs from %s in %s: a baseline is recorded on untouched code" % (
                a.base, ", ".join(changed)), file=sys.stderr)
            return 2
    shared = baseline.shared_dir()
    jobs = [baseline.job(n) for n in names]
    missing = ["%s (%s)" % (j.name, baseline.missing(j, shared)) for j in jobs if baseline.missing(j, shared)]
    if missing:
        print("cannot run: " + "; ".join(missing), file=sys.stderr)
        return 2
    os.environ["LEAF_QGIS_CACHE_DIR"] = tempfile.mkdtemp(prefix="leaf_baseline_cache_")
    with tempfile.TemporaryDirectory(prefix="leaf_baseline_") as tmp:
        app = None
        if any(j.needs == "qgis" for j in jobs):
            app = start_qgis(os.path.join(tmp, "qgis_profile"))
            warnings.simplefilter("ignore", ResourceWarning)     # QGIS turns them on; they are not the jobs' concern
        records, seconds = {}, {}
        for j in jobs:
            t = time.perf_counter()
            records[j.name] = baseline.run_job(j, os.path.join(tmp, j.name), shared)
            seconds[j.name] = time.perf_counter() - t
            print("%-3s %6.1f s  %s" % (j.name, seconds[j.name], j.what), flush=True)
        print("all  %6.1f s" % sum(seconds.values()))
        del app
    if out is None:
        return 0
    doc = {
        "about": "issue 15 baseline: outputs of tests/support/baseline.py's jobs, recorded by "
                 "scripts/record_baseline.py; compared by tests/test_baseline.py",
        "recorded_on": {"commit": _git("rev-parse", "HEAD"), "base": "%s %s" % (a.base, _git("rev-parse", a.base)),
                        "leaf_qgis": _git("rev-parse", "HEAD:leaf_qgis"),
                        "algorithms": _git("rev-parse", "HEAD:algorithms"), "models": _git("rev-parse", "HEAD:models"),
                        "seconds": {k: round(v, 1) for k, v in seconds.items()}},
        "fingerprint": baseline.fingerprint(),
        "rtol": baseline.BASELINE_RTOL,
        "jobs": records,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(baseline.dumps(doc))
    print("baseline written: %s (%d jobs)" % (out, len(records)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
