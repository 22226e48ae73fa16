from __future__ import annotations

from aggregator.extraction.page import MAX_BODY_BYTES, Page

TEXT = "<html><head>{meta}</head><body><p>Café “Noël” – ñ</p></body></html>"


def test_utf8_page_declared_latin1_is_read_as_utf8() -> None:
    body = TEXT.format(meta='<meta charset="iso-8859-1">').encode("utf-8")
    page = Page("https://x.example/", body)
    assert "Café “Noël” – ñ" in page.text
    assert page.encoding == "utf-8"


def test_latin1_page_declared_utf8_is_read_as_cp1252() -> None:
    body = TEXT.format(meta='<meta charset="utf-8">').encode("cp1252")
    page = Page("https://x.example/", body, "text/html; charset=utf-8")
    assert "Café “Noël” – ñ" in page.text


def test_undeclared_latin1_page() -> None:
    page = Page("https://x.example/", TEXT.format(meta="").encode("cp1252"))
    assert "Café “Noël” – ñ" in page.text


def test_correct_declarations_are_kept() -> None:
    body = TEXT.format(meta='<meta charset="windows-1252">').encode("cp1252")
    assert "Café “Noël”" in Page("https://x.example/", body).text


def test_xml_declaration_and_cut_multibyte_character() -> None:
    xhtml = b'<?xml version="1.0" encoding="utf-8"?><html><body><p>hi</p></body></html>'
    assert Page("https://x.example/", xhtml).tree.findtext(".//p") == "hi"
    # Cut at MAX_BODY_BYTES inside a character, under a wrong declaration.
    huge = b"<meta charset=latin-1><p>" + "é".encode() * MAX_BODY_BYTES
    page = Page("https://x.example/", huge)
    assert page.encoding == "utf-8"
    assert "\ufffd" not in page.text


def test_comments_and_processing_instructions_are_not_in_the_tree() -> None:
    html = b"<html><body><p>One<!-- hidden --> two<?php echo 1 ?></p></body></html>"
    tree = Page("https://x.example/", html).tree
    assert tree.xpath("//comment()") == []
    assert tree.xpath("//processing-instruction()") == []
    assert tree.xpath("string(//p)") == "One two"


def test_utf16_pages_are_html_despite_their_nul_bytes() -> None:
    html = "<html><head><title>Dune review</title></head><body><p>Vast.</p></body></html>"
    with_bom = Page("https://x.example/r/", html.encode("utf-16"))
    declared = Page("https://x.example/r/", html.encode("utf-16-le"), "text/html; charset=utf-16le")
    assert with_bom.is_html
    assert declared.is_html
    assert "Dune review" in declared.text
    assert not Page("https://x.example/r/", b"\x00\x01binary\x00").is_html


def test_a_memo_is_computed_once_per_page() -> None:
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    first, second = (Page("https://x.example/", b"<p>x</p>") for _ in range(2))
    assert [first.memo("n", compute), first.memo("n", compute), second.memo("n", compute)] == [
        1,
        1,
        2,
    ]


def deep_page(depth: int) -> bytes:
    return (
        b"<html><body>"
        + b"<div>" * depth
        + b"<p>deep text</p>"
        + b"</div>" * depth
        + b"<p>after</p></body></html>"
    )


def test_a_page_deeper_than_libxml2_goes_is_parsed_flattened() -> None:
    page = Page("https://x.example/", deep_page(400))
    assert page.tree.text_content() == "deep textafter"
    assert page.body.count(b"<div>") < 400  # the layers reading the source see the same page


def test_a_deep_page_within_libxml2s_limit_is_parsed_as_it_is() -> None:
    body = deep_page(200)
    page = Page("https://x.example/", body)
    assert page.tree.text_content() == "deep textafter"
    assert page.body is body
    assert sum(1 for _ in page.tree.iter("div")) == 200
