"""Issue 5: a 20-nominee dossier end to end, and the bulk print of 100 dossiers with one
and with two real Celery workers (Redis broker on a private port, the same SQLite file).

"End to end" is what the unit and the office ask the pipeline for one dossier: the
unit's Tờ trình and the 20 achievement reports, each a request (snapshot) plus its
render task (PDF, DOCX, hashes), eager in this process. The bulk print is timed from
the request to the merged file; worker memory is each worker's peak RSS (VmHWM).
"""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

from . import benchmark, size

BULK_DOSSIERS = 100


def _seed_campaign(tag):
    """A campaign of its own (codes tagged): benchmarks of one run share the database."""
    from django.contrib.auth.hashers import make_password

    from documents.models import IssuingBody, Signer
    from dossiers.models import CouncilMember
    from registrations.models import Campaign, RegistrationWindow
    from units.models import Role, Tier, Unit, User

    from .roles import assign_roles

    office_unit = Unit.objects.create(
        code=f"vhtt-{tag}", name="Phòng Văn hóa và Thông tin", tier=Tier.DISTRICT_AGENCY
    )
    campaign = Campaign.objects.create(
        name="Phong trào thi đua về chuyển đổi số (đo hiệu năng)",
        locality_name="Đo Thử",
        start_year=2024,
        end_year=2024,
    )
    window = RegistrationWindow.objects.create(
        campaign=campaign,
        year=2024,
        opens_on=datetime.date(2024, 1, 1),
        deadline_on=datetime.date(2024, 2, 20),
    )
    district, created = IssuingBody.objects.get_or_create(
        code="ubnd-huyen",
        defaults={"name": "UBND huyện Đo Thử", "abbreviation": "UBND", "place_name": "Đo Thử"},
    )
    if created:
        Signer.objects.create(issuer=district, full_name="Lê Văn Thành", position="Chủ tịch")
    assign_roles(campaign, district, office_unit)
    password = make_password(None)
    users = {
        role: User.objects.create(
            username=f"{role}-{tag}", full_name=f"Người {role}", role=role, password=password
        )
        for role in (Role.CULTURE_OFFICE, Role.COUNCIL)
    }
    members = [
        CouncilMember.objects.create(full_name=f"Thành viên {i}", council_position="Ủy viên")
        for i in range(5)
    ]
    return campaign, window, users[Role.CULTURE_OFFICE], users[Role.COUNCIL], members


def _dossier(window, tag, index, individuals, office):
    """An accepted proposal of one unit: its collective and `individuals` people."""
    from awards.models import AwardForm, Subject
    from dossiers import queries, services
    from dossiers.models import EligibilityOverride, Nominee
    from registrations.models import Registration, Target
    from units.models import Role, Tier, Unit, User

    unit = Unit.objects.create(
        code=f"xa-{tag}-{index}",
        name=f"UBND xã Thử Nghiệm số {index} – Lùng Khấu Nhin",
        tier=Tier.COMMUNE,
    )
    head = User.objects.create(
        username=f"truong-{tag}-{index}",
        full_name=f"Thủ trưởng {index}",
        role=Role.UNIT_HEAD,
        unit=unit,
    )
    registration = Registration.objects.create(
        window=window, unit=unit, created_by=head, status=Registration.Status.ACCEPTED
    )
    for order, title in enumerate(
        ("Hồ sơ công việc xử lý trên môi trường mạng", "Tuyên truyền chuyển đổi số tới các thôn"),
        start=1,
    ):
        Target.objects.create(
            registration=registration,
            order=order,
            title=title,
            target_value="≥ 85%",
            product="Báo cáo thống kê",
        )
    EligibilityOverride.objects.create(unit=unit, year=2024, is_eligible=True, reason="Đạt")
    form = AwardForm.objects.get(code="giay-khen-chu-tich-huyen")
    # The district chairman's Giấy khen is given until 30/6/2025: the 2024 dossier is made then.
    made_at = datetime.datetime(2024, 12, 1, 9, tzinfo=datetime.UTC)
    proposal = services.start_proposal(registration, by=head, now=made_at)
    report = queries.report_prefill(proposal, Subject.COLLECTIVE)
    services.add_nominee(
        proposal,
        by=head,
        subject=Subject.COLLECTIVE,
        award_form=form,
        data={k: report[k] for k in ("background", "duties", "achievements", "summary")},
        now=made_at,
    )
    for person in range(individuals):
        services.add_nominee(
            proposal,
            by=head,
            subject=Subject.INDIVIDUAL,
            award_form=form,
            data={
                "full_name": f"Nguyễn Thị Thử {index}-{person}",
                "birth_date": datetime.date(1980 + person % 20, 1 + person % 12, 1 + person % 28),
                "gender": Nominee.Gender.FEMALE,
                "ethnicity": "Tày",
                "position": "Công chức Văn hóa – Xã hội",
                "duties": "Phụ trách chuyển đổi số của xã.",
                "achievements": "\n".join(
                    f"{line}. Xây dựng, vận hành nhóm hỗ trợ người dân nộp hồ sơ trực tuyến tại "
                    "các thôn; hướng dẫn cài đặt, sử dụng ứng dụng định danh điện tử."
                    for line in range(1, 6)
                ),
                "summary": "Có giải pháp hỗ trợ người dân nộp hồ sơ trực tuyến.",
            },
            now=made_at,
        )
    services.submit_proposal(proposal, by=head, now=made_at)
    decisions = {n.pk: ("accept", "") for n in proposal.nominees.all()}
    services.review_proposal(proposal, by=office, decisions=decisions)
    return proposal, head


