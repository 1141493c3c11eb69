"""safe_pickle.py: only plain data comes out of a pickle; any global is refused before it can run."""

import collections
import datetime
import os
import pickle

import pytest

from leaf_qgis.engine.safe_pickle import loads_plain


class _Thing:
    def __init__(self):
        self.x = 1


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


@pytest.mark.parametrize("obj", [os.system, _Thing(), _Evil(), collections.OrderedDict(a=1),
                                 datetime.date(2020, 1, 1), {"nested": [_Thing()]}],
                         ids=["function", "instance", "reduce", "ordereddict", "date", "nested"])
@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_globals_are_refused(obj, protocol):
    with pytest.raises(pickle.UnpicklingError, match="only plain data"):
        loads_plain(pickle.dumps(obj, protocol=protocol))


def test_reduce_payload_does_not_run(tmp_path, monkeypatch):
    marker = tmp_path / "ran"

    class Touch:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    with pytest.raises(pickle.UnpicklingError):
        loads_plain(pickle.dumps(Touch()))
    assert not marker.exists()


@pytest.mark.parametrize("protocol", [3, 4, pickle.HIGHEST_PROTOCOL])  # protocol 2 pickles bytes via _codecs.encode
def test_plain_data_loads(protocol):
    obj = {"type": "FeatureCollection", "features": [{"properties": {"tabledata1": 0, "tabledata2": 1.5,
                                                                      "name": "é", "flag": True, "none": None}}],
           "tuple": (1, 2), "bytes": b"\x00\x01", "big": 2 ** 70, "neg": -3.25}
    assert loads_plain(pickle.dumps(obj, protocol=protocol)) == obj


def test_upstream_dump_is_plain_data(shared_dir):
    from conftest import S2_ESTIMATES_PKL
    data = (shared_dir / "upstream-mirror" / S2_ESTIMATES_PKL).read_bytes()
    obj = loads_plain(data)
    assert obj["type"] == "FeatureCollection"
    assert len(obj["features"]) == 7
    assert obj == pickle.loads(data)  # nothing lost compared with the unrestricted unpickler


def test_truncated_pickle_raises():
    data = pickle.dumps({"a": [1, 2, 3]})
    with pytest.raises((pickle.UnpicklingError, EOFError)):
        loads_plain(data[:-3])
