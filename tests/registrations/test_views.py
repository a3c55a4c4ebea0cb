import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Version
from registrations import services
from registrations.deadlines import LOCAL_TZ
from registrations.models import Registration

from ..conftest import PDF_BYTES
from ..factories import RegistrationFactory, UnitFactory

ON_TIME = datetime.datetime(2024, 2, 10, 9, tzinfo=LOCAL_TZ)


def login(client, user):
    client.force_login(user)
    return client


def submitted(registration, head):
    return services.submit_registration(registration, by=head, now=ON_TIME)


# --- anonymous users are sent to the login page --------------------------------------------


@pytest.mark.parametrize(
    "name,args,method",
    [
        ("registrations:list", [], "get"),
        ("registrations:export", [], "get"),
        ("registrations:mine", [], "get"),
        ("registrations:start", ["window"], "post"),
        ("registrations:detail", ["registration"], "get"),
        ("registrations:edit", ["registration"], "get"),
        ("registrations:submit", ["registration"], "post"),
        ("registrations:accept", ["registration"], "post"),
        ("registrations:return", ["registration"], "post"),
        ("registrations:plan", ["registration"], "get"),
        ("registrations:version", ["registration", 1], "get"),
    ],
)
def test_anonymous_is_sent_to_login(client, registration, name, args, method):
    values = [
        registration.pk if a == "registration" else registration.window.pk if a == "window" else a
        for a in args
    ]
    url = reverse(name, args=values)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- another unit's registration is invisible (404) -----------------------------------------


@pytest.mark.parametrize(
    "name,method",
    [
        ("registrations:detail", "get"),
        ("registrations:edit", "get"),
        ("registrations:edit", "post"),
        ("registrations:submit", "post"),
        ("registrations:plan", "get"),
    ],
)
def test_other_unit_gets_404(client, ready_registration, other_head, name, method):
    login(client, other_head)

    response = getattr(client, method)(
        reverse(name, args=[ready_registration.pk]), {"commitment": "x"}
    )

    assert response.status_code == 404
    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.DRAFT
    assert ready_registration.commitment == "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc."


def test_other_unit_gets_404_for_a_frozen_version(client, ready_registration, head, other_head):
    submitted(ready_registration, head)
    login(client, other_head)

    response = client.get(reverse("registrations:version", args=[ready_registration.pk, 1]))

    assert response.status_code == 404


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["staff", "head", "council", "admin_user"])
def test_only_the_culture_office_accepts(client, request, ready_registration, head, user_fixture):
    submitted(ready_registration, head)
    login(client, request.getfixturevalue(user_fixture))

    response = client.post(reverse("registrations:accept", args=[ready_registration.pk]))

    assert response.status_code == 403
    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.SUBMITTED


def test_council_cannot_return(client, ready_registration, head, council):
    submitted(ready_registration, head)
    login(client, council)

    response = client.post(
        reverse("registrations:return", args=[ready_registration.pk]), {"reason": "x"}
    )

    assert response.status_code == 403


def test_staff_submit_is_refused_with_403(client, ready_registration, staff):
    login(client, staff)

    response = client.post(reverse("registrations:submit", args=[ready_registration.pk]))

    assert response.status_code == 403
    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.DRAFT


