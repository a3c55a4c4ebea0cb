"""Every role's pages in a real browser: axe-core finds nothing serious or critical, and
nothing scrolls sideways on a 390 px or a 320 px phone.

The demo is loaded once; each role then walks its portal from the home page, following
every link to a kind of page it has not seen yet (one page per URL shape, so
"/dang-ky/12/" and "/dang-ky/13/" count once).
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.conftest import PDF_BYTES
from tests.factories import (
    CampaignFactory,
    RegistrationFactory,
    UnitFactory,
    UserFactory,
    WindowFactory,
)

from .a11y import NOT_PAGES, check_page, url_shape
from .conftest import load_demo_data, log_in, with_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ThiDua@2025"
MAX_PAGES = 40


@pytest.fixture
def demo_site(live_server):
    """The demo (live-server tests are transactional: seed migrations are flushed)."""
    load_demo_data()
    return live_server


def _walk(page, start, limit=MAX_PAGES):
    """Visit pages breadth-first from `start`; yield a short name for each."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    queue, seen = list(start), set()
    visited = 0
    while queue and visited < limit:
        url = queue.pop(0)
        if url_shape(url) in seen or NOT_PAGES.search(urlsplit(url).path):
            continue
        seen.add(url_shape(url))
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download is not a page to walk
            if "Download is starting" in str(error):
                continue
            raise
        if (
            response is None
            or response.status != 200
            or "text/html" not in (response.headers.get("content-type", ""))
        ):
            continue
        visited += 1
        yield re.sub(r"[^a-z0-9]+", "-", url_shape(url).lower()).strip("-") or "home"
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            href = href.split("#")[0]
            if href.startswith(origin) and url_shape(href) not in seen:
                queue.append(href)


ROLES = {
    "unit-staff": "lungvai.canbo",
    "unit-head": "lungvai.truong",
    "office": "vhtt",
    "council": "hoidong",
    "admin": "quantri",
    "public": None,
}


def test_every_role_walks_its_pages_with_no_serious_axe_violation_and_no_sideways_scroll(
    demo_site, browser, browser_context_args, screenshot_dir
):
    """One walk per role over the same demo (loading it takes longer than a walk)."""
    problems, walked = [], {}

    for role, username in ROLES.items():
        context = browser.new_context(**browser_context_args, base_url=demo_site.url)
        page = context.new_page()
        if username:
            log_in(page, username, DEMO_PASSWORD)
            start = ["/"]
        else:
            start = ["/vinh-danh/", "/du-lieu-mo/", "/dang-nhap/"]
        walked[role] = []
        for name in _walk(page, [demo_site.url + path for path in start]):
            walked[role].append(name)
            problems += check_page(
                page, f"a11y-{role}-{name}", screenshot_dir, phone_axe=len(walked[role]) == 1
            )
        context.close()

    assert {role: len(names) >= 3 for role, names in walked.items()} == dict.fromkeys(ROLES, True)
    assert len(walked["office"]) >= 20, walked["office"]
    assert problems == [], "\n".join(problems)


@pytest.fixture
def draft_registration(live_server):
    """Lùng Vai's head with a draft registration in this year's open window."""
    today = timezone.localdate()
    campaign = CampaignFactory(start_year=today.year - 1, end_year=today.year + 1)
    window = WindowFactory(
        campaign=campaign,
        year=today.year,
        opens_on=today - datetime.timedelta(days=10),
        deadline_on=today + datetime.timedelta(days=30),
    )
    unit = UnitFactory(name="UBND xã Lùng Vai")
    head = with_password(UserFactory(unit=unit, head=True, username="lungvai.truong"))
    return RegistrationFactory(window=window, unit=unit, created_by=head)


def test_file_inputs_and_required_fields_speak_vietnamese(draft_registration, new_page):
    page = new_page()
    page.goto("/dang-nhap/")
    page.get_by_role("button", name="Đăng nhập").click()

    message = page.get_by_label("Tên đăng nhập").evaluate("el => el.validationMessage")

    assert message == "Vui lòng điền vào trường này."
    log_in(page, "lungvai.truong")
    page.goto(f"/dang-ky/{draft_registration.pk}/sua/")
    picker = page.locator(".file-picker").first
    expect(picker).to_contain_text("Chọn tệp")
    expect(picker).to_contain_text("Chưa chọn tệp")
    page.get_by_label("Tệp kế hoạch, chương trình hành động").set_input_files(
        files=[{"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    expect(picker.locator(".file-picker-name")).to_have_text("ke-hoach.pdf")


def test_the_keyboard_reaches_the_content_first_with_a_visible_focus(draft_registration, new_page):
    page = new_page()
    log_in(page, "lungvai.truong")
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
    page.wait_for_load_state()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.closest('main') !== null, s.outlineStyle, s.outlineWidth]; }"
    )
    assert focused == [True, "solid", "3px"]


def test_the_favicon_is_served(live_server, new_page):
    page = new_page()

    response = page.goto("/favicon.ico")

    assert (response.status, response.headers["content-type"]) == (200, "image/x-icon")
