"""Benchmarks run by `make bench` (python -m tests.bench.run [name-prefix ...]).

To add one (issue 5 will add the dossiers'): create `tests/bench/bench_<area>.py` with
functions decorated `@benchmark("<area>: what is measured")` that take the work folder
and return rows of (metric, value, unit). Each benchmark starts on an empty, migrated
embedded database (SQLite file, tasks queued to the in-process memory broker, not run):
build data with `tests.bench.seed`, time with `tests.bench.timing.Clock`, and call
services as the worker would (see bench_documents._pipeline).
"""

BENCHMARKS = {}


def benchmark(name):
    def register(function):
        BENCHMARKS[name] = function
        return function

    return register
