"""A campaign's roles as dated assignments, handed over at a date (issue 9)."""

import datetime

import pytest
from django.urls import reverse

from core.models import Transition
from documents.models import IssuingBody, Signer
from documents.services import DocumentError, issue_document, request_document
from registrations.models import CampaignRole
from registrations.roles import roles_on
from registrations.services import RegistrationError, hand_over_campaign

from ..factories import UnitFactory, UserFactory

LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)
HANDOVER_DAY = datetime.date(2025, 7, 1)
Kind = CampaignRole.Kind


@pytest.fixture
def province(db):
    body = IssuingBody.objects.create(
        code="ubnd-tinh",
        name="UBND tỉnh Thử Nghiệm",
        full_name="Ủy ban nhân dân tỉnh Thử Nghiệm",
        abbreviation="UBND",
        place_name="Thử Nghiệm",
    )
    Signer.objects.create(issuer=body, full_name="Nguyễn Thành Trung", position="Chủ tịch")
    return body


@pytest.fixture
def provincial_office(province):
    body = IssuingBody.objects.create(
        code="so-vh",
        name="Sở Văn hóa, Thể thao và Du lịch",
        full_name="Sở Văn hóa, Thể thao và Du lịch tỉnh Thử Nghiệm",
        abbreviation="SVHTTDL",
        parent=province,
        place_name="Thử Nghiệm",
        valid_from=HANDOVER_DAY,
    )
    Signer.objects.create(issuer=body, full_name="Hà Thị Thu", position="Giám đốc")
    return body


@pytest.fixture
def district_roles(campaign, office_body, district, admin_user):
    """The campaign's district roles from its start (the factory assigns them: the
    culture office, the district committee deciding and receiving), its bodies ending
    with the district level."""
    for body in (office_body, district):
        body.valid_to = LAST_DISTRICT_DAY
        body.save()
    assert roles_on(campaign, datetime.date(2022, 1, 1)).standing_office == office_body
    return campaign


def _hand_over(campaign, provincial_office, province, by):
    return hand_over_campaign(
        campaign,
        on=HANDOVER_DAY,
        assignments=[
            (Kind.STANDING_OFFICE, provincial_office),
            (Kind.AWARD_AUTHORITY, province),
            (Kind.REPORT_RECIPIENT, province),
        ],
        by=by,
        reason="Quyết định của UBND tỉnh giao tiếp nhận phong trào",
    )


def test_a_handover_ends_the_holders_the_day_before_and_records_who_when_why(
    district_roles, provincial_office, province, office_body, admin_user
):
    _hand_over(district_roles, provincial_office, province, admin_user)

    office_rows = CampaignRole.objects.filter(
        campaign=district_roles, kind=Kind.STANDING_OFFICE
    ).order_by("valid_from")
    assert [(r.body, r.valid_from, r.valid_to) for r in office_rows] == [
        (office_body, datetime.date(2022, 1, 1), LAST_DISTRICT_DAY),
        (provincial_office, HANDOVER_DAY, None),
    ]
    assert roles_on(district_roles, LAST_DISTRICT_DAY).standing_office == office_body
    assert roles_on(district_roles, HANDOVER_DAY).standing_office == provincial_office
    assert roles_on(district_roles, HANDOVER_DAY).authority() == province
    handover = Transition.objects.for_object(district_roles).order_by("at", "pk").last()
    assert handover.actor == admin_user
    assert handover.to_state == "handed_over"
    assert handover.comment == (
        "Từ ngày 01/07/2025: Cơ quan thường trực phong trào: Phòng Văn hóa và Thông tin → "
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Thử Nghiệm; Cấp quyết định khen thưởng: "
        "Ủy ban nhân dân huyện Thử Nghiệm → Ủy ban nhân dân tỉnh Thử Nghiệm; Nơi nhận báo "
        "cáo (Kính gửi): Ủy ban nhân dân huyện Thử Nghiệm → Ủy ban nhân dân tỉnh Thử Nghiệm. "
        "Lý do: Quyết định của UBND tỉnh giao tiếp nhận phong trào"
    )


