"""The memory a bench build takes, stage by stage: its process tree sampled from outside while it runs.

`ru_maxrss` gives one process's peak, and for children only the largest one's,
so it cannot say what a build holds at once while MkDocs shards, workers and
Pagefind run beside it. The bench therefore samples the build's whole process
tree every `INTERVAL` seconds and sums each process's proportional set size
(PSS: a page that forked processes share counts once in all, split between
them), which is what the machine, or a CI runner's memory limit, sees. The build
reports when each stage ran (`BuildReport.spans`); a sample belongs to the stage
that was running when it was taken.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

INTERVAL = 0.1
"""Seconds between samples; reading a large process's PSS takes a few milliseconds."""


@dataclass(frozen=True)
class Sample:
    at: float
    """time.time() when taken."""
    total: int
    """Bytes: the PSS of the whole tree."""
    processes: dict[int, tuple[str, int]]
    """pid -> (what it runs, its PSS)."""


@dataclass
class TreeMemory:
    """Samples of a process tree, taken in a thread until `stop()`."""

    root: int
    samples: list[Sample] = field(default_factory=list)
    _done: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeMemory:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(INTERVAL):
            processes = {pid: (_name(pid), _pss(pid)) for pid in _tree(self.root)}
            self.samples.append(Sample(time.time(), sum(size for _, size in processes.values()), processes))

    def peak(self) -> int:
        return max((sample.total for sample in self.samples), default=0)

    def stage_peaks(self, spans: list[tuple[str, float, float]]) -> dict[str, int]:
        """Each stage's peak tree PSS in bytes, from the samples taken while it ran."""
        peaks: dict[str, int] = defaultdict(int)
        for sample in self.samples:
            stage = _stage_at(spans, sample.at)
            if stage is not None:
                peaks[stage] = max(peaks[stage], sample.total)
        return dict(peaks)

    def process_peaks(self, spans: list[tuple[str, float, float]], stage: str) -> list[tuple[str, int]]:
        """The peak PSS of each process that ran during `stage`, in order of process id (a shard's share of
        MkDocs: the build's own process renders the first shard, its forks the others)."""
        peaks: dict[int, tuple[str, int]] = {}
        for sample in self.samples:
            if _stage_at(spans, sample.at) == stage:
                for pid, (name, size) in sample.processes.items():
                    peaks[pid] = (name, max(size, peaks.get(pid, ("", 0))[1]))
        return [peaks[pid] for pid in sorted(peaks)]


def run_sampled(command: list[str]) -> tuple[subprocess.CompletedProcess, TreeMemory]:
    """Run `command` to the end (output captured as text) while sampling its process tree."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid).start()
    try:
        stdout, stderr = process.communicate()
    finally:
        memory.stop()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), memory


def _stage_at(spans: list[tuple[str, float, float]], at: float) -> str | None:
    for stage, start, end in spans:
        if start <= at <= end:
            return stage
    return None


def _tree(root: int) -> list[int]:
    """`root` and every process descended from it."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="utf-8") as file:
                    # The name may hold spaces and parentheses: the parent's id follows the last ")".
                    parent = int(file.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children[parent].append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _pss(pid: int) -> int:
    """Bytes of `pid`'s proportional set size (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as file:
            for line in file:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8") as file:
            return file.read().strip()
    except OSError:
        return "?"