@pytest.mark.parametrize("user_fixture", ["office", "council", "admin_user"])
def test_non_unit_roles_cannot_open_the_unit_pages(client, request, registration, user_fixture):
    login(client, request.getfixturevalue(user_fixture))

    assert client.get(reverse("registrations:mine")).status_code == 403
    assert client.get(reverse("registrations:edit", args=[registration.pk])).status_code == 403
    assert (
        client.post(reverse("registrations:start", args=[registration.window.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("user_fixture", ["staff", "head"])
def test_unit_roles_cannot_open_the_office_list(client, request, registration, user_fixture):
    login(client, request.getfixturevalue(user_fixture))

    assert client.get(reverse("registrations:list")).status_code == 403
    assert client.get(reverse("registrations:export")).status_code == 403


# --- happy paths ----------------------------------------------------------------------------


def test_unit_staff_starts_a_registration_from_its_page(client, window, staff):
    login(client, staff)

    response = client.post(reverse("registrations:start", args=[window.pk]))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registrations:edit", args=[registration.pk])
    assert registration.unit == staff.unit


def test_starting_twice_shows_a_message_and_a_400(client, registration, staff):
    login(client, staff)

    response = client.post(reverse("registrations:start", args=[registration.window.pk]))

    assert response.status_code == 400
    assert "Đơn vị đã có đăng ký thi đua năm 2024." in response.content.decode()
    assert Registration.objects.count() == 1


def edit_payload(**extra):
    data = {
        "commitment": "Xây dựng chính quyền số tại xã",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-0-title": "Hồ sơ xử lý trên môi trường mạng",
        "targets-0-measure": "tỷ lệ %",
        "targets-0-target_value": "≥ 85%",
        "targets-0-product": "Báo cáo thống kê",
        "targets-0-due_on": "15/12/2024",
        "targets-1-title": "Tuyên truyền chuyển đổi số",
        "targets-1-target_value": "12 buổi",
        "targets-1-product": "Biên bản",
        "individuals-TOTAL_FORMS": "1",
        "individuals-INITIAL_FORMS": "0",
        "individuals-0-full_name": "",
        "individuals-0-position": "",
    }
    data.update(extra)
    return data


def test_staff_saves_targets_and_a_plan_file(client, registration, staff):
    login(client, staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("registrations:edit", args=[registration.pk]),
        edit_payload(action_plan=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES)),
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.commitment == "Xây dựng chính quyền số tại xã"
    assert [(t.title, t.due_on) for t in registration.targets.all()] == [
        ("Hồ sơ xử lý trên môi trường mạng", datetime.date(2024, 12, 15)),
        ("Tuyên truyền chuyển đổi số", None),
    ]
    assert registration.action_plan_name == "ke-hoach.pdf"
    assert registration.individuals.count() == 0


def test_a_target_without_product_is_refused_and_nothing_changes(client, registration, staff):
    login(client, staff)

    response = client.post(
        reverse("registrations:edit", args=[registration.pk]),
        edit_payload(**{"targets-1-product": ""}),
    )

    assert response.status_code == 400
    assert "Chưa lưu: vui lòng sửa các ô được đánh dấu." in response.content.decode()
    registration.refresh_from_db()
    assert registration.targets.count() == 0
    assert registration.commitment == "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc."


def test_a_renamed_text_file_is_refused_as_a_plan(client, registration, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, staff)

    response = client.post(
        reverse("registrations:edit", args=[registration.pk]),
        edit_payload(
            action_plan=SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf at all")
        ),
    )

    assert response.status_code == 400
    assert "không đúng định dạng" in response.content.decode()
    registration.refresh_from_db()
    assert not registration.action_plan


def test_an_oversized_plan_is_refused(client, registration, staff, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_MAX_BYTES = 1000
    login(client, staff)

    response = client.post(
        reverse("registrations:edit", args=[registration.pk]),
        edit_payload(action_plan=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES + b"0" * 2000)),
    )

    assert response.status_code == 400
    assert "vượt giới hạn" in response.content.decode()
    registration.refresh_from_db()
    assert not registration.action_plan


def test_head_submits_and_the_page_says_so(client, ready_registration, head):
    login(client, head)

    response = client.post(
        reverse("registrations:submit", args=[ready_registration.pk]), follow=True
    )

    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.SUBMITTED
    content = response.content.decode()
    assert "Đã gửi đăng ký thi đua tới Phòng Văn hóa và Thông tin." in content
    assert "Bản gửi lần 1" in content


def test_submitting_twice_is_a_400_with_a_message(client, ready_registration, head):
    submitted(ready_registration, head)
    login(client, head)

    response = client.post(reverse("registrations:submit", args=[ready_registration.pk]))

    assert response.status_code == 400
    assert "không gửi được" in response.content.decode()
    assert Version.objects.for_object(ready_registration).count() == 1


def test_editing_a_submitted_registration_is_a_400(client, ready_registration, head):
    submitted(ready_registration, head)
    login(client, head)

    response = client.post(
        reverse("registrations:edit", args=[ready_registration.pk]), edit_payload()
    )

    assert response.status_code == 400
    ready_registration.refresh_from_db()
    assert ready_registration.commitment == "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc."


def test_office_returns_with_a_reason_and_the_unit_sees_it(
    client, ready_registration, head, office
):
    submitted(ready_registration, head)
    login(client, office)

    client.post(
        reverse("registrations:return", args=[ready_registration.pk]),
        {"reason": "Thiếu sản phẩm cụ thể"},
    )

    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.RETURNED
    login(client, head)
    content = client.get(
        reverse("registrations:detail", args=[ready_registration.pk])
    ).content.decode()
    assert "Thiếu sản phẩm cụ thể" in content
    assert "Gửi lại đăng ký" in content


def test_return_without_reason_is_a_400_and_changes_nothing(
    client, ready_registration, head, office
):
    submitted(ready_registration, head)
    login(client, office)

    response = client.post(
        reverse("registrations:return", args=[ready_registration.pk]), {"reason": ""}
    )

    assert response.status_code == 400
    assert "Cần ghi rõ lý do trả lại" in response.content.decode()
    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.SUBMITTED


def test_office_accepts(client, ready_registration, head, office):
    submitted(ready_registration, head)
    login(client, office)

    response = client.post(
        reverse("registrations:accept", args=[ready_registration.pk]), follow=True
    )

    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.ACCEPTED
    assert "Đã tiếp nhận đăng ký của UBND xã Lùng Vai." in response.content.decode()


def test_the_frozen_version_shows_what_was_sent_after_later_edits(
    client, ready_registration, head, office
):
    submitted(ready_registration, head)
    services.return_registration(ready_registration, by=office, reason="Sửa")
    services.update_registration(
        ready_registration,
        by=head,
        commitment="Nội dung mới",
        award_forms=[],
        targets=[],
        individuals=[],
    )
    login(client, head)

    content = client.get(
        reverse("registrations:version", args=[ready_registration.pk, 1])
    ).content.decode()

    assert "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc." in content
    assert "Nội dung mới" not in content


def test_plan_download_serves_the_file_with_its_original_name(client, ready_registration, staff):
    login(client, staff)

    response = client.get(reverse("registrations:plan", args=[ready_registration.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'filename="ke-hoach.pdf"' in response["Content-Disposition"]


def test_the_unit_home_shows_status_and_time_left(client, registration, staff, time_machine):
    time_machine.move_to(datetime.datetime(2024, 2, 17, 9, tzinfo=LOCAL_TZ), tick=False)
    login(client, staff)

    content = client.get(reverse("home")).content.decode()

    assert "Đang soạn" in content
    assert "còn 2 ngày 15 giờ" in content
    assert "20/02/2024" in content


def test_after_the_movement_ended_the_home_says_so_instead_of_counting_days(
    client, window, office, time_machine
):
    """The plan 2022–2025 is history in 2026: its last year is shown without a countdown."""
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, tzinfo=LOCAL_TZ), tick=False)
    login(client, office)

    content = client.get(reverse("home")).content.decode()

    assert "phong trào đã kết thúc năm 2025" in content
    assert "quá hạn" not in content
    assert "Đăng ký thi đua năm 2024" in content


# --- the office list ------------------------------------------------------------------------


def test_office_list_shows_every_unit_with_its_status(
    client, window, office, ready_registration, head
):
    submitted(ready_registration, head)
    UnitFactory(name="UBND xã Bản Lầu")
    login(client, office)

    response = client.get(reverse("registrations:list"), {"year": 2024, "tier": "commune"})

    rows = [(row["name"], row["status_label"]) for row in response.context["rows"]]
    assert rows == [("UBND xã Bản Lầu", "Chưa đăng ký"), ("UBND xã Lùng Vai", "Đã gửi đúng hạn")]
    counts = {value: count for value, _label, count in response.context["counts"]}
    assert counts["on_time"] == 1 and counts["not_started"] == 1
    # Each row's badge has a visible tone (a bare "badge" is white text on white).
    page = response.content.decode()
    assert '<span class="badge text-bg-secondary">Chưa đăng ký</span>' in page
    assert '<span class="badge text-bg-primary">Đã gửi đúng hạn</span>' in page


def test_office_list_search_ignores_diacritics(client, window, office, registration):
    UnitFactory(name="UBND xã Bản Lầu")
    login(client, office)

    response = client.get(reverse("registrations:list"), {"year": 2024, "q": "lung vai"})

    assert [row["name"] for row in response.context["rows"]] == ["UBND xã Lùng Vai"]


def test_office_list_filters_by_status(client, window, office, registration):
    UnitFactory(name="UBND xã Bản Lầu")
    login(client, office)

    response = client.get(
        reverse("registrations:list"), {"year": 2024, "status": "not_started", "tier": "commune"}
    )

    assert [row["name"] for row in response.context["rows"]] == ["UBND xã Bản Lầu"]


def test_council_sees_the_list_read_only(client, window, council, ready_registration, head):
    submitted(ready_registration, head)
    login(client, council)

    list_page = client.get(reverse("registrations:list"), {"year": 2024}).content.decode()
    detail = client.get(
        reverse("registrations:detail", args=[ready_registration.pk])
    ).content.decode()

    assert "UBND xã Lùng Vai" in list_page
    assert "Chế độ xem" in list_page
    assert "Tiếp nhận" not in detail


def test_the_office_home_counts_are_computed_once_per_change_of_the_data(
    client, window, office, ready_registration, head, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        shown = {value: count for value, _label, count in response.context["counts"]}
        return shown, len(queries)

    login(client, office)
    before, first_queries = counts()
    again, cached_queries = counts()
    with django_capture_on_commit_callbacks(execute=True):  # the submission commits
        submitted(ready_registration, head)
    after, _queries = counts()

    assert again == before and cached_queries == first_queries - 1  # no aggregate the 2nd time
    assert (before["draft"], before["on_time"]) == (1, 0)
    assert (after["draft"], after["on_time"]) == (0, 1)


def test_the_overview_table_is_rendered_once_per_change_of_the_data(
    client, window, office, ready_registration, head, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def overview():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("registrations:list"), {"year": 2024})
        table = response.content.decode().split('<div id="overview">')[1]  # not the nonces
        return table, len(queries)

    login(client, office)
    before, first_queries = overview()
    again, cached_queries = overview()
    with django_capture_on_commit_callbacks(execute=True):  # the submission commits
        submitted(ready_registration, head)
    after, _queries = overview()

    # The second time neither the counts nor the rows are read again.
    assert again == before and cached_queries == first_queries - 2
    assert '<span class="badge text-bg-secondary">Đang soạn</span>' in before
    assert '<span class="badge text-bg-primary">Đã gửi đúng hạn</span>' in after


@pytest.mark.parametrize("rows", [1, 3])
def test_office_list_query_count_does_not_grow_with_rows(
    client, window, office, django_assert_num_queries, rows
):
    for _ in range(rows):
        RegistrationFactory(window=window)
    login(client, office)

    # Session, user, the windows (the year menu and the shown one), counts, rows.
    with django_assert_num_queries(5):
        response = client.get(reverse("registrations:list"), {"year": 2024, "tier": "commune"})

    assert len(response.context["rows"]) == rows


def test_office_list_is_paginated_with_counts_of_every_page(
    client, window, office, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("core.paging.PER_PAGE", 2)
    for name in ("UBND xã A Lù", "UBND xã Bản Lầu", "UBND xã Cao Sơn"):
        UnitFactory(name=name)
    login(client, office)

    with django_assert_num_queries(5):
        response = client.get(
            reverse("registrations:list"), {"year": 2024, "tier": "commune", "page": 2}
        )

    assert [row["name"] for row in response.context["rows"]] == ["UBND xã Cao Sơn"]
    counts = {value: count for value, _label, count in response.context["counts"]}
    assert counts["not_started"] == 3
    content = response.content.decode()
    assert "Trang 2/2" in content
    assert "Dòng 3–3 trong 3" in content
    assert "?year=2024&amp;tier=commune&amp;page=1" in content


@pytest.mark.parametrize("rows", [1, 3])
def test_unit_page_query_count_does_not_grow_with_rows(
    client, campaign, staff, django_assert_num_queries, rows
):
    from ..factories import WindowFactory

    for year in range(2022, 2022 + rows):
        RegistrationFactory(
            window=WindowFactory(campaign=campaign, year=year), unit=staff.unit, created_by=staff
        )
    login(client, staff)

    with django_assert_num_queries(4):
        response = client.get(reverse("registrations:mine"))

    assert len(response.context["registrations"]) == rows


def test_export_is_an_xlsx_with_one_row_per_unit(client, window, office, ready_registration, head):
    submitted(ready_registration, head)
    login(client, office)

    response = client.get(reverse("registrations:export"), {"year": 2024})

    import io

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A1"].value == "TÌNH HÌNH ĐĂNG KÝ THI ĐUA NĂM 2024"
    assert [c.value for c in sheet[5]][:4] == [
        1,
        "UBND xã Lùng Vai",
        "UBND xã, thị trấn",
        "Đã gửi đúng hạn",
    ]


def test_office_list_leaves_out_units_created_after_the_deadline(
    client, window, office, registration
):
    UnitFactory(name="UBND xã Mới Sáp Nhập", valid_from=datetime.date(2024, 7, 1))
    UnitFactory(name="UBND xã Cũ Đã Giải Thể", valid_to=datetime.date(2024, 1, 31))
    login(client, office)

    response = client.get(reverse("registrations:list"), {"year": 2024, "tier": "commune"})

    # Neither the commune created after the deadline nor the one dissolved before it is expected.
    assert [row["name"] for row in response.context["rows"]] == ["UBND xã Lùng Vai"]