def test_only_an_admin_hands_a_campaign_over(district_roles, provincial_office, province, office):
    with pytest.raises(RegistrationError, match="Chỉ quản trị hệ thống"):
        _hand_over(district_roles, provincial_office, province, office)
    assert not CampaignRole.objects.filter(body=provincial_office).exists()


def test_a_body_not_in_force_on_the_day_is_refused_naming_its_successor(
    district_roles, office_body, provincial_office, admin_user
):
    office_body.successor = provincial_office
    office_body.save()
    with pytest.raises(RegistrationError) as refused:
        hand_over_campaign(
            district_roles,
            on=HANDOVER_DAY,
            assignments=[(Kind.COUNCIL_SECRETARIAT, office_body)],
            by=admin_user,
            reason="Thử",
        )
    assert str(refused.value) == (
        "“Phòng Văn hóa và Thông tin” không còn hoạt động ngày 01/07/2025; cơ quan kế thừa: "
        "“Sở Văn hóa, Thể thao và Du lịch tỉnh Thử Nghiệm”."
    )


def test_a_handover_needs_a_reason_and_cannot_go_back_before_a_later_one(
    district_roles, provincial_office, province, admin_user
):
    with pytest.raises(RegistrationError, match="Cần ghi lý do"):
        hand_over_campaign(
            district_roles,
            on=HANDOVER_DAY,
            assignments=[(Kind.AWARD_AUTHORITY, province)],
            by=admin_user,
            reason="  ",
        )
    _hand_over(district_roles, provincial_office, province, admin_user)
    with pytest.raises(RegistrationError) as refused:
        hand_over_campaign(
            district_roles,
            on=datetime.date(2025, 6, 1),
            assignments=[(Kind.AWARD_AUTHORITY, province)],
            by=admin_user,
            reason="Lùi ngày",
        )
    assert str(refused.value) == (
        "Cấp quyết định khen thưởng đã được giao cho “Ủy ban nhân dân tỉnh Thử Nghiệm” "
        "từ ngày 01/07/2025."
    )


def test_a_day_no_assignment_covers_is_refused_in_vietnamese(district_roles):
    with pytest.raises(DocumentError) as refused:
        roles_on(district_roles, datetime.date(2021, 12, 31)).body(Kind.STANDING_OFFICE)
    assert str(refused.value) == (
        f"Phong trào “{district_roles.name}” chưa có cơ quan thường trực phong trào ngày "
        "31/12/2021 (quản trị hệ thống cần bàn giao)."
    )


@pytest.mark.parametrize(
    ("day", "issuer", "addressee", "signer"),
    [
        (
            LAST_DISTRICT_DAY,
            ["PHÒNG VĂN HÓA VÀ THÔNG TIN"],
            "Ủy ban nhân dân huyện Thử Nghiệm",
            "Nguyễn Văn An",
        ),
        (
            HANDOVER_DAY,
            ["SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"],
            "Ủy ban nhân dân tỉnh Thử Nghiệm",
            "Hà Thị Thu",
        ),
    ],
)
def test_papers_dated_from_the_handover_carry_the_successor(
    day,
    issuer,
    addressee,
    signer,
    district_roles,
    window,
    office,
    provincial_office,
    province,
    admin_user,
    run_on_commit,
    time_machine,
):
    _hand_over(district_roles, provincial_office, province, admin_user)
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC))

    draft = run_on_commit(request_document, "registration_report", window, by=office)
    issued = run_on_commit(issue_document, draft, by=office, today=day)

    letterhead = issued.snapshot["letterhead"]
    assert letterhead["issuer_lines"] == issuer
    assert issued.snapshot["content"]["addressees"] == [addressee]
    assert issued.issuance.signer.full_name == signer


