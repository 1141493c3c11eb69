"""estimator.py: input-domain codes and flags (spec §3.1, test_vectors.md §B), angle cosines, and the
per-window QC byte and outputs of Estimator.run."""

import numpy as np
import pytest
from conftest import OUTPUT_NAMES, S2_CSV_BANDS

from leaf_qgis.engine.estimator import (
    QC_DOMAIN,
    QC_INVALID,
    QC_NODATA,
    QC_RANGE,
    Estimator,
    angle_cosines,
    domain_codes,
    domain_flags,
)
from leaf_qgis.engine.variables import VARIABLES

OUT_OF_DOMAIN_ROWS = [476, 477, 478, 648, 649, 650, 831, 832, 833, 1043]
# test_vectors.md §F V1: domain codes of sample rows
V1_CODES = {0: 11222111, 3: 11222111, 6: 11222111, 100: 12433111, 500: 12222111, 476: 44554333, 477: 44554333}


def _bands(s2_samples, rows=slice(None)):
    return [s2_samples[c][rows] for c in S2_CSV_BANDS]


# --------------------------------------------------------------------------------------------
# Domain codes
# --------------------------------------------------------------------------------------------

def test_worked_domain_code_of_row_0(s2_samples):
    assert domain_codes(_bands(s2_samples, slice(0, 1)))[0] == 11222111
    row0 = [0.0128, 0.0147, 0.0422, 0.1111, 0.132, 0.152, 0.0903, 0.0572]
    assert domain_codes([np.array(v) for v in row0]) == 11222111


def test_domain_codes_of_table_V1(s2_samples):
    rows = list(V1_CODES)
    codes = domain_codes(_bands(s2_samples, rows))
    assert codes.tolist() == [V1_CODES[r] for r in rows]
    assert codes.dtype == np.int64


@pytest.mark.parametrize("rho,digit", [
    (0.0, 0),
    (0.95, 0),
    (1.05, 1),
    (-0.05, 0),
    (-0.15, 0),                       # toolbox: ceil = -1, mod keeps the sign, uint8 cast clamps to 0
    (7000 * 0.0001, 8),               # 0.7000000000000001 -> 7.000000000000001 -> ceil 8
    (40000 * 2.75e-5 - 0.2, 0),       # 0.9000000000000001 -> 9.000000000000002 -> ceil 10 -> 0
    (0.7, 7),                         # but the literal 0.7 times 10 rounds to exactly 7.0
    (0.1, 1), (0.10001, 2), (0.5, 5), (0.9, 9), (1.0, 0), (0.0001, 1),
])
def test_digit_edge_cases(rho, digit):
    assert domain_codes([np.array([rho])])[0] == digit
    # the same digit lands on the right power of ten in any position (others are 0.3 -> 3)
    for pos in range(8):
        refl = [np.array([0.3])] * 8
        refl[pos] = np.array([rho])
        expected = sum((digit if i == pos else 3) * 10 ** i for i in range(8))
        assert domain_codes(refl)[0] == expected


def test_s2_dn_7000_is_the_only_rounding_surprise_in_0_to_12000():
    dn = np.arange(0, 12001, dtype=np.float64)
    rho = dn * 0.0001
    digits = domain_codes([rho])
    exact = np.ceil(dn / 1000.0) % 10          # exact decimal arithmetic on the DN
    assert np.flatnonzero(digits != exact).tolist() == [7000]


def _installed_codes(network_cache, s2_algorithm):
    dom = network_cache.installed(s2_algorithm).domain()
    assert dom["type"] == "codes"
    return np.asarray(dom["codes"], dtype=np.int64)


def test_1050_domain_flags_match_toolbox_qc(network_cache, s2_algorithm, s2_samples):
    codes = _installed_codes(network_cache, s2_algorithm)
    assert codes.size == 609
    flags = domain_flags(_bands(s2_samples), codes)
    assert flags.dtype == bool and flags.shape == (1050,)
    np.testing.assert_array_equal(flags.astype(int), s2_samples["QC"].astype(int))
    assert np.flatnonzero(flags).tolist() == OUT_OF_DOMAIN_ROWS


def test_flags_also_match_when_reflectance_comes_from_dn(network_cache, s2_algorithm, s2_samples):
    """The stack path: DN = round(rho * 1e4) then DN * 0.0001 in float64."""
    codes = _installed_codes(network_cache, s2_algorithm)
    refl = [np.round(b * 1e4) * 0.0001 for b in _bands(s2_samples)]
    np.testing.assert_array_equal(domain_flags(refl, codes).astype(int), s2_samples["QC"].astype(int))


