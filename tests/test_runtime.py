"""runtime.py: the numpy executor and LiteRT run the fused S2 network to the same numbers, and both match
an independent float64 forward pass of every estimate and error network (and test_vectors.md §F V1)."""

import numpy as np
import pytest
from conftest import OUTPUT_NAMES

from leaf_qgis.engine import runtime
from leaf_qgis.engine import tflite_format as tf
from leaf_qgis.engine.runtime import LiteRTRunner, NumpyRunner, make_runner

try:
    from ai_edge_litert.interpreter import Interpreter  # noqa: F401
    HAVE_LITERT = True
except Exception:  # pragma: no cover - depends on the machine
    HAVE_LITERT = False

needs_litert = pytest.mark.skipif(not HAVE_LITERT, reason="ai_edge_litert is not importable")

RUNNERS = ["numpy", pytest.param("litert", marks=needs_litert)]

# test_vectors.md §F, V1: S2 20 m V0 outputs (estimate, error) for 7 sample rows
V1_ROWS = [0, 3, 6, 100, 500, 476, 477]
V1_OUTPUTS = {
    0: [1.6623781, 0.453201757, 0.366098072, 0.0533513527, 0.365520343, 0.0174960375, 84.5605353, 37.3142115,
        0.0688077751, 0.0518016455, 0.085936128, 0.0124652669, 0.144585176, 0.0315375844],
    3: [1.72541036, 0.534939208, 0.404995288, 0.0427718125, 0.405264649, 0.0199238121, 74.2298366, 36.9464522,
        0.0691480306, 0.0410961245, 0.0838325483, 0.00972813519, 0.168163839, 0.0234776453],
    6: [1.90482803, 0.462955532, 0.410753948, 0.0525282166, 0.410559647, 0.0157572518, 96.3016395, 39.613361,
        0.0796619268, 0.052211616, 0.0844094082, 0.0118422039, 0.164723101, 0.031838807],
    100: [2.46251584, 0.876495027, 0.606204257, 0.035858641, 0.611560278, 0.0332951332, 119.89613, 42.691043,
          0.0657481911, 0.0192438386, 0.110842123, 0.00819990725, 0.325343317, 0.0149081058],
    500: [1.83248123, 0.643288914, 0.42969437, 0.0629045546, 0.422060162, 0.0505318501, 76.6648491, 35.424405,
          0.0660748862, 0.049347431, 0.104603059, 0.0158384605, 0.194109224, 0.0431812954],
    476: [0.899821685, 0.36277087, 0.343101853, 0.0439797749, 0.320182529, 0.0881087639, 28.0993973, 6.11715226,
          0.0152201072, 0.0488475719, 0.177161518, 0.0635354979, 0.223045725, 0.0592032329],
}
V1_OUTPUTS[477] = V1_OUTPUTS[476]


@pytest.fixture(scope="module")
def fused_bytes(network_cache, s2_algorithm):
    inst = network_cache.installed(s2_algorithm)
    assert inst.outputs == OUTPUT_NAMES
    return inst.model_bytes(0)


@pytest.fixture(scope="module")
def training_inputs(s2_network_tables):
    """20000 random inputs uniformly inside the training range (union over the 14 networks)."""
    est, err = s2_network_tables
    ranges = [n.input_range() for t in (est, err) for n in t.values()]
    lo = np.min([r[0] for r in ranges], axis=0)
    hi = np.max([r[1] for r in ranges], axis=0)
    return np.random.default_rng(20240710).uniform(lo, hi, size=(20000, lo.size))


def _runner(kind, data):
    return NumpyRunner(data, "fused") if kind == "numpy" else LiteRTRunner(data, "fused")


def _assert_runners_agree(y_a, y_b, scale=None):
    """rtol 1e-5 plus an absolute floor of 1e-5 x the output's magnitude max|y| (float32 round-off near zero).

    `scale` is max|y| per output column; by default taken from y_b (pass it for tiny batches).
    """
    scale = np.abs(y_b).max(axis=0) if scale is None else scale
    for j in range(y_b.shape[1]):
        np.testing.assert_allclose(y_a[:, j], y_b[:, j], rtol=1e-5, atol=1e-5 * scale[j], err_msg=OUTPUT_NAMES[j])


# --------------------------------------------------------------------------------------------
# numpy executor vs LiteRT
# --------------------------------------------------------------------------------------------

@needs_litert
def test_numpy_and_litert_agree_on_random_training_range_inputs(fused_bytes, training_inputs):
    y_np = NumpyRunner(fused_bytes).run(training_inputs)
    y_lr = LiteRTRunner(fused_bytes).run(training_inputs)
    assert y_np.shape == y_lr.shape == (training_inputs.shape[0], 14)
    assert y_np.dtype == y_lr.dtype == np.float32
    _assert_runners_agree(y_np, y_lr)


@needs_litert
def test_numpy_and_litert_agree_on_real_samples(fused_bytes, s2_inputs):
    _assert_runners_agree(NumpyRunner(fused_bytes).run(s2_inputs), LiteRTRunner(fused_bytes).run(s2_inputs))


