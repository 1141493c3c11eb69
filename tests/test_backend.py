"""The backend seam (engine.backend, gee.backend): on the demo products, every tool run through a backend writes
the same pixels, metadata and result as the engine function it stands for, called directly; the area -> grid
rule equals the one Processing applies with QGIS; what a backend cannot do is one sentence."""

import os

import numpy as np
import pytest
from osgeo import gdal, osr
from support import baseline

from leaf_qgis.engine.backend import Backend, LocalBackend, area_grid, native_grid
from leaf_qgis.engine.catalog import NetworkStore
from leaf_qgis.engine.composite import composite
from leaf_qgis.engine.errors import Cancelled, LeafError
from leaf_qgis.engine.estimate import AUTO_BUNDLED, estimate_stack
from leaf_qgis.engine.grid import Grid
from leaf_qgis.engine.progress import Callbacks
from leaf_qgis.engine.request import (
    Area,
    EarthEngineSource,
    EstimateRequest,
    Execution,
    Export,
    MosaicRequest,
    Period,
    Retrieval,
    Sources,
    SubsetRequest,
    TimeSeriesRequest,
)
from leaf_qgis.engine.subset import subset
from leaf_qgis.engine.timeseries import timeseries

JULY = str(baseline.DEMO / "products" / baseline.DEMO_JULY)
OFFLINE = baseline.OFFLINE_URL


def _outputs(folder):
    """{file name: (metadata without the run's time, [(description, array)])} of every raster in a folder."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith((".tif", ".vrt")):
                ds = gdal.Open(os.path.join(root, name))
                meta = {k: v.replace(str(folder), "<out>") for k, v in ds.GetMetadata().items() if k != "LEAF_CREATED"}
                bands = [(ds.GetRasterBand(i).GetDescription(), ds.GetRasterBand(i).ReadAsArray())
                         for i in range(1, ds.RasterCount + 1)]
                out[os.path.relpath(os.path.join(root, name), folder)] = (meta, ds.GetGeoTransform(), bands)
    return out


def _plain(value, folder):
    """A result with the output folder's path replaced, lists for tuples, dicts for mappings."""
    if hasattr(value, "keys"):
        return {k: _plain(value[k], folder) for k in value.keys()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, folder) for v in value]
    return value.replace(str(folder), "<out>") if isinstance(value, str) else value


def assert_same_run(direct, direct_dir, seamed, seamed_dir):
    assert _plain(seamed, seamed_dir) == _plain(direct, direct_dir)
    a, b = _outputs(direct_dir), _outputs(seamed_dir)
    assert sorted(a) == sorted(b) and a
    for name in a:
        assert a[name][0] == b[name][0], name
        assert a[name][1] == b[name][1], name
        for (da, xa), (db, xb) in zip(a[name][2], b[name][2]):
            assert da == db and xa.dtype == xb.dtype
            np.testing.assert_array_equal(xa, xb, err_msg="%s %s" % (name, da))


@pytest.fixture()
def store(tmp_path):
    return NetworkStore(str(tmp_path / "networks"))    # empty: the bundled networks only


@pytest.fixture(scope="module")
def demo_stack(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("demo_stack") / "stack.tif")
    subset(JULY, path, grid=baseline.demo_grid())
    return path


# ---------------------------------------------------------------------------------------------- local = today's functions


def test_subset_through_the_backend(tmp_path):
    grid = baseline.demo_grid()
    for name in ("stack.tif", "stack.vrt"):
        direct = subset(JULY, str(tmp_path / "a" / name), grid=grid)
        seamed = LocalBackend().subset(SubsetRequest(Sources(JULY), str(tmp_path / "b" / name), Area(grid=grid)))
        assert seamed.output.endswith(name)
    assert_same_run(direct, tmp_path / "a", seamed, tmp_path / "b")


@pytest.mark.parametrize("options", [{}, {"variables": ["LAI", "fAPAR"], "encoding": "leaf-uint8"},
                                     {"algorithm": "LEAF_QGIS_S2_NRE_20M", "window_size": 64, "threads": 1}])
