"""Base class of every LEAF algorithm: translation, grouping, icon, and the rules every run follows.

* Every error reaches the user once, as one sentence, in the user's language, and never as a traceback:
  LeafError and our own QgsProcessingException messages as they are, OS errors as a sentence naming the
  file, anything else as one sentence saying it is a bug (the traceback goes to QGIS's message log, and to
  the run's log with LEAF_QGIS_DEBUG=1).
  Why errors appeared three times in qgis_process: QGIS writes the message of a failed algorithm to the
  message log, then reports it to the feedback, whose reportError writes it to the message log once more;
  qgis_process prints every critical message-log entry besides its own "ERROR:" line. In qgis_process the
  message log's signals are therefore blocked once the run has failed, so only "ERROR:\t<sentence>" is printed;
  with --json qgis_process prints no "ERROR:" line, so there the first message-log copy is let through.
* Numbers are finite (RESOLUTION=nan is refused in one sentence), a CRS given is one QGIS knows, a vector
  file given is one GDAL reads (QGIS itself would say 'not found'), and no destination may be, or lie
  inside, any input of the run (engine.paths.check_outputs); the tools pass the same inputs to the engine
  (`read_sources`), which checks every sidecar it writes as well.
* SIGTERM / SIGHUP cancel the run and remove its temporaries (engine.signals), in qgis_process; the QGIS
  desktop runs tools in a task thread and keeps its own signal handling.
* Untrusted files skipped in the profile (algorithm definitions, catalogs) are reported as warnings once per
  process, in the first run's log.
"""

import functools
import os
import traceback

from osgeo import gdal
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayer,
    QgsMessageLog,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsProperty,
)

from ..compat import SOURCE_FILE
from ..engine import paths, signals
from ..engine.algorithm import skipped
from ..engine.errors import Cancelled, LeafError, LeafWarning
from ..engine.gdalio import quiet
from ..translation import tr, translate_error
from .icons import provider_icon

ENV_DEBUG = "LEAF_QGIS_DEBUG"
LOG_TAG = "LEAF"
_reported_skipped = set()
_INPUT_TYPES = ("raster", "vector", "source", "layer", "mesh", "pointcloud", "file", "multilayer")


def is_qgis_process() -> bool:
    app = QgsApplication.instance()
    return app is not None and app.platform() == "qgis_process"


def is_qgis_process_json() -> bool:
    """qgis_process run --json: it prints no "ERROR:" line of its own then (the error is only in the message log)."""
    app = QgsApplication.instance()
    return is_qgis_process() and "--json" in app.arguments()


def is_desktop() -> bool:
    """QGIS desktop, which keeps its own signal handling (qgis_process, scripts and tests install ours)."""
    app = QgsApplication.instance()
    return app is not None and app.platform() == "desktop"


def feedback_log(feedback):
    """An engine `log` callback: LeafWarning messages as translated warnings, the rest as information."""
    def log(message):
        if isinstance(message, LeafWarning):
            feedback.pushWarning(translate_error(str(message)))
        else:
            feedback.pushInfo(str(message))
    return log


def existing_layer(value, context):
    """The layer a parameter value names when it is already loaded (a layer object, a layer of the project or
    of the run's context, by id or name), else None. A file path is not loaded: constructing a QGIS raster
    layer computes statistics, which GDAL saves as an .aux.xml beside the user's file."""
    if isinstance(value, QgsMapLayer):
        return value
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.staticValue()
    if isinstance(value, str) and value:
        return QgsProcessingUtils.mapLayerFromString(value, context, False)
    return None


def parameter_text(value) -> str:
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.staticValue()
    return value if isinstance(value, str) else ""


class LeafAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set NAME, GROUP_ID and implement displayName/group/shortHelpString/initAlgorithm/execute
    (not run(): QgsProcessingAlgorithm.run is a C++ method)."""

    NAME = ""
    GROUP_ID = ""

    def tr(self, text):
        return tr(text)

    def name(self):
        return self.NAME

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def icon(self):
        return provider_icon()

    def createInstance(self):  # noqa: N802
        return type(self)()

    def helpUrl(self):  # noqa: N802
        return "https://github.com/leaf-qgis/leaf_qgis#readme"

    def log(self, feedback):
        return feedback_log(feedback)

    # ------------------------------------------------------------------------------------------ the run

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self._report_skipped(feedback)
        termination = None
        try:
            with signals.terminating(feedback.cancel, lambda name: feedback.pushWarning(self.tr(
                    "{0} received: stopping and removing the temporary files.").format(name)),
                    enabled=not is_desktop()) as termination:
                try:
                    self.check_numbers(parameters, context)
                    self.check_crs(parameters, context)
                    self.check_destinations(parameters, context)
                    return self.execute(parameters, context, feedback)
                except LeafError as e:
                    raise self.failure(translate_error(str(e))) from None
                except Cancelled:
                    raise self.failure(self.tr("Cancelled; no output was written.")) from None
                except QgsProcessingException as e:
                    raise self.failure(str(e) or self.tr("The run failed.")) from None
                except OSError as e:
                    raise self.failure(self.os_error(e)) from None
                except Exception as e:  # noqa: BLE001 (a bug: one sentence, the traceback in the message log)
                    raise self.failure(self.internal_error(e, feedback)) from None
        finally:
            self._report_skipped(feedback)   # files skipped while the run read them (catalogs, caches)
            if termination is not None and termination.received:
                feedback.reportError(self.tr("Stopped by {0}; the temporary files were removed and no output was "
                                             "written.").format(signals.signal_name(termination.signum)), True)
                termination.end_process()

    def execute(self, parameters, context, feedback):
        raise NotImplementedError

    def failure(self, message: str) -> QgsProcessingException:
        """The exception that reports `message` once (see the module docstring)."""
        if is_qgis_process():
            log = QgsApplication.messageLog()
            if not is_qgis_process_json():
                log.blockSignals(True)
            else:   # the first copy is the report: let it through, then block the second
                def block_after_first(*_args):
                    log.blockSignals(True)
                log.messageReceived[str, str, Qgis.MessageLevel].connect(block_after_first)
        return QgsProcessingException(message)

    def os_error(self, e: OSError) -> str:
        where = e.filename or self.tr("a file")
        return self.tr("Cannot read or write {0} ({1}).").format(where, e.strerror or e.__class__.__name__)

    def internal_error(self, e: Exception, feedback=None) -> str:
        details = "".join(traceback.format_exception(type(e), e, e.__traceback__))
        QgsMessageLog.logMessage(details, LOG_TAG, Qgis.MessageLevel.Info)   # kept in the log panel, not printed
        if os.environ.get(ENV_DEBUG) and feedback is not None:
            feedback.pushDebugInfo(details)
        return self.tr("leaf:{0} stopped on an internal error ({1}: {2}); please report it with the details that "
                       "{3}=1 prints.").format(self.name(), type(e).__name__, str(e).splitlines()[0] if str(e) else "",
                                                ENV_DEBUG)

    def _report_skipped(self, feedback):
        for path, warning in skipped().items():
            if path not in _reported_skipped:
                _reported_skipped.add(path)
                feedback.pushWarning(translate_error(warning))

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        """`check_parameter_values`, whose failures are one sentence (LeafError, a bug), never a traceback."""
        try:
            self.check_vector_files(parameters, context)   # before QGIS's own check, which would say 'not found'
            return self.check_parameter_values(parameters, context)
        except LeafError as e:
            return False, translate_error(str(e))
        except Exception as e:  # noqa: BLE001
            return False, self.internal_error(e)

    def check_parameter_values(self, parameters, context):
        """Subclasses extend this (not checkParameterValues); QGIS's own checks by default."""
        return QgsProcessingAlgorithm.checkParameterValues(self, parameters, context)

    # ------------------------------------------------------------------------------------------ inputs, outputs

    def check_numbers(self, parameters, context):
        """Every number given is finite (QGIS lets 'nan' through its minimum and maximum)."""
        import math
        for p in self.parameterDefinitions():
            if p.type() != "number" or parameters.get(p.name()) in (None, ""):
                continue
            value = self.parameterAsDouble(parameters, p.name(), context)
            if not math.isfinite(value):
                raise LeafError("The parameter %s (%s) is %s, not a finite number." % (
                    p.name(), p.description(), parameters.get(p.name())))

    def check_crs(self, parameters, context):
        """Every CRS given is one QGIS knows (an unknown code would otherwise surface later as a misleading
        sentence about resolutions or extents)."""
        for p in self.parameterDefinitions():
            value = parameters.get(p.name())
            if p.type() != "crs" or not isinstance(value, str) or not value.strip():
                continue
            if not self.parameterAsCrs(parameters, p.name(), context).isValid():
                raise LeafError("The CRS %s given for %s is not a coordinate reference system QGIS knows; give one such "
                                "as EPSG:32618 (WGS 84 / UTM zone 18N)." % (value, p.name()))

    def check_vector_files(self, parameters, context):
        """A vector parameter naming a file that exists but is not a vector dataset is said as such (QGIS would
        say 'not found')."""
        for p in self.parameterDefinitions():
            value = parameters.get(p.name())
            if p.type() not in ("source", "vector") or not isinstance(value, str) or not value:
                continue
            path = value.split("|", 1)[0]
            if not os.path.isfile(path) or existing_layer(value, context) is not None:
                continue
            ds, message = quiet(functools.partial(gdal.OpenEx, path, gdal.OF_VECTOR | gdal.OF_READONLY))
            if ds is None:
                raise LeafError("The file %s given for %s is not a vector layer GDAL can read (%s)." % (
                    path, p.name(), (message or "unknown format").rstrip(".")))

    def read_sources(self, parameters, context):
        """The local files every input parameter of the run stands for (layers, files, lists), plus the Earth
        Engine credentials files: what no output may overwrite."""
        from ..deps import earthengine_credentials_path
        from ..settings import ee_service_account_key
        out = []
        for p in self.parameterDefinitions():
            name, kind = p.name(), p.type()
            if parameters.get(name) in (None, "", []) or p.isDestination() or kind not in _INPUT_TYPES:
                continue
            try:
                if kind == "file":
                    out.append(self.parameterAsFile(parameters, name, context))
                elif kind == "multilayer":
                    if p.layerType() == SOURCE_FILE:
                        out += self.parameterAsFileList(parameters, name, context)
                    else:
                        values = parameters[name] if isinstance(parameters[name], list) else [parameters[name]]
                        out += [self.layer_source(v, context) for v in values]
                else:
                    out.append(self.layer_source(parameters[name], context))
            except Exception:  # noqa: BLE001 (an unreadable layer is reported by the tool itself)
                value = parameters.get(name)
                out += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
        out += [ee_service_account_key(), earthengine_credentials_path()]
        return [s for s in out if s]

    def layer_source(self, value, context) -> str:
        """The data source of a layer parameter value, without loading a file as a new layer."""
        layer = existing_layer(value, context)
        return layer.source() if layer is not None else parameter_text(value)

    def raster_source(self, parameters, name, context):
        """(source, provider key) of a raster parameter, or (None, None): a loaded layer's, else the path given
        (read by GDAL), so that no statistics file is written beside the user's raster."""
        value = parameters.get(name)
        if value in (None, ""):
            return None, None
        layer = existing_layer(value, context)
        if layer is not None:
            return layer.source(), layer.providerType()
        return parameter_text(value) or None, "gdal"

    def destinations(self, parameters, context):
        """The paths of the destination parameters given (temporary outputs included)."""
        out = []
        for p in self.destinationParameterDefinitions():
            if parameters.get(p.name()) in (None, ""):
                continue
            try:
                path = self.parameterAsFileOutput(parameters, p.name(), context)
            except Exception:  # noqa: BLE001 (a value QGIS cannot turn into a path is checked by the tool itself)
                path = ""
            if path:
                out.append(path)
        return out

    def check_destinations(self, parameters, context):
        """No destination is, or lies inside, an input (the engine also checks every sidecar it writes)."""
        outputs = self.destinations(parameters, context)
        if outputs:
            paths.check_outputs(self.read_sources(parameters, context),
                                [f for o in outputs for f in paths.raster_sidecars(o)])
