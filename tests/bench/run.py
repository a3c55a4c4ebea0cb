"""Run the registered benchmarks on a throw-away database and print a table.

Usage: python -m tests.bench.run [options] [name-prefix ...]   (no names: all)

  --list          the benchmarks' names
  --smoke         a tiny scale: checks every benchmark completes and prints figures (CI)
  --units N       units of the province dataset (pages, summary; default 2,000)
  --load          pages: also serve the project with gunicorn and load it with wrk
  --load-seconds S  seconds per wrk round in the load mode
  --rounds N      pages: requests per page in-process (default 15)
  --queries       pages: print each query of the pages measured, with its time
  --reuse         PostgreSQL: keep the `<name>_bench` database of the last run and its
                  data (pages measures it again without building; new migrations apply)

The database is a private SQLite file, or, when DATABASE_URL names a PostgreSQL
database, a throw-away `<name>_bench` database beside it (dropped and created again):
the configured database itself is never touched. Each benchmark starts on the migrated
database with only what the migrations seed (award rules, defaults): the runner empties
it and loads back the snapshot taken right after `migrate`. Tasks go to the in-process
memory broker and are not run, so a benchmark calls each task's service itself and
times it apart.
"""

import importlib
import os
import pkgutil
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit


def _prepare_environment():
    # A private database and media folder: nothing of a real install is touched.
    workdir = tempfile.mkdtemp(prefix="thidua-bench-")
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = _postgres_database(database_url)
    else:
        from tests import bench

        bench.OPTIONS["reuse"] = False  # a new SQLite file each run: nothing to reuse
        os.environ["DATABASE_URL"] = ""
    os.environ["REDIS_URL"] = ""
    os.environ["SQLITE_PATH"] = os.path.join(workdir, "bench.sqlite3")
    os.environ["MEDIA_ROOT"] = os.path.join(workdir, "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return workdir


def _postgres_database(url):
    """Drop and create `<name>_bench` next to the configured database (unless --reuse and
    it exists); return its URL."""
    import psycopg2

    from tests import bench

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "thidua"
    bench_name = name if name.endswith("_bench") else f"{name}_bench"
    admin = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench_name])
        if bench.OPTIONS["reuse"] and cursor.fetchone():
            admin.close()
            return urlunsplit(parts._replace(path=f"/{bench_name}"))
        bench.OPTIONS["reuse"] = False  # nothing to reuse: a fresh database
        cursor.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
        cursor.execute(f"CREATE DATABASE \"{bench_name}\" ENCODING 'UTF8' TEMPLATE template0")
    admin.close()
    return urlunsplit(parts._replace(path=f"/{bench_name}"))


def _parse(argv):
    from tests import bench

    names = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--smoke":
            bench.OPTIONS["smoke"] = True
        elif arg == "--reuse":
            bench.OPTIONS["reuse"] = True
        elif arg == "--load":
            bench.OPTIONS["load"] = True
        elif arg == "--profile":
            bench.OPTIONS["profile"] = True
        elif arg == "--queries":
            bench.OPTIONS["queries"] = True
        elif arg == "--page":
            if not args:
                raise SystemExit("--page needs a text of the page's label")
            bench.OPTIONS["pages"].append(args.pop(0))
        elif arg in ("--units", "--load-seconds", "--rounds"):
            if not args or not args[0].isdigit():
                raise SystemExit(f"{arg} needs a whole number")
            bench.OPTIONS[arg[2:].replace("-", "_")] = int(args.pop(0))
        else:
            names.append(arg)
    return names


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


def _selected(benchmarks, names):
    if not names:
        return list(benchmarks)
    return [name for name in benchmarks if any(name.startswith(prefix) for prefix in names)]


def main(argv):
    names = _parse(argv)
    if names == ["--list"]:
        print("\n".join(_load_benchmarks()))
        return 0
    workdir = _prepare_environment()
    import django
    from django.conf import settings
    from django.core.management import call_command

    from tests import bench

    django.setup()
    settings.CELERY_TASK_ALWAYS_EAGER = False  # Celery reads it live: tasks wait in memory
    call_command("migrate", verbosity=0)
    # What the migrations seeded (award forms and rules, defaults), loaded back after
    # each emptying: the benchmarks and the pages read those rows.
    snapshot = os.path.join(workdir, "migrated.json")
    if not bench.OPTIONS["reuse"]:
        call_command("dumpdata", output=snapshot, verbosity=0)
    benchmarks = _load_benchmarks()
    selected = _selected(benchmarks, names)
    if not selected:
        print(
            f"No benchmark matches {' '.join(names)}. Known: {', '.join(benchmarks)}",
            file=sys.stderr,
        )
        return 2
    rows = []
    started = time.perf_counter()
    for name in selected:
        print(f"… {name}", file=sys.stderr, flush=True)
        if not bench.OPTIONS["reuse"]:
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", snapshot, verbosity=0)
        rows.extend(
            (name, metric, value, unit) for metric, value, unit in benchmarks[name](workdir)
        )
    _print_table(rows)
    print(f"{len(rows)} figures in {time.perf_counter() - started:.1f} s (work folder {workdir})")
    if not rows:
        print("No figure was measured.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