def test_the_handover_page_is_for_admins_only(client, district_roles, office, council, staff):
    url = reverse("registrations:handover", args=[district_roles.pk])
    for user in (office, council, staff):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


def test_the_handover_page_hands_over_and_shows_the_history(
    client, district_roles, admin_user, provincial_office, province
):
    client.force_login(admin_user)
    url = reverse("registrations:handover", args=[district_roles.pk])

    response = client.post(
        url,
        {
            "on": "01/07/2025",
            "standing_office": provincial_office.pk,
            "award_authority": province.pk,
            "reason": "Quyết định của UBND tỉnh",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Bàn giao phong trào" in page
    assert "Sở Văn hóa, Thể thao và Du lịch tỉnh Thử Nghiệm" in page
    assert "đến hết 30/06/2025" in page and "từ 01/07/2025" in page
    assert "Lý do: Quyết định của UBND tỉnh" in page
    assert "đang đảm nhận" in page


def test_a_refused_handover_says_why_on_the_page(client, district_roles, admin_user, province):
    client.force_login(admin_user)
    url = reverse("registrations:handover", args=[district_roles.pk])
    response = client.post(url, {"on": "01/07/2025", "reason": "Thử"})
    assert response.status_code == 400
    assert "Chưa chọn cơ quan nào nhận bàn giao." in response.content.decode()


def test_the_handover_offers_only_bodies_existing_during_the_campaign(
    client, district_roles, admin_user, province, provincial_office
):
    """A body that ended before the campaign began, or starts after it ends, cannot
    hold its roles: it is not offered."""
    gone = IssuingBody.objects.create(
        code="huyen-cu",
        name="UBND huyện Đã Giải Thể",
        abbreviation="UBND",
        place_name="Thử Nghiệm",
        valid_to=datetime.date(2019, 12, 31),
    )
    later = IssuingBody.objects.create(
        code="xa-sau",
        name="UBND xã Sau Này",
        abbreviation="UBND",
        place_name="Thử Nghiệm",
        valid_from=datetime.date(2031, 1, 1),
    )
    client.force_login(admin_user)
    page = client.get(reverse("registrations:handover", args=[district_roles.pk])).content.decode()
    assert provincial_office.name in page
    assert gone.name not in page and later.name not in page


# --- Who proposes for the standing office (the office's own award proposals) ---------------


def test_the_standing_office_proposes_through_its_own_unit(district_roles, office_body, office):
    roles = roles_on(district_roles, LAST_DISTRICT_DAY)

    assert roles.proposing_unit(office) == office_body.unit


def test_after_a_handover_to_a_body_without_unit_the_last_office_with_one_proposes(
    district_roles, provincial_office, province, office_body, admin_user, office
):
    _hand_over(district_roles, provincial_office, province, admin_user)
    assert provincial_office.unit is None

    after = roles_on(district_roles, datetime.date(2025, 9, 1))
    assert after.standing_office == provincial_office
    assert after.proposing_unit(office) == office_body.unit


def test_without_any_office_unit_the_users_own_unit_proposes(district_roles, office_body):
    own = UnitFactory(name="Phòng Văn hóa - Xã hội")
    office = UserFactory(office=True, unit=own)
    CampaignRole.objects.filter(campaign=district_roles, kind=Kind.STANDING_OFFICE).update(
        valid_from=datetime.date(2024, 1, 1)
    )
    # A day no standing office covers: the user's own unit.
    assert roles_on(district_roles, datetime.date(2023, 5, 1)).proposing_unit(office) == own
    assert roles_on(district_roles, datetime.date(2023, 5, 1)).proposing_unit() is None
    # The office's body without a unit and no earlier one with a unit: the user's own.
    office_body.unit = None
    office_body.save()
    assert roles_on(district_roles, LAST_DISTRICT_DAY).proposing_unit(office) == own
