"""The SL2P estimator as an Earth Engine graph: the local Estimator's rules, written with `ee.Image` operations.

Everything numeric comes from the same places as the local run: the algorithm definition (inputs, land-cover
slots), the installed fused networks (.tflite weights, read back with tflite_format), the installed input
domain, the variables' valid ranges and the estimator's QC constants. Nothing is copied here.

The input is a scene image with the local engine's band names (leaf_qgis.gee.collections): the algorithm's
reflectance bands in physical units, SZA, VZA, RAA in degrees and MASK (1 = keep). The result has one band per
output name (masked where no estimate is made) and QC (uint8, masked where an input has no data), so that
QC.unmask(255) and the estimates' NaN reproduce the local product exactly.
"""

import math
from typing import List, Optional, Sequence, Tuple

import numpy as np

from ..engine import tflite_format as tf
from ..engine.algorithm import Algorithm
from ..engine.catalog import InstalledAlgorithm
from ..engine.errors import LeafError
from ..engine.estimator import (
    ANGLE_INPUTS_ORDER,
    QC_DOMAIN,
    QC_INVALID,
    QC_RANGE,
    REFLECTANCE_MAX,
    REFLECTANCE_MIN,
    EstimatorPlan,
)
from . import require_ee

ANGLE_BANDS = ("SZA", "VZA", "RAA")
TOOLBOX_PI = 3.1415   # the LEAF Toolbox's pi (spec §2.3)


def dense_layers(model_bytes: bytes, label: str) -> List[Tuple[np.ndarray, np.ndarray, Optional[str]]]:
    """[(W[out, in], b[out], 'tanh' | None), ...] of a fused dense .tflite graph (FULLY_CONNECTED [+ TANH])."""
    model = tf.parse(model_bytes, label)
    tensors = model.tensors
    layers = []
    for op in model.operators:
        if op.opcode == tf.OP_FULLY_CONNECTED and op.activation in (tf.ACT_NONE, tf.ACT_TANH):
            w = np.asarray(tensors[op.inputs[1]].data, dtype=np.float64)
            has_bias = len(op.inputs) > 2 and op.inputs[2] >= 0
            b = np.asarray(tensors[op.inputs[2]].data, dtype=np.float64) if has_bias else np.zeros(w.shape[0])
            layers.append([w, b, "tanh" if op.activation == tf.ACT_TANH else None])
        elif op.opcode == tf.OP_TANH and layers and layers[-1][2] is None:
            layers[-1][2] = "tanh"
        else:
            raise LeafError("The network %s uses operations the Earth Engine backend does not translate (it "
                            "handles dense layers with tanh); run it with the local backend." % label)
    return [tuple(layer) for layer in layers]


def _constant_matrix(ee, a: np.ndarray):
    """An array image holding matrix `a` (values as the float32 numbers of the .tflite, written exactly)."""
    return ee.Image(ee.Array([[float(v) for v in row] for row in np.atleast_2d(a)]))


def network_image(ee, inputs, layers):
    """The dense network applied per pixel: inputs (bands in network order) -> array image [n_out, 1]."""
    h = inputs.toArray().toArray(1)
    for w, b, act in layers:
        h = _constant_matrix(ee, w).matrixMultiply(h).add(_constant_matrix(ee, np.asarray(b)[:, None]))
        if act == "tanh":
            h = h.tanh()
    return h


def angle_cosines(ee, scene, quantization: str, raa_cast: str):
    """cos VZA, cos SZA, cos RAA images, as estimator.angle_cosines computes them locally."""
    def plain(name):
        return scene.select(name).multiply(math.pi / 180.0).cos()

    def toolbox(name, signed):
        c = scene.select(name).multiply(TOOLBOX_PI).divide(180.0).cos().multiply(10000.0)
        return (c.toInt16() if signed else c.toUint16()).multiply(0.0001)

    if quantization == "none":
        images = [plain("VZA"), plain("SZA"), plain("RAA")]
    elif quantization == "toolbox":
        images = [toolbox("VZA", False), toolbox("SZA", False), toolbox("RAA", raa_cast == "int16")]
    else:
        raise LeafError("Unknown angle quantization %r." % quantization)
    return [img.rename(name) for img, name in zip(images, ANGLE_INPUTS_ORDER)]


