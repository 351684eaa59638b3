"""The data downloads agree with the articles: spans point at the quoted text, nothing is duplicated."""

from __future__ import annotations

import csv
import io
import json


def test_corpus_json_relation_sentences_are_spans_of_the_text(built_small):
    config, _ = built_small
    corpus = json.loads((config.site_dir / "downloads" / "corpus.json").read_text(encoding="utf-8"))
    grouped = [group for article in corpus["articles"] for group in article["relations"]]
    assert grouped, "the fixture has relation evidence"
    for article in corpus["articles"]:
        sentences = [group["sentence"] for group in article["relations"]]
        assert len(sentences) == len(set(sentences)), "each sentence is stored once"
        for group in article["relations"]:
            assert article["text"][group["start"]:group["end"]] == group["sentence"]
            assert all(len(pair["actors"]) == 2 for pair in group["pairs"])
        for mention in article["mentions"]:
            assert article["text"][mention["start"]:mention["end"]] == mention["surface"]


def test_relations_csv_rows_point_into_corpus_json(built_small):
    config, _ = built_small
    downloads = config.site_dir / "downloads"
    texts = {a["id"]: a["text"] for a in json.loads((downloads / "corpus.json").read_text("utf-8"))["articles"]}
    rows = list(csv.DictReader(io.StringIO((downloads / "relations.csv").read_text("utf-8"))))
    assert rows
    for row in rows:
        sentence = texts[row["article"]][int(row["sentence_start"]):int(row["sentence_end"])]
        assert sentence and sentence[0].isupper(), row
