"""The office proposes collectives from outside the registered units (plan VI.1): a unit of
the portal's registry not registered in the campaign that year, or a collective typed by
name with its address (an enterprise, a cooperative, a community team)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.models import Subject
from core.models import Version
from documents.models import GeneratedDocument
from documents.services import request_document
from dossiers import document_kinds, honour, queries, services
from dossiers.models import AwardProposal, Nominee, Vote
from registrations.models import Registration

from ..documents import pdf
from ..factories import RegistrationFactory, UnitFactory, UserFactory
from .conftest import COLLECTIVE, NOW, decision_data, vote_all

pytestmark = pytest.mark.django_db

COOPERATIVE = {
    **COLLECTIVE,
    "collective_name": "Hợp tác xã Chè Shan tuyết Tả Thàng",
    "collective_address": "Thôn Tả Thàng, xã Tả Thàng; thuộc Liên minh Hợp tác xã tỉnh",
    "policy_compliance": "Chấp hành nghiêm chính sách, pháp luật.",
    "party_activities": "Chi đoàn thanh niên sinh hoạt hằng tháng.",
}


@pytest.fixture
def office_proposal(campaign, office):
    return services.start_office_proposal(
        campaign,
        by=office,
        year=2024,
        occasion=AwardProposal.Occasion.THEMATIC,
        title="Tập thể tiêu biểu trong chuyển đổi số nông nghiệp",
        now=NOW,
    )


@pytest.fixture
def unregistered_unit(db):
    return UnitFactory(
        name="Trung tâm Dịch vụ nông nghiệp huyện",
        code="tt-dv-nong-nghiep",
        address="Thị trấn Mường Khương",
    )


@pytest.fixture
def cooperative(office_proposal, office, giay_khen):
    return services.add_nominee(
        office_proposal,
        by=office,
        subject=Subject.COLLECTIVE,
        award_form=giay_khen,
        data=COOPERATIVE,
        now=NOW,
    )


def _add(proposal, by, award_form, **data):
    return services.add_nominee(
        proposal,
        by=by,
        subject=Subject.COLLECTIVE,
        award_form=award_form,
        data={**COLLECTIVE, **data},
        now=NOW,
    )


# --- services -----------------------------------------------------------------------------


def test_a_collective_typed_by_name_keeps_its_name_and_address(cooperative, office_proposal):
    assert cooperative.is_collective and cooperative.is_outside_collective
    assert cooperative.name == "Hợp tác xã Chè Shan tuyết Tả Thàng"
    assert cooperative.collective_address.startswith("Thôn Tả Thàng")
    assert cooperative.nominated_unit is None
    # The proposal's unit stays the standing office; the collective is not that unit.
    assert office_proposal.unit.name == "Phòng Văn hóa và Thông tin"
    assert cooperative.name != office_proposal.unit.name


def test_a_registry_unit_not_registered_that_year_is_named_from_the_registry(
    office_proposal, office, giay_khen, unregistered_unit
):
    nominee = _add(office_proposal, office, giay_khen, nominated_unit=unregistered_unit)

    assert nominee.nominated_unit == unregistered_unit
    assert nominee.name == "Trung tâm Dịch vụ nông nghiệp huyện"
    assert nominee.collective_address == "Thị trấn Mường Khương"  # the unit's own address
    assert unregistered_unit not in set(queries.outside_units(office_proposal))


def test_a_unit_registered_in_the_campaign_that_year_proposes_itself(
    office_proposal, office, giay_khen, window, unit
):
    RegistrationFactory(window=window, unit=unit, status=Registration.Status.SUBMITTED)
    assert unit not in set(queries.outside_units(office_proposal))

    with pytest.raises(services.DossierError, match="đã đăng ký thi đua năm 2024"):
        _add(office_proposal, office, giay_khen, nominated_unit=unit)
    assert not office_proposal.nominees.exists()


def test_a_typed_name_that_is_a_unit_of_the_portal_is_refused(
    office_proposal, office, giay_khen, unregistered_unit
):
    with pytest.raises(services.DossierError, match="chọn đơn vị này trong danh mục"):
        _add(
            office_proposal,
            office,
            giay_khen,
            collective_name="trung tâm dịch vụ nông nghiệp huyện",
        )


def test_a_collective_needs_a_unit_or_a_name_and_not_both(
    office_proposal, office, giay_khen, unregistered_unit
):
    with pytest.raises(services.DossierError, match="Chọn một đơn vị trong danh mục hoặc ghi tên"):
        _add(office_proposal, office, giay_khen)
    with pytest.raises(services.DossierError, match="không ghi thêm tên tập thể"):
        _add(
            office_proposal,
            office,
            giay_khen,
            nominated_unit=unregistered_unit,
            collective_name="Hợp tác xã khác",
        )


def test_the_same_collective_is_proposed_once(cooperative, office_proposal, office, giay_khen):
    with pytest.raises(services.DossierError, match="đã có trong đề xuất"):
        _add(office_proposal, office, giay_khen, collective_name=COOPERATIVE["collective_name"])


def test_the_office_proposal_holds_several_collectives_and_individuals(
    cooperative, office_proposal, office, giay_khen, unregistered_unit
):
    _add(office_proposal, office, giay_khen, nominated_unit=unregistered_unit)
    counts = queries.submission_counts(list(office_proposal.nominees.all()))
    assert counts == {"collectives": 2, "individuals": 0}


def test_the_database_refuses_collective_fields_on_an_individual(cooperative):
    with pytest.raises(IntegrityError), transaction.atomic():
        Nominee.objects.filter(pk=cooperative.pk).update(subject=Subject.INDIVIDUAL, full_name="X")


def test_a_collective_report_needs_its_outline_sections_before_sending(
    office_proposal, office, giay_khen
):
    _add(office_proposal, office, giay_khen, collective_name="Tổ công nghệ số", background="")
    with pytest.raises(services.DossierError, match="thiếu mục I. Sơ lược đặc điểm"):
        services.submit_proposal(office_proposal, by=office, now=NOW)


def test_sending_freezes_the_collective_and_puts_it_into_the_consolidation(
    cooperative, office_proposal, office, campaign
):
    # No criteria result exists for a collective outside the registered units: the office's
    # proposal is not held back by the eligibility of its own unit.
    services.submit_proposal(office_proposal, by=office, now=NOW)

    cooperative.refresh_from_db()
    assert cooperative.status == Nominee.Status.ACCEPTED
    frozen = Version.objects.for_object(office_proposal).get().data["nominees"][0]
    assert frozen["collective_name"] == "Hợp tác xã Chè Shan tuyết Tả Thàng"
    assert frozen["collective_address"].startswith("Thôn Tả Thàng")
    assert list(queries.consolidable_nominees(campaign, 2024)) == [cooperative]


def test_an_office_collective_sorts_by_its_own_name_among_the_units(
    accepted, office_proposal, office, campaign, giay_khen
):
    """By name, not under the office's unit in the order typed: "Hợp tác xã …", "Tổ …",
    then the unit "UBND xã …"."""
    _add(office_proposal, office, giay_khen, collective_name="Tổ công nghệ số cộng đồng")
    _add(office_proposal, office, giay_khen, collective_name="Hợp tác xã Chè Tả Thàng")
    services.submit_proposal(office_proposal, by=office, now=NOW)

    names = [
        n.name
        for n in queries.consolidable_nominees(campaign, 2024)
        if n.subject == Subject.COLLECTIVE
    ]

    assert names == [
        "Hợp tác xã Chè Tả Thàng",
        "Tổ công nghệ số cộng đồng",
        accepted.unit.name,
    ]
    assert accepted.unit.name == "UBND xã Lùng Vai"


def test_the_collective_goes_through_council_and_decision_with_a_collective_bonus(
    cooperative, office_proposal, office, campaign, council, members, giay_khen
):
    services.submit_proposal(office_proposal, by=office, now=NOW)
    submission = services.send_submission(
        services.start_submission(campaign, 2024, by=office, now=NOW), by=office, now=NOW
    )
    meeting = services.open_meeting(
        submission,
        by=council,
        held_on=datetime.date(2025, 1, 15),
        place="Phòng họp UBND huyện",
        chair=members[0],
        members_present=members[:4],
    )
    vote_all(meeting, council, Vote.Choice.YES)
    meeting, _quorum = services.close_meeting(meeting, by=council)
    decision = services.draft_decision(
        meeting, by=council, award_form=giay_khen, data=decision_data()
    )
    services.issue_decision(decision, by=council)

    cooperative.refresh_from_db()
    assert cooperative.status == Nominee.Status.AWARDED
    assert cooperative.bonus_amount == 1_410_000  # 0,6 × 2.340.000, rounded up
    row = document_kinds._row(cooperative)
    assert row["name"] == "Hợp tác xã Chè Shan tuyết Tả Thàng"
    assert row["where"].startswith("Thôn Tả Thàng")
    entry = next(e for e in honour.entries(2024) if e.is_collective)
    assert entry.name == "Hợp tác xã Chè Shan tuyết Tả Thàng"
    assert entry.unit_name.startswith("Thôn Tả Thàng")


def test_the_collective_report_follows_the_collective_outline(cooperative):
    content = document_kinds._report_content(cooperative)

    assert content["subject_kind"] == Subject.COLLECTIVE
    assert content["name"] == "Hợp tác xã Chè Shan tuyết Tả Thàng"
    assert content["address"].startswith("Thôn Tả Thàng")
    assert content["policy_compliance"] == ["Chấp hành nghiêm chính sách, pháp luật."]
    assert "person" not in content
    assert document_kinds._report_cites(cooperative) == []


def test_the_collective_report_prints_its_name_and_address(
    cooperative, office, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document("achievement_report", cooperative, by=office)
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    with document.pdf.open("rb") as handle:
        data = handle.read()

    for phrase in (
        "BÁO CÁO THÀNH TÍCH",
        "Tên tập thể: Hợp tác xã Chè Shan tuyết Tả Thàng",
        "Địa chỉ: Thôn Tả Thàng, xã Tả Thàng",
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Chấp hành nghiêm chính sách, pháp luật.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    ):
        assert pdf.says(data, phrase), phrase
    assert not pdf.says(data, "Tên tập thể: Phòng Văn hóa và Thông tin")


def test_earlier_awards_of_a_typed_collective_are_its_own(cooperative, office_proposal):
    # The standing office's own collective awards are not the cooperative's.
    assert queries.portal_awards(cooperative) == []


# --- views --------------------------------------------------------------------------------


def _post_collective(client, proposal, giay_khen, **fields):
    data = {
        "award_form": giay_khen.pk,
        "report_type": "full",
        "prior-TOTAL_FORMS": "0",
        "prior-INITIAL_FORMS": "0",
        **{k: v for k, v in COOPERATIVE.items()},
        **fields,
    }
    return client.post(reverse("dossiers:nominee_create", args=[proposal.pk, "collective"]), data)


def _registry(html):
    registry = html[html.index('id="id_nominated_unit"') :]
    return registry[: registry.index("</select>")]


def test_the_office_adds_a_typed_collective_through_the_page(
    client, office, office_proposal, giay_khen, unregistered_unit, unit, window
):
    RegistrationFactory(window=window, unit=unit, status=Registration.Status.ACCEPTED)
    client.force_login(office)
    detail = client.get(reverse("dossiers:proposal_detail", args=[office_proposal.pk]))
    assert "Đề xuất tập thể" in detail.content.decode()

    page = client.get(reverse("dossiers:nominee_create", args=[office_proposal.pk, "collective"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Báo cáo thành tích tập thể ngoài các đơn vị đăng ký" in html
    assert "Tên tập thể" in html and "Địa chỉ, cơ quan chủ quản" in html
    assert "II.3. Việc thực hiện chủ trương" in html  # the collective outline
    # The registry is searched, not listed whole (a province has 2,000 units): it offers
    # the unit that did not register, never the one that did.
    outside = queries.outside_units(office_proposal).count()
    assert f"Gõ tên vào ô tìm để chọn trong {outside} đơn vị chưa đăng ký thi đua năm 2024." in html
    assert "Trung tâm Dịch vụ nông nghiệp huyện" not in _registry(html)
    create = reverse("dossiers:nominee_create", args=[office_proposal.pk, "collective"])
    searched = client.get(create, {"tim_don_vi": "dich vu nong"}).content.decode()
    assert "Trung tâm Dịch vụ nông nghiệp huyện" in _registry(searched)
    assert "1 đơn vị khớp “dich vu nong”." in searched
    registered = client.get(create, {"tim_don_vi": unit.name}).content.decode()
    assert unit.name not in _registry(registered)
    assert f"Không có đơn vị nào khớp “{unit.name}”." in registered

    response = _post_collective(client, office_proposal, giay_khen)
    assert response.status_code == 302, response.content.decode()[:2000]
    nominee = office_proposal.nominees.get()
    assert nominee.collective_name == "Hợp tác xã Chè Shan tuyết Tả Thàng"
    detail = client.get(reverse("dossiers:proposal_detail", args=[office_proposal.pk]))
    assert "Thôn Tả Thàng, xã Tả Thàng" in detail.content.decode()


def test_the_page_names_a_registry_unit_and_edits_it(
    client, office, office_proposal, giay_khen, unregistered_unit
):
    client.force_login(office)
    response = _post_collective(
        client,
        office_proposal,
        giay_khen,
        nominated_unit=unregistered_unit.pk,
        collective_name="",
        collective_address="",
    )
    assert response.status_code == 302
    nominee = office_proposal.nominees.get()
    assert nominee.name == "Trung tâm Dịch vụ nông nghiệp huyện"

    edit = client.get(reverse("dossiers:nominee_edit", args=[nominee.pk]))
    html = edit.content.decode()
    assert edit.status_code == 200
    assert f'<option value="{unregistered_unit.pk}" selected>' in html  # shown unsearched


def test_the_search_shows_a_page_of_matches_and_any_unit_still_validates(
    client, office, office_proposal, giay_khen
):
    """Twenty-five communes unregistered: a search shows twenty; the twenty-fifth, not
    shown, is still a valid choice (the form checks against the whole registry)."""
    communes = [UnitFactory(name=f"UBND xã Số {n:02d}") for n in range(25)]
    client.force_login(office)
    create = reverse("dossiers:nominee_create", args=[office_proposal.pk, "collective"])

    html = client.get(create, {"tim_don_vi": "xa so"}).content.decode()

    assert _registry(html).count("<option") == 21  # the empty choice and twenty
    assert "Hiện 20 trong 25 đơn vị khớp “xa so”; gõ thêm để thu hẹp." in html
    assert communes[24].name not in _registry(html)
    response = _post_collective(
        client,
        office_proposal,
        giay_khen,
        nominated_unit=communes[24].pk,
        collective_name="",
        collective_address="",
    )
    assert response.status_code == 302
    assert office_proposal.nominees.get().nominated_unit == communes[24]


def test_the_page_refuses_a_collective_without_unit_or_name(
    client, office, office_proposal, giay_khen
):
    client.force_login(office)
    response = _post_collective(client, office_proposal, giay_khen, collective_name="")

    assert response.status_code == 400
    assert "Chọn một đơn vị trong danh mục hoặc ghi tên tập thể" in response.content.decode()
    assert not office_proposal.nominees.exists()


def test_another_units_member_gets_404_and_a_wrong_role_403(
    client, office_proposal, cooperative, staff, council, giay_khen
):
    client.force_login(staff)
    create = reverse("dossiers:nominee_create", args=[office_proposal.pk, "collective"])
    assert client.get(create).status_code == 404
    assert client.get(reverse("dossiers:nominee_detail", args=[cooperative.pk])).status_code == 404
    assert client.get(reverse("dossiers:nominee_edit", args=[cooperative.pk])).status_code == 404

    client.force_login(council)
    assert client.get(create).status_code == 403
    assert client.get(reverse("dossiers:nominee_edit", args=[cooperative.pk])).status_code == 403
    assert _post_collective(client, office_proposal, giay_khen).status_code == 403
    assert office_proposal.nominees.count() == 1


def test_another_organisations_office_cannot_add_a_collective(office_proposal, giay_khen):
    stranger = UserFactory(office=True, organisation=UnitFactory())
    with pytest.raises(services.DossierError):
        _add(office_proposal, stranger, giay_khen, collective_name="Hợp tác xã lạ")
    assert not office_proposal.nominees.exists()
