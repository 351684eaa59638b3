"""The benchmark runs and reports every matcher (a smoke test; speed is checked by hand)."""

from __future__ import annotations

from pathlib import Path

from build_tools.tools.benchmark.annotate import repeat_texts, run_benchmark
from build_tools.annotate.taxonomy import load_taxonomy

FIXTURE = Path(__file__).parent / "fixtures" / "annotate" / "taxonomy"


def test_annotate_benchmark_reports_each_matcher():
    taxonomy = load_taxonomy(FIXTURE, FIXTURE.parents[3])
    lines = run_benchmark(taxonomy, ["Russia and the US\u2019 plan in Kabul. " * 50], 0.05, rounds=1, regex=True)
    assert lines[0].startswith("0.1 MB in ")
    assert [line.split("  ")[0].strip() for line in lines[1:6]] == [
        "ours (build_tools.annotate)", "pyahocorasick + boundary filter", "flashtext", "regex alternation",
        "pyahocorasick, bare tuples (info)"]
    assert lines[-1].startswith("ours is ")


def test_annotate_benchmark_repeats_texts_to_size():
    assert len(repeat_texts(["abcd"], 0.00001)) == 3
    assert repeat_texts([], 1) == []
