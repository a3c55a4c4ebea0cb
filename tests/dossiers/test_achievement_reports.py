"""Achievement reports as the Decree 152/2025 forms print them (issue 13): the sections and
blocks in order, part III as two tables read from the portal's own decisions, the
individual's own paper without a number, and the warnings about what is left to fill in."""

import pytest
from django.urls import reverse

from awards.models import Subject
from documents.models import GeneratedDocument
from documents.services import DocumentError, issue_document, request_document
from dossiers import services
from dossiers.models import AwardProposal, EligibilityOverride, PriorAward
from registrations.models import Registration

from ..documents import pdf
from ..factories import RegistrationFactory, WindowFactory
from .conftest import COLLECTIVE, PERSON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_tasks(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        if hasattr(result, "refresh_from_db"):
            result.refresh_from_db()
        return result

    return run


def rendered(run_on_commit, nominee, by):
    document = run_on_commit(request_document, "achievement_report", nominee, by=by)
    assert document.status == GeneratedDocument.Status.DONE, document.error
    with document.pdf.open("rb") as handle:
        return document, handle.read()


def in_order(data, phrases):
    """Each phrase found after the one before it in the extracted text."""
    text = pdf.squash(pdf.text(data))
    at = 0
    for phrase in phrases:
        found = text.find(pdf.squash(phrase), at)
        assert found >= 0, f"{phrase!r} missing or out of order"
        at = found + 1


def assert_laid_out(data):
    """Every drawn element inside the page; the last page holds more than the signatures."""
    assert pdf.outside(data) == []
    last = pdf.squash(pdf.reader(data).pages[-1].extract_text())
    assert "XÁCNHẬNCỦACẤPTRÌNHKHENTHƯỞNG" in last
    assert "Chưacó" in last or "Quyếtđịnhsố" in last or "THÀNHTÍCH" in last


def test_the_collective_report_has_sections_ii3_ii4_and_part_iii_as_two_tables(
    collective, staff, run_on_commit
):
    collective.policy_compliance = "Chấp hành nghiêm chủ trương, chính sách về chuyển đổi số."
    collective.party_activities = "Chi bộ đạt hoàn thành tốt nhiệm vụ; Đoàn xã vững mạnh."
    collective.save()
    PriorAward.objects.create(
        nominee=collective,
        kind=PriorAward.Kind.TITLE,
        year=2019,
        title="Tập thể lao động tiên tiến",
        decision_ref="Quyết định số 40/QĐ-UBND ngày 10/01/2020 của UBND huyện",
    )
    PriorAward.objects.create(
        nominee=collective,
        year=2020,
        title="Giấy khen của Chủ tịch UBND huyện",
        decision_ref="Quyết định số 18/QĐ-UBND ngày 15/01/2021",
    )

    _document, data = rendered(run_on_commit, collective, staff)

    in_order(
        data,
        [
            "BÁO CÁO THÀNH TÍCH",
            "Tên tập thể: UBND xã Lùng Vai",
            "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
            "1. Đặc điểm, tình hình",
            "2. Chức năng, nhiệm vụ",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            "Hồ sơ công việc xử lý trên môi trường mạng đạt 92%.",
            "3. Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước",
            "Chấp hành nghiêm chủ trương, chính sách về chuyển đổi số.",
            "4. Hoạt động của tổ chức đảng, đoàn thể",
            "Chi bộ đạt hoàn thành tốt nhiệm vụ",
            "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
            "1. Danh hiệu thi đua",
            "2019",
            "Tập thể lao động tiên tiến",
            "2. Hình thức khen thưởng",
            "2020",
            "Giấy khen của Chủ tịch UBND huyện",
            "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
        ],
    )
    assert_laid_out(data)


def test_the_individual_report_is_the_persons_own_paper_with_three_signature_blocks(
    individual, staff, head, run_on_commit
):
    individual.honours = "Thạc sĩ Quản lý công; giải Ba Hội thi tin học trẻ tỉnh 2019"
    individual.save()

    document, data = rendered(run_on_commit, individual, staff)

    in_order(
        data,
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BÁO CÁO THÀNH TÍCH",
            "I. SƠ LƯỢC LÝ LỊCH",
            "- Trình độ chuyên môn, lý luận chính trị: Đại học",
            "- Học hàm, học vị, danh hiệu, giải thưởng: Thạc sĩ Quản lý công",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
            "1. Danh hiệu thi đua",
            "2. Hình thức khen thưởng",
            "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ",
            "NGƯỜI BÁO CÁO THÀNH TÍCH",
            "Lò Văn Thắng",
            "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
        ],
    )
    # No agency heading, no number of the unit's register, no draft mark.
    for phrase in ("Số:", "/BC-", "DỰ THẢO", "ỦY BAN NHÂN DÂN"):
        assert not pdf.says(data, phrase), phrase
    assert_laid_out(data)
    # Not even the unit head can give it a number.
    with pytest.raises(DocumentError):
        issue_document(document, by=head)


def test_the_individual_report_downloads_without_a_draft_label(
    client, individual, staff, run_on_commit
):
    document, _data = rendered(run_on_commit, individual, staff)
    client.force_login(staff)

    response = client.get(reverse("documents:pdf", args=[document.pk]))

    name = response["Content-Disposition"]
    assert "du-thao" not in name and "bao-cao-thanh-tich" in name


