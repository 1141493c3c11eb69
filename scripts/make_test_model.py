"""Writes tests/data/subset_mosaic_estimate.model3, the graphical model the tests run headless and through
qgis_process: two products -> leaf:subset each (same area) -> leaf:mosaic (LEAF best pixel over a period)
-> leaf:estimate. Run with QGIS's Python and the plugin enabled (as the tests do); the file is committed so
that users can open it in the Model Designer as an example."""

import os
import sys

from qgis.core import (
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFile,
)
from qgis.core import (
    QgsProcessingModelChildParameterSource as Source,
)
from qgis.PyQt.QtCore import QPointF

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, "tests", "data", "subset_mosaic_estimate.model3")


def build() -> QgsProcessingModelAlgorithm:
    from leaf_qgis.compat import DATETIME_DATE  # REPO is on sys.path (see __main__)

    m = QgsProcessingModelAlgorithm("LEAF: subset, mosaic and estimate", "LEAF examples")
    m.setHelpContent({"ALG_DESC": "Two products of one tile are cut to an area (Subset), composited over a period "
                                  "with the LEAF best-pixel score (Mosaic) and estimated with SL2P (Estimate)."})
    def parameter(definition, x, y):
        p = QgsProcessingModelParameter(definition.name())
        p.setPosition(QPointF(x, y))
        m.addModelParameter(definition, p)

    parameter(QgsProcessingParameterFile("product_a", "First product"), 120, 60)
    parameter(QgsProcessingParameterFile("product_b", "Second product"), 480, 60)
    parameter(QgsProcessingParameterExtent("area", "Area"), 300, 60)
    parameter(QgsProcessingParameterDateTime("start", "Start date (included)", type=DATETIME_DATE),
              660, 160)
    parameter(QgsProcessingParameterDateTime("end", "End date (excluded)", type=DATETIME_DATE),
              660, 220)

    for child_id, product, x in (("subset_a", "product_a", 160), ("subset_b", "product_b", 440)):
        c = QgsProcessingModelChildAlgorithm("leaf:subset")
        c.setPosition(QPointF(x, 180))
        c.setChildId(child_id)
        c.setDescription("Subset " + product.replace("_", " "))
        c.addParameterSources("INPUT", [Source.fromModelParameter(product)])
        c.addParameterSources("EXTENT", [Source.fromModelParameter("area")])
        m.addChildAlgorithm(c)

    c = QgsProcessingModelChildAlgorithm("leaf:mosaic")
    c.setChildId("mosaic")
    c.setPosition(QPointF(300, 300))
    c.setDescription("Mosaic (LEAF best pixel)")
    c.addParameterSources("INPUT", [Source.fromChildOutput("subset_a", "OUTPUT"),
                                    Source.fromChildOutput("subset_b", "OUTPUT")])
    c.addParameterSources("START", [Source.fromModelParameter("start")])
    c.addParameterSources("END", [Source.fromModelParameter("end")])
    c.addParameterSources("METHOD", [Source.fromStaticValue(0)])
    c.addParameterSources("OUTPUT_TYPE", [Source.fromStaticValue(0)])
    m.addChildAlgorithm(c)

    c = QgsProcessingModelChildAlgorithm("leaf:estimate")
    c.setChildId("estimate")
    c.setPosition(QPointF(300, 420))
    c.setDescription("Estimate (SL2P)")
    c.addParameterSources("INPUT", [Source.fromChildOutput("mosaic", "OUTPUT")])
    c.addParameterSources("ALGORITHM", [Source.fromStaticValue(0)])
    out = QgsProcessingModelOutput("estimates", "Estimates")
    out.setChildId("estimate")
    out.setChildOutputName("OUTPUT")
    out.setPosition(QPointF(300, 520))
    c.setModelOutputs({"estimates": out})
    m.addChildAlgorithm(c)
    return m


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.insert(0, REPO)
    from leaf_qgis.processing.provider import LeafProvider
    provider = LeafProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    model = build()
    ok = model.toFile(OUT)
    print("wrote" if ok else "FAILED to write", OUT)
    del model
    app.exitQgis()
