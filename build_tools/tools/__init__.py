"""Developer tools: check, review, linkcheck, bench, evaluation and benchmarks."""