def test_the_collective_report_is_still_numbered_by_the_unit(
    collective, staff, head, run_on_commit
):
    draft, _data = rendered(run_on_commit, collective, staff)

    issued = run_on_commit(issue_document, draft, by=head)

    assert issued.reference.endswith("/BC-UBND")


@pytest.fixture
def next_year_proposal(decision, council, unit, staff, campaign):
    """The 2024 Giấy khen issued through the portal, then the unit's 2025 proposal."""
    services.issue_decision(decision, by=council)
    registration = RegistrationFactory(
        window=WindowFactory(campaign=campaign, year=2025),
        unit=unit,
        status=Registration.Status.ACCEPTED,
    )
    EligibilityOverride.objects.create(unit=unit, year=2025, is_eligible=True, reason="Đạt")
    return services.start_proposal(registration, by=staff)


def test_part_iii_shows_the_portals_own_award_and_the_older_ones_typed_in(
    next_year_proposal, staff, giay_khen, run_on_commit
):
    person = services.add_nominee(
        next_year_proposal,
        by=staff,
        subject=Subject.INDIVIDUAL,
        award_form=giay_khen,
        data=PERSON,
        prior_awards=[
            {
                "kind": PriorAward.Kind.TITLE,
                "year": 2018,
                "title": "Chiến sĩ thi đua cơ sở",
                "decision_ref": "Quyết định số 31/QĐ-UBND ngày 12/01/2019",
            }
        ],
    )

    _document, data = rendered(run_on_commit, person, staff)

    in_order(
        data,
        [
            "1. Danh hiệu thi đua",
            "2018",
            "Chiến sĩ thi đua cơ sở",
            "2. Hình thức khen thưởng",
            "2024",
            "Giấy khen của Chủ tịch UBND huyện",
            "Quyết định số 12/QĐ-UBND ngày 20/01/2025",
        ],
    )
    assert not pdf.says(data, "Chưa có")


def test_another_person_of_the_same_name_does_not_inherit_the_award(
    next_year_proposal, staff, giay_khen, run_on_commit
):
    namesake = services.add_nominee(
        next_year_proposal,
        by=staff,
        subject=Subject.INDIVIDUAL,
        award_form=giay_khen,
        data={**PERSON, "birth_date": PERSON["birth_date"].replace(year=1990)},
    )

    _document, data = rendered(run_on_commit, namesake, staff)

    assert not pdf.says(data, "12/QĐ-UBND")


# --- placeholders and the Tờ trình before sending --------------------------------------------


@pytest.fixture
def with_placeholder(proposal, staff, eligible, giay_khen):
    return services.add_nominee(
        proposal,
        by=staff,
        subject=Subject.COLLECTIVE,
        award_form=giay_khen,
        data={**COLLECTIVE, "background": "Tổng số cán bộ, công chức: …"},
    )


def test_the_proposal_page_warns_of_placeholders_and_the_unnumbered_letter(
    client, proposal, with_placeholder, head
):
    client.force_login(head)

    page = client.get(reverse("dossiers:proposal_detail", args=[proposal.pk])).content.decode()

    assert "Lưu ý trước khi gửi:" in page
    assert "Báo cáo của UBND xã Lùng Vai còn chỗ “…” chưa điền: I.1. Đặc điểm, tình hình." in page
    assert "Tờ trình đề nghị khen thưởng chưa được cấp số và phát hành" in page
    assert 'name="confirm_warnings"' in page


def test_sending_with_warnings_needs_the_heads_confirmation(
    client, proposal, with_placeholder, head
):
    client.force_login(head)
    url = reverse("dossiers:proposal_submit", args=[proposal.pk])

    refused = client.post(url)
    proposal.refresh_from_db()
    assert refused.status_code == 400
    assert "Đã xem các lưu ý, vẫn gửi" in refused.content.decode()
    assert proposal.status == AwardProposal.Status.DRAFT

    sent = client.post(url, {"confirm_warnings": "1"})
    proposal.refresh_from_db()
    assert sent.status_code == 302
    assert proposal.status == AwardProposal.Status.SUBMITTED


def test_no_warning_once_the_letter_is_issued_and_the_reports_filled(
    client, proposal, collective, head, run_on_commit
):
    draft = run_on_commit(request_document, "award_proposal_letter", proposal, by=head)
    run_on_commit(issue_document, draft, by=head)
    client.force_login(head)

    page = client.get(reverse("dossiers:proposal_detail", args=[proposal.pk])).content.decode()
    response = client.post(reverse("dossiers:proposal_submit", args=[proposal.pk]))

    assert "Lưu ý trước khi gửi:" not in page
    assert response.status_code == 302


def test_the_nominee_page_shows_its_placeholders(client, with_placeholder, staff):
    client.force_login(staff)

    page = client.get(
        reverse("dossiers:nominee_detail", args=[with_placeholder.pk])
    ).content.decode()

    assert 'id="placeholders"' in page and "I.1. Đặc điểm, tình hình" in page
