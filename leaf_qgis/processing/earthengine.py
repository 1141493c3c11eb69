"""Earth Engine parameters shared by the tools that can run there (Estimate, Time series): backend choice,
collection source, cloud limit, land-cover asset, Cloud project, and how they become engine arguments."""

from qgis.core import (
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..compat import NUMBER_DOUBLE, PARAMETER_ADVANCED
from ..settings import ee_project, ee_service_account_key
from ..translation import tr, tr_noop
from .area import given

BACKENDS = [tr_noop("Local (this computer)"), tr_noop("Google Earth Engine")]


def add_backend_parameter(alg):
    alg.addParameter(QgsProcessingParameterEnum("BACKEND", tr("Backend"), options=[tr(b) for b in BACKENDS],
                                                defaultValue=0))


def uses_earth_engine(alg, parameters, context) -> bool:
    return alg.parameterAsEnum(parameters, "BACKEND", context) == 1


def add_source_parameter(alg, images: bool = True):
    alg.addParameter(QgsProcessingParameterString(
        "EE_SOURCE", tr("Earth Engine source: image id, or collection S2, L8, L9, L7, L5, HLS_L30") if images else
        tr("Earth Engine collection: S2, L8, L9, L7, L5, HLS_L30 (or its Earth Engine id)"), optional=True))


def add_advanced_parameters(alg, extra=(), landcover: bool = True):
    """MAX_CLOUD, EE_LANDCOVER (unless `landcover` is False), the tool's own `extra` parameters, then EE_PROJECT,
    all advanced."""
    params = [
        QgsProcessingParameterNumber("MAX_CLOUD", tr("Earth Engine collection: maximum scene cloud cover (%)"),
                                     NUMBER_DOUBLE, optional=True, minValue=0, maxValue=100),
    ]
    if landcover:
        params.append(QgsProcessingParameterString(
            "EE_LANDCOVER", tr("Earth Engine land-cover asset in the CCRS legend (empty: NALCMS 2020 over Copernicus "
                               "2019)"), optional=True))
    params += list(extra) + [
        QgsProcessingParameterString("EE_PROJECT", tr("Google Cloud project for Earth Engine (empty: the LEAF "
                                                      "settings)"), optional=True),
    ]
    for p in params:
        p.setFlags(p.flags() | PARAMETER_ADVANCED)
        alg.addParameter(p)


def max_cloud(alg, parameters, context):
    return alg.parameterAsDouble(parameters, "MAX_CLOUD", context) if given(parameters, "MAX_CLOUD") else None


def connection_options(alg, parameters, context) -> dict:
    """project, key_file and landcover_asset for the gee functions (project: EE_PROJECT, else the setting)."""
    project = (alg.parameterAsString(parameters, "EE_PROJECT", context) or "").strip() or ee_project()
    landcover = alg.parameterAsString(parameters, "EE_LANDCOVER", context) if given(parameters, "EE_LANDCOVER") else ""
    return {"project": project, "key_file": ee_service_account_key(), "landcover_asset": (landcover or "").strip()}


def source_from_parameters(alg, parameters, context):
    """The EESource of EE_SOURCE, START_DATE, END_DATE (end excluded) and MAX_CLOUD."""
    from ..gee.estimate import EESource

    def date(name):
        value = alg.parameterAsDateTime(parameters, name, context) if given(parameters, name) else None
        return value.date().toString("yyyy-MM-dd") if value is not None and value.isValid() else ""
    return EESource.parse(alg.parameterAsString(parameters, "EE_SOURCE", context), date("START_DATE"),
                          date("END_DATE"), max_cloud(alg, parameters, context))
