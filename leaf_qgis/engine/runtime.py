"""Run a .tflite network on a [pixels, inputs] array: LiteRT when importable, else a numpy executor.

QGIS on Windows ships numpy but not LiteRT, so the numpy executor runs the same graph (same weights,
same float32 arithmetic) and both give the same numbers to float32 rounding.
"""

import os

import numpy as np

from . import tflite_format as tf

_ACTIVATIONS = {
    tf.ACT_NONE: lambda x: x,
    1: lambda x: np.maximum(x, 0, out=x),                 # RELU
    2: lambda x: np.clip(x, -1, 1, out=x),                # RELU_N1_TO_1
    3: lambda x: np.clip(x, 0, 6, out=x),                 # RELU6
    tf.ACT_TANH: lambda x: np.tanh(x, out=x),
}


def litert_available() -> bool:
    """True when the LiteRT interpreter can be imported (it is optional)."""
    try:
        from ai_edge_litert.interpreter import Interpreter  # noqa: F401
    except Exception:
        return False
    return True


class NumpyRunner:
    """Executes a parsed dense TFLite graph with numpy in float32."""

    name = "numpy"

    def __init__(self, model_bytes: bytes, label: str = "model"):
        self.model = tf.parse(model_bytes, label)
        for op in self.model.operators:
            if op.opcode not in tf.OP_NAMES:
                raise ValueError("%s uses TFLite operator %d, which the numpy executor does not run"
                                 % (label, op.opcode))
            if op.activation not in _ACTIVATIONS:
                raise ValueError("%s uses fused activation %d, which the numpy executor does not run"
                                 % (label, op.activation))
        self.n_in = self.model.tensors[self.model.inputs[0]].shape[-1]
        self.n_out = self.model.tensors[self.model.outputs[0]].shape[-1]

    def run(self, x: np.ndarray) -> np.ndarray:
        values = {self.model.inputs[0]: np.ascontiguousarray(x, dtype=np.float32)}
        tensors = self.model.tensors
        for op in self.model.operators:
            a = values[op.inputs[0]] if tensors[op.inputs[0]].data is None else tensors[op.inputs[0]].data
            if op.opcode == tf.OP_FULLY_CONNECTED:
                w = tensors[op.inputs[1]].data
                y = a @ w.T
                if len(op.inputs) > 2 and op.inputs[2] >= 0:
                    y += tensors[op.inputs[2]].data
                y = _ACTIVATIONS[op.activation](y)
            elif op.opcode == tf.OP_TANH:
                y = np.tanh(a)
            elif op.opcode == tf.OP_LOGISTIC:
                y = (1.0 / (1.0 + np.exp(-a))).astype(np.float32)
            else:
                bt = tensors[op.inputs[1]]
                b = bt.data if bt.data is not None else values[op.inputs[1]]
                y = a + b if op.opcode == tf.OP_ADD else a * b
            values[op.outputs[0]] = y.astype(np.float32, copy=False)
        return values[self.model.outputs[0]]


class LiteRTRunner:
    """Executes the same .tflite bytes with the LiteRT interpreter.

    Rows go through in fixed-size chunks (the last one zero-padded) so tensors are allocated once,
    not at every window whose count of valid pixels differs.
    """

    name = "litert"
    CHUNK = 65536

    def __init__(self, model_bytes: bytes, label: str = "model", threads: int = 1):
        from ai_edge_litert.interpreter import Interpreter
        self._interp = Interpreter(model_content=model_bytes, num_threads=threads)
        self._in = self._interp.get_input_details()[0]
        self._out = self._interp.get_output_details()[0]
        self.n_in = int(self._in["shape"][-1])
        self.n_out = int(self._out["shape"][-1])
        self._batch = None

    def _resize(self, rows):
        if self._batch != rows:
            self._interp.resize_tensor_input(self._in["index"], [rows, self.n_in])
            self._interp.allocate_tensors()
            self._batch = rows

    def run(self, x: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(x, dtype=np.float32)
        n = x.shape[0]
        chunk = n if n <= self.CHUNK // 8 else self.CHUNK  # small inputs run at their own size
        self._resize(chunk)
        out = np.empty((n, self.n_out), dtype=np.float32)
        for start in range(0, n, chunk):
            part = x[start:start + chunk]
            rows = part.shape[0]
            if rows < chunk:
                part = np.concatenate([part, np.zeros((chunk - rows, self.n_in), np.float32)])
            self._interp.set_tensor(self._in["index"], part)
            self._interp.invoke()
            out[start:start + rows] = self._interp.get_tensor(self._out["index"])[:rows]
        return out


def make_runner(model_bytes: bytes, label: str = "model", prefer: str = None):
    """A runner for the model: `prefer` is 'litert', 'numpy' or None (LiteRT if importable).

    The environment variable LEAF_QGIS_RUNTIME sets the preference when `prefer` is None.
    """
    prefer = prefer or os.environ.get("LEAF_QGIS_RUNTIME") or ("litert" if litert_available() else "numpy")
    if prefer == "litert":
        return LiteRTRunner(model_bytes, label)
    return NumpyRunner(model_bytes, label)
