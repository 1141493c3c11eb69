"""Product metadata XML (Sentinel-2 MTD_*.xml, Landsat MTL.xml) read, and GDAL VRTs written, through GDAL's own
XML code (CPLXMLNode: gdal.ParseXMLString / gdal.SerializeXMLTree) instead of Python's xml package.

GDAL's parser expands no entity: a DOCTYPE is kept as an uninterpreted node, so neither an external entity (a
local file, a URL) nor a "billion laughs" expansion can come out of a file. A document that declares entities
is refused outright, since product metadata never does.
"""

from typing import Iterator, List, Optional, Sequence, Union

from osgeo import gdal

from .errors import LeafError
from .gdalio import quiet


class XmlElement:
    """One element: its tag (with any namespace prefix), attributes, direct text and child elements."""

    __slots__ = ("tag", "attrib", "text", "children")

    def __init__(self, tag: str, attrib: dict, text: Optional[str], children: List["XmlElement"]):
        self.tag, self.attrib, self.text, self.children = tag, attrib, text, children

    @property
    def local(self) -> str:
        """The tag without its namespace prefix (n1:General_Info -> General_Info)."""
        return self.tag.rsplit(":", 1)[-1]

    def get(self, name: str, default=None):
        return self.attrib.get(name, default)

    def iter(self) -> Iterator["XmlElement"]:
        """This element and every element below it, in document order."""
        yield self
        for c in self.children:
            yield from c.iter()

    def first(self, local: str) -> Optional["XmlElement"]:
        return next((e for e in self.iter() if e.local == local), None)

    def all(self, local: str) -> List["XmlElement"]:
        return [e for e in self.iter() if e.local == local]


def _element(node: list) -> XmlElement:
    attrib, texts, children = {}, [], []
    for child in node[2:]:
        kind = child[0]
        if kind == gdal.CXT_Attribute:
            attrib[child[1]] = "".join(c[1] for c in child[2:] if c[0] == gdal.CXT_Text)
        elif kind == gdal.CXT_Text:
            texts.append(child[1])
        elif kind == gdal.CXT_Element:
            children.append(_element(child))
    return XmlElement(node[1], attrib, "".join(texts) if texts else None, children)


def parse_xml(data: Union[bytes, str], name: str) -> XmlElement:
    """The root element of an XML document; LeafError naming `name` when it is not well-formed XML or declares
    entities."""
    text = data.decode("utf-8-sig", "replace") if isinstance(data, (bytes, bytearray)) else data
    try:
        tree, message = quiet(lambda: gdal.ParseXMLString(text))
    except RuntimeError as e:           # osgeo.gdal.UseExceptions() is on
        tree, message = None, str(e)
    if not tree:
        raise LeafError("The metadata file %s is not valid XML (%s)." % (name, (message or "empty").strip()))
    top = tree[2:] if tree[0] == gdal.CXT_Element and tree[1] == "" else [tree]   # "" wraps a prolog + root
    if any(n[0] == gdal.CXT_Literal and "<!ENTITY" in n[1].upper() for n in top):
        raise LeafError("The metadata file %s declares XML entities, which product metadata never does; it was "
                        "not read." % name)
    roots = [n for n in top if n[0] == gdal.CXT_Element and not n[1].startswith("?")]
    if len(roots) != 1:
        raise LeafError("The metadata file %s is not valid XML (%d root elements)." % (name, len(roots)))
    return _element(roots[0])


def element(tag: str, text: Optional[str] = None, children: Sequence[list] = (), **attributes) -> list:
    """A node for write_xml: <tag attributes...>text children...</tag>."""
    node = [gdal.CXT_Element, tag]
    node += [[gdal.CXT_Attribute, k, [gdal.CXT_Text, str(v)]] for k, v in attributes.items()]
    if text is not None:
        node.append([gdal.CXT_Text, text])
    node += list(children)
    return node


def write_xml(path: str, root: list):
    """Write a node tree made with element() to `path` (UTF-8), with GDAL's serializer, which escapes text and
    attribute values."""
    text = gdal.SerializeXMLTree(root)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
