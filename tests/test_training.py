"""leaf_qgis.training: simulation formulas against hand-worked values, the noise model, band integration,
the calibration parser, the Levenberg-Marquardt fit, the LEAF CSV writer, and a retraining of one bundled
network from the seed (to 1e-6 relative: bit for bit holds on one machine only)."""

import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import REPO

from leaf_qgis.engine.networks import Network, read_leaf_csv
from leaf_qgis.training import bundle, responses, train
from leaf_qgis.training import simulate as sim
from leaf_qgis.training.calibration import Distribution, NoiseModel, calibration_paths, read_calibration

RESPONSES = os.path.join(str(REPO), "models", "responses")


def _dist(**kw):
    base = dict(name="Cab", lower=20.0, upper=90.0, p1=45.0, p2=30.0, classes=4, law="normal", lai_conv=10.0,
                min_at_0=20.0, max_at_0=90.0, min_at_conv=45.0, max_at_conv=90.0)
    base.update(kw)
    return Distribution(**base)


# --------------------------------------------------------------------------------------------
# Formulas
# --------------------------------------------------------------------------------------------

def test_canopy_contents_are_lai_times_leaf_contents():
    assert sim.canopy_chlorophyll(2.5, 40.0) == pytest.approx(100.0)          # ug/cm2 of ground
    assert sim.water_content(0.005, 0.75) == pytest.approx(0.015)             # Cw = Cdm r / (1 - r)
    assert sim.canopy_water(3.0, 0.015) == pytest.approx(0.045)               # g/cm2 of ground
    np.testing.assert_allclose(sim.canopy_chlorophyll(np.array([0.0, 1.0]), np.array([50.0, 60.0])), [0.0, 60.0])


def test_fcover_is_one_minus_the_nadir_gap_fraction():
    assert sim.gap_fraction_cover(2.0, 0.5) == pytest.approx(1.0 - np.exp(-1.0))
    assert sim.gap_fraction_cover(0.0, 0.7) == 0.0


def test_canopy_absorptance_closes_the_energy_balance():
    rng = np.random.default_rng(1)
    tss, tsd, rsd = rng.uniform(0, 0.3, 50), rng.uniform(0, 0.2, 50), rng.uniform(0, 0.2, 50)
    rdd, tdd, rs = rng.uniform(0, 0.3, 50), rng.uniform(0, 0.4, 50), rng.uniform(0, 0.6, 50)
    a = sim.canopy_absorptance(tss, tsd, rsd, rdd, tdd, rs)
    down = (tss + tsd) / (1 - rs * rdd)
    soil_absorbed = (1 - rs) * down
    reflected = rsd + tdd * rs * down
    np.testing.assert_allclose(a + soil_absorbed + reflected, 1.0, atol=1e-12)
    # black soil: only the first pass, 1 - 0.1 - 0.2 - 0.3
    assert sim.canopy_absorptance(0.2, 0.3, 0.1, 0.2, 0.3, 0.0) == pytest.approx(0.4)
    # hand-worked: tss .2, tsd .1, rsd .05, rdd .1, tdd .5, soil .2: D = .3/.98, A = .65 + .4 * .2 * D
    assert sim.canopy_absorptance(0.2, 0.1, 0.05, 0.1, 0.5, 0.2) == pytest.approx(0.65 + 0.08 * 0.3 / 0.98)


def test_white_sky_albedo_is_the_diffuse_weighted_shortwave_mean():
    diffuse = np.where(sim.WAVELENGTHS < 1000, 3.0, 1.0)
    assert sim.white_sky_albedo(np.full(sim.WAVELENGTHS.size, 0.2), diffuse) == pytest.approx(0.2)
    rddt = np.where(sim.WAVELENGTHS < 1000, 0.1, 0.4)
    n_vis, n_ir = np.sum(sim.WAVELENGTHS < 1000), np.sum(sim.WAVELENGTHS >= 1000)
    expected = (3 * 0.1 * n_vis + 0.4 * n_ir) / (3 * n_vis + n_ir)
    assert sim.white_sky_albedo(rddt, diffuse) == pytest.approx(expected)


