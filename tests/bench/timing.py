"""Clocks and summaries shared by the benchmarks."""

import statistics
import time


class Clock:
    """Wall-clock and CPU seconds of this process for a block (CPU time shrugs off other load)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def median(clocks, attribute="wall"):
    return statistics.median(getattr(clock, attribute) for clock in clocks)


def overhead(measured, baseline):
    """How much slower `measured` is than `baseline`, in percent."""
    return 100 * (measured - baseline) / baseline
