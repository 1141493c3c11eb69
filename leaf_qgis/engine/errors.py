"""Errors and warnings the engine gives the user: each message is one sentence naming the file and the problem."""


class LeafError(Exception):
    """A problem the user can fix (bad input, missing network, checksum mismatch...)."""


class Cancelled(Exception):  # noqa: N818 (a signal, not an error)
    """The caller asked to stop; partial outputs have been removed."""


class LeafWarning(str):
    """A warning sentence for the user. The engine hands it to its `log` callbacks like any other message (it is a
    str), so plain callers print it; the QGIS layer shows it as a warning, translated like a LeafError."""
