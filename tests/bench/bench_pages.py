"""Issue 10: every key page of every role on the province dataset, beside a bare page.

    make bench                                    (all benchmarks, pages included)
    python -m tests.bench.run pages               (2,000 units)
    python -m tests.bench.run pages --units 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua \\
        python -m tests.bench.run pages --load    (gunicorn + wrk, on PostgreSQL)

The dataset is the annual summary benchmark's (bench_summary.build: units in four
tiers, four campaign years of registrations, periodic reports, scored assessments with
their per-criterion results, award proposals, nominees and issued decisions), plus one
user per role, an issued annual summary and a commune's own papers.

In-process: each page is requested through the whole Django stack (test Client, every
middleware, sessions in the database) in rounds, every page once per round, so that the
machine's noise falls on all pages alike; median and p95 wall time per request and the
query count of one request are printed beside the bare page (tests.bench.urls: session,
user and three small reads, 5 queries). "CPU ms" is this process's CPU time per request
(Python: middleware, view, template; the database's work is not in it): other load on a
shared machine inflates it far less than the wall time.

`--reuse` (PostgreSQL) measures the `<name>_bench` database of an earlier run again,
without building it: the quick loop after a change. `--page TEXT` (repeatable) measures
only the pages whose label holds TEXT, beside the bare page; `--profile` then prints
where their time goes (cProfile of a few requests each, by own time).

Load mode: gunicorn (2 sync workers, DEBUG off: production settings) serves the bench
settings on the same database; wrk (20 connections) loads the bare page and then each
page, alternating, and the page's throughput is given as a share of the bare page's
measured just before it, with both p99 latencies. Each page is first loaded for a second
unmeasured (LOAD_WARMUP_SECONDS), so that every worker has filled its own cache.
"""

import datetime
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

from . import OPTIONS, benchmark, size

UNITS = 2000
ROUNDS = 15
WARMUP = 2
LOAD_SECONDS = 10
LOAD_CONNECTIONS = 20
# Each page is loaded this long, unmeasured, before its measured round: every gunicorn
# worker then has compiled its templates and filled its own in-memory cache (the bench
# serves without Redis, so each worker computes a cached figure once, e.g. the summary
# page's ~1 s; production's Redis cache is shared by the workers). The rounds measure the
# steady state, not each worker's first request.
LOAD_WARMUP_SECONDS = 1
# The bare page and the page alternate this many times, each for a share of the seconds:
# the machine's drifts (measured: the bare page alone at 274–553 req/s from one page to
# the next) then fall on both alike.
LOAD_REPEATS = 3
HTTPS = {"secure": True}  # production settings redirect plain HTTP


def _dataset(unit_count):
    """The province dataset and the objects the pages open; returns users and objects."""
    from django.db import transaction

    from criteria.models import Assessment
    from dossiers.models import AwardDecision, AwardProposal, CouncilMeeting, DistrictSubmission
    from registrations.models import Campaign, Registration
    from reports.models import PeriodicReport, SummaryKind, SummaryReport
    from units.models import Unit, User

    from .bench_summary import build

    if OPTIONS["reuse"] and User.objects.filter(username="bench-unit").exists():
        # --reuse: the dataset of an earlier run, measured again (after a change).
        users = {
            role: User.objects.get(username=name)
            for role, name in (
                ("office", "bench"),
                ("unit", "bench-unit"),
                ("council", "bench-council"),
                ("admin", "bench-admin"),
            )
        }
        unit = users["unit"].unit
        campaign = Campaign.objects.get()
        year = max(campaign.years)
        proposal = AwardProposal.objects.get(year=year, unit=unit)
        annual = SummaryReport.objects.get(kind=SummaryKind.ANNUAL, year=year - 1)
        issue = annual.issues.order_by("-number").first()
        submission = DistrictSubmission.objects.filter(campaign=campaign, year=year).get()
    else:
        with transaction.atomic():
            campaign = build(unit_count - Unit.objects.count())
        users, proposal, annual, issue, submission = _people_and_papers(campaign)
        unit, year = proposal.unit, proposal.year
    meeting = CouncilMeeting.objects.get(submission=submission)
    objects = {
        "year": year,
        "registration": Registration.objects.get(unit=unit, window__year=year),
        "assessment": Assessment.objects.filter(unit=unit, registration__window__year=year).get(),
        "report": PeriodicReport.objects.filter(unit=unit).order_by("-period__due_on").first(),
        "proposal": proposal,
        "summary": annual,
        "issue": issue,
        "submission": submission,
        "meeting": meeting,
        "decision": AwardDecision.objects.get(meeting=meeting),
        "period": campaign.reporting_periods.order_by("-due_on").first(),
    }
    return users, objects


