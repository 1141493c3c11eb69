"""Errors the engine raises for the user: each message is one sentence naming the file and the problem."""


class LeafError(Exception):
    """A problem the user can fix (bad input, missing network, checksum mismatch...)."""


class Cancelled(Exception):  # noqa: N818 (a signal, not an error)
    """The caller asked to stop; partial outputs have been removed."""
