"""How a run reports: the `Progress` protocol (progress, cancel, log, warn) that every tool takes.

Processing adapts its feedback to it once; the Python API and tests build one from plain callables with
`Callbacks`, or pass `NULL`. `scaled` gives a part of a run its own 0..1 range, `check` stops a run that was
cancelled.
"""

from typing import Callable, Optional, Protocol

from .errors import Cancelled


class Progress(Protocol):
    """What a run calls while it works."""

    def progress(self, fraction: float) -> None:
        """The run is `fraction` (0..1) done."""

    def is_canceled(self) -> bool:
        """Whether the user asked to stop (the run then raises Cancelled and leaves no output)."""

    def log(self, message: str) -> None:
        """An information line for the user."""

    def warn(self, message: str) -> None:
        """A warning for the user (the run goes on)."""


class Callbacks:
    """A Progress from plain callables; each one missing does nothing (is_canceled: never cancelled)."""

    def __init__(self, progress: Optional[Callable[[float], None]] = None,
                 is_canceled: Optional[Callable[[], bool]] = None, log: Optional[Callable[[str], None]] = None,
                 warn: Optional[Callable[[str], None]] = None):
        self._progress, self._is_canceled, self._log = progress, is_canceled, log
        self._warn = warn if warn is not None else log

    def progress(self, fraction: float) -> None:
        if self._progress is not None:
            self._progress(fraction)

    def is_canceled(self) -> bool:
        return bool(self._is_canceled()) if self._is_canceled is not None else False

    def log(self, message: str) -> None:
        if self._log is not None:
            self._log(message)

    def warn(self, message: str) -> None:
        if self._warn is not None:
            self._warn(message)


NULL = Callbacks()


class _Scaled:
    def __init__(self, parent: Progress, start: float, end: float):
        self.parent, self.start, self.end = parent, start, end

    def progress(self, fraction: float) -> None:
        self.parent.progress(self.start + (self.end - self.start) * fraction)

    def is_canceled(self) -> bool:
        return self.parent.is_canceled()

    def log(self, message: str) -> None:
        self.parent.log(message)

    def warn(self, message: str) -> None:
        self.parent.warn(message)


def scaled(progress: Progress, start: float, end: float) -> Progress:
    """`progress` seen by a part of the run that goes from `start` to `end` of the whole."""
    return _Scaled(progress, start, end)


def check(progress: Progress) -> None:
    """Raise Cancelled when the run was cancelled."""
    if progress.is_canceled():
        raise Cancelled()


def of(value=None, is_canceled: Optional[Callable[[], bool]] = None, log: Optional[Callable[[str], None]] = None,
       warn: Optional[Callable[[str], None]] = None) -> Progress:
    """A Progress from what callers give: None, a Progress, or a callable(fraction), completed by the other
    callables (a Progress given whole takes none of them)."""
    if value is not None and not callable(value):
        if is_canceled is not None or log is not None or warn is not None:
            raise TypeError("give is_canceled, log and warn inside the Progress, not beside it")
        return value
    if value is None and is_canceled is None and log is None and warn is None:
        return NULL
    return Callbacks(value, is_canceled, log, warn)
