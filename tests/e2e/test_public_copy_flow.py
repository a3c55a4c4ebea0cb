"""A visitor downloads the public copy of a demo decision (Decree 13/2023): the annex
names the awardees without their bonus."""

import pytest
from playwright.sync_api import expect

from tests.documents import pdf

from .conftest import load_demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server):
    load_demo_data()


def test_a_visitor_downloads_the_public_copy_of_a_decision(demo, new_page, shoot):
    visitor = new_page()
    visitor.goto("/vinh-danh/")
    visitor.get_by_role("link", name="Xem các quyết định khen thưởng đã ban hành").click()
    first = visitor.locator("section").first
    expect(first.get_by_role("link", name="Tải bản công khai (PDF)")).to_be_visible()
    shoot(visitor, "01-decisions")
    # The decision's awardees are on its own page, a page at a time.
    first.get_by_role("link", name="Danh sách khen thưởng").click()
    awardee = visitor.locator("tbody tr").first.locator("td").nth(1).inner_text()
    shoot(visitor, "02-awardees")

    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Tải bản công khai (PDF)").click()
    data = open(download.value.path(), "rb").read()

    assert download.value.suggested_filename.endswith("-ban-cong-khai.pdf")
    assert pdf.says(data, awardee)
    assert pdf.says(data, "Nghị định số 13/2023/NĐ-CP")
    annex = pdf.squash(pdf.reader(data).pages[-1].extract_text())
    assert "Tiềnthưởng" not in annex
