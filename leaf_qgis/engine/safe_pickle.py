"""Read the Earth Engine asset dumps that upstream stores as pickles, without Python's pickle module.

A pickle is a program for a small stack machine, and `pickle.loads` runs it: its GLOBAL, REDUCE, BUILD and
OBJ instructions import and call whatever the file names. Here the program is only decoded, by
`pickletools.genops`, and interpreted for the instructions that build plain data (protocols 0 to 5): None,
booleans, integers, floats, strings, bytes, lists, tuples, dicts and sets, with the memo that lets a value
appear twice. Any other instruction (an import, a call, an object, a persistent id, an out-of-band buffer)
refuses the whole file with one sentence naming it, before anything is built from it. Callers check the
file's sha256 first.
"""

# Bandit's B403 matches module names by prefix ("pickle", "cPickle", "dill", "shelve"), so it reports pickletools,
# the standard library's pickle disassembler, which decodes instructions and never runs them.
import pickletools  # nosec B403

from .errors import LeafError

_MARK = object()
_HIGHEST_PROTOCOL = 5
# opcodes whose decoded argument is the value itself
_VALUES = {"INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "FLOAT", "BINFLOAT",
           "UNICODE", "BINUNICODE", "SHORT_BINUNICODE", "BINUNICODE8", "STRING"}
_CONSTANTS = {"NONE": None, "NEWTRUE": True, "NEWFALSE": False}
_EMPTY = {"EMPTY_LIST": list, "EMPTY_DICT": dict, "EMPTY_TUPLE": tuple, "EMPTY_SET": set}


class _MalformedError(Exception):
    pass


def _until_mark(stack: list) -> list:
    for i in range(len(stack) - 1, -1, -1):
        if stack[i] is _MARK:
            items = stack[i + 1:]
            del stack[i:]
            return items
    raise _MalformedError("no MARK")


def _pop(stack: list):
    if not stack or stack[-1] is _MARK:
        raise _MalformedError("a value is missing")
    return stack.pop()


def _top(stack: list):
    if not stack or stack[-1] is _MARK:
        raise _MalformedError("a value is missing")
    return stack[-1]


def _pairs(items: list):
    if len(items) % 2:
        raise _MalformedError("odd number of dict items")
    return zip(items[0::2], items[1::2])


def _run(data: bytes, source: str):
    stack, memo = [], {}
    for op, arg, _pos in pickletools.genops(data):
        name = op.name
        if name in _VALUES:
            stack.append(arg)
        elif name in _CONSTANTS:
            stack.append(_CONSTANTS[name])
        elif name in _EMPTY:
            stack.append(_EMPTY[name]())
        elif name in ("BINSTRING", "SHORT_BINSTRING"):      # Python 2 str: ASCII, as pickle.loads decodes it
            stack.append(arg.encode("latin-1").decode("ascii"))
        elif name in ("BINBYTES", "SHORT_BINBYTES", "BINBYTES8"):
            stack.append(bytes(arg))
        elif name == "BYTEARRAY8":
            stack.append(bytearray(arg))
        elif name == "MARK":
            stack.append(_MARK)
        elif name == "APPEND":
            value = _pop(stack)
            _top(stack).append(value)
        elif name == "APPENDS":
            items = _until_mark(stack)
            _top(stack).extend(items)
        elif name == "LIST":
            stack.append(_until_mark(stack))
        elif name == "TUPLE":
            stack.append(tuple(_until_mark(stack)))
        elif name in ("TUPLE1", "TUPLE2", "TUPLE3"):
            items = [_pop(stack) for _ in range(int(name[-1]))]
            stack.append(tuple(reversed(items)))
        elif name == "DICT":
            stack.append(dict(_pairs(_until_mark(stack))))
        elif name == "SETITEM":
            value, key = _pop(stack), _pop(stack)
            _top(stack)[key] = value
        elif name == "SETITEMS":
            items = _until_mark(stack)
            _top(stack).update(_pairs(items))
        elif name == "ADDITEMS":
            items = _until_mark(stack)
            _top(stack).update(items)
        elif name == "FROZENSET":
            stack.append(frozenset(_until_mark(stack)))
        elif name == "POP":
            if stack and stack[-1] is not _MARK:
                stack.pop()
            else:
                _until_mark(stack)
        elif name == "POP_MARK":
            _until_mark(stack)
        elif name == "DUP":
            stack.append(_top(stack))
        elif name in ("PUT", "BINPUT", "LONG_BINPUT"):
            memo[arg] = _top(stack)
        elif name == "MEMOIZE":
            memo[len(memo)] = _top(stack)
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            stack.append(memo[arg])
        elif name == "PROTO":
            if arg > _HIGHEST_PROTOCOL:
                raise _MalformedError("protocol %d" % arg)
        elif name == "FRAME":
            pass
        elif name == "STOP":
            if len(stack) != 1 or stack[0] is _MARK:
                raise _MalformedError("STOP with %d values on the stack" % len(stack))
            return stack[0]
        else:
            what = "%s %s" % (name, arg) if isinstance(arg, str) else name
            if name == "STACK_GLOBAL" and len(stack) >= 2 and all(isinstance(s, str) for s in stack[-2:]):
                what = "%s %s %s" % (name, stack[-2], stack[-1])
            raise LeafError("%s is not plain data: its pickle asks for %s, which could run code, so it was not read "
                            "(only plain data is allowed)." % (source, what))
    raise _MalformedError("no STOP")


def loads_plain(data: bytes, source: str = "The pickle"):
    """The value of a pickle made only of plain data; LeafError naming `source` for anything else."""
    try:
        return _run(data, source)
    except LeafError:
        raise
    except (_MalformedError, ValueError, IndexError, KeyError, TypeError, AttributeError, EOFError) as e:
        raise LeafError("%s is not a well-formed pickle of plain data (%s)." % (source, e or type(e).__name__)) from None
