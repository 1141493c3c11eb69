"""What every scene shares (stacks, products, STAC items, merged and clipped scenes): the context manager,
band lookup and the windows over its grid. Subclasses set width, height, bands and define read/close."""

from typing import Iterator, Tuple

Window = Tuple[int, int, int, int]  # xoff, yoff, xsize, ysize


class Scene:
    width: int
    height: int
    bands: dict

    def has(self, name: str) -> bool:
        return name in self.bands

    def windows(self, size: int = 512) -> Iterator[Window]:
        """Blocks of at most size x size pixels covering the grid, row by row."""
        for y in range(0, self.height, size):
            for x in range(0, self.width, size):
                yield x, y, min(size, self.width - x), min(size, self.height - y)

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
