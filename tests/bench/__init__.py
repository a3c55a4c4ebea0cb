"""Benchmarks run by `make bench` (python -m tests.bench.run).

Each area adds a module `tests/bench/bench_<area>.py` whose functions are decorated
with `@benchmark("name")` and return rows of (metric, value, unit). The runner sets up
a throw-away embedded database, imports every bench_ module and prints one table.
"""

BENCHMARKS = {}


def benchmark(name):
    def register(function):
        BENCHMARKS[name] = function
        return function

    return register
