from __future__ import annotations

from aggregator.extraction.loosetext import with_loose_text_wrapped

from .builders import page

LOOSE = "For a first game, the story really is not too bad at all, as it turns out."


def test_loose_run_after_a_heading_becomes_a_paragraph_on_a_copy() -> None:
    shared = page(
        # An anchor left open around the heading, as old hand-written pages do.
        f'<html><body><a name="s"><h2>ROBOTS by Ann</h2>{LOOSE} <b>More</b>'
        " text.<p>Next paragraph.</p></body></html>"
    )
    wrapped = with_loose_text_wrapped(shared.tree)
    paragraphs = [" ".join(p.text_content().split()) for p in wrapped.iter("p")]
    assert paragraphs == [f"{LOOSE} More text.", "Next paragraph."]
    assert [p.text_content() for p in shared.tree.iter("p")] == ["Next paragraph."]


def test_pages_without_loose_text_are_not_copied() -> None:
    shared = page("<html><body><h2>Title</h2>Short label<p>Text.</p></body></html>")
    assert with_loose_text_wrapped(shared.tree) is shared.tree
