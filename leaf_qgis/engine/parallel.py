"""Windows processed by worker threads and handed back in order, with a bounded queue: GDAL and numpy
release the GIL, so reading, warping and the networks of several windows overlap."""

import collections
import concurrent.futures

from .errors import Cancelled


def ordered_map(fn, items, threads: int, is_canceled):
    """Yield (item, fn(item)) in order, computing up to 2 x threads items ahead; stops on cancel."""
    if threads <= 1:
        for item in items:
            if is_canceled():
                raise Cancelled()
            yield item, fn(item)
        return
    pending = collections.deque()
    pool = concurrent.futures.ThreadPoolExecutor(threads, thread_name_prefix="leaf")
    try:
        it = iter(items)
        for item in it:
            pending.append((item, pool.submit(fn, item)))
            if len(pending) >= 2 * threads:
                break
        while pending:
            if is_canceled():
                raise Cancelled()
            item, fut = pending.popleft()
            result = fut.result()
            nxt = next(it, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(fn, nxt)))
            yield item, result
    finally:
        for _, fut in pending:
            fut.cancel()
        pool.shutdown(wait=True)