def _people_and_papers(campaign):
    """One user per role, an issued annual summary and the year's consolidated list."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from dossiers.models import AwardProposal, DistrictSubmission, Nominee
    from reports import services as report_services
    from reports.models import SummaryKind
    from units.models import Role, User

    office = User.objects.get(username="bench")
    # A commune with every paper of the latest year: registration, assessment, report, proposal.
    year = max(campaign.years)
    proposal = (
        AwardProposal.objects.filter(year=year, unit__tier="commune")
        .filter(unit__assessments__registration__window__year=year)
        .order_by("pk")
        .first()
    )
    password = make_password(None)
    users = {"office": office}
    for role, username, name, user_role in (
        ("unit", "bench-unit", "Vàng Văn Sính", Role.UNIT_HEAD),
        ("council", "bench-council", "Lò Thị Mai", Role.COUNCIL),
        ("admin", "bench-admin", "Quản Trị", Role.ADMIN),
    ):
        users[role] = User.objects.create(
            username=username,
            full_name=name,
            role=user_role,
            unit=proposal.unit if role == "unit" else None,
            password=password,
        )
    with transaction.atomic():
        annual = report_services.create_summary(
            campaign, kind=SummaryKind.ANNUAL, year=year - 1, by=office
        )
        issue = report_services.issue_summary(annual, by=office)
    report_services.compute_issue(issue.pk)  # the worker's part
    submission = DistrictSubmission.objects.filter(campaign=campaign, year=year).get()
    # The consolidated list the council reads: every nominee of the year.
    Nominee.objects.filter(proposal__year=year).update(submission=submission)
    _trails(campaign, office, proposal.unit)
    return users, proposal, annual, issue, submission


def _trails(campaign, office, own_unit):
    """The audit trails of four years at a province: ten sign-ins per unit, the import's
    creation of each unit (django-auditlog) and each registration's submission (the
    dataset is bulk-created, so none of them was written). The bench unit's own papers
    get no history, so that its pages stay as they were."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from core.models import Transition
    from registrations.models import Registration
    from security.models import SecurityEvent
    from units.models import Unit

    start = datetime.datetime(min(campaign.years), 1, 5, 8, tzinfo=datetime.UTC)
    units = list(Unit.objects.order_by("pk").values_list("pk", "code", "name"))
    SecurityEvent.objects.bulk_create(
        (
            SecurityEvent(
                at=start + datetime.timedelta(hours=7 * (index * 10 + n)),
                kind=SecurityEvent.Kind.LOGIN if n % 2 else SecurityEvent.Kind.OTP_VERIFIED,
                username=f"cb-{code}".lower(),
                ip_address=f"10.0.{index % 250}.{n + 1}",
                path="/dang-nhap/",
            )
            for index, (_pk, code, _name) in enumerate(units)
            for n in range(10)
        ),
        batch_size=2000,
    )
    unit_type = ContentType.objects.get_for_model(Unit)
    LogEntry.objects.bulk_create(
        (
            LogEntry(
                content_type=unit_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=name,
                action=LogEntry.Action.CREATE,
                changes={"code": ["None", code], "name": ["None", name]},
                changes_text="",
                actor=office,
                timestamp=start + datetime.timedelta(minutes=index),
            )
            for index, (pk, code, name) in enumerate(units)
        ),
        batch_size=2000,
    )
    registration_type = ContentType.objects.get_for_model(Registration)
    registrations = Registration.objects.filter(window__campaign=campaign).exclude(unit=own_unit)
    Transition.objects.bulk_create(
        (
            Transition(
                content_type=registration_type,
                object_id=pk,
                from_state="draft",
                to_state="submitted",
                actor=office,
                at=datetime.datetime(year, 2, 1, tzinfo=datetime.UTC)
                + datetime.timedelta(minutes=pk % 40_000),
            )
            for pk, year in registrations.values_list("pk", "window__year")
        ),
        batch_size=2000,
    )


