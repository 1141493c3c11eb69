"""Write and read the subset of the TensorFlow Lite flatbuffer format that SL2P networks need.

The plugin must convert networks inside QGIS, whose Python ships numpy but neither TensorFlow nor
the flatbuffers package, so this module serialises and parses FlatBuffers itself. Only the tables,
fields and operators used by dense networks are handled; field numbers follow TFLite's schema.fbs.
"""

import struct
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np

FILE_IDENTIFIER = b"TFL3"
SCHEMA_VERSION = 3

# BuiltinOperator codes (schema.fbs)
OP_ADD = 0
OP_LOGISTIC = 14
OP_MUL = 18
OP_FULLY_CONNECTED = 9
OP_TANH = 28
OP_NAMES = {OP_ADD: "ADD", OP_LOGISTIC: "LOGISTIC", OP_MUL: "MUL",
            OP_FULLY_CONNECTED: "FULLY_CONNECTED", OP_TANH: "TANH"}

# BuiltinOptions union member and ActivationFunctionType values
OPTIONS_FULLY_CONNECTED = 8
ACT_NONE = 0
ACT_TANH = 4

TENSOR_FLOAT32 = 0


# --------------------------------------------------------------------------------------------
# FlatBuffer serialisation (front to back: every object is written after whatever refers to it,
# so unsigned offsets always point forward; vtables precede their table, which is allowed).
# --------------------------------------------------------------------------------------------

class _Table:
    """A table to serialise: slot -> (kind, value), kind a struct code or 'obj' for a child object."""

    def __init__(self, **slots):
        self.slots = {}
        for slot, (kind, value) in slots.items():
            if value is not None:
                self.slots[int(slot.lstrip("f"))] = (kind, value)


class _Vector:
    """A vector of scalars (kind = struct code) or of objects (kind = 'obj')."""

    def __init__(self, kind, items, align=4):
        self.kind, self.items, self.align = kind, list(items), align


class _Bytes:
    """A [ubyte] vector whose payload starts on an `align`-byte boundary (TFLite buffers use 16)."""

    def __init__(self, data: bytes, align=16):
        self.data, self.align = data, align


class _Writer:
    def __init__(self):
        self.buf = bytearray()

    def _pad_to(self, align, extra=0):
        while (len(self.buf) + extra) % align:
            self.buf += b"\0"

    def _patch_uoffset(self, at, target):
        struct.pack_into("<I", self.buf, at, target - at)

    def finish(self, root: _Table) -> bytes:
        self.buf += b"\0" * 4 + FILE_IDENTIFIER
        pos = self.write(root)
        self._patch_uoffset(0, pos)
        return bytes(self.buf)

    def write(self, obj) -> int:
        if isinstance(obj, _Table):
            return self._table(obj)
        if isinstance(obj, _Vector):
            return self._vector(obj)
        if isinstance(obj, _Bytes):
            return self._bytes(obj)
        if isinstance(obj, str):
            self._pad_to(4)
            pos = len(self.buf)
            data = obj.encode("utf-8")
            self.buf += struct.pack("<I", len(data)) + data + b"\0"
            return pos
        raise TypeError(type(obj))

    def _table(self, table: _Table) -> int:
        nslots = max(table.slots) + 1 if table.slots else 0
        # lay out inline fields after the 4-byte soffset, each aligned to its own size
        layout, offset = {}, 4
        for slot in sorted(table.slots):
            kind, _ = table.slots[slot]
            size = 4 if kind == "obj" else struct.calcsize("<" + kind)
            offset += (-offset) % size
            layout[slot] = offset
            offset += size
        inline_size = offset
        vt = struct.pack("<HH", 4 + 2 * nslots, inline_size)
        vt += b"".join(struct.pack("<H", layout.get(s, 0)) for s in range(nslots))
        self._pad_to(2)
        vt_pos = len(self.buf)
        self.buf += vt
        self._pad_to(8)
        t_pos = len(self.buf)
        self.buf += b"\0" * inline_size
        struct.pack_into("<i", self.buf, t_pos, t_pos - vt_pos)
        children = []
        for slot, (kind, value) in table.slots.items():
            if kind == "obj":
                children.append((t_pos + layout[slot], value))
            else:
                struct.pack_into("<" + kind, self.buf, t_pos + layout[slot], value)
        for at, child in children:
            self._patch_uoffset(at, self.write(child))
        return t_pos

    def _vector(self, vec: _Vector) -> int:
        if vec.kind == "obj":
            self._pad_to(4)
            pos = len(self.buf)
            self.buf += struct.pack("<I", len(vec.items)) + b"\0" * (4 * len(vec.items))
            for i, item in enumerate(vec.items):
                self._patch_uoffset(pos + 4 + 4 * i, self.write(item))
            return pos
        size = struct.calcsize("<" + vec.kind)
        self._pad_to(max(size, vec.align), extra=4)
        pos = len(self.buf)
        self.buf += struct.pack("<I", len(vec.items))
        self.buf += struct.pack("<%d%s" % (len(vec.items), vec.kind), *vec.items)
        return pos

    def _bytes(self, b: _Bytes) -> int:
        self._pad_to(b.align, extra=4)
        pos = len(self.buf)
        self.buf += struct.pack("<I", len(b.data)) + b.data
        return pos


