"""Train SL2P networks: one 5-tansig-neuron hidden layer and a linear output per variable, inputs and output
min-max normalised to [-1, 1] (Matlab mapminmax, the layout of engine.networks.Network), fitted by
Levenberg-Marquardt; an uncertainty network per variable fitted to the absolute residuals of the estimate.

Everything is numpy (float64) and seeded: the same data and seed give the same bytes. Matrix products go
through BLAS, so run with one BLAS thread (OPENBLAS_NUM_THREADS=1, as `make models` does) for results
that do not depend on the machine's thread count.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..engine.estimator import domain_codes
from ..engine.networks import Network
from .simulate import stream

HIDDEN = 5
SPLIT = (0.70, 0.15, 0.15)   # training, validation (early stopping), held-out test
MAX_EPOCHS = 300
MAX_FAIL = 6                 # epochs without a validation improvement before stopping (Matlab's default)
MU_START, MU_DEC, MU_INC, MU_MAX = 1e-3, 0.1, 10.0, 1e10


def mapminmax(values: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """(slope, offset) mapping each column's [min, max] onto [-1, 1]: x_n = x slope + offset."""
    v = np.atleast_2d(np.asarray(values, dtype=np.float64).T).T
    lo, hi = v.min(axis=0), v.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    slope = 2.0 / span
    return slope, -1.0 - lo * slope


def split_indices(n: int, seed: int, label: str) -> Dict[str, np.ndarray]:
    """Random training / validation / test row indices in the SPLIT proportions."""
    order = stream(seed, label, "split").permutation(n)
    a = int(round(SPLIT[0] * n))
    b = a + int(round(SPLIT[1] * n))
    return {"train": np.sort(order[:a]), "validation": np.sort(order[a:b]), "test": np.sort(order[b:])}


def _unpack(theta: np.ndarray, n_in: int, n_h: int):
    w1 = theta[:n_h * n_in].reshape(n_h, n_in)
    b1 = theta[n_h * n_in:n_h * (n_in + 1)]
    w2 = theta[n_h * (n_in + 1):n_h * (n_in + 2)]
    return w1, b1, w2, theta[-1]


def _forward(theta, a, n_h):
    w1, b1, w2, b2 = _unpack(theta, a.shape[1], n_h)
    t = np.tanh(a @ w1.T + b1)
    return t @ w2 + b2, t


def _jacobian(theta, a, t, n_h):
    """d output / d parameters, [n, P], columns in the order of `theta` (w1 row-major, b1, w2, b2)."""
    n, n_in = a.shape
    _, _, w2, _ = _unpack(theta, n_in, n_h)
    g = (1.0 - t * t) * w2                       # [n, n_h]
    jw1 = (g[:, :, None] * a[:, None, :]).reshape(n, n_h * n_in)
    return np.concatenate([jw1, g, t, np.ones((n, 1))], axis=1)


def initial_weights(n_in: int, n_h: int, rng: np.random.Generator) -> np.ndarray:
    """Nguyen-Widrow-style start: random hidden directions scaled so the tansig regions tile [-1, 1]^n_in,
    biases spread over the same span, small random output weights."""
    beta = 0.7 * n_h ** (1.0 / n_in)
    w1 = rng.uniform(-1.0, 1.0, (n_h, n_in))
    w1 *= beta / np.linalg.norm(w1, axis=1, keepdims=True)
    b1 = beta * np.linspace(-1.0, 1.0, n_h) * np.sign(rng.uniform(-1.0, 1.0, n_h))
    w2 = rng.uniform(-0.5, 0.5, n_h)
    return np.concatenate([w1.ravel(), b1, w2, [0.0]])


@dataclass
class FitReport:
    epochs: int
    train_mse: float       # in normalised output units
    validation_mse: float
    stop: str


def levenberg_marquardt(a: np.ndarray, y: np.ndarray, a_val: np.ndarray, y_val: np.ndarray, theta: np.ndarray,
                        n_h: int = HIDDEN, max_epochs: int = MAX_EPOCHS,
                        max_fail: int = MAX_FAIL) -> Tuple[np.ndarray, FitReport]:
    """Minimise the sum of squared errors on (a, y) with LM steps (J'J + mu I) d = -J'e, adapting mu as
    Matlab's trainlm does; stop when the validation error has not improved for `max_fail` epochs, when mu
    exceeds its maximum or after `max_epochs`; return the parameters with the best validation error."""
    mu = MU_START
    pred, t = _forward(theta, a, n_h)
    e = pred - y
    sse = float(e @ e)
    best_theta = theta.copy()
    best_val = float(np.mean((_forward(theta, a_val, n_h)[0] - y_val) ** 2))
    fails, stop, epochs = 0, "max_epochs", 0
    eye = np.eye(theta.size)
    for epoch in range(1, max_epochs + 1):
        epochs = epoch
        j = _jacobian(theta, a, t, n_h)
        jtj = j.T @ j
        jte = j.T @ e
        while True:
            step = np.linalg.solve(jtj + mu * eye, -jte)
            cand = theta + step
            pred_c, t_c = _forward(cand, a, n_h)
            e_c = pred_c - y
            sse_c = float(e_c @ e_c)
            if sse_c < sse:
                theta, t, e, sse = cand, t_c, e_c, sse_c
                mu = max(mu * MU_DEC, 1e-20)
                break
            mu *= MU_INC
            if mu > MU_MAX:
                break
        if mu > MU_MAX:
            stop = "mu_max"
            break
        val = float(np.mean((_forward(theta, a_val, n_h)[0] - y_val) ** 2))
        if val < best_val:
            best_val, best_theta, fails = val, theta.copy(), 0
        else:
            fails += 1
            if fails >= max_fail:
                stop = "validation"
                break
    train_mse = float(np.mean((_forward(best_theta, a, n_h)[0] - y) ** 2))
    return best_theta, FitReport(epochs, train_mse, best_val, stop)


