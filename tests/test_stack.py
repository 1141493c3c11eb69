"""stack.py: band naming, reading with scale/offset/nodata by windows, and one-sentence errors."""

import numpy as np
import pytest

from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.stack import Stack, canonical_band_name, open_raster

S2_BANDS = ["B3", "B4", "B5", "B6", "B7", "B8A", "B11", "B12"]


@pytest.mark.parametrize("raw,canonical", [
    ("b03", "B3"), ("B03", "B3"), ("B3", "B3"), (" b8a ", "B8A"), ("B8A", "B8A"), ("B08", "B8"),
    ("B11", "B11"), ("b12", "B12"), ("SR_B05", "SR_B5"), ("sr_b5", "SR_B5"), ("SR_B10", "SR_B10"),
    ("B10", "B10"), ("vza", "VZA"), ("Mask", "MASK"), ("", ""), (None, ""),
])
def test_canonical_band_name(raw, canonical):
    assert canonical_band_name(raw) == canonical


def _simple_bands(n=8, width=5, height=3, dtype=np.uint16, scale=0.0001):
    rng = np.random.default_rng(0)
    bands = []
    for name in ["B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12"][:n]:
        bands.append((name, rng.integers(0, 10000, size=(height, width)).astype(dtype),
                      {"scale": scale} if scale else {}))
    return bands


def test_sample_stack_is_read_as_written(s2_sample_stack, s2_samples):
    with Stack(s2_sample_stack) as st:
        assert (st.width, st.height) == (1050, 1)
        assert st.sensor == "S2A" and st.date == "2018-12-17"
        assert list(st.bands) == S2_BANDS + ["VZA", "SZA", "RAA", "MASK"]
        assert st.geotransform == (500000.0, 20.0, 0.0, 4300000.0, 0.0, -20.0)
        assert "32614" in st.projection
        st.require_reflectance(S2_BANDS)
        for name, col in zip(S2_BANDS, ["B03", "B04", "B05", "B06", "B07", "B8A", "B11", "B12"]):
            values, ok = st.read(name, (0, 0, 1050, 1))
            assert values.dtype == np.float64 and ok.all()
            np.testing.assert_array_equal(values[0], np.round(s2_samples[col] * 1e4) * 0.0001)
            np.testing.assert_allclose(values[0], s2_samples[col], rtol=0, atol=1e-15)
        vza, _ = st.read("VZA", (0, 0, 1050, 1))
        np.testing.assert_allclose(np.cos(np.radians(vza[0])), s2_samples["cosVZA"], atol=1e-15)


def test_typed_stack_reads_the_same_values(s2_sample_stack, s2_sample_stack_typed):
    with Stack(s2_sample_stack) as a, Stack(s2_sample_stack_typed) as b:
        assert list(a.bands) == list(b.bands)
        assert b.bands["B3"].integer and not a.bands["B3"].integer
        assert b.sensor == "S2A"
        for name in a.bands:
            va, oka = a.read(name, (0, 0, 1050, 1))
            vb, okb = b.read(name, (0, 0, 1050, 1))
            np.testing.assert_array_equal(va, vb)
            np.testing.assert_array_equal(oka, okb)


def test_scale_offset_and_nodata(make_stack, tmp_path):
    dn = np.array([[0, 7000, 40000, 65535]], dtype=np.uint16)
    path = make_stack(tmp_path / "l8.tif", [("SR_B05", dn, {"scale": 2.75e-5, "offset": -0.2, "nodata": 0})])
    with Stack(path) as st:
        assert list(st.bands) == ["SR_B5"]
        values, ok = st.read("SR_B5", (0, 0, 4, 1))
        assert ok.tolist() == [[False, True, True, True]]
        assert values[0, 2] == 40000 * 2.75e-5 - 0.2     # float64, this order of operations
        assert values[0, 1] == 7000 * 2.75e-5 - 0.2