def test_spectra_sun_is_fixed_while_the_input_sun_is_drawn(shared_dir):
    cal = read_calibration(*calibration_paths(str(shared_dir / "spec" / "calibration"),
                                              "Sentinel2__s2_sl2p_weiss_or_prosail"))
    fixed = sim.design(cal, sim.Geometry((21.0, 70.0), (0.0, 17.0), spectra_sza=30.0), n=500, seed=3)
    assert np.all(fixed["SZA_RT"] == 30.0)
    assert fixed["SZA"].min() >= 21.0 and fixed["SZA"].max() <= 70.0 and fixed["SZA"].std() > 10
    free = sim.design(cal, sim.Geometry((21.0, 70.0), (0.0, 17.0)), n=500, seed=3)
    np.testing.assert_array_equal(free["SZA_RT"], free["SZA"])
    np.testing.assert_array_equal(free["SZA"], fixed["SZA"])      # the same draws: only the simulated sun differs
    assert sim.S2_GEOMETRY.spectra_sza == sim.LANDSAT_GEOMETRY.spectra_sza == sim.SPECTRA_SZA


def test_band_mean_weights_the_spectrum():
    values = np.where(sim.WAVELENGTHS < 550, 1.0, 3.0)
    w = np.ones(sim.WAVELENGTHS.size)
    assert sim.band_mean(values, w, (500, 599)) == pytest.approx(2.0)        # 50 nm at 1, 50 nm at 3
    w2 = np.where(sim.WAVELENGTHS < 550, 3.0, 1.0)
    assert sim.band_mean(values, w2, (500, 599)) == pytest.approx(1.5)


def test_noise_model_statistics():
    """R* = R(1 + (MD_b + MI)/100) + AD_b + AI: variance R^2 (MD^2 + MI^2)/1e4 + AD^2 + AI^2 per band and
    covariance R^2 MI^2/1e4 + AI^2 between bands (the shared terms)."""
    noise = NoiseModel([0.01, 0.01], 0.01, [2.0, 2.0], 2.0)
    r = np.full((200000, 2), 0.2)
    x = sim.add_noise(r, noise, np.random.default_rng(3))
    var = 0.04 * 8 / 1e4 + 2e-4
    cov = 0.04 * 4 / 1e4 + 1e-4
    assert x.mean() == pytest.approx(0.2, abs=2e-4)
    assert x[:, 0].var() == pytest.approx(var, rel=0.02)
    assert np.cov(x.T)[0, 1] == pytest.approx(cov, rel=0.03)
    # reproducible from the stream, and the model extends to more bands when the sheet's values are common
    again = sim.add_noise(r[:10], noise, np.random.default_rng(3))
    np.testing.assert_array_equal(again, sim.add_noise(r[:10], noise, np.random.default_rng(3)))
    assert noise.for_bands(4).additive_dependent == [0.01] * 4
    with pytest.raises(ValueError):
        NoiseModel([0.01, 0.02], 0.0, [1.0, 1.0], 0.0).for_bands(3)


def test_flat_spectrum_integrates_to_the_constant_in_every_band():
    files = sorted(f for f in os.listdir(RESPONSES) if f.endswith(".csv"))
    assert {f[:-4] for f in files} == set(responses.INSTRUMENTS)
    for f in files:
        table = responses.read_table(os.path.join(RESPONSES, f))
        m = responses.integration_matrix(list(table.values()))
        np.testing.assert_allclose(m @ np.full(sim.WAVELENGTHS.size, 0.37), 0.37, rtol=1e-12)
        # a ramp integrates to the band's response-weighted centre wavelength, which lies inside the band
        centres = m @ sim.WAVELENGTHS.astype(float)
        for (name, resp), c in zip(table.items(), centres):
            lit = sim.WAVELENGTHS[resp > 0]
            assert lit.min() < c < lit.max(), (f, name)


def test_known_band_positions():
    s2 = responses.read_table(os.path.join(RESPONSES, "S2A_MSI.csv"))
    m = responses.integration_matrix([s2["B4"], s2["B8A"], s2["B11"]])
    centres = m @ sim.WAVELENGTHS.astype(float)
    np.testing.assert_allclose(centres, [665, 865, 1612], atol=6)   # S2A MSI central wavelengths (ESA)
    tm = responses.read_table(os.path.join(RESPONSES, "L5_TM.csv"))
    assert 820 < responses.integration_matrix([tm["B4"]])[0] @ sim.WAVELENGTHS < 850


# --------------------------------------------------------------------------------------------
# Sampling
# --------------------------------------------------------------------------------------------

