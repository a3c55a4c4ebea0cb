"""The shared pieces every app uses: the one way to write dates and shares, the one
status badge, the one rule of who sees a unit's documents, and the layers themselves."""

import datetime
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.template import Context, Template

from core.text import local_time, percent, share_text, short_date
from registrations.models import Registration
from tests.factories import RegistrationFactory, UnitFactory, UserFactory
from units.models import Role

ROOT = Path(__file__).resolve().parents[2]


def test_dates_times_and_shares_are_written_the_vietnamese_way():
    assert short_date(datetime.date(2024, 2, 5)) == "05/02/2024"
    assert short_date(None) == ""
    moment = datetime.datetime(2024, 2, 5, 1, 30, tzinfo=datetime.UTC)
    assert local_time(moment) == "08:30 05/02/2024"  # Asia/Ho_Chi_Minh
    assert share_text(1, 8) == "12,5%"
    assert share_text(2, 4) == "50%"
    assert share_text(0, 0) == "0%"
    assert share_text(1, 16) == "6,3%"  # 6.25 rounds half up, as the criteria do


def test_one_percent_form_for_criteria_reports_and_templates():
    # Vietnamese official documents write "85,7%": comma, no space before the sign.
    assert percent(85.7) == "85,7%"
    assert percent(Decimal("87.50")) == "87,5%"
    assert percent(Decimal("90.0")) == "90%"
    assert percent(Decimal("89.99")) == "90%"
    assert percent(1234.5) == "1.234,5%"
    assert percent(Decimal("87.5"), 2) == "87,5%"
    assert percent(None) == ""
    filtered = Template("{% load core_text %}{{ a|percent }}|{{ b|percent }}|{{ c|percent }}")
    assert filtered.render(Context({"a": Decimal("87.5"), "b": 85.0, "c": None})) == "87,5%|85%|"


def test_one_badge_colours_every_state_by_meaning():
    badge = Template('{% include "includes/_status_badge.html" with status=s label=l %}')
    returned = badge.render(Context({"s": "returned", "l": "Bị trả lại"}))
    accepted = badge.render(Context({"s": "accepted", "l": "Đã tiếp nhận"}))
    assert 'class="badge text-bg-danger">Bị trả lại<' in returned
    assert 'class="badge text-bg-success">Đã tiếp nhận<' in accepted


def test_a_unit_sees_its_own_documents_and_the_district_side_sees_all(db):
    unit, other = UnitFactory(), UnitFactory()
    mine = RegistrationFactory(unit=unit)
    RegistrationFactory(unit=other)
    staff = UserFactory(role=Role.UNIT_STAFF, unit=unit)
    office = UserFactory(role=Role.CULTURE_OFFICE, unit=None)
    assert list(Registration.objects.visible_to(staff)) == [mine]
    assert Registration.objects.visible_to(office).count() == 2


def test_no_app_imports_an_app_above_it():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 kept, 0 broken" in result.stdout
