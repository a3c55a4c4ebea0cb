import datetime
import unicodedata

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Notice, Transition, Version
from registrations import services
from registrations.deadlines import LOCAL_TZ
from registrations.models import Registration

from ..conftest import PDF_BYTES
from ..factories import RegistrationFactory, TargetFactory, UnitFactory, UserFactory

ON_TIME = datetime.datetime(2024, 2, 19, 23, 59, 59, tzinfo=LOCAL_TZ)
LATE = datetime.datetime(2024, 2, 20, 0, 0, 0, tzinfo=LOCAL_TZ)


def test_start_registration_creates_a_draft_with_its_first_transition(window, staff):
    registration = services.start_registration(window, by=staff)

    assert registration.status == Registration.Status.DRAFT
    assert registration.unit == staff.unit
    assert [
        (t.from_state, t.to_state, t.actor) for t in Transition.objects.for_object(registration)
    ] == [("", "draft", staff)]


def test_a_unit_cannot_start_two_registrations_for_one_year(registration, staff):
    with pytest.raises(services.RegistrationError, match="đã có đăng ký"):
        services.start_registration(registration.window, by=staff)

    assert Registration.objects.count() == 1


def test_office_cannot_start_a_registration(window, office):
    with pytest.raises(services.RegistrationError, match="Chỉ cán bộ của đơn vị"):
        services.start_registration(window, by=office)


def test_a_unit_that_ended_before_the_year_cannot_register(window):
    ended = UnitFactory(valid_to=datetime.date(2023, 6, 30))
    staff = UserFactory(unit=ended)

    with pytest.raises(services.RegistrationError, match="không còn hoạt động"):
        services.start_registration(window, by=staff)


def test_update_registration_stores_text_in_nfc_and_replaces_targets(
    registration, staff, award_form
):
    nfd = unicodedata.normalize("NFD", "Nâng cao tỷ lệ hồ sơ")  # as some keyboards send it
    assert nfd != "Nâng cao tỷ lệ hồ sơ"

    services.update_registration(
        registration,
        by=staff,
        commitment=nfd,
        award_forms=[award_form],
        targets=[
            {
                "title": nfd,
                "measure": "%",
                "target_value": "90%",
                "product": "Báo cáo",
                "due_on": None,
            }
        ],
        individuals=[{"full_name": "Lò Văn A", "position": "Công chức", "award_form": award_form}],
    )

    registration.refresh_from_db()
    assert registration.commitment == "Nâng cao tỷ lệ hồ sơ"
    assert list(registration.targets.values_list("title", flat=True)) == ["Nâng cao tỷ lệ hồ sơ"]
    assert list(registration.individuals.values_list("full_name", flat=True)) == ["Lò Văn A"]
    assert list(registration.award_forms.all()) == [award_form]


def test_update_registration_stores_the_plan_under_a_generated_name(registration, staff):
    upload = SimpleUploadedFile("Kế hoạch CĐS.pdf", PDF_BYTES)

    services.update_registration(
        registration,
        by=staff,
        commitment="x",
        award_forms=[],
        targets=[],
        individuals=[],
        plan_file=upload,
    )

    registration.refresh_from_db()
    assert registration.action_plan_name == "Kế hoạch CĐS.pdf"
    assert registration.action_plan.name.startswith("plans/2024/")
    assert "Kế hoạch" not in registration.action_plan.name


def test_another_units_staff_cannot_update(registration, other_staff):
    with pytest.raises(services.RegistrationError, match="không thuộc đơn vị"):
        services.update_registration(
            registration, by=other_staff, commitment="x", award_forms=[], targets=[], individuals=[]
        )

    registration.refresh_from_db()
    assert registration.commitment == "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc."


def test_submit_on_the_eve_is_on_time_and_freezes_a_version(ready_registration, head, office):
    registration = services.submit_registration(ready_registration, by=head, now=ON_TIME)

    assert registration.status == Registration.Status.SUBMITTED
    assert registration.is_late is False
    assert registration.first_submitted_at == ON_TIME
    version = Version.objects.for_object(registration).get()
    assert version.number == 1
    assert version.data["targets"][0]["title"] == "Hồ sơ công việc xử lý trên môi trường mạng"
    assert version.data["is_late"] is False
    assert Notice.objects.filter(user=office).count() == 1


def test_only_the_office_of_the_campaigns_locality_is_told(ready_registration, head, office):
    """A commune's office (another organisation) is not told of this campaign's papers."""
    commune_office = UserFactory(
        office=True, username="vhxh", organisation=UnitFactory(name="UBND xã Bản Lầu")
    )

    services.submit_registration(ready_registration, by=head, now=ON_TIME)

    assert Notice.objects.filter(user=office).count() == 1
    assert not Notice.objects.filter(user=commune_office).exists()


def test_submit_at_midnight_of_the_deadline_is_flagged_late(ready_registration, head):
    registration = services.submit_registration(ready_registration, by=head, now=LATE)

    assert registration.is_late is True


def test_staff_cannot_submit(ready_registration, staff):
    with pytest.raises(services.RegistrationError, match="Chỉ thủ trưởng"):
        services.submit_registration(ready_registration, by=staff, now=ON_TIME)

    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.DRAFT