def test_estimate_through_the_backend(demo_stack, store, tmp_path, options):
    options = {"algorithm": AUTO_BUNDLED, **options}
    direct = estimate_stack(demo_stack, str(tmp_path / "a" / "e.tif"), store=store, base_url=OFFLINE, **options)
    request = EstimateRequest.from_options(demo_stack, str(tmp_path / "b" / "e.tif"), store=store, base_url=OFFLINE,
                                           **options)
    seamed = LocalBackend().estimate(request)
    assert seamed.algorithm == direct["algorithm"] and seamed.counts.pixels == direct["pixels"] == 16900
    assert_same_run(direct, tmp_path / "a", seamed, tmp_path / "b")


def test_estimate_of_a_product_on_polygons(store, tmp_path):
    """Polygons without a grid: the grid is their bounds in the product's CRS (what leaf:estimate's AREA does)."""
    wkt, crs = baseline.demo_polygon_wgs84(), baseline._wgs84().ExportToWkt()
    grid = baseline.demo_polygon_grid(wkt, crs)
    direct = estimate_stack(JULY, str(tmp_path / "a" / "p.tif"), store=store, grid=grid, resolution=None,
                            clip=([wkt], crs, 0.0), algorithm=AUTO_BUNDLED)
    seamed = LocalBackend().estimate(EstimateRequest(Sources(JULY), str(tmp_path / "b" / "p.tif"),
                                                     Area(polygons=(wkt,), polygons_crs="EPSG:4326"),
                                                     retrieval=Retrieval(algorithm=AUTO_BUNDLED),
                                                     execution=Execution(store=store)))
    assert (seamed.counts.pixels, grid.width, grid.height) == (8508, 112, 107)
    assert_same_run(direct, tmp_path / "a", seamed, tmp_path / "b")


def test_a_stack_is_clipped_on_its_own_grid(demo_stack, store, tmp_path):
    """Polygons clip an analysis-ready stack where it lies (no grid is made for it); an extent is refused."""
    wkt = baseline.demo_polygon_wgs84()
    direct = estimate_stack(demo_stack, str(tmp_path / "a" / "c.tif"), store=store,
                            clip=([wkt], baseline._wgs84().ExportToWkt(), 0.0), algorithm=AUTO_BUNDLED)
    seamed = LocalBackend().estimate(EstimateRequest.from_options(demo_stack, str(tmp_path / "b" / "c.tif"),
                                                                  store=store, polygons=[wkt],
                                                                  polygons_crs="EPSG:4326", algorithm=AUTO_BUNDLED))
    assert (direct["pixels"], seamed["pixels"]) == (8508, 8508)
    assert_same_run(direct, tmp_path / "a", seamed, tmp_path / "b")
    with pytest.raises(LeafError, match=r"^An area, CRS or resolution applies to products; the stack .*stack\.tif "
                                        r"is read on its own grid"):
        LocalBackend().estimate(EstimateRequest.from_options(demo_stack, str(tmp_path / "x.tif"), store=store,
                                                             extent=baseline.DEMO_EXTENT))


@pytest.mark.parametrize("method, output_type", [("leaf", "stack"), ("recent", "estimates")])
def test_mosaic_through_the_backend(store, tmp_path, method, output_type):
    products = baseline.demo_products()
    grid = baseline.demo_grid()
    direct = composite(products, str(tmp_path / "a" / "m.tif"), start="2023-06-01", end="2023-08-01", method=method,
                       grid=grid, output_type=output_type, store=store, base_url=OFFLINE, variables=["LAI"], algorithm=AUTO_BUNDLED)
    request = MosaicRequest.from_options(products, str(tmp_path / "b" / "m.tif"), start="2023-06-01",
                                         end="2023-08-01", method=method, grid=grid, output_type=output_type,
                                         store=store, base_url=OFFLINE,
                                         **({"variables": ["LAI"], "algorithm": AUTO_BUNDLED}
                                            if output_type == "estimates" else {}))
    seamed = LocalBackend().composite(request)
    direct, seamed_items = dict(direct), dict(seamed)
    if output_type == "estimates":   # the composite stack went to a temporary folder of its own name
        for d in (direct, seamed_items):
            d["composite"]["OUTPUT"] = os.path.basename(d["composite"]["OUTPUT"])
    assert_same_run(direct, tmp_path / "a", seamed_items, tmp_path / "b")
    assert len(seamed.products) == 2 and set(seamed.products) < set(products)    # August is after the period
    assert (seamed.estimate is not None) == (output_type == "estimates")


