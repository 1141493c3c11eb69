"""What every scene shares (stacks, products, STAC items, merged and clipped scenes): the context manager,
band lookup and the windows over its grid. Subclasses set width, height, bands and define read/close."""

from typing import Dict, Iterator, List, Tuple

Window = Tuple[int, int, int, int]  # xoff, yoff, xsize, ysize


class Scene:
    width: int
    height: int
    bands: dict
    read_block = None  # side of the square blocks its files decode whole (JPEG 2000 tiles), when known

    def has(self, name: str) -> bool:
        return name in self.bands

    def windows(self, size: int = 512) -> Iterator[Window]:
        """Blocks of at most size x size pixels covering the grid, row by row."""
        for y in range(0, self.height, size):
            for x in range(0, self.width, size):
                yield x, y, min(size, self.width - x), min(size, self.height - y)

    def work_units(self, size: int = 512) -> List[List[Window]]:
        """Windows grouped for worker threads so that each source block is decoded by one thread only: a
        block up to 1.5 x `size` becomes the window itself; a larger block is a group of windows inside it;
        without blocks (or with small ones) each window is its own group."""
        block = self.read_block
        if not block or block <= size:
            return [[w] for w in self.windows(size)]
        if block <= 1.5 * size:
            return [[w] for w in self.windows(block)]
        groups: Dict[Tuple[int, int], List[Window]] = {}
        for w in self.windows(size):
            groups.setdefault((w[1] // block, w[0] // block), []).append(w)
        return [groups[k] for k in sorted(groups)]

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
