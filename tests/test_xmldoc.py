"""engine/xmldoc.py: product metadata through GDAL's XML parser, which expands no entity; VRTs written with GDAL's
serializer."""

import pytest

from leaf_qgis.engine import sentinel2
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.xmldoc import element, parse_xml, write_xml

S2 = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- product -->\n'
      '<n1:Level-2A_User_Product xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-2A.xsd">'
      '<n1:General_Info><Product_Info><SPACECRAFT_NAME>Sentinel-2A</SPACECRAFT_NAME>'
      '<Spectral_Information bandId="8" physicalBand="B8A"/><NOTE>a &lt; b &amp; c <![CDATA[<raw>]]></NOTE>'
      '</Product_Info></n1:General_Info></n1:Level-2A_User_Product>')


def test_elements_attributes_and_text():
    root = parse_xml(S2.encode("utf-8"), "MTD_MSIL2A.xml")
    assert root.tag == "n1:Level-2A_User_Product" and root.local == "Level-2A_User_Product"
    assert [e.local for e in root.iter()] == ["Level-2A_User_Product", "General_Info", "Product_Info",
                                              "SPACECRAFT_NAME", "Spectral_Information", "NOTE"]
    assert root.first("SPACECRAFT_NAME").text == "Sentinel-2A"
    band = root.all("Spectral_Information")[0]
    assert band.get("bandId") == "8" and band.get("physicalBand") == "B8A" and band.get("x", "-") == "-"
    assert band.text is None and root.first("NOTE").text == "a < b & c <raw>"


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>',
    '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE foo [<!entity xxe SYSTEM "http://127.0.0.1:9/x">]>',
], ids=["billion-laughs", "external-file", "external-url"])
def test_documents_that_declare_entities_are_refused(doctype):
    doc = '<?xml version="1.0"?>%s<foo>&lol2;&xxe;</foo>' % doctype
    with pytest.raises(LeafError, match=r"^The metadata file MTD_TL\.xml declares XML entities"):
        parse_xml(doc, "MTD_TL.xml")


def test_an_undeclared_entity_is_never_expanded():
    root = parse_xml("<foo>x&xxe;</foo>", "a.xml")
    assert "root:" not in (root.text or "") and "xxe" not in (root.text or "")


@pytest.mark.parametrize("doc", ["<a><b></a>", "", "not xml at all", "<a/><b/>"])
def test_malformed_xml_is_one_sentence_naming_the_file(doc):
    with pytest.raises(LeafError, match=r"^The metadata file /p/MTD\.xml is not valid XML \(.+\)\.$"):
        parse_xml(doc, "/p/MTD.xml")


def test_sentinel2_metadata_with_an_external_entity_is_refused(tmp_path):
    mtd = tmp_path / "MTD_MSIL2A.xml"
    mtd.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>' + S2.split("\n", 2)[2])
    with pytest.raises(LeafError, match="declares XML entities") as e:
        sentinel2.read_metadata(str(mtd))
    assert str(mtd) in str(e.value)


def test_written_xml_is_escaped_and_reads_back(tmp_path):
    path = tmp_path / "x.vrt"
    write_xml(str(path), element("VRTDataset", None, [element("Metadata", None, [
        element("MDI", 'a<b & "c"', key='k"&<')])], rasterXSize=3, rasterYSize=2))
    root = parse_xml(path.read_bytes(), str(path))
    assert root.get("rasterXSize") == "3" and root.get("rasterYSize") == "2"
    mdi = root.first("MDI")
    assert mdi.text == 'a<b & "c"' and mdi.get("key") == 'k"&<'