def test_timeseries_through_the_backend(store, tmp_path):
    products = baseline.demo_products()
    points = str(baseline.DEMO / "points.geojson")
    common = dict(start="2023-06-01", end="2023-08-31", variables=["LAI", "fCOVER"], statistics=["mean", "count"],
                  period=45, features=points, id_field="name", store=store, base_url=OFFLINE)
    direct = timeseries(products, str(tmp_path / "a" / "s"), grid=baseline.demo_grid(),
                        table=str(tmp_path / "a" / "t.csv"), **common, algorithm=AUTO_BUNDLED)
    request = TimeSeriesRequest.from_options(products, str(tmp_path / "b" / "s"), extent=baseline.DEMO_EXTENT,
                                             table=str(tmp_path / "b" / "t.csv"), **common, algorithm=AUTO_BUNDLED)
    seamed = LocalBackend().timeseries(request)
    assert len(seamed.acquisitions) == 3 and seamed.features == 6 and seamed.rows
    assert_same_run(direct, tmp_path / "a", seamed, tmp_path / "b")
    with open(tmp_path / "a" / "t.csv") as a, open(tmp_path / "b" / "t.csv") as b:
        assert a.read() == b.read()


def test_progress_reaches_the_engine(demo_stack, store, tmp_path):
    fractions, lines = [], []
    LocalBackend().estimate(EstimateRequest.from_options(demo_stack, str(tmp_path / "e.tif"), store=store,
                                                         window_size=64, algorithm=AUTO_BUNDLED),
                            Callbacks(progress=fractions.append, log=lines.append))
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) == 9
    assert any(line.startswith("Algorithm chosen for ") for line in lines)
    cancel = Callbacks(is_canceled=lambda: True)
    with pytest.raises(Cancelled):
        LocalBackend().estimate(EstimateRequest.from_options(demo_stack, str(tmp_path / "c" / "e.tif"), store=store,
                                                             algorithm=AUTO_BUNDLED), cancel)
    assert not (tmp_path / "c").exists() or not os.listdir(tmp_path / "c")


# ---------------------------------------------------------------------------------------------- area -> grid


def _srs(text):
    s = osr.SpatialReference()
    s.SetFromUserInput(text)
    return s


def test_area_grid_rules_without_qgis():
    native = native_grid(JULY, None)
    assert (native.width, native.height, native.resolution) == (150, 150, 20.0)
    assert area_grid(Area(), native) is None and area_grid(Area(resolution=60), native) is None
    explicit = Grid(native.projection, native.geotransform, 1, 1)
    assert area_grid(Area(grid=explicit, extent=(0, 0, 1, 1)), native) is explicit
    # an extent in the product's CRS: snapped outward to the product's pixels
    g = area_grid(Area(extent=(452201.0, 5009210.0, 454799.0, 5011790.0)), native)
    assert (g.geotransform, g.width, g.height) == ((452200.0, 20.0, 0.0, 5011800.0, 0.0, -20.0), 130, 130)
    assert g.projection == native.projection
    # another CRS needs a resolution in its units
    with pytest.raises(LeafError, match=r"^Give the output resolution in the units of the chosen CRS\.$"):
        area_grid(Area(crs="EPSG:4326"), native)
    geo = area_grid(Area(crs="EPSG:4326", resolution=0.001), native)
    assert _srs(geo.projection).IsSame(_srs("EPSG:4326")) and geo.width > 0
    buffered = area_grid(Area(extent=(452200.0, 5009200.0, 454800.0, 5011800.0), buffer=100), native)
    assert (buffered.width, buffered.height) == (140, 140)


def test_area_grid_for_earth_engine():
    with pytest.raises(LeafError, match=r"^An Earth Engine run needs an area: a grid, an extent, polygons or a tile\.$"):
        area_grid(Area(), None, 20.0)
    utm = area_grid(Area(extent=(-75.61, 45.23, -75.57, 45.26), extent_crs="EPSG:4326"), None, 20.0)
    assert _srs(utm.projection).IsSame(_srs("EPSG:32618")) and utm.resolution == 20.0
    south = area_grid(Area(extent=(-47.01, -22.02, -47.0, -22.0), extent_crs="EPSG:4326"), None, 30.0)
    assert _srs(south.projection).IsSame(_srs("EPSG:32723"))
    tile = area_grid(Area(tile="tile55_411"), None, 30.0)
    # 450 km, but the tile's corners are not on multiples of 30 m: one more pixel each way, aligned on the CRS origin
    assert _srs(tile.projection).IsSame(_srs("EPSG:3979")) and (tile.width, tile.height) == (15001, 15001)
    assert tile.geotransform[0] % 30 == 0 and tile.geotransform[3] % 30 == 0
    with pytest.raises(LeafError, match=r"^Give the output resolution in degrees for the geographic CRS EPSG:4326\.$"):
        area_grid(Area(extent=(-75.6, 45.2, -75.5, 45.3), crs="EPSG:4326"), None, 20.0)


