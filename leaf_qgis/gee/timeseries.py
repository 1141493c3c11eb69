"""The Time series tool on Earth Engine: one acquisition per day with images of the collection over the area;
each day is estimated on Earth Engine (the day's images merged where they have data) and downloaded onto the
run's grid, then engine.timeseries aggregates, extracts and charts those files exactly as for local products.
"""

import datetime
from typing import Callable, Dict, Optional, Sequence

from ..engine.algorithm import get_algorithm
from ..engine.catalog import NetworkStore
from ..engine.errors import LeafError
from ..engine.estimate import AUTO, is_automatic
from ..engine.grid import Grid
from ..engine.timeseries import Acquisition, Plan, timeseries
from . import session
from .collections import search
from .estimate import EESource, area_geometry, choose_for_collection, estimate_ee


def _next_day(day: str) -> str:
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()


def plan_days(ee, source: EESource, grid: Grid, project: str = "") -> Plan:
    """The days of the period (UTC) on which the collection has an image over the area, as acquisitions."""
    c = source.resolve()
    coll = search(c, area_geometry(ee, grid), source.start, source.end, source.max_cloud)
    times = session.call(lambda: coll.aggregate_array("system:time_start").getInfo(), project) or []
    days = sorted({datetime.datetime.fromtimestamp(t / 1000.0, datetime.timezone.utc).date().isoformat()
                   for t in times})
    if not days:
        raise LeafError("Earth Engine has no image of %s over the area from %s to %s%s." % (
            c.id, source.start, source.end,
            "" if source.max_cloud is None else " with less than %g%% cloud" % source.max_cloud))
    acqs = [Acquisition(day, c.key, [c.id], ["%s %s" % (c.id, day)]) for day in days]
    return Plan(acqs, grid, {})


def timeseries_ee(source: EESource, grid: Grid, output_folder: str, algorithm: str = AUTO,
                  variables: Optional[Sequence[str]] = None, landcover_asset: str = "",
                  store: Optional[NetworkStore] = None, base_url: Optional[str] = None, project: str = "",
                  key_file: str = "", url: Optional[str] = None, creds=None, clip=None,
                  progress: Callable[[float], None] = lambda f: None, is_canceled: Callable[[], bool] = lambda: False,
                  log: Callable[[str], None] = lambda m: None, **options) -> Dict[str, object]:
    """engine.timeseries.timeseries over an Earth Engine collection and period; `options` are its table, chart,
    aggregation and naming arguments (features, id_field, table, chart, statistics, period, prefix, ...)."""
    options["also_read"] = list(options.get("also_read", ())) + [key_file]   # the credentials: never overwritten
    c = source.resolve()
    store = store or NetworkStore()
    # one algorithm for every day (the local tool may choose per date; here every day is the same collection)
    alg = choose_for_collection(c, algorithm or AUTO) if is_automatic(algorithm) else get_algorithm(algorithm)
    ee = session.connect(project, key_file=key_file, url=url, creds=creds)
    plan = plan_days(ee, source, grid, project)
    log("%d days with %s images from %s to %s; algorithm %s." % (len(plan.acquisitions), c.id, source.start,
                                                                 source.end, alg.id))

    def estimate_day(acq: Acquisition, est_path: str, qc_path: str, day_progress):
        day = EESource(collection=c.key, start=acq.date, end=_next_day(acq.date), max_cloud=source.max_cloud,
                       one_day=True)
        # the automatic choice depends on the collection only, so every day gets `alg` (and its metadata says how)
        return estimate_ee(day, grid, est_path, qc_path, algorithm=algorithm or AUTO, variables=variables,
                           landcover_asset=landcover_asset, store=store, base_url=base_url, project=project,
                           connected=ee, write_date=False, clip=clip, progress=day_progress, is_canceled=is_canceled, log=log)
    return timeseries([], output_folder, start=source.start, algorithm=alg.id, variables=variables, store=store,
                      base_url=base_url, progress=progress, is_canceled=is_canceled, log=log, plan=plan,
                      estimate_acquisition=estimate_day, **options)