# --------------------------------------------------------------------------------------------
# FlatBuffer parsing
# --------------------------------------------------------------------------------------------

class _FBTable:
    """Read access to one table of a flatbuffer."""

    def __init__(self, buf: bytes, pos: int):
        self.buf, self.pos = buf, pos
        self.vt = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vt_size = struct.unpack_from("<H", buf, self.vt)[0]

    def _off(self, slot):
        at = 4 + 2 * slot
        return struct.unpack_from("<H", self.buf, self.vt + at)[0] if at < self.vt_size else 0

    def scalar(self, slot, kind, default=0):
        o = self._off(slot)
        return struct.unpack_from("<" + kind, self.buf, self.pos + o)[0] if o else default

    def _deref(self, slot):
        o = self._off(slot)
        if not o:
            return None
        at = self.pos + o
        return at + struct.unpack_from("<I", self.buf, at)[0]

    def table(self, slot):
        p = self._deref(slot)
        return None if p is None else _FBTable(self.buf, p)

    def string(self, slot):
        p = self._deref(slot)
        if p is None:
            return None
        n = struct.unpack_from("<I", self.buf, p)[0]
        return self.buf[p + 4:p + 4 + n].decode("utf-8")

    def array(self, slot, dtype):
        p = self._deref(slot)
        if p is None:
            return None
        n = struct.unpack_from("<I", self.buf, p)[0]
        return np.frombuffer(self.buf, dtype=np.dtype(dtype).newbyteorder("<"), count=n, offset=p + 4)

    def tables(self, slot):
        p = self._deref(slot)
        if p is None:
            return []
        n = struct.unpack_from("<I", self.buf, p)[0]
        out = []
        for i in range(n):
            at = p + 4 + 4 * i
            out.append(_FBTable(self.buf, at + struct.unpack_from("<I", self.buf, at)[0]))
        return out


# --------------------------------------------------------------------------------------------
# TFLite models as plain Python objects
# --------------------------------------------------------------------------------------------

@dataclass
class Tensor:
    name: str
    shape: List[int]
    data: Optional[np.ndarray] = None  # constant tensors only (float32)


@dataclass
class Operator:
    opcode: int
    inputs: List[int]
    outputs: List[int]
    activation: int = ACT_NONE


@dataclass
class Model:
    tensors: List[Tensor]
    operators: List[Operator]
    inputs: List[int]
    outputs: List[int]
    description: str = ""
    metadata: dict = field(default_factory=dict)


def dense_model(layers, n_in: int, description: str = "") -> Model:
    """A model [batch, n_in] -> dense layers -> [batch, n_out]; layers are (W[out,in], b[out], 'tanh'|None).

    The batch dimension is dynamic (shape_signature -1), so a window of any size is one invocation.
    """
    tensors = [Tensor("input", [1, n_in])]
    ops = []
    current = 0
    for i, (w, b, act) in enumerate(layers):
        w = np.ascontiguousarray(w, dtype=np.float32)
        b = np.ascontiguousarray(b, dtype=np.float32)
        if w.shape[1] != tensors[current].shape[1] or b.shape != (w.shape[0],):
            raise ValueError("layer %d has inconsistent shapes %s, %s" % (i, w.shape, b.shape))
        tensors += [Tensor("dense%d/weights" % i, list(w.shape), w),
                    Tensor("dense%d/bias" % i, list(b.shape), b),
                    Tensor("dense%d/out" % i, [1, w.shape[0]])]
        wi, bi, oi = len(tensors) - 3, len(tensors) - 2, len(tensors) - 1
        ops.append(Operator(OP_FULLY_CONNECTED, [current, wi, bi], [oi]))
        current = oi
        if act == "tanh":
            tensors.append(Tensor("dense%d/tanh" % i, [1, w.shape[0]]))
            ops.append(Operator(OP_TANH, [current], [len(tensors) - 1]))
            current = len(tensors) - 1
        elif act is not None:
            raise ValueError("unsupported activation %r" % act)
    tensors[current].name = "output"
    return Model(tensors, ops, [0], [current], description)