def test_nan_nodata_on_float_band(make_stack, tmp_path):
    a = np.array([[0.1, np.nan, 0.3]], dtype=np.float32)
    path = make_stack(tmp_path / "f.tif", [("B3", a, {"nodata": float("nan")})])
    with Stack(path) as st:
        _, ok = st.read("B3", (0, 0, 3, 1))
        assert ok.tolist() == [[True, False, True]]


def test_nonfinite_values_without_nodata_are_no_data(make_stack, tmp_path):
    a = np.array([[0.1, np.nan, np.inf]], dtype=np.float32)
    path = make_stack(tmp_path / "f.tif", [("B3", a, {})])
    with Stack(path) as st:
        _, ok = st.read("B3", (0, 0, 3, 1))
        assert ok.tolist() == [[True, False, False]]


def test_windows_tile_the_raster(make_stack, tmp_path):
    path = make_stack(tmp_path / "w.tif", _simple_bands(1, width=7, height=5))
    with Stack(path) as st:
        wins = list(st.windows(3))
        assert wins[0] == (0, 0, 3, 3) and wins[-1] == (6, 3, 1, 2)
        cover = np.zeros((5, 7), int)
        for x, y, w, h in wins:
            cover[y:y + h, x:x + w] += 1
        assert (cover == 1).all()
        full, _ = st.read("B3", (0, 0, 7, 5))
        for win in wins:
            part, _ = st.read("B3", win)
            x, y, w, h = win
            np.testing.assert_array_equal(part, full[y:y + h, x:x + w])


# --------------------------------------------------------------------------------------------
# Errors: one sentence naming the file and the problem
# --------------------------------------------------------------------------------------------

def test_missing_band_names_band_and_file(make_stack, tmp_path):
    bands = [b for b in _simple_bands() if b[0] != "B8A"]
    path = make_stack(tmp_path / "no_b8a.tif", bands)
    with Stack(path) as st:
        with pytest.raises(LeafError) as e:
            st.require_reflectance(S2_BANDS)
    msg = str(e.value)
    assert "B8A" in msg and path in msg


def test_integer_band_without_scale_is_refused(make_stack, tmp_path):
    path = make_stack(tmp_path / "dn.tif", _simple_bands(scale=None))
    with Stack(path) as st:
        with pytest.raises(LeafError) as e:
            st.require_reflectance(S2_BANDS)
    assert "B3" in str(e.value) and path in str(e.value) and "scale" in str(e.value)


def test_float_band_without_scale_is_accepted(make_stack, tmp_path):
    bands = [(n, (a * 1e-4).astype(np.float32), {}) for n, a, _ in _simple_bands()]
    with Stack(make_stack(tmp_path / "f.tif", bands)) as st:
        st.require_reflectance(S2_BANDS)


def test_text_file_named_tif_is_refused(tmp_path):
    p = tmp_path / "notes.tif"
    p.write_text("this is not a raster\n")
    with pytest.raises(LeafError) as e:
        Stack(str(p))
    assert str(p) in str(e.value)
    assert "\n" not in str(e.value)


def test_nonexistent_path_is_refused(tmp_path):
    p = str(tmp_path / "missing" / "stack.tif")
    with pytest.raises(LeafError, match="does not exist") as e:
        Stack(p)
    assert p in str(e.value)
    with pytest.raises(LeafError):
        open_raster("")


def test_duplicate_band_names_are_refused(make_stack, tmp_path):
    bands = _simple_bands(2)
    bands = [bands[0], ("b03", bands[1][1], bands[1][2])]
    path = make_stack(tmp_path / "dup.tif", bands)
    with pytest.raises(LeafError, match="two bands named B3"):
        Stack(path)


def test_unnamed_bands_are_ignored(make_stack, tmp_path):
    bands = _simple_bands(2)
    bands = [bands[0], ("", bands[1][1], {})]
    with Stack(make_stack(tmp_path / "unnamed.tif", bands)) as st:
        assert list(st.bands) == ["B3"]
