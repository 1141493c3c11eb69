"""Styles for output layers: a colour ramp over each variable's physical range, QC as paletted classes."""

import datetime

from qgis.core import (
    QgsColorRampShader,
    QgsContrastEnhancement,
    QgsMultiBandColorRenderer,
    QgsPalettedRasterRenderer,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
    QgsStyle,
)
from qgis.PyQt.QtGui import QColor

from ..compat import SHADER_LINEAR, STATISTIC_MAX, STATISTIC_MIN
from ..engine.variables import VARIABLES
from ..translation import tr

RAMPS = {"LAI": "Greens", "fAPAR": "YlGn", "fCOVER": "YlGn", "CCC": "BuGn", "CWC": "Blues",
         "Albedo": "Greys", "DASF": "Viridis"}


def qc_classes():
    return [
        (0, QColor(26, 150, 65), tr("0 good")),
        (1, QColor(253, 174, 97), tr("1 input out of domain")),
        (2, QColor(215, 25, 28), tr("2 estimate out of range")),
        (3, QColor(140, 20, 20), tr("3 out of domain and out of range")),
        (4, QColor(160, 160, 160), tr("4 invalid pixel (masked)")),
        (8, QColor(171, 217, 233), tr("8 set to a SNAP limit")),
        (9, QColor(116, 173, 209), tr("9 out of domain, set to a SNAP limit")),
        (10, QColor(69, 117, 180), tr("10 out of range, another estimate set to a SNAP limit")),
        (11, QColor(49, 54, 149), tr("11 out of domain and out of range, set to a SNAP limit")),
    ]


def pseudocolour(layer, band: int, lo: float, hi: float, ramp_name: str, classes: int):
    """A single-band pseudocolour renderer: the named QGIS colour ramp interpolated from lo to hi."""
    fcn = QgsColorRampShader(lo, hi)
    fcn.setColorRampType(SHADER_LINEAR)
    ramp = QgsStyle.defaultStyle().colorRamp(ramp_name)
    if ramp is not None:
        fcn.setSourceColorRamp(ramp)
    fcn.classifyColorRamp(classes)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(fcn)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), band, shader)
    renderer.setClassificationMin(lo)
    renderer.setClassificationMax(hi)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_estimates(layer, band: int = 1):
    """Pseudocolour on one band over the variable's physical range; the variable is read from the band name."""
    desc = layer.bandName(band).split(":")[-1].strip()
    var_name = desc if desc in VARIABLES else desc.split("_")[0]
    v = VARIABLES.get(var_name, VARIABLES["LAI"])
    pseudocolour(layer, band, v.valid_min, v.display_max, RAMPS.get(v.name, "Viridis"), 9)


def style_count(layer, maximum: int):
    """Number of valid observations: a ramp from 0 to the number of dates of the period."""
    pseudocolour(layer, 1, 0, max(1, maximum), "Blues", max(2, min(9, maximum + 1)))


def style_qc(layer):
    classes = [QgsPalettedRasterRenderer.Class(value, color, label) for value, color, label in qc_classes()]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.triggerRepaint()


# false-colour infrared (NIR, red, green) by the band names of each sensor: Sentinel-2 / HLS S30, Landsat 8/9,
# Landsat 5/7, HLS L30 and harmonised mosaics
FALSE_COLOUR = (("B8A", "B4", "B3"), ("SR_B5", "SR_B4", "SR_B3"), ("SR_B4", "SR_B3", "SR_B2"), ("B5", "B4", "B3"))
FALSE_COLOUR_MAX = (0.5, 0.2, 0.2)   # display range top (reflectance) of NIR, red, green


def style_composite(layer):
    """A composite stack as false-colour infrared: NIR, red, green stretched over 0-0.5, 0-0.2, 0-0.2."""
    names = {layer.bandName(i).split(":")[-1].strip(): i for i in range(1, layer.bandCount() + 1)}
    if "SR_B6" not in names:
        triples = [t for t in FALSE_COLOUR if t[0] != "SR_B5"]
    else:
        triples = [t for t in FALSE_COLOUR if t[0] != "SR_B4"]
    bands = next(([names[n] for n in t] for t in triples if all(n in names for n in t)), None)
    if bands is None:
        return
    renderer = QgsMultiBandColorRenderer(layer.dataProvider(), *bands)
    for band, top, setter in zip(bands, FALSE_COLOUR_MAX, (renderer.setRedContrastEnhancement,
                                                            renderer.setGreenContrastEnhancement,
                                                            renderer.setBlueContrastEnhancement)):
        ce = QgsContrastEnhancement(layer.dataProvider().dataType(band))
        ce.setContrastEnhancementAlgorithm(QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum)
        ce.setMinimumValue(0.0)
        ce.setMaximumValue(top)
        setter(ce)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_dates(layer):
    """The DATE product of a mosaic: pseudocolour of the day of year (band DOY) over its range."""
    band = next((i for i in range(1, layer.bandCount() + 1) if layer.bandName(i).split(":")[-1].strip() == "DOY"), 1)
    stats = layer.dataProvider().bandStatistics(band, STATISTIC_MIN | STATISTIC_MAX)
    pseudocolour(layer, band, stats.minimumValue, max(stats.maximumValue, stats.minimumValue + 1), "Spectral", 5)


def style_layer(layer, kind: str, count_max: int = 0):
    """The style of an output layer by kind: 'qc', 'composite', 'dates', 'count' or estimates (anything else)."""
    if kind == "qc":
        style_qc(layer)
    elif kind == "composite":
        style_composite(layer)
    elif kind == "dates":
        style_dates(layer)
    elif kind == "count":
        style_count(layer, count_max)
    else:
        style_estimates(layer)


class LayerStyler(QgsProcessingLayerPostProcessorInterface):
    """Post-processor styling a layer loaded on completion; instances are kept alive until used."""

    _alive = []

    def __init__(self, kind: str, group: str = ""):
        super().__init__()
        self.kind = kind
        self.group = group   # layer-tree group to put the layer in ('' leaves it where Processing put it)

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if layer is None or not layer.isValid():
            return
        style_layer(layer, self.kind)
        if self.group:
            place_in_group(layer, context, self.group, first=self.kind != "qc")

    @classmethod
    def create(cls, kind: str, group: str = ""):
        inst = cls(kind, group)
        cls._alive.append(inst)
        return inst


def run_group_name(algorithm: str, output_name: str, when=None) -> str:
    """Name of the layer-tree group holding one run's layers: 'LEAF <algorithm> <output> <date time>'."""
    when = when or datetime.datetime.now()
    return tr("LEAF {algorithm} {name} {date}").format(algorithm=algorithm, name=output_name,
                                                     date=when.strftime("%Y-%m-%d %H:%M:%S"))


def place_in_group(layer, context, group_name: str, first: bool = True):
    """Move a loaded layer's node into a top-level group (created at the top of the tree if missing), as the
    group's first child (estimates) or last (QC below them). Does nothing if the layer is not in the tree."""
    project = context.project() or QgsProject.instance()
    root = project.layerTreeRoot()
    node = root.findLayer(layer.id())
    if node is None:
        return
    group = root.findGroup(group_name) or root.insertGroup(0, group_name)
    # also when the node is in the group already (QGIS desktop inserts new layers at the current layer-tree
    # position, which after the first layer is inside this group): move it to its place
    clone = node.clone()
    if first:
        group.insertChildNode(0, clone)
    else:
        group.addChildNode(clone)
    node.parent().removeChildNode(node)