# --------------------------------------------------------------------------------------------
# Angles
# --------------------------------------------------------------------------------------------

def test_angle_cosines_order_and_precision():
    cos_vza, cos_sza, cos_raa = angle_cosines(np.array([43.16]), np.array([1.41]), np.array([146.99 - 292.95]))
    assert cos_vza[0] == np.cos(np.radians(1.41))
    assert cos_sza[0] == np.cos(np.radians(43.16))
    assert cos_raa[0] == pytest.approx(-0.8287, abs=1e-4)   # not quantised or clamped (production)
    assert angle_cosines(0.0, 0.0, 180.0)[2] == pytest.approx(-1.0)


@pytest.mark.parametrize("raa_cast,cos_raa", [("uint16", 0.0), ("int16", -0.8286)])  # trunc(-8286.9) = -8286
def test_toolbox_angle_quantisation_vector_C(raa_cast, cos_raa):
    """test_vectors.md §C (HLS row 0): pi = 3.1415, cos x 1e4 truncated, uint16 for zeniths."""
    sza, saa, vza, vaa = 43.16, 146.99, 1.41, 292.95
    cos_vza, cos_sza, c_raa = angle_cosines(np.array([sza]), np.array([vza]), np.array([saa - vaa]), "toolbox",
                                            raa_cast)
    assert cos_vza[0] == pytest.approx(0.9996, abs=1e-12)
    assert cos_sza[0] == pytest.approx(0.7294, abs=1e-12)
    assert c_raa[0] == pytest.approx(cos_raa, abs=1e-12)