def _pages(objects):
    """(role, label, path) of every key page; role None is the public."""
    from django.urls import reverse

    from dossiers.models import AwardDecision

    from .urls import BARE_PATH

    o = objects
    year = o["year"]
    # The newest issued decision (the public page of its awardees).
    issued = (
        AwardDecision.objects.filter(status=AwardDecision.Status.ISSUED)
        .order_by("-decided_on", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    issue = o["issue"]
    pages = [
        ("office", "bare Django page (5 queries)", "/" + BARE_PATH),
        ("unit", "home", reverse("home")),
        ("unit", "registrations (own)", reverse("registrations:mine")),
        (
            "unit",
            "registration detail",
            reverse("registrations:detail", args=[o["registration"].pk]),
        ),
        ("unit", "assessments (own)", reverse("criteria:mine")),
        ("unit", "assessment detail", reverse("criteria:detail", args=[o["assessment"].pk])),
        ("unit", "periodic reports (own)", reverse("reports:periodic_mine")),
        (
            "unit",
            "periodic report detail",
            reverse("reports:periodic_detail", args=[o["report"].pk]),
        ),
        ("unit", "award proposals (own)", reverse("dossiers:proposal_mine")),
        (
            "unit",
            "award proposal detail",
            reverse("dossiers:proposal_detail", args=[o["proposal"].pk]),
        ),
        ("office", "home", reverse("home")),
        ("office", "home card (htmx)", reverse("criteria:home_card")),
        ("office", "registration overview", f"{reverse('registrations:list')}?year={year}"),
        ("office", "registration overview XLSX", f"{reverse('registrations:export')}?year={year}"),
        ("office", "scoring queue", f"{reverse('criteria:queue')}?year={year}"),
        (
            "office",
            "criteria results, communes",
            f"{reverse('criteria:results')}?year={year}&tier=commune",
        ),
        (
            "office",
            "criteria results XLSX",
            f"{reverse('criteria:results_export')}?year={year}&tier=commune",
        ),
        ("office", "award proposals", f"{reverse('dossiers:proposal_list')}?year={year}"),
        ("office", "district submissions", reverse("dossiers:submission_list")),
        ("office", "periodic report periods", reverse("reports:period_list")),
        ("office", "period detail", reverse("reports:period_detail", args=[o["period"].pk])),
        ("office", "summaries", reverse("reports:summary_list")),
        (
            "office",
            "annual summary page",
            reverse("reports:summary_detail", args=[o["summary"].pk]),
        ),
        (
            "office",
            "issued summary",
            reverse("reports:issue_detail", args=[issue.summary_id, issue.number]),
        ),
        (
            "office",
            "issued summary XLSX",
            reverse("reports:issue_xlsx", args=[issue.summary_id, issue.number]),
        ),
        ("office", "units", reverse("units:list")),
        (
            "office",
            "registration detail (office)",
            reverse("registrations:detail", args=[o["registration"].pk]),
        ),
        (
            "office",
            "assessment detail (office)",
            reverse("criteria:detail", args=[o["assessment"].pk]),
        ),
        (
            "office",
            "award proposal detail (office)",
            reverse("dossiers:proposal_detail", args=[o["proposal"].pk]),
        ),
        ("council", "home", reverse("home")),
        (
            "council",
            "consolidated nominees",
            reverse("dossiers:submission_detail", args=[o["submission"].pk]),
        ),
        ("council", "council meeting", reverse("dossiers:meeting_detail", args=[o["meeting"].pk])),
        ("council", "award decision", reverse("dossiers:decision_detail", args=[o["decision"].pk])),
        ("admin", "home", reverse("home")),
        ("admin", "audit log", reverse("audit_log")),
        (None, "honour roll", reverse("honour_roll")),
        (None, "public decisions", reverse("public_decisions")),
        (None, "public decision detail", reverse("public_decision_detail", args=[issued])),
        (None, "open data", reverse("open_data:page")),
        (None, "open data CSV", reverse("open_data:csv")),
    ]
    return pages


def _clients(users):
    from django.test import Client

    from security.permissions import must_use_second_factor
    from tests.otp import verify_session

    clients = {None: Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
        if must_use_second_factor(user):  # office, council, admin: a verified session
            verify_session(clients[role], user)
    return clients


def _measure_in_process(pages, clients, rounds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = {page: [] for page in pages}
    cpu = {page: [] for page in pages}
    queries = {}
    for page in pages:  # warm-up, and the query count of one request
        role, label, path = page
        for _ in range(WARMUP):
            _get(clients[role], path, label)
        with CaptureQueriesContext(connection) as captured:
            _get(clients[role], path, label)
        queries[page] = len(captured.captured_queries)
    for _ in range(rounds):
        for page in pages:
            role, label, path = page
            started, cpu_started = time.perf_counter(), time.process_time()
            _get(clients[role], path, label)
            times[page].append((time.perf_counter() - started) * 1000)
            cpu[page].append((time.process_time() - cpu_started) * 1000)
    return times, cpu, queries


def _get(client, path, label):
    response = client.get(path, **HTTPS)
    if response.status_code != 200:
        raise RuntimeError(f"{label}: {path} answered {response.status_code}")
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
    return response


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _print_pages(title, header, lines):
    widths = [max(len(str(row[i])) for row in [header, *lines]) for i in range(len(header))]
    print(f"\n{title}")
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in lines:
        print(
            "| "
            + " | ".join(
                str(cell).ljust(w) if i < 2 else str(cell).rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )
    sys.stdout.flush()


@benchmark("pages")
def pages(workdir):
    from django.db import connection

    from units.models import Unit

    unit_count = OPTIONS["units"] or size(UNITS, 60)
    started = time.perf_counter()
    users, objects = _dataset(unit_count)
    built = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have by now
    page_list = _pages(objects)
    if OPTIONS["pages"]:
        page_list = page_list[:1] + [
            page for page in page_list[1:] if any(text in page[1] for text in OPTIONS["pages"])
        ]
    rounds = OPTIONS["rounds"] or size(ROUNDS, 2)
    times, cpu, queries = _measure_in_process(page_list, _clients(users), rounds)
    bare = statistics.median(times[page_list[0]])
    lines = []
    rows = [
        ("dataset: units", Unit.objects.count(), ""),
        ("dataset: built in", built, "s"),
        ("database", connection.vendor, ""),
    ]
    for page in page_list:
        role, label, _path = page
        median = statistics.median(times[page])
        lines.append(
            (
                role or "public",
                label,
                f"{median:.1f}",
                f"{_p95(times[page]):.1f}",
                f"{median / bare:.1f}×",
                f"{statistics.median(cpu[page]):.1f}",
                queries[page],
            )
        )
    _print_pages(
        f"Pages, {Unit.objects.count()} units, {connection.vendor}, {rounds} rounds "
        f"({datetime.date.today():%d/%m/%Y})",
        ("role", "page", "median ms", "p95 ms", "× bare", "CPU ms", "queries"),
        lines,
    )
    slowest = max(page_list[1:], key=lambda page: statistics.median(times[page]))
    rows.append(("pages measured (table above)", len(page_list) - 1, ""))
    rows.append(("bare page: median", bare, "ms"))
    rows.append(
        (
            f"slowest: {slowest[0] or 'public'}: {slowest[1]}",
            statistics.median(times[slowest]),
            "ms",
        )
    )
    if OPTIONS["queries"]:
        _print_queries(page_list[1:], _clients(users))
    if OPTIONS["profile"]:
        _profile(page_list[1:], _clients(users))
    if OPTIONS["load"]:
        rows.extend(_load(workdir, page_list, users))
    return rows


def _print_queries(pages, clients):
    """Print every query of one warm request of each page, with its time in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for role, label, path in pages:
        _get(clients[role], path, label)  # warm
        with CaptureQueriesContext(connection) as captured:
            _get(clients[role], path, label)
        print(f"\nQueries: {role or 'public'}: {label}")
        for query in captured.captured_queries:
            print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:400]}")


def _profile(pages, clients, requests=5, top=30):
    """Print the functions taking the most own time over a few requests of each page."""
    import cProfile
    import pstats

    for role, label, path in pages:
        _get(clients[role], path, label)  # warm
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            _get(clients[role], path, label)
        profiler.disable()
        print(f"\nProfile: {role or 'public'}: {label} ({requests} requests), by own time")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(top)
        if os.environ.get("BENCH_PROFILE_CUMULATIVE"):
            stats.sort_stats("cumulative").print_stats(top)


# --- Load mode: gunicorn + wrk ---------------------------------------------------------


def _load(workdir, page_list, users):
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    if shutil.which("wrk") is None:
        raise RuntimeError("the load mode needs wrk (apt-get install wrk)")
    from django.db import connection

    if connection.vendor != "postgresql":
        print("Note: the load mode is meant for PostgreSQL (set DATABASE_URL).", file=sys.stderr)
    from django_otp import DEVICE_ID_SESSION_KEY

    from security.permissions import must_use_second_factor
    from tests.otp import totp_device

    cookies = {}
    for role, user in users.items():
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "units.backends.PortalBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        if must_use_second_factor(user):  # office, council, admin: a verified session
            session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session.create()
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    port = int(os.environ.get("BENCH_PORT") or _free_port())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions made here must be valid there
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )
    seconds = OPTIONS["load_seconds"] or size(LOAD_SECONDS, 2)
    chosen = page_list if not OPTIONS["smoke"] else page_list[:2]
    share_seconds = max(1, round(seconds / LOAD_REPEATS))
    lines, rows = [], []
    try:
        _wait_for_port(port)
        for role, label, path in chosen:
            _check_answers(port, path, cookies.get(role, ""), label)
        bare_role, bare_label, bare_path = page_list[0]
        _wrk(port, bare_path, cookies[bare_role], LOAD_WARMUP_SECONDS)
        for role, label, path in chosen[1:]:
            _wrk(port, path, cookies.get(role, ""), LOAD_WARMUP_SECONDS)
            bare, measured = [], []
            for _ in range(LOAD_REPEATS):  # alternating: drifts fall on both alike
                _drain(port)
                bare.append(_wrk(port, bare_path, cookies[bare_role], share_seconds))
                _drain(port)
                measured.append(_wrk(port, path, cookies.get(role, ""), share_seconds))
            bare, measured = _combined(bare), _combined(measured)
            share = 100 * measured["rps"] / bare["rps"] if bare["rps"] else 0.0
            lines.append(
                (
                    role or "public",
                    label,
                    f"{measured['rps']:.1f}",
                    f"{bare['rps']:.1f}",
                    f"{share:.0f} %",
                    f"{measured['p99']:.0f}",
                    f"{bare['p99']:.0f}",
                    measured["errors"] or "",
                    measured["timeouts"] + bare["timeouts"] or "",
                )
            )
            rows.append((f"load: {role or 'public'}: {label}: share of bare", share, "%"))
            if measured["errors"] or bare["errors"]:
                raise RuntimeError(f"{label}: non-2xx answers under load: {measured['errors']}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    _print_pages(
        f"Load: gunicorn 2 sync workers, wrk {LOAD_CONNECTIONS} connections, {seconds} s each, "
        f"bare page and page alternating {LOAD_REPEATS} times",
        (
            "role",
            "page",
            "req/s",
            "bare req/s",
            "share",
            "p99 ms",
            "bare p99 ms",
            "errors",
            "timeouts",
        ),
        lines,
    )
    return rows


def _combined(runs):
    """The runs of one page as one: requests over the time of all (req/s), the median of
    their p99 latencies, errors and timeouts summed."""
    return {
        "rps": sum(run["requests"] for run in runs) / sum(run["seconds"] for run in runs),
        "p99": statistics.median(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "timeouts": sum(run["timeouts"] for run in runs),
    }


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout} s")


def _drain(port, timeout=120):
    """Wait until the server has finished the requests a wrk round left behind (wrk
    closes its connections at the end, but sync workers still answer what was sent):
    a round must not start behind the previous round's queue."""
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
        connection.getresponse().read()
        connection.close()
        if time.monotonic() - started < 0.5:
            return
    raise RuntimeError(f"the server did not drain its queue within {timeout} s")


def _check_answers(port, path, cookie, label):
    """wrk counts redirects as answers: make sure the page itself answers 200 first."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = (
        {"X-Forwarded-Proto": "https", "Cookie": cookie}
        if cookie
        else {"X-Forwarded-Proto": "https"}
    )
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{label}: {path} answered {response.status} under gunicorn")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _wrk(port, path, cookie, seconds):
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(LOAD_CONNECTIONS),
        "-d",
        f"{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        "X-Forwarded-Proto: https",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", output)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", output)
    return {
        "rps": rps,
        "requests": int(done.group(1)),
        "seconds": float(done.group(2)) * _UNITS[done.group(3)] / 1000,
        "p99": float(p99.group(1)) * _UNITS[p99.group(2)] if p99 else float("nan"),
        "errors": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }
