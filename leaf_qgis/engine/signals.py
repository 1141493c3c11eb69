"""SIGTERM and SIGHUP during a run: cancel it, let it remove its temporaries, then end as the signal asked.

What a scheduler or a closing terminal sends would otherwise kill the process at once and leave its partial
files behind. `terminating(cancel)` installs handlers for the duration of a run (main thread only; the old
handlers come back afterwards): the first signal calls `cancel()` - the engine stops within one window and
removes what it wrote - and a watchdog removes every registered temporary and ends the process if the run
has not stopped after `GRACE_SECONDS`; a second signal does that at once. When the run has stopped, the
signal is delivered again with its default action, so the process ends as it was told to.

Temporaries are registered by `paths.temporary_file` / `temporary_dir`; the registry is process-wide.
"""

import contextlib
import logging
import os
import signal
import threading
from typing import Callable, List, Optional

from .paths import remove_path

ENV_GRACE = "LEAF_QGIS_SIGNAL_GRACE"
GRACE_SECONDS = 30.0
SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None)

_temporaries = set()
_lock = threading.Lock()


def register_temporary(path: str):
    with _lock:
        _temporaries.add(os.path.abspath(path))


def forget_temporary(path: str):
    with _lock:
        _temporaries.discard(os.path.abspath(path))


def temporaries() -> List[str]:
    with _lock:
        return sorted(_temporaries)


def remove_temporaries():
    """Remove every registered temporary now (a run that cannot stop in time; the process is ending)."""
    for path in temporaries():
        remove_path(path)
        forget_temporary(path)


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return "signal %d" % signum


class Termination:
    """What `terminating` saw: the signal received (None if none)."""

    def __init__(self):
        self.signum: Optional[int] = None
        self.timer: Optional[threading.Timer] = None

    @property
    def received(self) -> bool:
        return self.signum is not None

    def end_process(self):
        """Deliver the received signal again with its default action (the process ends with it)."""
        if self.signum is None:
            return
        remove_temporaries()
        try:
            signal.signal(self.signum, signal.SIG_DFL)
            os.kill(os.getpid(), self.signum)
        except (OSError, ValueError):
            pass
        os._exit(128 + self.signum)


def _grace() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV_GRACE, GRACE_SECONDS)))
    except ValueError:
        return GRACE_SECONDS


@contextlib.contextmanager
def terminating(cancel: Callable[[], None], notify: Callable[[str], None] = lambda m: None, enabled: bool = True):
    """Within the block, SIGTERM/SIGHUP cancel the run (see the module docstring). Yields a Termination.
    Nothing is installed when not `enabled` or outside the main thread (QGIS desktop runs tools in a task
    thread)."""
    state = Termination()
    if not enabled or threading.current_thread() is not threading.main_thread() or not SIGNALS:
        yield state
        return
    previous = {}

    def give_up():
        remove_temporaries()
        os._exit(128 + (state.signum or 15))

    def handler(signum, frame):
        if state.signum is not None:   # a second signal: stop now
            give_up()
        state.signum = signum
        try:
            notify(signal_name(signum))
        except Exception:   # noqa: BLE001 (a message must not stop the cleanup)
            logging.getLogger(__name__).debug("signal notice failed", exc_info=True)
        cancel()
        state.timer = threading.Timer(_grace(), give_up)
        state.timer.daemon = True
        state.timer.start()

    try:
        for s in SIGNALS:
            previous[s] = signal.signal(s, handler)
    except (ValueError, OSError):   # not the main interpreter, or no signals here
        for s, h in previous.items():
            signal.signal(s, h)
        yield state
        return
    try:
        yield state
    finally:
        if state.timer is not None:
            state.timer.cancel()
        for s, h in previous.items():
            try:
                signal.signal(s, h if h is not None else signal.SIG_DFL)
            except (ValueError, OSError):
                pass
