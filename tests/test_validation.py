"""The issue's validation targets for the bundled Sentinel-2 20 m networks, recomputed from the shipped
networks and the real LEAF-toolbox samples in ../shared (skipped when it is absent), and the numbers that
docs/validation.md states for them (so the report cannot drift from the networks it describes)."""

import os
import re
import sys

import numpy as np
import pytest
from conftest import REPO

from leaf_qgis.engine.algorithm import load_algorithms
from leaf_qgis.engine.catalog import NetworkStore
from leaf_qgis.engine.estimator import Estimator

sys.path.insert(0, os.path.join(str(REPO), "scripts"))
import validate_networks as vn  # noqa: E402

OURS, PUBLISHED = "LEAF_QGIS_S2_20M", "S2_SL2P_V0_20M"
DOC = os.path.join(str(REPO), "docs", "validation.md")


@pytest.fixture(scope="module")
def s2_20m_stats(shared_dir, tmp_path_factory):
    """{variable: {n, rmse, bias, r}} of ours against the published V0 20 m networks on the 1050 S2 pixels."""
    if not os.path.isfile(os.path.join(str(shared_dir), vn.SAMPLES, "Surface_refelctance_S2_L2A.csv")):
        pytest.skip("the real S2 samples are not in %s" % shared_dir)
    algs = load_algorithms()
    store = NetworkStore(str(tmp_path_factory.mktemp("validation_cache")))

    def estimator(alg_id):
        alg = algs[alg_id]
        inst = store.installed(alg) or store.install(alg, source=os.path.join(str(shared_dir), "upstream-mirror"))
        return Estimator(alg, inst, runtime="numpy")

    pair = next(p for p in vn.PAIRS if p[0] == OURS and p[1] == PUBLISHED)
    yo, yp = vn.pair_outputs(str(shared_dir), estimator, *pair[:4])
    return {v: vn.stats(yo[v].astype(np.float64), yp[v].astype(np.float64)) for v in vn.VARS}


def _doc_row(variable):
    """(n, rmse, bias, r) of the S2 20 m row for `variable` in docs/validation.md section 1."""
    pattern = re.compile(r"^\| `%s` \| `%s` \| %s \| (\d+) \| ([-\d.]+) \| ([-\d.]+) \| ([-\d.]+) \|"
                         % (OURS, PUBLISHED, re.escape(variable)), re.M)
    with open(DOC, encoding="utf-8") as f:
        m = pattern.search(f.read())
    assert m, "docs/validation.md has no %s row for %s vs %s" % (variable, OURS, PUBLISHED)
    return int(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4))


def test_s2_20m_meets_the_issue_targets_against_sl2p_v0(s2_20m_stats):
    lai, fapar, fcover = s2_20m_stats["LAI"], s2_20m_stats["fAPAR"], s2_20m_stats["fCOVER"]
    assert lai["n"] == fapar["n"] == fcover["n"] == 1050
    assert lai["rmse"] <= 0.3, lai
    assert abs(lai["bias"]) <= 0.1, lai
    assert fapar["rmse"] <= 0.05, fapar
    assert fcover["rmse"] <= 0.05, fcover


@pytest.mark.parametrize("variable", vn.VARS)
def test_validation_report_states_the_recomputed_numbers(s2_20m_stats, variable):
    st = s2_20m_stats[variable]
    n, rmse, bias, r = _doc_row(variable)
    digits = 4 if variable == "CWC" else 3
    tol = 0.6 * 10 ** -digits        # the report rounds to `digits` decimals
    assert n == st["n"]
    assert rmse == pytest.approx(st["rmse"], abs=tol)
    assert bias == pytest.approx(st["bias"], abs=tol)
    assert r == pytest.approx(st["r"], abs=0.6e-3)


def test_validation_report_verdicts_follow_the_numbers(s2_20m_stats):
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    for variable, (rmse_max, bias_max) in vn.TARGETS.items():
        st = s2_20m_stats[variable]
        met = st["rmse"] <= rmse_max and (bias_max is None or abs(st["bias"]) <= bias_max)
        m = re.search(r"^\* %s: RMSE ([-\d.]+).*\*\*(met|missed)\*\*$" % variable, text, re.M)
        assert m, "no verdict line for %s in docs/validation.md" % variable
        assert float(m.group(1)) == pytest.approx(st["rmse"], abs=0.6e-3)
        assert m.group(2) == ("met" if met else "missed")