def test_quantiles_of_the_laws():
    d = _dist(law="uniform")
    np.testing.assert_allclose(sim.quantile(d, np.array([0.0, 0.5, 1.0])), [20.0, 55.0, 90.0])
    n = _dist(lower=0.3, upper=0.7, p1=0.5, p2=0.1)
    np.testing.assert_allclose(sim.quantile(n, np.array([0.0, 0.5, 1.0])), [0.3, 0.5, 0.7], atol=1e-12)
    # truncated normal: the median of N(2, 3) on [0, 15] is where Phi((x-2)/3) = (Phi(-2/3) + Phi(13/3)) / 2
    from scipy.special import ndtr
    lai = _dist(lower=0.0, upper=15.0, p1=2.0, p2=3.0)
    med = float(sim.quantile(lai, np.array([0.5]))[0])
    assert ndtr((med - 2) / 3) == pytest.approx((ndtr(-2 / 3) + ndtr(13 / 3)) / 2)


def test_codistribution_with_lai():
    d = _dist()   # Cab: [20, 90] at LAI 0, [45, 90] from LAI 10 on
    assert d.bounds_at(0.0) == (20.0, 90.0)
    assert d.bounds_at(5.0) == (32.5, 90.0)
    assert d.bounds_at(12.0) == (45.0, 90.0)
    assert sim.codistribute(d, 20.0, 5.0) == pytest.approx(32.5)     # the LAI=0 minimum maps to the new minimum
    assert sim.codistribute(d, 55.0, 10.0) == pytest.approx(67.5)    # mid-range to mid-range
    assert sim.codistribute(d, 90.0, 10.0) == pytest.approx(90.0)


def test_class_plans():
    rng = np.random.default_rng(0)
    full = sim.class_plan([2, 3, 4], 24, rng)
    assert len({tuple(r) for r in full}) == 24                       # every combination once
    part = sim.class_plan([2, 3, 4], 100, rng)
    for j, k in enumerate([2, 3, 4]):
        counts = np.bincount(part[:, j], minlength=k)
        assert counts.max() - counts.min() <= 1                      # balanced classes


# --------------------------------------------------------------------------------------------
# Calibration tables (shared)
# --------------------------------------------------------------------------------------------

def test_sl2p_calibration_workbook(shared_dir):
    paths = calibration_paths(str(shared_dir / "spec" / "calibration"), "Sentinel2__s2_sl2p_weiss_or_prosail")
    cal = read_calibration(*paths)
    lai = cal.distributions["LAI"]
    assert (lai.lower, lai.upper, lai.p1, lai.p2, lai.classes, lai.law) == (0.0, 15.0, 2.0, 3.0, 6, "normal")
    assert cal.distributions["Cw_Rel"].law == "uniform"
    assert (cal.distributions["Cab"].min_at_conv, cal.distributions["Cab"].lai_conv) == (45.0, 10.0)
    assert int(np.prod([d.classes for d in cal.distributions.values()])) == cal.n_sims == 41472
    assert cal.noise.additive_dependent == [0.01] * 8 and cal.noise.multiplicative_independent == 2.0
    p = sim.design(cal, sim.S2_GEOMETRY, n=41472, seed=5)
    # co-distribution: at high LAI, Cab stays within its converged bounds
    hi = p["LAI"] > 10
    assert p["Cab"][hi].min() >= 45.0 and (p["Cab"] >= 20).all() and (p["Cab"] <= 90).all()
    assert np.allclose(p["Car"], p["Cab"] / 4)
    assert p["SZA"].min() >= 21 and p["SZA"].max() <= 70 and p["VZA"].max() <= 17
    q = sim.design(cal, sim.S2_GEOMETRY, n=41472, seed=5)
    assert all(np.array_equal(p[k], q[k]) for k in p)


# --------------------------------------------------------------------------------------------
# Training and writing
# --------------------------------------------------------------------------------------------

def _teacher(n_in=3):
    rng = np.random.default_rng(11)
    return Network(1, np.full(n_in, 2.0), np.full(n_in, -1.0), rng.normal(0, 1, (5, n_in)), rng.normal(0, 0.5, 5),
                   rng.normal(0, 1, 5), 0.1, 0.5, -0.2)


