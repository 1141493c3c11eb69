"""Load the Earth Engine asset dumps that upstream stores as pickles, refusing anything but plain data.

Python's default unpickler can run arbitrary code; this one refuses every global, so only
lists, dicts, strings and numbers can come out. Callers check the file's sha256 first.
"""

import io
import pickle


class _PlainDataUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        raise pickle.UnpicklingError("refused to load %s.%s: only plain data is allowed" % (module, name))


def loads_plain(data: bytes):
    """Unpickle bytes that may only contain built-in containers and scalars."""
    return _PlainDataUnpickler(io.BytesIO(data)).load()
