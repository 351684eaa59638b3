"""Bench: build synthetic corpora of given sizes with the real pipeline and measure each stage.

- `corpus`: the synthetic corpus generator (real paragraphs, recombined into raw files).
- `measure`: sizes, timings, memory and the bytes a browser downloads for a first search.
- `run`: the `python -m build_tools bench` driver.
"""
