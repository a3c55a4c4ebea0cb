"""A campaign year with known counts: on time, late, returned, draft, missing, a unit that
ended mid-period and its successor in another tier, a unit that started mid-period."""

import datetime

import pytest
from django.core.cache import cache

from criteria import services as criteria_services
from registrations.deadlines import LOCAL_TZ
from registrations.models import Registration
from reports.models import PeriodicReport, PeriodKind
from units.models import Tier

from ..criteria.helpers import SEED
from ..factories import RegistrationFactory, UnitFactory, UserFactory, WindowFactory, office_unit
from .factories import PeriodFactory, PeriodicReportFactory, ReportTargetFactory


def at(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LOCAL_TZ)


D = datetime.date


@pytest.fixture(autouse=True)
def fresh_cache():
    """The open-data rows are cached; every test starts without them."""
    cache.clear()
    yield
    cache.clear()


Status = Registration.Status
Report = PeriodicReport.Status


@pytest.fixture
def annual(campaign):
    return PeriodFactory(campaign=campaign, year=2024, kind=PeriodKind.ANNUAL)


@pytest.fixture
def six_month(campaign):
    return PeriodFactory(campaign=campaign, year=2024, kind=PeriodKind.SIX_MONTH)


def registered(window, unit, status, submitted_on, late):
    return RegistrationFactory(
        window=window,
        unit=unit,
        status=status,
        first_submitted_at=at(submitted_on) if submitted_on else None,
        submitted_at=at(submitted_on) if submitted_on else None,
        is_late=late,
    )


def reported(period, unit, status, submitted_on=None, late=None, **figures):
    return PeriodicReportFactory(
        period=period,
        unit=unit,
        status=status,
        first_submitted_at=at(submitted_on) if submitted_on else None,
        submitted_at=at(submitted_on) if submitted_on else None,
        is_late=late,
        **figures,
    )


@pytest.fixture
def known(campaign, window, annual):
    """Hand-counted year 2024 (window: before 20/02/2024; annual report: before 20/12/2024).

    Besides the campaign's two offices (district agencies, nothing sent):
    a commune: registered on time (accepted), annual report on time (acknowledged)
    b commune: registered late, report late (submitted)
    c commune: registered on time then returned, report on time then returned
    d commune: registration and report only drafted
    e enterprise: nothing at all
    f commune: ended 31/03/2024, nothing sent; its successor
    g district agency from 01/04/2024 (another tier): registered late, report drafted
    h enterprise from 01/06/2024: no registration, report on time
    i commune ended 30/11/2023: outside everything
    """
    u = {
        "a": UnitFactory(name="UBND xã An"),
        "b": UnitFactory(name="UBND xã Bình"),
        "c": UnitFactory(name="UBND xã Cát"),
        "d": UnitFactory(name="UBND xã Dương"),
        "e": UnitFactory(name="HTX Đào", tier=Tier.ENTERPRISE),
        "g": UnitFactory(
            name="Ban Quản lý Giang", tier=Tier.DISTRICT_AGENCY, valid_from=D(2024, 4, 1)
        ),
        "h": UnitFactory(name="Công ty Hòa", tier=Tier.ENTERPRISE, valid_from=D(2024, 6, 1)),
        "i": UnitFactory(name="UBND xã Ích", valid_to=D(2023, 11, 30)),
    }
    u["f"] = UnitFactory(name="UBND xã Phú", valid_to=D(2024, 3, 31), successor=u["g"])
    registered(window, u["a"], Status.ACCEPTED, D(2024, 2, 10), False)
    registered(window, u["b"], Status.SUBMITTED, D(2024, 2, 25), True)
    registered(window, u["c"], Status.RETURNED, D(2024, 2, 19), False)
    registered(window, u["d"], Status.DRAFT, None, None)
    registered(window, u["g"], Status.SUBMITTED, D(2024, 4, 10), True)
    a = reported(
        annual,
        u["a"],
        Report.ACKNOWLEDGED,
        D(2024, 12, 15),
        False,
        communication_activities=5,
        people_trained=40,
    )
    reported(
        annual,
        u["b"],
        Report.SUBMITTED,
        D(2024, 12, 22),
        True,
        communication_activities=3,
        people_trained=20,
    )
    c = reported(
        annual,
        u["c"],
        Report.RETURNED,
        D(2024, 12, 16),
        False,
        communication_activities=100,
        people_trained=100,
    )
    reported(annual, u["d"], Report.DRAFT)
    reported(annual, u["g"], Report.DRAFT, communication_activities=50)
    h = reported(
        annual, u["h"], Report.SUBMITTED, D(2024, 12, 18), False, communication_activities=1
    )
    b = PeriodicReport.objects.get(unit=u["b"])
    ReportTargetFactory(report=a, progress="met")
    ReportTargetFactory(report=a, progress="met")
    ReportTargetFactory(report=b, progress="in_progress")
    ReportTargetFactory(report=c, progress="met")
    ReportTargetFactory(report=h, progress="not_met")
    campaign.pilot_units.set([u["a"], office_unit(campaign)])
    return u


