"""How many extraction workers a build starts when not told: measured on the machine, not assumed.

A worker is worth starting only on a CPU that is idle: on a 2-CPU machine already running other
jobs (load average 4.4), two workers extracted PDFs more slowly than one (benchmarks/README.md,
0.91x), while on the idle machine they gave 1.65x. So the default is the CPUs this process may run
on minus the load already on them (the 1-minute load average), and no more than the free memory
holds at PEAK_MB a worker (a long PDF peaks near 240 MB), and at least one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

PEAK_MB = 400          # what one worker may need at its peak (bench_pdf: 239 MB for a 300-page report)


@dataclass(frozen=True)
class WorkerChoice:
    jobs: int
    cpus: int
    load: float | None
    free_mb: int | None

    def reason(self) -> str:
        parts = [f"{self.cpus} CPU(s)"]
        if self.load is not None:
            parts.append(f"load {self.load:.1f}")
        if self.free_mb is not None:
            parts.append(f"{self.free_mb} MB free")
        return f"{self.jobs} worker(s) ({', '.join(parts)})"


def available_cpus() -> int:
    """The CPUs this process may run on (a container's share, not the whole machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def free_memory_mb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        return None
    return None


def choose_workers(cpus: int | None = None, load: float | None = None, free_mb: int | None = None,
                   *, measure: bool = True) -> WorkerChoice:
    """The default worker count from the CPUs, the load on them and the free memory."""
    cpus = cpus or available_cpus()
    if measure and load is None and hasattr(os, "getloadavg"):
        load = os.getloadavg()[0]
    if measure and free_mb is None:
        free_mb = free_memory_mb()
    idle = cpus - (load or 0.0)
    jobs = max(1, min(cpus, int(idle + 0.5)))
    if free_mb is not None:
        jobs = max(1, min(jobs, free_mb // PEAK_MB))
    return WorkerChoice(jobs, cpus, load, free_mb)


def default_jobs() -> int:
    return choose_workers().jobs
