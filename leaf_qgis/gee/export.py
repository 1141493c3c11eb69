"""Export tasks for areas too large to download (Drive, Cloud Storage, Asset), and the task monitor.

An estimate run exports two images, as LEAF production does: the estimates (float32 with no-data -9999, or
the LEAF uint8 encoding with 255) and the QC byte (255 = no data), on the run's pixel grid, as
cloud-optimised GeoTIFFs (Drive, Cloud Storage) or assets.
"""

from dataclasses import dataclass
from typing import Dict, List

from ..engine.errors import LeafError
from . import session
from .download import crs_of

DESTINATIONS = ("drive", "gcs", "asset")
FLOAT_NODATA = -9999.0
MAX_PIXELS = 1e13


@dataclass
class ExportTarget:
    """Where exports go: 'drive' (folder), 'gcs' (bucket[/prefix]) or 'asset' (projects/<p>/assets/<folder>)."""

    kind: str
    location: str

    def check(self):
        if self.kind not in DESTINATIONS:
            raise LeafError("Unknown export destination %r (drive, gcs or asset)." % self.kind)
        if self.kind in ("gcs", "asset") and not self.location.strip("/"):
            raise LeafError("An export to %s needs a %s." % (
                "Cloud Storage" if self.kind == "gcs" else "an asset",
                "bucket name" if self.kind == "gcs" else "asset folder (projects/<project>/assets/<folder>)"))


def start_export(ee, image, name: str, grid, target: ExportTarget, nodata: float, project: str = "") -> str:
    """Start one export of `image` on `grid` (engine Grid) and return its task id."""
    target.check()
    crs = crs_of(grid.projection)
    region_args = {"crs": crs.get("crsCode") or crs.get("crsWkt"),
                   "crsTransform": [grid.geotransform[1], grid.geotransform[2], grid.geotransform[0],
                                    grid.geotransform[4], grid.geotransform[5], grid.geotransform[3]],
                   "dimensions": "%dx%d" % (grid.width, grid.height), "maxPixels": MAX_PIXELS}
    file_options = {"fileFormat": "GeoTIFF", "formatOptions": {"cloudOptimized": True, "noData": float(nodata)}}
    if target.kind == "drive":
        task = ee.batch.Export.image.toDrive(image=image, description=name, folder=target.location or None,
                                             fileNamePrefix=name, **region_args, **file_options)
    elif target.kind == "gcs":
        bucket, _, prefix = target.location.strip("/").partition("/")
        task = ee.batch.Export.image.toCloudStorage(image=image, description=name, bucket=bucket,
                                                    fileNamePrefix=(prefix + "/" if prefix else "") + name,
                                                    **region_args, **file_options)
    else:
        task = ee.batch.Export.image.toAsset(image=image, description=name,
                                             assetId=target.location.rstrip("/") + "/" + name, **region_args)
    session.call(task.start, project)
    return task.id


@dataclass
class TaskInfo:
    """One Earth Engine task as the monitor shows it."""

    id: str
    description: str
    state: str
    created: str
    updated: str
    destinations: List[str]
    error: str = ""

    def as_row(self) -> Dict[str, str]:
        return {"id": self.id, "description": self.description, "state": self.state, "created": self.created,
                "updated": self.updated, "destinations": " ".join(self.destinations), "error": self.error}


def _task(op: dict) -> TaskInfo:
    meta = op.get("metadata", {})
    error = (op.get("error") or {}).get("message", "")
    return TaskInfo(op.get("name", "").rsplit("/", 1)[-1], meta.get("description", ""), meta.get("state", ""),
                    meta.get("createTime", ""), meta.get("updateTime", ""), list(meta.get("destinationUris", [])), error)


def list_tasks(ee, project: str = "") -> List[TaskInfo]:
    """Every task of the project, newest first, as the server lists them."""
    return [_task(op) for op in session.call(ee.data.listOperations, project)]


def task_status(ee, task_id: str, project: str = "") -> TaskInfo:
    name = task_id if task_id.startswith("projects/") else "projects/%s/operations/%s" % (project, task_id)
    return _task(session.call(lambda: ee.data.getOperation(name), project))


def cancel_task(ee, task_id: str, project: str = "") -> TaskInfo:
    name = task_id if task_id.startswith("projects/") else "projects/%s/operations/%s" % (project, task_id)
    session.call(lambda: ee.data.cancelOperation(name), project)
    return task_status(ee, task_id, project)


def gdal_path(uri: str) -> str:
    """A GDAL path for a finished export's destination: gs://bucket/x.tif -> /vsigs/bucket/x.tif, an
    https://storage.googleapis.com/ URL -> /vsigs/ as well; other URIs are returned unchanged."""
    for prefix in ("gs://", "https://storage.googleapis.com/", "https://storage.cloud.google.com/"):
        if uri.startswith(prefix):
            return "/vsigs/" + uri[len(prefix):].split("?", 1)[0]
    return uri