@dataclass
class TrainedNetwork:
    network: Network
    restart: int                      # which seeded start won (its own random stream)
    report: FitReport
    test_rmse: float                  # physical units, held-out rows
    test_bias: float
    restarts: List[float] = field(default_factory=list)   # validation MSE of every start


def network_of(theta, n_h, variable_id, in_slope, in_offset, out_slope, out_offset) -> Network:
    w1, b1, w2, b2 = _unpack(theta, in_slope.size, n_h)
    return Network(int(variable_id), in_slope.copy(), in_offset.copy(), w1.copy(), b1.copy(), w2.copy(), float(b2),
                   float(out_slope), float(out_offset))


def evaluate(net: Network, x: np.ndarray) -> np.ndarray:
    """Float64 forward pass of a Network (spec §1.3)."""
    a = np.asarray(x, dtype=np.float64) * net.inp_slope + net.inp_offset
    t = np.tanh(a @ net.h1_weights.T + net.h1_bias)
    return (t @ net.h2_weights + net.h2_bias - net.out_bias) / net.out_slope


def fit_network(x: np.ndarray, y: np.ndarray, split: Dict[str, np.ndarray], variable_id: int, seed: int,
                label: str, restarts: int = 3, only_restart: Optional[int] = None) -> TrainedNetwork:
    """Fit `restarts` networks from independent seeded starts and keep the best on the validation rows.

    Normalisation comes from the training rows. `only_restart` fits just that start (to re-derive a bundled
    network from its recorded restart without running the others)."""
    tr, va, te = split["train"], split["validation"], split["test"]
    in_slope, in_offset = mapminmax(x[tr])
    (out_slope,), (out_offset,) = mapminmax(y[tr][:, None])
    a = x * in_slope + in_offset
    yn = y * out_slope + out_offset
    best = None
    scores = []
    for k in (range(restarts) if only_restart is None else [only_restart]):
        theta0 = initial_weights(x.shape[1], HIDDEN, stream(seed, label, "start", k))
        theta, rep = levenberg_marquardt(a[tr], yn[tr], a[va], yn[va], theta0)
        scores.append(rep.validation_mse)
        if best is None or rep.validation_mse < best[1].validation_mse:
            best = (k, rep, theta)
    k, rep, theta = best
    net = network_of(theta, HIDDEN, variable_id, in_slope, in_offset, out_slope, out_offset)
    err = evaluate(net, x[te]) - y[te]
    return TrainedNetwork(net, k, rep, float(np.sqrt(np.mean(err ** 2))), float(np.mean(err)), scores)


def domain_code_list(reflectance: np.ndarray) -> List[int]:
    """Sorted unique input-domain codes (spec §3.1) of the rows of [n, n_bands] reflectance."""
    codes = domain_codes([reflectance[:, j] for j in range(reflectance.shape[1])])
    return sorted(int(c) for c in np.unique(codes))


def train_set(x: np.ndarray, targets: Dict[str, np.ndarray], variable_ids: Dict[str, int], seed: int, label: str,
              restarts: int = 3, error_restarts: int = 1,
              log=lambda m: None) -> Dict[str, Dict[str, TrainedNetwork]]:
    """Estimate and uncertainty networks of every variable for one input set (rows of x, targets by name).

    The uncertainty network of a variable is fitted to |estimate(x) - truth| on the same rows and split."""
    split = split_indices(x.shape[0], seed, label)
    out = {}
    for name, y in targets.items():
        est = fit_network(x, y, split, variable_ids[name], seed, "%s/%s/estimate" % (label, name), restarts)
        residual = np.abs(evaluate(est.network, x) - y)
        err = fit_network(x, residual, split, variable_ids[name], seed, "%s/%s/uncertainty" % (label, name),
                          error_restarts)
        log("%s %s: test RMSE %.4g (bias %.3g), uncertainty net test RMSE %.4g; %d epochs (%s)" % (
            label, name, est.test_rmse, est.test_bias, err.test_rmse, est.report.epochs, est.report.stop))
        out[name] = {"estimate": est, "uncertainty": err}
    return out
