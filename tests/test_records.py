"""`records.sentence_spans`: where each evidence sentence stands in its article, found in one pass over the text
(issue #23, item 7: searching from the start for every sentence took 72 s for one 20 MB article; the bench's
`--long-article 20` prints the time now)."""

from __future__ import annotations

from types import SimpleNamespace

from build_tools.emit.records import sentence_spans


def item(text: str, *sentences: str) -> SimpleNamespace:
    return SimpleNamespace(article=SimpleNamespace(text=text),
                           relations=[SimpleNamespace(sentence=sentence) for sentence in sentences])


def test_sentence_spans_in_text_order_each_once():
    # The second sentence is also the end of the first: it is found where it stands, after the first.
    text = "Kazakhstan said Russia met China. Russia met China. Russia met China."
    spans = sentence_spans(item(text, "Kazakhstan said Russia met China.", "Russia met China.", "Russia met China."))
    assert spans == {"Kazakhstan said Russia met China.": (0, 33), "Russia met China.": (34, 51)}


def test_sentence_spans_find_a_sentence_whose_whitespace_evidence_folded():
    text = "Intro.\n\nRussia   met\nChina in Astana."
    start, end = sentence_spans(item(text, "Russia met China in Astana."))["Russia met China in Astana."]
    assert text[start:end] == "Russia   met\nChina in Astana."


def test_sentence_spans_of_a_long_single_line_article():
    sentences = [f"Russia and China signed agreement number {n}." for n in range(20_000)]
    spans = sentence_spans(item(" ".join(sentences), *sentences))
    text = " ".join(sentences)
    assert all(text[start:end] == sentence for sentence, (start, end) in spans.items())
    assert len(spans) == 20_000