def test_levenberg_marquardt_recovers_a_known_network():
    teacher = _teacher()
    x = np.random.default_rng(2).uniform(0, 1, (3000, 3))
    y = train.evaluate(teacher, x)
    split = train.split_indices(3000, 1, "t")
    a = train.fit_network(x, y, split, 1, seed=1, label="teacher", restarts=2)
    b = train.fit_network(x, y, split, 1, seed=1, label="teacher", restarts=2)
    assert a.test_rmse < 0.01 * y.std()
    assert bundle.networks_csv([a.network]) == bundle.networks_csv([b.network])   # seeded: same bytes
    only = train.fit_network(x, y, split, 1, seed=1, label="teacher", restarts=2, only_restart=a.restart)
    assert bundle.networks_csv([only.network]) == bundle.networks_csv([a.network])
    lo, hi = a.network.input_range()
    np.testing.assert_allclose(lo, x[split["train"]].min(axis=0))
    np.testing.assert_allclose(hi, x[split["train"]].max(axis=0))


def test_split_and_mapminmax():
    s = train.split_indices(1000, 3, "x")
    assert [len(s[k]) for k in ("train", "validation", "test")] == [700, 150, 150]
    assert len(np.unique(np.concatenate(list(s.values())))) == 1000
    slope, offset = train.mapminmax(np.array([[1.0, 10.0], [3.0, 20.0]]))
    np.testing.assert_allclose(slope, [1.0, 0.2])
    np.testing.assert_allclose(offset, [-2.0, -3.0])


def test_leaf_csv_round_trip_is_exact():
    nets = [_teacher(), Network(3, np.array([0.3, 7.1]), np.array([-1.5, 2.25]), np.arange(10.0).reshape(5, 2) / 7,
                                np.linspace(-1, 1, 5), np.array([1e-9, -2.0, 3.5, 0.1, 1 / 3]), -0.75, 2.0, 1.0)]
    parsed = read_leaf_csv(bundle.networks_csv(nets[:1]), "t")[1]
    for field in ("inp_slope", "inp_offset", "h1_weights", "h1_bias", "h2_weights"):
        np.testing.assert_array_equal(getattr(parsed, field), getattr(nets[0], field))
    other = read_leaf_csv(bundle.networks_csv(nets[1:]), "t")[3]
    assert (other.h2_bias, other.out_slope, other.out_bias) == (-0.75, 2.0, 1.0)
    np.testing.assert_array_equal(other.h2_weights, nets[1].h2_weights)
    assert train.domain_code_list(np.array([[0.05, 0.31], [0.05, 0.31], [-0.02, 0.95]])) == [0, 41]


def test_retraining_from_the_seed_gives_the_bundled_network(shared_dir):
    """Re-run the PROSAIL database and the winning start of one bundled network (S2 10 m fCOVER) and compare
    its coefficients with models/LEAF_QGIS_S2_10M/estimates.csv.

    The tolerance is relative 1e-6 on every number, not byte equality: the same seed on another CPU (or
    another BLAS, numpy or Python) gives a network that differs in the last digits (2e-8 relative seen between
    two x86-64 machines), since float64 sums are not associative. The structure (variable, layer sizes) is
    compared exactly. `make models` rebuilds the bundled files byte for byte on the machine that built them
    (docs/training.md); that is a property of one machine, not something a test can ask of every CPU."""
    pytest.importorskip("prosail", reason="prosail (make setup) is needed to re-run the simulations")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               LEAF_QGIS_SHARED=str(shared_dir), PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-m", "leaf_qgis.training.build", "--only", "LEAF_QGIS_S2_10M:fCOVER",
                          "--jobs", "2"], env=env, capture_output=True, text=True, timeout=900, cwd=str(REPO))
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("tabledata") or ln.startswith("0,0,3,")]
    with open(os.path.join(str(REPO), "models", "LEAF_QGIS_S2_10M", "estimates.csv"), encoding="utf-8") as f:
        bundled = f.read().splitlines()
    assert lines[0] == bundled[0]
    row = next(ln for ln in bundled if ln.startswith("0,0,3,"))
    retrained = read_leaf_csv(("\n".join([lines[0], lines[1]]) + "\n").encode(), "retrained")[3]
    shipped = read_leaf_csv(("\n".join([bundled[0], row]) + "\n").encode(), "bundled")[3]
    assert (retrained.n_in, retrained.n_hidden) == (shipped.n_in, shipped.n_hidden) == (7, 5)
    a = np.array([float(v) for v in lines[1].split(",")])
    b = np.array([float(v) for v in row.split(",")])
    assert a.size == b.size
    relative = np.abs(a - b) / np.where(b != 0, np.abs(b), 1.0)
    print("retrained S2 10 m fCOVER: %d of %d numbers differ from the bundled file, at most %.2g relative"
          % (np.count_nonzero(a != b), a.size, relative.max()))
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=0)