@pytest.mark.parametrize("kind", RUNNERS)
def test_batch_sizes_1_7_1000(fused_bytes, training_inputs, kind):
    """One runner reused across batch sizes (LiteRT resizes its input) gives the same rows as one big batch."""
    runner = _runner(kind, fused_bytes)
    whole = runner.run(training_inputs[:1000])
    scale = np.abs(whole).max(axis=0)
    for size in (1, 7, 1000, 7, 1):
        part = runner.run(training_inputs[:size])
        assert part.shape == (size, 14)
        _assert_runners_agree(part, whole[:size], scale)
    if HAVE_LITERT:
        other = NumpyRunner(fused_bytes) if kind == "litert" else LiteRTRunner(fused_bytes)
        for size in (1, 7, 1000):
            _assert_runners_agree(runner.run(training_inputs[:size]), other.run(training_inputs[:size]), scale)


def test_runners_report_shapes_and_names(fused_bytes):
    r = NumpyRunner(fused_bytes)
    assert (r.name, r.n_in, r.n_out) == ("numpy", 11, 14)
    if HAVE_LITERT:
        r = LiteRTRunner(fused_bytes)
        assert (r.name, r.n_in, r.n_out) == ("litert", 11, 14)


# --------------------------------------------------------------------------------------------
# fused network vs the independent float64 forward pass of each of the 14 networks
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", RUNNERS)
def test_fused_network_matches_each_network_on_1050_samples(fused_bytes, s2_inputs, s2_reference_outputs, kind):
    y = _runner(kind, fused_bytes).run(s2_inputs).astype(np.float64)
    for j, name in enumerate(OUTPUT_NAMES):
        np.testing.assert_allclose(y[:, j], s2_reference_outputs[:, j], rtol=1e-4, atol=0, err_msg=name)


def test_reference_forward_pass_reproduces_table_V1(s2_reference_outputs):
    """Our float64 reference agrees with the spec authors' reference to the printed precision."""
    for row in V1_ROWS:
        np.testing.assert_allclose(s2_reference_outputs[row], V1_OUTPUTS[row], rtol=1e-7, err_msg="row %d" % row)


@pytest.mark.parametrize("kind", RUNNERS)
def test_fused_network_reproduces_table_V1(fused_bytes, s2_inputs, kind):
    y = _runner(kind, fused_bytes).run(s2_inputs[V1_ROWS])
    for i, row in enumerate(V1_ROWS):
        np.testing.assert_allclose(y[i], V1_OUTPUTS[row], rtol=1e-4, err_msg="row %d" % row)


# --------------------------------------------------------------------------------------------
# Runner choice and refusals
# --------------------------------------------------------------------------------------------

def test_make_runner_preference(fused_bytes, monkeypatch):
    monkeypatch.delenv("LEAF_QGIS_RUNTIME", raising=False)
    assert make_runner(fused_bytes, prefer="numpy").name == "numpy"
    assert make_runner(fused_bytes).name == ("litert" if HAVE_LITERT else "numpy")
    assert runtime.litert_available() == HAVE_LITERT
    monkeypatch.setenv("LEAF_QGIS_RUNTIME", "numpy")
    assert make_runner(fused_bytes).name == "numpy"
    if HAVE_LITERT:
        assert make_runner(fused_bytes, prefer="litert").name == "litert"


def test_make_runner_falls_back_to_numpy_without_litert(fused_bytes, monkeypatch):
    monkeypatch.delenv("LEAF_QGIS_RUNTIME", raising=False)
    monkeypatch.setattr(runtime, "litert_available", lambda: False)
    assert make_runner(fused_bytes).name == "numpy"


def test_numpy_runner_refuses_unknown_operator():
    model = tf.Model([tf.Tensor("input", [1, 2]), tf.Tensor("output", [1, 2])],
                     [tf.Operator(22, [0], [1])], [0], [1])  # 22 = RESHAPE
    with pytest.raises(ValueError, match="operator 22"):
        NumpyRunner(tf.serialize(model), "reshape.tflite")


def test_numpy_runner_executes_fused_activation_and_logistic():
    w = np.array([[1.0, -2.0], [0.5, 0.25]], dtype=np.float32)
    b = np.array([0.1, -0.2], dtype=np.float32)
    model = tf.Model([tf.Tensor("input", [1, 2]), tf.Tensor("w", [2, 2], w), tf.Tensor("b", [2], b),
                      tf.Tensor("fc", [1, 2]), tf.Tensor("output", [1, 2])],
                     [tf.Operator(tf.OP_FULLY_CONNECTED, [0, 1, 2], [3], tf.ACT_TANH),
                      tf.Operator(tf.OP_LOGISTIC, [3], [4])], [0], [4])
    data = tf.serialize(model)
    x = np.array([[0.3, -0.7], [2.0, 1.0]])
    expected = 1 / (1 + np.exp(-np.tanh(x @ w.T.astype(np.float64) + b)))
    np.testing.assert_allclose(NumpyRunner(data).run(x), expected, rtol=1e-6)
    # (LiteRT's FULLY_CONNECTED refuses a fused TANH; the engine's dense_model writes a separate TANH op.)
