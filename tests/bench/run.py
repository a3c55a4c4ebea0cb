"""Run every registered benchmark on a throw-away embedded database and print a table.

Usage: python -m tests.bench.run [name ...]   (no names: all benchmarks)
"""

import importlib
import os
import pkgutil
import sys
import tempfile
import time


def _prepare_environment():
    # A private SQLite file and media folder, tasks eager: nothing of a real install is touched.
    workdir = tempfile.mkdtemp(prefix="thidua-bench-")
    os.environ["DATABASE_URL"] = ""
    os.environ["REDIS_URL"] = ""
    os.environ["SQLITE_PATH"] = os.path.join(workdir, "bench.sqlite3")
    os.environ["MEDIA_ROOT"] = os.path.join(workdir, "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return workdir


def _load_benchmarks():
    from tests import bench

    for module in pkgutil.iter_modules(bench.__path__):
        if module.name.startswith("bench_"):
            importlib.import_module(f"tests.bench.{module.name}")
    return bench.BENCHMARKS


def _print_table(rows):
    header = ("benchmark", "metric", "value", "unit")
    cells = [header] + [(name, metric, _format(value), unit) for name, metric, value, unit in rows]
    widths = [max(len(str(row[i])) for row in cells) for i in range(4)]
    line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
    print(line)
    for index, row in enumerate(cells):
        print(
            "| "
            + " | ".join(
                str(cell).ljust(w) if i != 2 else str(cell).rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )
        if index == 0:
            print(line)
    print(line)


def _format(value):
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def main(names):
    workdir = _prepare_environment()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    benchmarks = _load_benchmarks()
    unknown = set(names) - set(benchmarks)
    if unknown:
        print(
            f"Unknown benchmark(s): {', '.join(sorted(unknown))}. Known: {', '.join(benchmarks)}",
            file=sys.stderr,
        )
        return 2
    rows = []
    started = time.perf_counter()
    for name, function in benchmarks.items():
        if names and name not in names:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        rows.extend((name, metric, value, unit) for metric, value, unit in function(workdir))
    _print_table(rows)
    print(f"{len(rows)} figures in {time.perf_counter() - started:.1f} s (work folder {workdir})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
