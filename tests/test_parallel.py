"""parallel_map: forked workers, results in input order, errors raised in the caller."""

from __future__ import annotations

import gc
import os

import pytest

import build_tools.parallel as parallel


@pytest.fixture
def forking(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)


def test_results_come_back_in_input_order_from_other_processes(forking):
    parent = os.getpid()
    results = parallel.parallel_map(lambda n: (n * n, os.getpid()), list(range(200)))
    assert [square for square, _ in results] == [n * n for n in range(200)]
    assert any(pid != parent for _, pid in results)


def test_small_inputs_stay_in_this_process():
    assert parallel.parallel_map(lambda _: os.getpid(), [1, 2, 3]) == [os.getpid()] * 3


def test_a_failing_item_raises_in_the_caller(forking):
    def work(n: int) -> int:
        if n == 7:
            raise ValueError("item 7")
        return n

    with pytest.raises(ValueError, match="item 7"):
        parallel.parallel_map(work, list(range(20)))


def test_the_heap_is_unfrozen_when_the_outermost_block_ends(forking):
    with parallel.frozen_heap():
        parallel.parallel_map(lambda n: n, list(range(10)))
        assert gc.get_freeze_count() > 0  # the inner block did not unfreeze the outer one
    assert gc.get_freeze_count() == 0


def test_map_chunks_gives_each_worker_one_contiguous_chunk_in_order(forking):
    chunks = parallel.map_chunks(lambda chunk: (list(chunk), os.getpid()), list(range(11)))
    assert [items for items, _ in chunks] == [list(range(6)), list(range(6, 11))]
    assert any(pid != os.getpid() for _, pid in chunks)


def test_map_chunks_keeps_small_inputs_in_one_chunk_here():
    assert parallel.map_chunks(lambda chunk: (list(chunk), os.getpid()), [1, 2, 3]) == [([1, 2, 3], os.getpid())]
    assert parallel.map_chunks(len, []) == []
