"""Benchmarks run by `make bench` (python -m tests.bench.run [options] [name-prefix ...]).

To add one: create `tests/bench/bench_<area>.py` with functions decorated
`@benchmark("<area>: what is measured")` that take the work folder and return rows of
(metric, value, unit). Each benchmark starts on a migrated database holding only what the
migrations seed (award rules, defaults): the embedded SQLite file, or a throw-away
`<name>_bench` PostgreSQL database when DATABASE_URL is set. Tasks are queued to the
in-process memory broker, not run. Build data with `tests.bench.seed`, time with
`tests.bench.timing.Clock`, call services as the worker would (see bench_documents._pipeline),
and size the data with `size()` so that the CI smoke run (`--smoke`) stays tiny.
"""

BENCHMARKS = {}

# Set by the runner from its command line.
OPTIONS = {
    "smoke": False,
    "units": None,
    "load": False,
    "load_seconds": None,
    "rounds": None,
    "reuse": False,
    "pages": [],  # --page TEXT: only the pages whose label holds TEXT (and the bare page)
    "queries": False,  # --queries: every query of those pages, with its time
    "profile": False,  # --profile: cProfile of those pages (where the time goes)
}


def benchmark(name):
    def register(function):
        BENCHMARKS[name] = function
        return function

    return register


def size(full, smoke):
    """`full` in a real run, `smoke` in the CI smoke run (which only checks it completes)."""
    return smoke if OPTIONS["smoke"] else full
