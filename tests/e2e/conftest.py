"""Browser tests: pytest-playwright driving Debian's Chromium against `live_server`.

Playwright cannot download its own browser here, and pytest-playwright has no option
for an executable path, so the launch fixtures are overridden (toolchain notes §6).
Screenshots of key steps go to E2E_SCREENSHOT_DIR (default: a temporary folder).
"""

import datetime
import io
import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from criteria import services as criteria_services
from registrations.models import Registration
from security.permissions import must_use_second_factor
from tests.criteria.helpers import fill, review_lines
from tests.otp import totp_code, totp_device
from units.models import User

from .a11y import recheck_visited

LOCAL_TZ = datetime.timezone(datetime.timedelta(hours=7))

# The live server thread runs the ORM while Playwright's event loop is alive.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(scope="session")
def screenshot_dir():
    path = Path(os.environ.get("E2E_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="thidua-e2e-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def shoot(screenshot_dir, request):
    """Save a full-page screenshot named after the test and the step."""

    def shoot(page, step):
        page.screenshot(
            path=screenshot_dir / f"{request.node.originalname}-{step}.png", full_page=True
        )

    return shoot


@pytest.fixture
def new_page(browser, browser_context_args, live_server):
    """A page in a fresh browser context (its own cookies), one per person.

    Every page the test opens is recorded; after the test each kind of page is checked
    again with axe-core (tests/e2e/a11y.py) and a serious or critical violation fails it.
    """
    contexts = []

    def new_page():
        context = browser.new_context(**browser_context_args, base_url=live_server.url)
        context.set_default_timeout(15_000)
        visited = []
        contexts.append((context, visited))
        page = context.new_page()
        page.on(
            "framenavigated",
            lambda frame: visited.append(frame.url) if frame == frame.page.main_frame else None,
        )
        return page

    yield new_page
    problems = []
    for context, visited in contexts:
        problems += recheck_visited(context, visited)
        context.close()
    assert problems == [], "axe-core on the pages this test visited:\n" + "\n".join(problems)


PASSWORD = "mat-khau-thu-nghiem"


def with_password(user):
    """Store the factory's password (UserFactory sets it without saving); the roles that
    must use a second factor get an authenticator app (a TOTP device with a known secret)."""
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    if must_use_second_factor(user):
        totp_device(user)
    return user


def log_in(page, username, password=PASSWORD):
    """Sign in as a person does: password, then (if the account has an authenticator app)
    the 6-digit code the app shows, computed from the device's secret."""
    user = User.objects.filter(username=username).first()
    if user is not None and must_use_second_factor(user):
        # The person set up their app earlier (the demo creates none outside the embedded
        # mode): before the password step, which decides between the code and the set-up.
        totp_device(user)
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
    if device is not None and user.check_password(password):
        page.get_by_label("Mã xác thực").fill(totp_code(device))
        page.get_by_role("button", name="Xác nhận").click()


def seed_award_rules():
    """Seed the award rules again (transactional tests flush what migrations seeded).

    The seed migration's code runs on the models as they were then (AwardForm and the
    bonus rules lived in `dossiers`, they live in `awards` now). Its award forms are created
    on today's model first: columns added since (is_title, …) have no database default, so
    the old state could not insert them after a flush. Then the two-level forms (issue 9).
    """
    import importlib

    from django.apps import apps as django_apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from awards.models import AwardForm

    seed_migration = ("dossiers", "0003_seed_award_rules")
    seed_module = importlib.import_module("dossiers.migrations.0003_seed_award_rules")
    for code, name, level, order in seed_module.FORMS:
        AwardForm.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "order": order}
        )
    state = MigrationLoader(connection).project_state(seed_migration)
    seed_module.seed(state.apps, None)
    importlib.import_module("awards.migrations.0003_seed_two_level_award_forms").seed(
        django_apps, None
    )


def load_demo_data():
    """The demo (`load_demo`) in a transactional test's flushed database.

    On SQLite the first load in a test process is kept (the database through SQLite's
    backup API, the files it wrote under MEDIA_ROOT by copy) and later tests get that copy
    back, which takes a fraction of a second instead of a whole load (about 20 s each).
    The demo depends on the day it is loaded (the campaign open today), and tests load
    it before they move the clock. On PostgreSQL every test loads it.
    """
    if connection.vendor != "sqlite":
        seed_award_rules()
        call_command("load_demo", stdout=io.StringIO())
        return
    global _demo_snapshot
    media = Path(settings.MEDIA_ROOT)
    if _demo_snapshot is None or _demo_snapshot.day != datetime.date.today():
        before = _files_under(media)
        seed_award_rules()
        call_command("load_demo", stdout=io.StringIO())
        _demo_snapshot = _DemoSnapshot(media, _files_under(media) - before)
    else:
        _demo_snapshot.restore(media)


_demo_snapshot = None


def _files_under(root):
    return {path.relative_to(root) for path in root.rglob("*") if path.is_file()}


class _DemoSnapshot:
    """The demo database and files as the first load left them (SQLite only)."""

    def __init__(self, media, files):
        import shutil
        import sqlite3

        self.day = datetime.date.today()
        connection.ensure_connection()
        self.database = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.database)
        self.files = Path(tempfile.mkdtemp(prefix="thidua-demo-media-"))
        for name in files:
            (self.files / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(media / name, self.files / name)

    def restore(self, media):
        import shutil

        from django.core.cache import cache

        connection.ensure_connection()
        self.database.backup(connection.connection)
        shutil.copytree(self.files, media, dirs_exist_ok=True)
        cache.clear()  # figures cached for an earlier test's data must not be served


def load_scored_demo(time_machine):
    """The demo, plus Lùng Vai's 2024 results filled and scored (the criteria scenario).

    The 2024 awards were decided in January 2025, while Lùng Vai and the district still
    existed: the clock is set to 10/01/2025 (the council moves it to 20/01/2025)."""
    load_demo_data()
    time_machine.move_to(datetime.datetime(2025, 1, 10, 9, tzinfo=LOCAL_TZ), tick=True)
    registration = Registration.objects.get(unit__code="xa-lung-vai", window__year=2024)
    head = User.objects.get(username="lungvai.truong")
    office = User.objects.get(username="vhtt")
    assessment = criteria_services.start_assessment(registration, by=head)
    assessment = fill(assessment, head)
    assessment = criteria_services.submit_assessment(
        assessment, by=head, revision=assessment.revision
    )
    criteria_services.score_assessment(
        assessment, by=office, revision=assessment.revision, lines=review_lines(assessment)
    )


def open_meeting(council, *, day, place, chair, members):
    """On the meeting form (after "Mở phiên họp Hội đồng"): the day, the place, the chair and
    the members present; open the meeting and fill "Đồng ý" into every empty vote."""
    council.get_by_label("Ngày họp").fill(day)
    council.get_by_label("Địa điểm").fill(place)
    council.get_by_label("Chủ trì").select_option(label=chair)
    for member in members:
        council.get_by_label(member).check()
    council.get_by_role("button", name="Mở phiên họp").click()
    council.get_by_role("button", name="Điền “Đồng ý” vào các ô trống").click()