def _processing_grid(qgis_app, parameters, earth_engine=False, resolution=20.0):
    from qgis.core import QgsApplication, QgsProcessingContext

    from leaf_qgis.processing.area import area_grid_from_parameters, grid_from_parameters
    alg = QgsApplication.processingRegistry().algorithmById("leaf:estimate")
    context = QgsProcessingContext()
    if earth_engine:
        return area_grid_from_parameters(alg, parameters, context, resolution)
    return grid_from_parameters(alg, parameters, context, JULY)[0]


def _same_grid(a: Grid, b: Grid):
    assert (a.width, a.height) == (b.width, b.height)
    np.testing.assert_allclose(a.geotransform, b.geotransform, rtol=0, atol=1e-6)
    assert _srs(a.projection).IsSame(_srs(b.projection))


def test_area_grid_equals_processing(qgis_app, tmp_path):
    """The grid made from an area without QGIS is the one leaf:estimate makes with QGIS today."""
    layer = baseline.write_polygon_layer(str(tmp_path / "area.geojson"), baseline.demo_polygon_wgs84())
    cases = [
        ({"EXTENT": "452201,454799,5009210,5011790 [EPSG:32618]"}, Area(extent=(452201, 5009210, 454799, 5011790))),
        ({"EXTENT": "-75.61,-75.57,45.23,45.26 [EPSG:4326]"},
         Area(extent=(-75.61, 45.23, -75.57, 45.26), extent_crs="EPSG:4326")),
        ({"AREA": layer, "BUFFER": 50}, Area(polygons=(baseline.demo_polygon_wgs84(),), polygons_crs="EPSG:4326",
                                             buffer=50)),
        ({"TILE": "tile55_411"}, Area(tile="tile55_411")),
        ({"CRS": "EPSG:3979", "RESOLUTION": 30}, Area(crs="EPSG:3979", resolution=30)),
        ({"EXTENT": "-75.61,-75.57,45.23,45.26 [EPSG:4326]", "CRS": "EPSG:3979", "RESOLUTION": 25},
         Area(extent=(-75.61, 45.23, -75.57, 45.26), extent_crs="EPSG:4326", crs="EPSG:3979", resolution=25)),
    ]
    for parameters, area in cases:   # the product is read at the resolution asked for, as Processing reads it
        _same_grid(area_grid(area, native_grid(JULY, area.resolution)), _processing_grid(qgis_app, parameters))
    for parameters, area in cases[1:4]:
        _same_grid(area_grid(area, None, 20.0), _processing_grid(qgis_app, parameters, earth_engine=True))


# ---------------------------------------------------------------------------------------------- refusals


def test_what_a_backend_cannot_do_is_one_sentence(tmp_path):
    class Nowhere(Backend):
        title = "Nowhere"
    for method, request, sentence in (
            ("subset", SubsetRequest(Sources("p"), "s.tif"), "make an analysis-ready stack"),
            ("estimate", EstimateRequest(Sources("p"), "e.tif"), "estimate"),
            ("composite", MosaicRequest(Sources("p"), "m.tif"), "make a mosaic"),
            ("timeseries", TimeSeriesRequest(Sources("p"), "f"), "make a time series")):
        with pytest.raises(LeafError, match=r"^The Nowhere backend cannot %s; use the local backend\.$" % sentence):
            getattr(Nowhere(), method)(request)
    local = LocalBackend()
    with pytest.raises(LeafError, match=r"^The Earth Engine source S2 needs the Earth Engine backend\.$"):
        local.estimate(EstimateRequest(Sources(earth_engine=EarthEngineSource("S2")), str(tmp_path / "e.tif")))
    with pytest.raises(LeafError, match=r"^Export tasks are made by the Earth Engine backend"):
        local.estimate(EstimateRequest(Sources("s.tif"), "", export=Export("drive", "x")))
    with pytest.raises(LeafError, match=r"^Give a product, a stack, a folder or a STAC search as input\.$"):
        local.subset(SubsetRequest(Sources(), str(tmp_path / "s.tif")))
    with pytest.raises(LeafError, match=r"^A period selects Earth Engine images or STAC items"):
        local.estimate(EstimateRequest(Sources(JULY), str(tmp_path / "e.tif"), period=Period.inclusive("2023-07-01")))
    with pytest.raises(LeafError, match=r"^The mosaic's estimates take an algorithm, variables and an encoding"):
        local.composite(MosaicRequest.from_options(JULY, str(tmp_path / "m.tif"), output_type="estimates",
                                                   angle_constants={"SZA": 30}))
    assert not list(tmp_path.iterdir())