def domain_flag(ee, reflectances: Sequence, codes: Sequence[int]):
    """1 where the pixel's domain code (digit i = ceil(10 rho_i) mod 10, negatives 0) is not a domain code."""
    code = None
    for i, rho in enumerate(reflectances):
        digit = rho.multiply(10.0).ceil().mod(10).max(0).multiply(10 ** i)
        code = digit if code is None else code.add(digit)
    return code.remap([int(c) for c in codes], [0] * len(codes), 1)


def check_translatable(alg: Algorithm):
    """Refuse, before any download, an algorithm whose rules this backend does not write as a graph."""
    if alg.family == "SNAP":
        raise LeafError("%s follows SNAP's rules, which the Earth Engine backend does not translate; run it with "
                        "the local backend." % alg.id)


def estimate_image(alg: Algorithm, installed: InstalledAlgorithm, scene, variables: Optional[Sequence[str]] = None,
                   landcover=None, angle_quantization: Optional[str] = None):
    """The estimates and QC of `alg` on `scene` as one ee.Image (bands: output names, then QC)."""
    ee = require_ee()
    check_translatable(alg)
    plan = EstimatorPlan(alg, installed, variables, angle_quantization)
    if plan.domain is not None and plan.domain.get("type") != "codes":
        raise LeafError("The input domain of %s is not a list of domain codes, which the Earth Engine backend "
                        "needs." % alg.id)
    if alg.landcover is not None and landcover is None:
        raise LeafError("%s chooses its networks by land cover, but no land-cover image was given." % alg.id)

    reflectances = [scene.select(b) for b in alg.bands]
    present = scene.select(list(alg.bands) + list(ANGLE_BANDS)).mask().reduce(ee.Reducer.min()).gt(0)
    good = present.And(scene.select("MASK").eq(1))   # scenes always carry MASK (collections.scene_image)
    if plan.check_reflectance:
        for rho in reflectances:
            good = good.And(rho.gte(REFLECTANCE_MIN)).And(rho.lte(REFLECTANCE_MAX))
    slots = None
    if alg.landcover is not None:
        keys, slot_of_key = plan.landcover_table()
        slots = ee.Image(landcover).unmask(0, False).remap(keys, slot_of_key, -1)
        good = good.And(slots.gte(0))

    by_name = dict(zip(ANGLE_INPUTS_ORDER, angle_cosines(ee, scene, plan.angle_quantization, alg.toolbox_cos_raa)))
    inputs = ee.Image.cat([by_name[n] if n in by_name else scene.select(n) for n in alg.inputs])

    outputs = None
    for m in range(len(installed.manifest["models"])):
        layers = dense_layers(installed.model_bytes(m), "%s model %d" % (alg.id, m))
        y = network_image(ee, inputs, layers).arrayProject([0]).arrayFlatten([list(installed.outputs)])
        y = y.select(plan.output_names)
        if outputs is None:
            outputs = y
        else:
            model = slots.remap(list(range(len(plan.slot_models))), list(plan.slot_models), 0)
            outputs = outputs.where(model.eq(m), y)

    flags = ee.Image.constant(0)
    if plan.domain is not None:
        flags = flags.add(domain_flag(ee, reflectances, plan.domain["codes"]).multiply(QC_DOMAIN))
    out_of_range = ee.Image.constant(0)
    for k, j in enumerate(plan.estimate_columns):
        low, high = plan.valid_range(k)
        est = outputs.select(plan.output_names[j])
        out_of_range = out_of_range.Or(est.lt(low)).Or(est.gt(high))
    flags = flags.add(out_of_range.multiply(QC_RANGE))
    qc = ee.Image.constant(QC_INVALID).where(good, flags).updateMask(present).toUint8().rename("QC")
    return outputs.updateMask(good).addBands(qc)
