"""Overall deadlines for network calls: a server that trickles one byte every few seconds, or never answers,
beats any per-read timeout; these bound the whole call.

* `download_deadline(nbytes)`: seconds allowed for a download of that size (a floor plus the time at a slow but
  working rate);
* `call_with_deadline(fn, seconds, kind, endpoint)`: run `fn` in a daemon thread and give up after `seconds`
  with one sentence naming the endpoint; the caller's cancel is honoured while waiting. A call given up on
  keeps its thread until its socket times out, but the run goes on (or ends) at once.

Every deadline is multiplied by $LEAF_QGIS_NETWORK_DEADLINE_SCALE (default 1; tests set it small).
"""

import os
import threading
import time
from typing import Callable, Optional, TypeVar

from .errors import Cancelled, LeafError

ENV_SCALE = "LEAF_QGIS_NETWORK_DEADLINE_SCALE"
FLOOR_SECONDS = 60.0          # any request: connection, headers, a small answer
SLOW_RATE = 50_000.0          # bytes per second a working connection surely exceeds
T = TypeVar("T")


class DeadlineError(LeafError):
    """A network call did not finish within its overall deadline (the message names the endpoint)."""


def scale() -> float:
    try:
        value = float(os.environ.get(ENV_SCALE, "1"))
    except ValueError:
        return 1.0
    return value if value > 0 else 1.0


def deadline(seconds: float) -> float:
    """`seconds` times the deadline scale."""
    return seconds * scale()


def download_deadline(nbytes: Optional[int]) -> float:
    """Seconds allowed to download `nbytes` (unknown: the floor only)."""
    return deadline(FLOOR_SECONDS + max(0, int(nbytes or 0)) / SLOW_RATE)


def call_with_deadline(fn: Callable[[], T], seconds: float, kind: str, endpoint: str,
                       is_canceled: Callable[[], bool] = lambda: False, poll: float = 0.1) -> T:
    """`fn()`, or DeadlineError naming `endpoint` once `seconds` have passed; Cancelled when `is_canceled()` turns
    true while waiting. `kind` is 'download' (endpoint: the URL), 'earthengine' or 'sign-in'. Exceptions of `fn`
    are raised here."""
    box = {}
    done = threading.Event()

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:   # noqa: BLE001 (handed to the caller)
            box["error"] = e
        finally:
            done.set()

    thread = threading.Thread(target=target, name="leaf-deadline", daemon=True)
    thread.start()
    end = time.monotonic() + seconds
    while not done.wait(min(poll, max(0.0, end - time.monotonic()))):
        if is_canceled():
            raise Cancelled()
        if time.monotonic() >= end:
            raise _late(kind, endpoint, seconds)
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _late(kind: str, endpoint: str, seconds: float) -> "DeadlineError":
    limit = seconds_text(seconds)
    if kind == "download":
        return DeadlineError("The download of %s did not finish within %s s; check the network connection and the "
                             "proxy settings, then retry." % (endpoint, limit))
    if kind == "sign-in":
        return DeadlineError("The Google sign-in endpoint %s did not answer within %s s; check the network connection "
                             "and the proxy settings, then retry." % (endpoint, limit))
    return DeadlineError("Earth Engine at %s did not answer within %s s; check the network connection and the proxy "
                         "settings, then retry." % (endpoint, limit))


def seconds_text(seconds: float) -> str:
    return "%d" % round(seconds) if seconds >= 10 else "%.1f" % seconds
