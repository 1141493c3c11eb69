"""Several products of one acquisition (adjacent Sentinel-2 tiles, Landsat scenes of one path) read as one
scene on a common grid: each pixel comes from the first product that has data there, preferring one whose
MASK keeps the pixel. Products of different sensors or dates are refused: compositing over time is the
Mosaic tool's job.
"""

from typing import List

import numpy as np

from .errors import LeafError
from .scene import Scene


class MergedScene(Scene):
    """The Stack reading interface over scenes that share one grid (open them with the same Grid)."""

    def __init__(self, scenes: List):
        if not scenes:
            raise LeafError("No product to merge.")
        first = scenes[0]
        for s in scenes[1:]:
            if (s.width, s.height, tuple(s.geotransform)) != (first.width, first.height, tuple(first.geotransform)):
                raise LeafError("The products %s and %s are not on one grid." % (first.path, s.path))
            if (s.sensor or "") [:2] != (first.sensor or "")[:2] or s.date != first.date:
                raise LeafError("The products %s (%s, %s) and %s (%s, %s) are not one acquisition; combine dates "
                                "with the Mosaic tool." % (first.path, first.sensor, first.date, s.path, s.sensor,
                                                           s.date))
        self.scenes = scenes
        self.path = " + ".join(s.path for s in scenes)
        self.width, self.height = first.width, first.height
        self.geotransform, self.projection = first.geotransform, first.projection
        self.sensor = first.sensor if all(s.sensor == first.sensor for s in scenes) else (first.sensor or "")[:2]
        self.date = first.date
        self.bands = {name: None for name in first.bands if all(s.has(name) for s in scenes)}
        self._last = (None, None)

    def require_reflectance(self, names):
        for s in self.scenes:
            s.require_reflectance(names)

    def _choice(self, window) -> np.ndarray:
        """Index of the product each pixel is read from (-1: none has data); one choice per window."""
        if self._last[0] == tuple(window):
            return self._last[1]
        shape = (window[3], window[2])
        choice = np.full(shape, -1, dtype=np.int16)
        kept = np.zeros(shape, dtype=bool)
        for i, s in enumerate(self.scenes):
            probe = next(b for b in s.bands if b not in ("SZA", "VZA", "SAA", "VAA", "RAA", "MASK", "SCL",
                                                         "QA_PIXEL", "FMASK"))
            _, has = s.read(probe, window)
            mask_ok = np.ones(shape, dtype=bool)
            if s.has("MASK"):
                m, ok = s.read("MASK", window)
                mask_ok = ok & (m == 1)
            take = has & ((choice < 0) | (mask_ok & ~kept))
            choice[take] = i
            kept |= take & mask_ok
        self._last = (tuple(window), choice)
        return choice

    def read(self, name, window):
        choice = self._choice(window)
        shape = (window[3], window[2])
        values = np.zeros(shape, dtype=np.float64)
        has_data = np.zeros(shape, dtype=bool)
        for i, s in enumerate(self.scenes):
            sel = choice == i
            if sel.any():
                v, ok = s.read(name, window)
                values[sel] = v[sel]
                has_data[sel] = ok[sel]
        return values, has_data

    def close(self):
        for s in self.scenes:
            s.close()
