"""The highlighted document view: nesting, escaping, anchors, Jupyter."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from views_factories import ARTICLE_A, ARTICLE_B, build

from multipolar.model import AnalysisResult, Document
from multipolar.web.render import Mark, event_anchor, highlight, render_result_html


class Balance(HTMLParser):
    """Checks that every <mark> closes in order, and collects the text content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.stack.append(tag)
            self.ids += [v or "" for k, v in attrs if k == "id"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            assert self.stack, "closing a mark that is not open"
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Balance:
    parser = Balance()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    return parser


def test_highlight_nests_and_splits_crossing_spans() -> None:
    text = "Xi said “China and Russia agree” today."
    marks = [Mark(8, 32, "quotation"), Mark(9, 14, "actor"), Mark(19, 25, "actor"),
             Mark(26, 37, "event", attrs=(("id", "event-x"),))]  # crosses the quotation's end
    html = highlight(text, marks)
    parsed = parse(html)
    assert "".join(parsed.text) == text
    assert parsed.ids == ["event-x"]  # a split span keeps its id once
    assert html.count('class="mp-event"') == 2  # split at the quotation's end
    assert re.search(r'<mark class="mp-quotation">“<mark class="mp-actor">China</mark>', html)


def test_highlight_escapes_text_and_ignores_bad_offsets() -> None:
    text = "<script>alert(1)</script> & Co"
    html = highlight(text, [Mark(0, 8, "actor", title='"quoted" <b>'), Mark(20, 99, "date"),
                            Mark(5, 5, "place")])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; Co" in html
    assert 'title="&quot;quoted&quot; &lt;b&gt;"' in html
    assert "mp-date" not in html and "mp-place" not in html


def test_render_result_shows_every_record_kind() -> None:
    result = build(ARTICLE_A)
    html = render_result_html(result)
    parsed = parse(html)
    assert result.document.text in "".join(parsed.text).replace("\n", "")
    assert html.count('<mark class="mp-actor"') == len(result.actors)
    assert html.count("mp-event mp-q") == len(result.events)
    assert html.count('<mark class="mp-amount"') == len(result.amounts)
    assert html.count('<mark class="mp-quotation"') == len(result.quotations)
    for event in result.events:
        assert f'id="{event_anchor(event.id)}"' in html
        assert f'href="#{event_anchor(event.id)}"' in html
    assert "Xi arrives in Moscow" in html and "https://example.org/a" in html
    assert "<h3>Events (4)</h3>" in html and "<h3>Amounts (1)</h3>" in html
    assert "20,000,000,000" in html  # amounts shown as people read them


def test_conflict_events_are_marked_by_quad_class() -> None:
    html = render_result_html(build(ARTICLE_B))
    assert "mp-event mp-q4" in html and "mp-event mp-q3" in html


def test_jupyter_repr_is_the_same_view() -> None:
    result = build(ARTICLE_B)
    assert result._repr_html_() == render_result_html(result)


def test_empty_result_renders() -> None:
    html = render_result_html(AnalysisResult(document=Document(text="Nothing here.")))
    assert "Nothing here." in html and "<table" not in html
    assert "0 events" in html
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing loaded from elsewhere