def test_submitting_a_submitted_registration_is_refused(ready_registration, head):
    services.submit_registration(ready_registration, by=head, now=ON_TIME)

    with pytest.raises(services.RegistrationError, match="không gửi được"):
        services.submit_registration(ready_registration, by=head, now=ON_TIME)

    assert Version.objects.for_object(ready_registration).count() == 1


def test_submit_without_targets_is_refused(registration, head):
    with pytest.raises(services.RegistrationError, match="ít nhất một chỉ tiêu"):
        services.submit_registration(registration, by=head, now=ON_TIME)


def test_submit_without_plan_file_is_refused(registration, head):
    TargetFactory(registration=registration)

    with pytest.raises(services.RegistrationError, match="tệp kế hoạch"):
        services.submit_registration(registration, by=head, now=ON_TIME)


def test_late_submission_is_refused_when_the_window_is_closed(ready_registration, head):
    ready_registration.window.is_closed = True
    ready_registration.window.save()

    with pytest.raises(services.RegistrationError, match="hết hạn"):
        services.submit_registration(ready_registration, by=head, now=LATE)

    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.DRAFT


def test_return_needs_a_reason_and_tells_the_unit(
    ready_registration, head, staff, office, django_capture_on_commit_callbacks
):
    services.submit_registration(ready_registration, by=head, now=ON_TIME)
    mail.outbox.clear()

    with pytest.raises(services.RegistrationError, match="lý do"):
        services.return_registration(ready_registration, by=office, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.return_registration(
            ready_registration, by=office, reason="Bổ sung sản phẩm cụ thể"
        )

    assert registration.status == Registration.Status.RETURNED
    assert registration.return_reason == "Bổ sung sản phẩm cụ thể"
    assert sorted(n.user.username for n in Notice.objects.filter(user__unit=registration.unit)) == [
        "canbo",
        "truong",
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Thi đua số] Đăng ký thi đua bị trả lại"
    assert "Bổ sung sản phẩm cụ thể" in mail.outbox[0].body
    assert sorted(mail.outbox[0].to) == ["canbo@example.invalid", "truong@example.invalid"]


def test_resubmission_keeps_the_first_submission_time_and_the_first_version(
    ready_registration, head, office
):
    services.submit_registration(ready_registration, by=head, now=ON_TIME)
    services.return_registration(
        ready_registration,
        by=office,
        reason="Sửa chỉ tiêu 1",
        now=ON_TIME + datetime.timedelta(seconds=1),
    )
    services.update_registration(
        ready_registration,
        by=head,
        commitment="Bản sửa",
        award_forms=[],
        targets=[
            {
                "title": "Chỉ tiêu mới",
                "measure": "",
                "target_value": "100%",
                "product": "Sổ",
                "due_on": None,
            }
        ],
        individuals=[],
    )

    registration = services.submit_registration(ready_registration, by=head, now=LATE)

    assert registration.first_submitted_at == ON_TIME
    assert registration.is_late is False
    versions = list(Version.objects.for_object(registration))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].data["targets"][0]["title"] == "Hồ sơ công việc xử lý trên môi trường mạng"
    assert versions[1].data["targets"][0]["title"] == "Chỉ tiêu mới"
    assert [t.to_state for t in Transition.objects.for_object(registration)] == [
        "submitted",
        "returned",
        "submitted",
    ]


def test_accept_is_for_the_culture_office_only(ready_registration, head, council):
    services.submit_registration(ready_registration, by=head, now=ON_TIME)

    with pytest.raises(
        services.RegistrationError,
        match=r"Chỉ cơ quan thường trực phong trào \(Phòng Văn hóa và Thông tin\) mới",
    ):
        services.accept_registration(ready_registration, by=council)

    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.SUBMITTED


def test_accepting_a_draft_is_refused(registration, office):
    with pytest.raises(services.RegistrationError, match="không xử lý được"):
        services.accept_registration(registration, by=office)


def test_accept_records_who_and_when(ready_registration, head, office):
    services.submit_registration(ready_registration, by=head, now=ON_TIME)

    registration = services.accept_registration(
        ready_registration, by=office, comment="Đạt yêu cầu"
    )

    assert registration.status == Registration.Status.ACCEPTED
    assert registration.reviewed_by == office
    last = Transition.objects.for_object(registration).last()
    assert (last.from_state, last.to_state, last.actor, last.comment) == (
        "submitted",
        "accepted",
        office,
        "Đạt yêu cầu",
    )


def test_editing_after_submission_is_refused(ready_registration, head):
    services.submit_registration(ready_registration, by=head, now=ON_TIME)

    with pytest.raises(services.RegistrationError, match="không sửa được"):
        services.update_registration(
            ready_registration,
            by=head,
            commitment="sửa lén",
            award_forms=[],
            targets=[],
            individuals=[],
        )

    ready_registration.refresh_from_db()
    assert ready_registration.commitment != "sửa lén"


def test_one_registration_per_unit_and_year_is_a_database_constraint(registration):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        RegistrationFactory(window=registration.window, unit=registration.unit)
