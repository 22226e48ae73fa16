from __future__ import annotations

import codecs

from aggregator.extraction.charset import declared_in_head, decode_html
from aggregator.extraction.page import Page

FRENCH = "<p>Un film très réussi : l’été, les acteurs, « Noël » – déjà vu, où ça ?</p>" * 3
RUSSIAN = "<p>Это очень хороший фильм, режиссёр снял его с любовью и терпением.</p>" * 6


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_windows_1252_page_with_no_charset() -> None:
    encoding, text = decode_html(_page("<title>x</title>", FRENCH).encode("cp1252"))
    assert encoding == "cp1252"
    assert "l’été" in text
    assert "« Noël » – déjà" in text


def test_meta_charset_after_five_kilobytes_of_head() -> None:
    scripts = "<script>var a = 1;</script>" * 250  # > 5 KB before the declaration
    html = _page(f'{scripts}<meta charset="windows-1251">', RUSSIAN).encode("cp1251")
    assert len(scripts) > 5000
    encoding, text = decode_html(html)
    assert encoding == "cp1251"
    assert "режиссёр" in text


def test_http_equiv_declaration_late_in_the_head() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    html = _page("<style>p{}</style>" * 400 + meta, RUSSIAN).encode("koi8_r")
    assert "режиссёр" in Page("https://x.example/", html).text


def test_byte_order_mark_beats_a_contradicting_meta() -> None:
    html = codecs.BOM_UTF8 + _page('<meta charset="iso-8859-1">', FRENCH).encode("utf-8")
    encoding, text = decode_html(html)
    assert encoding == "utf-8"
    assert text.startswith("<html>")
    assert "l’été" in text


def test_utf16_with_bom() -> None:
    html = _page("", FRENCH).encode("utf-16")
    assert "l’été" in Page("https://x.example/", html).text


def test_utf8_page_with_no_declaration() -> None:
    encoding, text = decode_html(_page("", FRENCH + RUSSIAN).encode("utf-8"))
    assert encoding == "utf-8"
    assert "l’été" in text
    assert "режиссёр" in text


def test_header_beats_meta() -> None:
    html = _page('<meta charset="utf-8">', RUSSIAN).encode("cp1251")
    encoding, text = decode_html(html, "text/html; charset=windows-1251")
    assert encoding == "cp1251"
    assert "режиссёр" in text


def test_undeclared_legacy_cyrillic_is_guessed() -> None:
    encoding, text = decode_html(_page("", RUSSIAN).encode("cp1251"))
    assert "режиссёр" in text, encoding


def test_declaration_in_the_body_is_not_the_head() -> None:
    assert declared_in_head(b"<head></head><body><meta charset=koi8-r>") is None
    assert declared_in_head(b'<?xml version="1.0" encoding="ISO-8859-15"?><html>') == "iso8859-15"
