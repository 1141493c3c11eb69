"""scene.Scene.work_units: windows grouped so that each JPEG 2000 tile is decoded by one thread only."""

import numpy as np

from leaf_qgis.engine.scene import Scene


def _scene(width, height, block):
    s = Scene()
    s.width, s.height, s.bands, s.read_block = width, height, {}, block
    return s


def _covered(units, width, height):
    """Every pixel of the scene is in exactly one window of one unit."""
    count = np.zeros((height, width), dtype=np.int32)
    for u in units:
        for x, y, w, h in u:
            if x < 0 or y < 0 or x + w > width or y + h > height:
                return False
            count[y:y + h, x:x + w] += 1
    return bool((count == 1).all())


def test_no_blocks_one_window_per_unit():
    units = _scene(1100, 600, None).work_units(512)
    assert units == [[w] for w in _scene(1100, 600, None).windows(512)]
    assert _covered(units, 1100, 600)


def test_a_block_near_the_window_size_becomes_the_window():
    units = _scene(1500, 700, 640).work_units(512)   # ESA's 20 m JPEG 2000 tiles are 640 px
    assert units[0] == [(0, 0, 640, 640)] and units[2] == [(1280, 0, 220, 640)]
    assert all(len(u) == 1 for u in units) and _covered(units, 1500, 700)


def test_large_blocks_group_the_windows_inside_them():
    units = _scene(5490, 5490, 2048).work_units(512)
    assert len(units) == 9                            # 3 x 3 blocks of 2048 px
    assert len(units[0]) == 16 and all(x < 2048 and y < 2048 for x, y, _, _ in units[0])
    assert all(w[0] // 2048 == u[0][0] // 2048 and w[1] // 2048 == u[0][1] // 2048 for u in units for w in u)
    assert _covered(units, 5490, 5490)