def serialize(model: Model) -> bytes:
    """Encode a Model as a .tflite flatbuffer."""
    opcodes = sorted({op.opcode for op in model.operators})
    buffers = [_Table()]  # buffer 0 is the conventional empty buffer
    tensor_tables = []
    for t in model.tensors:
        buffer_index = 0
        if t.data is not None:
            buffer_index = len(buffers)
            buffers.append(_Table(f0=("obj", _Bytes(np.ascontiguousarray(t.data, "<f4").tobytes()))))
        dynamic = t.data is None and len(t.shape) == 2
        tensor_tables.append(_Table(
            f0=("obj", _Vector("i", t.shape)),
            f1=("b", TENSOR_FLOAT32),
            f2=("I", buffer_index),
            f3=("obj", t.name),
            f7=("obj", _Vector("i", [-1] + list(t.shape[1:])) if dynamic else None),
        ))
    op_tables = []
    for op in model.operators:
        fc = op.opcode == OP_FULLY_CONNECTED
        op_tables.append(_Table(
            f0=("I", opcodes.index(op.opcode)),
            f1=("obj", _Vector("i", op.inputs)),
            f2=("obj", _Vector("i", op.outputs)),
            f3=("B", OPTIONS_FULLY_CONNECTED if fc else None),
            f4=("obj", _Table(f0=("b", op.activation)) if fc else None),
        ))
    subgraph = _Table(
        f0=("obj", _Vector("obj", tensor_tables)),
        f1=("obj", _Vector("i", model.inputs)),
        f2=("obj", _Vector("i", model.outputs)),
        f3=("obj", _Vector("obj", op_tables)),
        f4=("obj", "main"),
    )
    opcode_tables = [_Table(f0=("b", min(op, 127)), f2=("i", 1), f3=("i", op)) for op in opcodes]
    root = _Table(
        f0=("I", SCHEMA_VERSION),
        f1=("obj", _Vector("obj", opcode_tables)),
        f2=("obj", _Vector("obj", [subgraph])),
        f3=("obj", model.description),
        f4=("obj", _Vector("obj", buffers)),
    )
    return _Writer().finish(root)


def parse(data: bytes, name: str = "model") -> Model:
    """Decode a .tflite flatbuffer into a Model (float32 dense graphs only)."""
    if len(data) < 8 or data[4:8] != FILE_IDENTIFIER:
        raise ValueError("%s is not a TensorFlow Lite model (no TFL3 identifier)" % name)
    root = _FBTable(data, struct.unpack_from("<I", data, 0)[0])
    opcodes = []
    for oc in root.tables(1):
        code = oc.scalar(3, "i", 0)
        opcodes.append(max(code, oc.scalar(0, "b", 0)))
    buffers = root.tables(4)
    subgraphs = root.tables(2)
    if len(subgraphs) != 1:
        raise ValueError("%s has %d subgraphs; one is expected" % (name, len(subgraphs)))
    sg = subgraphs[0]
    tensors = []
    for t in sg.tables(0):
        if t.scalar(1, "b", 0) != TENSOR_FLOAT32:
            raise ValueError("%s has a tensor that is not float32" % name)
        shape = [int(v) for v in (t.array(0, "i4") if t.array(0, "i4") is not None else [])]
        data_arr = None
        b = t.scalar(2, "I", 0)
        if b:
            raw = buffers[b].array(0, "u1")
            if raw is not None and raw.size:
                data_arr = np.frombuffer(raw.tobytes(), dtype="<f4").reshape(shape)
        tensors.append(Tensor(t.string(3) or "", shape, data_arr))
    operators = []
    for op in sg.tables(3):
        opts = op.table(4)
        act = opts.scalar(0, "b", 0) if (opts is not None and op.scalar(3, "B", 0) == OPTIONS_FULLY_CONNECTED) else 0
        operators.append(Operator(opcodes[op.scalar(0, "I", 0)], [int(i) for i in op.array(1, "i4")],
                                  [int(i) for i in op.array(2, "i4")], act))
    return Model(tensors, operators, [int(i) for i in sg.array(1, "i4")],
                 [int(i) for i in sg.array(2, "i4")], root.string(3) or "")