def test_toolbox_quantisation_reproduces_hls_sample_cosines(shared_dir):
    """spec §0 check 3: the quantisation reproduces the cosVZA/cosSZA/cosRAA columns of the HLS samples."""
    import csv
    path = shared_dir / "realdata/leaf_sl2p_python_sr_samples/Surface_refelctance_HLSL30_v002.csv"
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    col = {k: np.array([float(r[k]) for r in rows]) for k in ("SZA", "VZA", "SAA", "VAA", "cosVZA", "cosSZA", "cosRAA")}
    cos_vza, cos_sza, cos_raa = angle_cosines(col["SZA"], col["VZA"], col["VAA"] - col["SAA"], "toolbox", "uint16")
    np.testing.assert_allclose(cos_vza, col["cosVZA"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(cos_sza, col["cosSZA"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(cos_raa, col["cosRAA"], rtol=0, atol=1e-9)


def test_unknown_quantisation_is_refused():
    with pytest.raises(ValueError):
        angle_cosines(1.0, 1.0, 1.0, "rounded")


def test_angle_cosines_of_stack_angles_round_trip(s2_samples):
    for name in ("VZA", "SZA", "RAA"):
        deg = np.degrees(np.arccos(s2_samples["cos" + name]))
        np.testing.assert_allclose(np.cos(np.radians(deg)), s2_samples["cos" + name], rtol=0, atol=1e-15)


# --------------------------------------------------------------------------------------------
# Estimator.run
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def estimator(network_cache, s2_algorithm):
    return Estimator(s2_algorithm, network_cache.installed(s2_algorithm), runtime="numpy")


def _window_inputs(s2_samples, rows):
    """(angles in degrees by name, reflectances in network order) for a 1-row window of sample rows."""
    angles = {a: np.degrees(np.arccos(s2_samples["cos" + a][rows])).reshape(1, -1) for a in ("VZA", "SZA", "RAA")}
    refl = [s2_samples[c][rows].reshape(1, -1) for c in S2_CSV_BANDS]
    return angles, refl


def test_run_outputs_and_qc_on_samples(estimator, s2_samples, s2_reference_outputs):
    rows = np.arange(1050)
    cos, refl = _window_inputs(s2_samples, rows)
    shape = (1, 1050)
    out = estimator.run(cos, refl, np.ones(shape, bool), np.ones(shape, bool))
    assert set(out) == set(OUTPUT_NAMES) | {"QC"}
    assert out["QC"].dtype == np.uint8 and out["QC"].shape == shape
    for j, name in enumerate(OUTPUT_NAMES):
        assert out[name].dtype == np.float32 and out[name].shape == shape
        np.testing.assert_allclose(out[name][0], s2_reference_outputs[:, j], rtol=1e-4, err_msg=name)
    np.testing.assert_array_equal(out["QC"][0] & QC_DOMAIN, s2_samples["QC"].astype(np.uint8))
    # bit 1: any estimate outside its valid range, from the independent reference
    est_cols = s2_reference_outputs[:, 0::2]
    lo = np.array([VARIABLES[v].valid_min for v in VARIABLES])
    hi = np.array([VARIABLES[v].valid_max for v in VARIABLES])
    expected_range = ((est_cols < lo) | (est_cols > hi)).any(axis=1)
    np.testing.assert_array_equal((out["QC"][0] & QC_RANGE) > 0, expected_range)
    assert out["QC"].max() <= QC_DOMAIN | QC_RANGE
    assert estimator.runtime == "numpy"


def test_run_flags_invalid_nodata_and_out_of_range_reflectance(estimator, s2_samples):
    rows = np.arange(8)
    cos, refl = _window_inputs(s2_samples, rows)
    has_data = np.ones((1, 8), bool)
    valid = np.ones((1, 8), bool)
    has_data[0, 1] = False          # no data
    valid[0, 2] = False             # MASK = 0
    refl[3] = refl[3].copy()
    refl[3][0, 3] = 1.2             # B6 above 1.05
    refl[0] = refl[0].copy()
    refl[0][0, 4] = -0.01           # B3 below -0.005
    refl[7] = refl[7].copy()
    refl[7][0, 5] = 1.05            # the limit itself is valid
    out = estimator.run(cos, refl, has_data, valid)
    qc = out["QC"][0]
    assert qc[1] == QC_NODATA
    assert qc[2] == QC_INVALID and qc[3] == QC_INVALID and qc[4] == QC_INVALID
    assert qc[5] & QC_INVALID == 0
    for name in OUTPUT_NAMES:
        assert np.isnan(out[name][0, [1, 2, 3, 4]]).all()
        assert np.isfinite(out[name][0, [0, 5, 6, 7]]).all()


def test_run_without_any_valid_pixel(estimator, s2_samples):
    cos, refl = _window_inputs(s2_samples, np.arange(3))
    out = estimator.run(cos, refl, np.array([[True, False, True]]), np.zeros((1, 3), bool))
    assert out["QC"].tolist() == [[QC_INVALID, QC_NODATA, QC_INVALID]]
    assert all(np.isnan(out[n]).all() for n in OUTPUT_NAMES)


def test_variable_subset(network_cache, s2_algorithm, s2_samples, s2_reference_outputs):
    est = Estimator(s2_algorithm, network_cache.installed(s2_algorithm), ["fCOVER", "LAI"], runtime="numpy")
    assert est.variables == ["LAI", "fCOVER"]          # algorithm order, whatever the request order
    assert est.output_names == ["LAI", "LAI_uncertainty", "fCOVER", "fCOVER_uncertainty"]
    cos, refl = _window_inputs(s2_samples, np.arange(50))
    out = est.run(cos, refl, np.ones((1, 50), bool), np.ones((1, 50), bool))
    assert set(out) == {"LAI", "LAI_uncertainty", "fCOVER", "fCOVER_uncertainty", "QC"}
    np.testing.assert_allclose(out["fCOVER_uncertainty"][0], s2_reference_outputs[:50, 5], rtol=1e-4)
    with pytest.raises(ValueError):
        Estimator(s2_algorithm, network_cache.installed(s2_algorithm), ["nothing"], runtime="numpy")


def test_range_flag_only_for_requested_variables(network_cache, s2_algorithm):
    """Inputs far outside the training range drive some estimate out of its valid range; the flag then
    follows exactly the requested variables' estimates."""
    inst = network_cache.installed(s2_algorithm)
    rng = np.random.default_rng(3)
    n = 4000
    angles = {"SZA": rng.uniform(0, 70, (1, n)), "VZA": rng.uniform(0, 17, (1, n)), "RAA": rng.uniform(0, 180, (1, n))}
    refl = [rng.uniform(0.0, 1.0, (1, n)) for _ in range(8)]
    ones = np.ones((1, n), bool)
    for subset in (["LAI"], ["fAPAR", "Albedo"], None):
        est = Estimator(s2_algorithm, inst, subset, runtime="numpy")
        out = est.run(angles, refl, ones, ones)
        expected = np.zeros(n, bool)
        for v in est.variables:
            y = out[v][0]
            expected |= (y < VARIABLES[v].valid_min) | (y > VARIABLES[v].valid_max)
        assert expected.any() and not expected.all()
        np.testing.assert_array_equal((out["QC"][0] & QC_RANGE) > 0, expected)