def test_earth_engine_backend_refusals(tmp_path):
    from leaf_qgis.gee.backend import EarthEngineBackend
    ee = EarthEngineBackend("test-project", url="http://127.0.0.1:9")
    with pytest.raises(LeafError, match=r"^The Earth Engine backend reads Earth Engine images; the local inputs "
                                        r"\(stack\.tif\) need the local backend\.$"):
        ee.estimate(EstimateRequest(Sources("stack.tif"), str(tmp_path / "e.tif")))
    with pytest.raises(LeafError, match=r"^The Earth Engine backend cannot make a mosaic; use the local backend\.$"):
        ee.composite(MosaicRequest(Sources(earth_engine=EarthEngineSource("S2")), str(tmp_path / "m.tif")))
    with pytest.raises(LeafError, match=r"^The Earth Engine backend needs an Earth Engine source"):
        ee.subset(SubsetRequest(Sources(), str(tmp_path / "s.tif")))
    with pytest.raises(LeafError, match=r"downloads the stack as a GeoTIFF; write .*s\.vrt as a \.tif\.$"):
        ee.subset(SubsetRequest(Sources(earth_engine=EarthEngineSource(baseline.EE_S2_ID)), str(tmp_path / "s.vrt")))
    with pytest.raises(LeafError, match=r"^A time series on Earth Engine reads a collection .* not the image "):
        ee.timeseries(TimeSeriesRequest(Sources(earth_engine=EarthEngineSource(baseline.EE_S2_ID)), str(tmp_path / "t"),
                                        area=Area(grid=baseline.ee_grid())))
    with pytest.raises(LeafError, match=r"^An Earth Engine run over the collection COPERNICUS/S2_SR_HARMONIZED needs "
                                        r"a start and an end date\.$"):
        ee.estimate(EstimateRequest(Sources(earth_engine=EarthEngineSource("S2")), str(tmp_path / "e.tif"),
                                    Area(extent=(-75.6, 45.2, -75.5, 45.3), extent_crs="EPSG:4326")))
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------------------------------------- Earth Engine = today's functions


def test_earth_engine_through_the_backend(store, tmp_path):
    pytest.importorskip("ee")
    from leaf_qgis.gee.backend import EarthEngineBackend
    from leaf_qgis.gee.estimate import EESource, estimate_ee
    from leaf_qgis.gee.subset import subset_ee
    grid = baseline.ee_grid()
    source = EarthEngineSource(baseline.EE_S2_ID)
    with baseline.fake_earth_engine() as connection:
        backend = EarthEngineBackend(**connection)
        direct = estimate_ee(EESource(image_id=baseline.EE_S2_ID), grid, str(tmp_path / "a" / "e.tif"),
                             algorithm="LEAF_QGIS_S2_20M", store=store, **connection)
        seamed = backend.estimate(EstimateRequest.from_options(source, str(tmp_path / "b" / "e.tif"), grid=grid,
                                                               algorithm="LEAF_QGIS_S2_20M", store=store))
        assert_same_run(direct, tmp_path / "a", seamed, tmp_path / "b")
        direct = subset_ee(EESource(image_id=baseline.EE_S2_ID), grid, str(tmp_path / "c" / "s.tif"), **connection)
        seamed = backend.subset(SubsetRequest.from_options(source, str(tmp_path / "d" / "s.tif"), grid=grid))
        assert_same_run(direct, tmp_path / "c", seamed, tmp_path / "d")
        assert seamed.images == 1 and seamed.sensor == "S2A"
