"""The names that differ between the QGIS versions the plugin runs on (3.22 to 4.x, Qt 5 and Qt 6), in one place.

* `QAction` moved from QtWidgets to QtGui in Qt 6. QGIS 4 (and QGIS >= 3.34.2) re-export it from both
  `qgis.PyQt` modules; QGIS 3.22 has it in `qgis.PyQt.QtWidgets` only.
* QGIS 3.36 moved many enums of processing, raster and styling classes into `Qgis` (e.g.
  `QgsProcessing.TypeFile` -> `Qgis.ProcessingSourceType.File`); the old spellings are deprecated aliases in
  QGIS 3.36-3.44 and gone from QGIS 4's Qt 6 bindings. Each constant below is the `Qgis` member where the
  running QGIS has it and the 3.22 member (fully scoped, which PyQt5 5.15 accepts) otherwise.

Qt's own enums need no entry here: their fully scoped spelling (`Qt.CursorShape.BusyCursor`) works in PyQt5 and
PyQt6 alike. `scripts/qt6_check.py` (run by `make lint`) refuses the Qt 5-only idioms and the old QGIS
spellings anywhere else, using MOVED_TO_QGIS below.
"""

from qgis.core import (
    Qgis,
    QgsColorRampShader,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsRasterBandStats,
)
from qgis.PyQt import QtGui, QtWidgets

QAction = getattr(QtGui, "QAction", None) or QtWidgets.QAction

# constant -> ((class, enum, member) in QGIS 3.22, (enum of Qgis, member) in QGIS >= 3.36)
MOVED_TO_QGIS = {
    "SOURCE_FILE": (("QgsProcessing", "SourceType", "TypeFile"), ("ProcessingSourceType", "File")),
    "SOURCE_VECTOR": (("QgsProcessing", "SourceType", "TypeVector"), ("ProcessingSourceType", "Vector")),
    "SOURCE_VECTOR_POINT": (("QgsProcessing", "SourceType", "TypeVectorPoint"), ("ProcessingSourceType", "VectorPoint")),
    "SOURCE_VECTOR_POLYGON": (("QgsProcessing", "SourceType", "TypeVectorPolygon"),
                              ("ProcessingSourceType", "VectorPolygon")),
    "ALGORITHM_HIDE_FROM_TOOLBOX": (("QgsProcessingAlgorithm", "Flag", "FlagHideFromToolbox"),
                                    ("ProcessingAlgorithmFlag", "HideFromToolbox")),
    "PARAMETER_ADVANCED": (("QgsProcessingParameterDefinition", "Flag", "FlagAdvanced"),
                           ("ProcessingParameterFlag", "Advanced")),
    "PARAMETER_OPTIONAL": (("QgsProcessingParameterDefinition", "Flag", "FlagOptional"),
                           ("ProcessingParameterFlag", "Optional")),
    "NUMBER_DOUBLE": (("QgsProcessingParameterNumber", "Type", "Double"), ("ProcessingNumberParameterType", "Double")),
    "NUMBER_INTEGER": (("QgsProcessingParameterNumber", "Type", "Integer"),
                       ("ProcessingNumberParameterType", "Integer")),
    "DATETIME_DATE": (("QgsProcessingParameterDateTime", "Type", "Date"),
                      ("ProcessingDateTimeParameterDataType", "Date")),
    "FILE_FOLDER": (("QgsProcessingParameterFile", "Behavior", "Folder"), ("ProcessingFileParameterBehavior", "Folder")),
    "SHADER_LINEAR": (("QgsColorRampShader", "Type", "Interpolated"), ("ShaderInterpolationMethod", "Linear")),
    "STATISTIC_MIN": (("QgsRasterBandStats", "Stats", "Min"), ("RasterBandStatistic", "Min")),
    "STATISTIC_MAX": (("QgsRasterBandStats", "Stats", "Max"), ("RasterBandStatistic", "Max")),
}

_CLASSES = {c.__name__: c for c in (QgsColorRampShader, QgsProcessing, QgsProcessingAlgorithm,
                                    QgsProcessingParameterDateTime, QgsProcessingParameterDefinition,
                                    QgsProcessingParameterFile, QgsProcessingParameterNumber, QgsRasterBandStats)}


def _moved(constant: str):
    """Qgis.<enum>.<member> when this QGIS has it (3.36+), else the 3.22 <class>.<enum>.<member>."""
    (cls, enum, member), (new_enum, new_member) = MOVED_TO_QGIS[constant]
    value = getattr(getattr(Qgis, new_enum, None), new_member, None)
    return value if value is not None else getattr(getattr(_CLASSES[cls], enum), member)


SOURCE_FILE = _moved("SOURCE_FILE")
SOURCE_VECTOR = _moved("SOURCE_VECTOR")
SOURCE_VECTOR_POINT = _moved("SOURCE_VECTOR_POINT")
SOURCE_VECTOR_POLYGON = _moved("SOURCE_VECTOR_POLYGON")
ALGORITHM_HIDE_FROM_TOOLBOX = _moved("ALGORITHM_HIDE_FROM_TOOLBOX")
PARAMETER_ADVANCED = _moved("PARAMETER_ADVANCED")
PARAMETER_OPTIONAL = _moved("PARAMETER_OPTIONAL")
NUMBER_DOUBLE = _moved("NUMBER_DOUBLE")
NUMBER_INTEGER = _moved("NUMBER_INTEGER")
DATETIME_DATE = _moved("DATETIME_DATE")
FILE_FOLDER = _moved("FILE_FOLDER")
SHADER_LINEAR = _moved("SHADER_LINEAR")
STATISTIC_MIN = _moved("STATISTIC_MIN")
STATISTIC_MAX = _moved("STATISTIC_MAX")
