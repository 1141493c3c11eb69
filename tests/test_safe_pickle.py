"""safe_pickle.py: only plain data comes out of a pickle (read without the pickle module); any global, call or
object is refused, with one sentence naming the file, before it can run."""

import collections
import datetime
import os
import pickle

import pytest

from leaf_qgis.engine.errors import LeafError
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
    with pytest.raises(LeafError, match="only plain data") as e:
        loads_plain(pickle.dumps(obj, protocol=protocol), "nets/x.pkl")
    assert str(e.value).startswith("nets/x.pkl is not plain data: its pickle asks for ")
    assert "GLOBAL" in str(e.value)


def test_the_refused_global_is_named():
    with pytest.raises(LeafError, match=r"STACK_GLOBAL posix system|GLOBAL posix system"):
        loads_plain(pickle.dumps(_Evil(), protocol=4), "evil.pkl")


def test_reduce_payload_does_not_run(tmp_path, monkeypatch):
    marker = tmp_path / "ran"

    class Touch:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    with pytest.raises(LeafError):
        loads_plain(pickle.dumps(Touch()))
    assert not marker.exists()


@pytest.mark.parametrize("protocol", [3, 4, pickle.HIGHEST_PROTOCOL])  # protocol 2 pickles bytes via _codecs.encode
def test_plain_data_loads(protocol):
    obj = {"type": "FeatureCollection", "features": [{"properties": {"tabledata1": 0, "tabledata2": 1.5,
                                                                      "name": "é", "flag": True, "none": None}}],
           "tuple": (1, 2), "bytes": b"\x00\x01", "big": 2 ** 70, "neg": -3.25}
    assert loads_plain(pickle.dumps(obj, protocol=protocol)) == obj


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_every_protocol_gives_what_pickle_gives(protocol):
    shared = [1, 2]
    obj = {"s": "x" * 300, "u": "é€", "i": [0, 255, 256, 65536, -1, 2 ** 31, -(2 ** 63), 2 ** 3000],
           "f": [0.0, -1e300, float("inf")], "t": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
           "n": [None, True, False], "a": shared, "b": shared, "d": {1: "one", (2, 3): [4]}}
    if protocol >= 4:
        obj.update({"set": {1, 2}, "frozen": frozenset([3]), "bytes": b"\xff" * 300})
    data = pickle.dumps(obj, protocol=protocol)
    out = loads_plain(data)
    assert out == pickle.loads(data) == obj
    assert out["a"] is out["b"]                         # the memo: one list, referenced twice


def test_upstream_dump_is_plain_data(shared_dir):
    from conftest import S2_ESTIMATES_PKL
    data = (shared_dir / "upstream-mirror" / S2_ESTIMATES_PKL).read_bytes()
    obj = loads_plain(data)
    assert obj["type"] == "FeatureCollection"
    assert len(obj["features"]) == 7
    assert obj == pickle.loads(data)  # nothing lost compared with the unrestricted unpickler


def test_every_upstream_pickle_reads_as_pickle_reads_it(shared_dir):
    files = sorted((shared_dir / "upstream-mirror").rglob("*.pkl"))
    assert len(files) > 100
    for f in files:
        data = f.read_bytes()
        assert loads_plain(data, str(f)) == pickle.loads(data), f


@pytest.mark.parametrize("data", [pickle.dumps({"a": [1, 2, 3]})[:-3], b"", b"DomainCode\n1\n2\n", b"\x80\x09."],
                         ids=["truncated", "empty", "csv", "protocol9"])
def test_damaged_or_foreign_bytes_are_one_sentence(data):
    with pytest.raises(LeafError, match=r"^nets/x\.pkl is not a well-formed pickle of plain data \(.+\)\.$"):
        loads_plain(data, "nets/x.pkl")