@benchmark("dossiers: one 20-nominee dossier")
def twenty_nominee_dossier(workdir):
    from config.celery import app
    from documents.models import GeneratedDocument
    from documents.services import request_document

    _campaign, window, office, _council, _members = _seed_campaign("d20")
    proposal, head = _dossier(window, "d20", 0, size(19, 1), office)
    # The runner leaves tasks waiting in memory: this benchmark renders them in-process.
    _use_broker(app, broker_url="memory://", task_always_eager=True)
    try:
        request_document("award_proposal_letter", proposal, by=head)  # warm fonts, templates
        papers = [("award_proposal_letter", proposal)] + [
            ("achievement_report", n) for n in proposal.nominees.all()
        ]
        started = time.perf_counter()
        documents = [request_document(kind, source, by=head) for kind, source in papers]
        elapsed = time.perf_counter() - started
    finally:
        _use_broker(app, broker_url="memory://", task_always_eager=False)
    done = GeneratedDocument.objects.filter(pk__in=[d.pk for d in documents], status="done")
    pages = sum(done.values_list("page_count", flat=True))
    assert done.count() == len(papers), list(
        GeneratedDocument.objects.exclude(status="done").values_list("kind", "status", "error")
    )
    return [
        ("papers (Tờ trình + 20 reports)", len(papers), "PDF+DOCX"),
        ("pages", pages, "pages"),
        ("time, requests + renders", elapsed, "s"),
        ("speed", pages / elapsed, "pages/s"),
    ]


@benchmark("dossiers: bulk print of 100 dossiers")
def bulk_print(workdir):
    from dossiers import services

    campaign, window, office, council, members = _seed_campaign("bulk")
    dossiers = size(BULK_DOSSIERS, 3)
    for index in range(dossiers):
        _dossier(window, "bulk", index, 1, office)
    submission = services.send_submission(
        services.start_submission(
            campaign, 2024, by=office, now=datetime.datetime(2024, 12, 10, 9, tzinfo=datetime.UTC)
        ),
        by=office,
        now=datetime.datetime(2024, 12, 10, 9, tzinfo=datetime.UTC),
    )
    meeting = services.open_meeting(
        submission,
        by=council,
        held_on=datetime.date(2025, 1, 15),
        place="Phòng họp",
        chair=members[0],
        members_present=members,
    )
    rows = []
    with _redis(workdir) as redis_url:
        for workers in (1, 2):
            elapsed, job, peaks = _bulk_with_workers(meeting, council, redis_url, workers, workdir)
            rows += [
                (f"{workers} worker(s): time to the merged file", elapsed, "s"),
                (f"{workers} worker(s): pages", job.page_count, "pages"),
                (f"{workers} worker(s): speed", job.page_count / elapsed, "pages/s"),
                (f"{workers} worker(s): dossiers", dossiers / elapsed, "dossiers/s"),
                (f"{workers} worker(s): peak RSS per worker", max(peaks), "MiB"),
            ]
    return rows


def _bulk_with_workers(meeting, council, redis_url, workers, workdir):
    from config.celery import app
    from dossiers import services
    from dossiers.models import BulkPrint

    processes = [_start_worker(redis_url, n, workdir) for n in range(workers)]
    try:
        _use_broker(app, broker_url=redis_url, task_always_eager=False)
        started = time.perf_counter()
        job = services.start_bulk_print(meeting, by=council)
        while True:
            job.refresh_from_db()
            if job.status != BulkPrint.Status.RUNNING:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        assert job.status == BulkPrint.Status.DONE, job.error
        peaks = [_peak_rss_mib(p.pid) for p in processes]
        return elapsed, job, peaks
    finally:
        _use_broker(app, broker_url="memory://", task_always_eager=True)
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def _use_broker(app, **conf):
    """Point this process's Celery app at another broker. The seeding ran tasks eagerly and
    left connection pools bound to memory://; Celery keeps them in private attributes,
    so they are dropped here (a benchmark-only switch, never done by the portal)."""
    app.conf.update(**conf)
    app._pool = None
    app.amqp._producer_pool = None


def _start_worker(redis_url, number, workdir):
    log = os.path.join(workdir, f"worker-{number}.log")
    env = {**os.environ, "REDIS_URL": redis_url, "CONN_MAX_AGE": "0"}
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING",
        f"--hostname=bench-{number}-{os.getpid()}@%h",
    ]  # fmt: skip
    with open(log, "wb") as handle:
        process = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while b"ready" not in open(log, "rb").read() and time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(open(log).read())
        time.sleep(0.1)
    return process


def _peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


class _redis:
    """A private Redis server for the run, on a free port, stopped by its own pid."""

    def __init__(self, workdir):
        self.workdir = workdir

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", self.workdir],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return url
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)
