"""tflite_format.py: the hand-written FlatBuffer writer/reader for dense TFLite graphs."""

import struct

import numpy as np
import pytest

from leaf_qgis.engine import tflite_format as tf


def _random_model(seed=0, sizes=(11, 70, 14), description="test model"):
    rng = np.random.default_rng(seed)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        act = "tanh" if i < len(sizes) - 2 else None
        layers.append((rng.normal(size=(n_out, n_in)), rng.normal(size=n_out), act))
    return tf.dense_model(layers, sizes[0], description), layers


def _assert_models_equal(a: tf.Model, b: tf.Model):
    assert len(a.tensors) == len(b.tensors)
    for ta, tb in zip(a.tensors, b.tensors):
        assert ta.name == tb.name
        assert list(ta.shape) == list(tb.shape)
        if ta.data is None:
            assert tb.data is None
        else:
            assert tb.data.dtype == np.float32
            np.testing.assert_array_equal(np.asarray(ta.data, np.float32), tb.data)
    assert [(o.opcode, o.inputs, o.outputs, o.activation) for o in a.operators] == \
           [(o.opcode, o.inputs, o.outputs, o.activation) for o in b.operators]
    assert a.inputs == b.inputs and a.outputs == b.outputs
    assert a.description == b.description


def test_dense_model_structure():
    model, layers = _random_model()
    assert [op.opcode for op in model.operators] == [tf.OP_FULLY_CONNECTED, tf.OP_TANH, tf.OP_FULLY_CONNECTED]
    assert model.tensors[model.inputs[0]].shape == [1, 11]
    assert model.tensors[model.outputs[0]].shape == [1, 14]
    assert model.tensors[model.outputs[0]].name == "output"
    w = model.tensors[model.operators[0].inputs[1]].data
    assert w.dtype == np.float32 and w.shape == (70, 11)
    np.testing.assert_array_equal(w, layers[0][0].astype(np.float32))


@pytest.mark.parametrize("seed,sizes", [(0, (11, 70, 14)), (1, (3, 1)), (2, (8, 40, 20, 2)), (3, (1, 1, 1))])
def test_serialize_parse_round_trip(seed, sizes):
    model, _ = _random_model(seed, sizes, description="round trip é %d" % seed)
    data = tf.serialize(model)
    assert data[4:8] == b"TFL3"
    _assert_models_equal(model, tf.parse(data))
    assert tf.serialize(tf.parse(data)) == data  # stable: parse -> serialize gives the same bytes


def test_round_trip_keeps_fused_activation_and_other_ops():
    rng = np.random.default_rng(5)
    w = rng.normal(size=(4, 3)).astype(np.float32)
    b = rng.normal(size=4).astype(np.float32)
    model = tf.Model(
        tensors=[tf.Tensor("input", [1, 3]), tf.Tensor("w", [4, 3], w), tf.Tensor("b", [4], b),
                 tf.Tensor("fc", [1, 4]), tf.Tensor("output", [1, 4])],
        operators=[tf.Operator(tf.OP_FULLY_CONNECTED, [0, 1, 2], [3], tf.ACT_TANH),
                   tf.Operator(tf.OP_LOGISTIC, [3], [4])],
        inputs=[0], outputs=[4], description="fused")
    parsed = tf.parse(tf.serialize(model))
    _assert_models_equal(model, parsed)
    assert parsed.operators[0].activation == tf.ACT_TANH


def test_serialized_bytes_follow_the_official_schema():
    """Read our bytes with the TFLite schema's own generated reader (shipped with ai_edge_litert)."""
    schema = pytest.importorskip("ai_edge_litert.schema_py_generated")
    model, layers = _random_model(7, (5, 6, 2), description="schema check")
    data = tf.serialize(model)
    assert schema.Model.ModelBufferHasIdentifier(data, 0)
    m = schema.ModelT.InitFromPackedBuf(bytearray(data), 0)
    assert m.version == 3
    assert m.description == b"schema check"
    assert sorted(oc.builtinCode for oc in m.operatorCodes) == [tf.OP_FULLY_CONNECTED, tf.OP_TANH]
    assert len(m.subgraphs) == 1
    sg = m.subgraphs[0]
    assert list(sg.inputs) == model.inputs and list(sg.outputs) == model.outputs
    assert list(sg.tensors[0].shapeSignature) == [-1, 5]
    for t_ours, t_schema in zip(model.tensors, sg.tensors):
        assert t_schema.name.decode() == t_ours.name
        assert list(t_schema.shape) == t_ours.shape
        assert t_schema.type == 0  # FLOAT32
        if t_ours.data is not None:
            raw = np.asarray(m.buffers[t_schema.buffer].data, dtype=np.uint8).tobytes()
            np.testing.assert_array_equal(np.frombuffer(raw, "<f4").reshape(t_ours.shape), t_ours.data)
        else:
            assert t_schema.buffer == 0 or not m.buffers[t_schema.buffer].data
    fc = [op for op in sg.operators if m.operatorCodes[op.opcodeIndex].builtinCode == tf.OP_FULLY_CONNECTED]
    assert len(fc) == 2
    assert all(op.builtinOptionsType == tf.OPTIONS_FULLY_CONNECTED for op in fc)


def test_constant_buffers_are_16_byte_aligned():
    model, _ = _random_model(3, (11, 70, 14))
    data = tf.serialize(model)
    for t in model.tensors:
        if t.data is not None:
            payload = np.ascontiguousarray(t.data, "<f4").tobytes()
            at = data.find(payload)
            assert at >= 0 and at % 16 == 0
            assert struct.unpack_from("<I", data, at - 4)[0] == len(payload)


@pytest.mark.parametrize("data", [b"", b"TFL3", b"\0\0\0\0TFL2" + b"\0" * 64, b"\x10\0\0\0XXXX" + b"\0" * 64,
                                  b"not a model at all, just text"])
def test_parse_rejects_bytes_without_identifier(data):
    with pytest.raises(ValueError, match="TFL3"):
        tf.parse(data, "bogus.tflite")


def test_parse_rejects_valid_model_with_identifier_removed():
    data = bytearray(tf.serialize(_random_model()[0]))
    data[4:8] = b"TFL2"
    with pytest.raises(ValueError, match="model.tflite"):
        tf.parse(bytes(data), "model.tflite")


def test_dense_model_refuses_bad_layers():
    with pytest.raises(ValueError):
        tf.dense_model([(np.ones((3, 4)), np.ones(3), None)], 5)
    with pytest.raises(ValueError):
        tf.dense_model([(np.ones((3, 4)), np.ones(2), None)], 4)
    with pytest.raises(ValueError):
        tf.dense_model([(np.ones((3, 4)), np.ones(3), "relu")], 4)


def test_litert_runs_our_bytes_like_a_float64_mlp():
    pytest.importorskip("ai_edge_litert.interpreter")
    from ai_edge_litert.interpreter import Interpreter
    model, layers = _random_model(11, (6, 9, 3))
    interp = Interpreter(model_content=tf.serialize(model))
    x = np.random.default_rng(1).uniform(-1, 1, size=(17, 6)).astype(np.float32)
    inp = interp.get_input_details()[0]
    interp.resize_tensor_input(inp["index"], list(x.shape))
    interp.allocate_tensors()
    interp.set_tensor(inp["index"], x)
    interp.invoke()
    y = interp.get_tensor(interp.get_output_details()[0]["index"])
    (w1, b1, _), (w2, b2, _) = [(w.astype(np.float32).astype(np.float64), b.astype(np.float32).astype(np.float64), a)
                                for w, b, a in layers]
    expected = np.tanh(x.astype(np.float64) @ w1.T + b1) @ w2.T + b2
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5 * np.abs(expected).max())


def test_installed_fused_network_layout(network_cache, s2_algorithm):
    inst = network_cache.installed(s2_algorithm)
    model = tf.parse(inst.model_bytes(0), "slot0")
    assert [op.opcode for op in model.operators] == [tf.OP_FULLY_CONNECTED, tf.OP_TANH, tf.OP_FULLY_CONNECTED]
    w1 = model.tensors[model.operators[0].inputs[1]].data
    w2 = model.tensors[model.operators[2].inputs[1]].data
    assert w1.shape == (70, 11)  # 7 variables x (estimate + error) x 5 hidden neurons
    assert w2.shape == (14, 70)
    assert model.description.startswith("leaf_qgis S2_SL2P_V0_20M")
