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
