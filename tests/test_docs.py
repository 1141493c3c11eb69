"""Documentation that is generated from the code must match it."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_algorithms_table_is_current():
    doc = (REPO / "docs" / "algorithms.md").read_text(encoding="utf-8")
    table = subprocess.run([sys.executable, str(REPO / "scripts" / "algorithms_table.py")], capture_output=True,
                           text=True, check=True, timeout=60).stdout.strip()
    assert table in doc, "docs/algorithms.md is stale: paste the output of scripts/algorithms_table.py into it"


def test_every_algorithm_is_in_the_readme_or_docs():
    sys.path.insert(0, str(REPO))
    from leaf_qgis.engine.algorithm import load_algorithms
    doc = (REPO / "docs" / "algorithms.md").read_text(encoding="utf-8")
    for alg_id in load_algorithms():
        assert "`%s`" % alg_id in doc


def _metadata():
    import configparser
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO / "metadata.txt", encoding="utf-8")
    return parser["general"]


def test_metadata_describes_the_tools_of_the_readme():
    """metadata.txt's about names every tool of the README's 'What works today' table and the changelog its id."""
    import re
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## What works today", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| ([^|]+?) \| `(leaf:\w+)` \|", table, re.M)
    assert len(rows) == 8
    md = _metadata()
    for name, alg_id in rows:
        assert re.sub(r" \(.*\)$", "", name) in md["about"], name
        assert alg_id in md["changelog"], alg_id


def test_metadata_lists_the_plugin_for_qgis_4():
    """QGIS 4 loads and plugins.qgis.org lists a plugin for QGIS 4 by qgisMaximumVersion alone (QGIS PR #65168
    dropped the supportsQt6 check; the site warns that supportsQt6 is deprecated and should be removed)."""
    md = _metadata()
    assert md["qgisMinimumVersion"] == "3.22" and md["qgisMaximumVersion"] == "4.99"
    assert "supportsQt6" not in md