@pytest.fixture
def window_2023(campaign):
    return WindowFactory(campaign=campaign, year=2023)


@pytest.fixture
def commune_set(campaign):
    """The plan's commune criteria for 2024 (X1 ≥ 85%, X2 and X3 = 100%)."""
    return criteria_services.create_criterion_set(
        campaign, 2024, Tier.COMMUNE, rows=SEED["tiers"]["commune"]
    )


@pytest.fixture
def awarded_2024(window, unit, staff, head, office, council):
    """Lùng Vai's 2024 dossier taken through the council to an issued Giấy khen decision
    (20/01/2025): the commune and one official, bonus 1.410.000 + 710.000 đồng; Bản Lầu's
    proposal is still a draft (never sent: not counted)."""
    from awards.models import AwardForm, Subject
    from dossiers import services as dossier_services
    from dossiers.models import CouncilMember, EligibilityOverride, Vote

    from ..dossiers.conftest import COLLECTIVE, NOW, PERSON, accept_all, decision_data, vote_all

    giay_khen = AwardForm.objects.get(code="giay-khen-chu-tich-huyen")
    registration = RegistrationFactory(
        window=window, unit=unit, created_by=staff, status=Registration.Status.ACCEPTED
    )
    EligibilityOverride.objects.create(unit=unit, year=2024, is_eligible=True, reason="Đạt")
    proposal = dossier_services.start_proposal(registration, by=staff, now=NOW)
    for subject, data in ((Subject.COLLECTIVE, COLLECTIVE), (Subject.INDIVIDUAL, PERSON)):
        dossier_services.add_nominee(
            proposal, by=staff, subject=subject, award_form=giay_khen, data=data, now=NOW
        )
    accept_all(dossier_services.submit_proposal(proposal, by=head, now=NOW), office)
    members = [
        CouncilMember.objects.create(
            full_name=f"Thành Viên {i}", council_position="Ủy viên", order=i
        )
        for i in range(1, 6)
    ]
    submission = dossier_services.start_submission(window.campaign, 2024, by=office, now=NOW)
    submission = dossier_services.send_submission(submission, by=office, now=NOW)
    meeting = dossier_services.open_meeting(
        submission,
        by=council,
        held_on=D(2025, 1, 15),
        place="Phòng họp UBND huyện",
        chair=members[0],
        members_present=members[:4],
    )
    vote_all(meeting, council, Vote.Choice.YES)
    meeting, _quorum = dossier_services.close_meeting(meeting, by=council)
    decision = dossier_services.draft_decision(
        meeting, by=council, award_form=giay_khen, data=decision_data()
    )
    dossier_services.issue_decision(decision, by=council, now=at(D(2025, 1, 20)))
    other = UnitFactory(name="UBND xã Bản Lầu")
    other_staff = UserFactory(unit=other)
    dossier_services.start_proposal(
        RegistrationFactory(
            window=window, unit=other, created_by=other_staff, status=Registration.Status.ACCEPTED
        ),
        by=other_staff,
        now=NOW,
    )
    return proposal
