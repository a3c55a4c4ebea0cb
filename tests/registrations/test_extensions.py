"""Extensions by exception: the office gives one unit a later deadline for one year."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Notice, Transition
from registrations import deadlines, services
from registrations.deadlines import LOCAL_TZ
from registrations.models import DeadlineExtension, Registration

from ..factories import RegistrationFactory, UnitFactory

NEW_DATE = datetime.date(2024, 3, 5)
# Five days after the year's deadline (before 20/2/2024), before the extension.
AFTER_DEADLINE = datetime.datetime(2024, 2, 25, 9, tzinfo=LOCAL_TZ)
GRANTED_AT = datetime.datetime(2024, 2, 18, 8, tzinfo=LOCAL_TZ)


def grant(window, unit, office, **kwargs):
    values = {
        "deadline_on": NEW_DATE,
        "reason": "Xã bị lũ quét, mất điện kéo dài.",
        "now": GRANTED_AT,
        **kwargs,
    }
    return services.grant_extension(window, unit, by=office, **values)


# --- the one rule of "before D" -------------------------------------------------------------


def test_is_on_time_uses_the_extension_date_when_there_is_one():
    deadline = datetime.date(2024, 2, 20)
    eve = datetime.datetime(2024, 3, 4, 23, 59, 59, tzinfo=LOCAL_TZ)
    day = datetime.datetime(2024, 3, 5, 0, 0, tzinfo=LOCAL_TZ)

    assert deadlines.is_on_time(eve, deadline) is False
    assert deadlines.is_on_time(eve, deadline, extended_on=NEW_DATE) is True
    assert deadlines.is_on_time(day, deadline, extended_on=NEW_DATE) is False


def test_an_extension_never_brings_the_deadline_forward():
    assert deadlines.effective_deadline(datetime.date(2024, 2, 20), datetime.date(2024, 2, 1)) == (
        datetime.date(2024, 2, 20)
    )


def test_window_judges_only_the_extended_unit_against_its_extension(
    window, unit, other_unit, office
):
    grant(window, unit, office)

    assert window.is_on_time(AFTER_DEADLINE, unit.pk) is True
    assert window.is_on_time(AFTER_DEADLINE, other_unit.pk) is False
    assert window.deadline_for_unit(unit.pk) == NEW_DATE
    assert window.deadline_for_unit(other_unit.pk) == datetime.date(2024, 2, 20)


# --- the service ------------------------------------------------------------------------------


def test_grant_extension_records_reason_who_when_and_tells_the_unit(window, unit, staff, office):
    extension = grant(window, unit, office)

    assert (extension.deadline_on, extension.granted_by, extension.granted_at) == (
        NEW_DATE,
        office,
        GRANTED_AT,
    )
    history = list(Transition.objects.for_object(extension))
    assert [(t.to_state, t.actor) for t in history] == [("granted", office)]
    assert history[0].comment == (
        "Gia hạn đăng ký đến trước ngày 05/03/2024. Lý do: Xã bị lũ quét, mất điện kéo dài."
    )
    assert history[0].to_label == "Đã gia hạn"
    assert Notice.objects.get(user=staff).text == (
        "UBND xã Lùng Vai được gia hạn đăng ký thi đua năm 2024 đến trước ngày 05/03/2024."
    )


def test_submission_after_the_year_deadline_but_before_the_extension_is_on_time(
    ready_registration, head, office
):
    grant(ready_registration.window, ready_registration.unit, office)

    services.submit_registration(ready_registration, by=head, now=AFTER_DEADLINE)

    ready_registration.refresh_from_db()
    assert ready_registration.is_late is False


def test_a_closed_window_accepts_the_extended_unit_until_its_new_date(
    ready_registration, head, office
):
    window = ready_registration.window
    window.is_closed = True
    window.save()
    grant(window, ready_registration.unit, office)

    services.submit_registration(ready_registration, by=head, now=AFTER_DEADLINE)

    ready_registration.refresh_from_db()
    assert ready_registration.status == Registration.Status.SUBMITTED


def test_a_late_registration_is_judged_again_when_the_extension_comes_after(
    ready_registration, head, office
):
    services.submit_registration(ready_registration, by=head, now=AFTER_DEADLINE)

    grant(
        ready_registration.window,
        ready_registration.unit,
        office,
        now=AFTER_DEADLINE + datetime.timedelta(days=1),
    )

    ready_registration.refresh_from_db()
    assert ready_registration.is_late is False
    last = Transition.objects.for_object(ready_registration).last()
    assert last.comment.endswith("Lần gửi đầu được xét lại: đúng hạn.")


def test_granting_again_changes_the_date_and_keeps_both_in_the_history(window, unit, office):
    grant(window, unit, office)

    grant(window, unit, office, deadline_on=datetime.date(2024, 3, 12), reason="Thêm 1 tuần.")

    extension = DeadlineExtension.objects.get()
    assert (extension.deadline_on, extension.reason) == (datetime.date(2024, 3, 12), "Thêm 1 tuần.")
    assert Transition.objects.for_object(extension).count() == 2


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"reason": "  "}, "Cần ghi rõ lý do gia hạn."),
        (
            {"deadline_on": datetime.date(2024, 2, 20)},
            "Ngày gia hạn phải sau hạn chung của năm (trước ngày 20/02/2024).",
        ),
    ],
)
def test_grant_extension_refuses_bad_input(window, unit, office, kwargs, message):
    with pytest.raises(services.RegistrationError) as error:
        grant(window, unit, office, **kwargs)

    assert str(error.value) == message
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("who", ["staff", "head", "council", "admin_user"])
def test_only_the_culture_office_grants_an_extension(request, window, unit, who):
    with pytest.raises(services.RegistrationError) as error:
        grant(window, unit, request.getfixturevalue(who))

    assert str(error.value) == (
        "Chỉ cơ quan thường trực phong trào (Phòng Văn hóa và Thông tin) mới gia hạn đăng ký "
        "cho đơn vị."
    )


def test_grant_extension_refuses_a_unit_not_expected_that_year(window, office):
    dissolved = UnitFactory(name="UBND xã Cũ", valid_to=datetime.date(2023, 12, 31))

    with pytest.raises(services.RegistrationError) as error:
        grant(window, dissolved, office)

    assert str(error.value) == "UBND xã Cũ không thuộc diện đăng ký thi đua năm 2024."


# --- pages ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_the_extension_pages(client, window):
    for response in (
        client.get(reverse("registrations:extensions")),
        client.post(reverse("registrations:extension_grant", args=[window.pk])),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["staff", "head"])
def test_extension_list_is_refused_to_units(client, request, window, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("registrations:extensions"), {"year": 2024})

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["staff", "head", "council", "admin_user"])
def test_only_the_office_may_post_an_extension(client, request, window, unit, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        reverse("registrations:extension_grant", args=[window.pk]),
        {"unit": unit.pk, "deadline_on": "05/03/2024", "reason": "Lũ quét."},
    )

    assert response.status_code == 403
    assert not DeadlineExtension.objects.exists()


def test_office_grants_an_extension_through_the_page(client, window, unit, office):
    client.force_login(office)

    response = client.post(
        reverse("registrations:extension_grant", args=[window.pk]),
        {"unit": unit.pk, "deadline_on": "05/03/2024", "reason": "Xã bị lũ quét."},
        follow=True,
    )

    assert DeadlineExtension.objects.get().unit == unit
    content = response.content.decode()
    assert "Đã gia hạn đăng ký cho UBND xã Lùng Vai đến trước ngày 05/03/2024." in content
    assert "Xã bị lũ quét." in content


def test_a_refused_extension_shows_the_reason_with_400(client, window, unit, office):
    client.force_login(office)

    response = client.post(
        reverse("registrations:extension_grant", args=[window.pk]),
        {"unit": unit.pk, "deadline_on": "10/02/2024", "reason": "Lũ quét."},
    )

    assert response.status_code == 400
    assert "Ngày gia hạn phải sau hạn chung của năm" in response.content.decode()
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("who", ["council", "admin_user"])
def test_council_and_admin_see_the_extensions_without_the_grant_form(
    client, request, window, unit, office, who
):
    grant(window, unit, office)
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("registrations:extensions"), {"year": 2024})

    content = response.content.decode()
    assert "Xã bị lũ quét, mất điện kéo dài." in content
    assert "05/03/2024" in content
    assert response.context["form"] is None


@pytest.mark.parametrize("rows", [1, 3])
def test_extension_list_query_count_does_not_grow_with_rows(
    client, window, office, django_assert_num_queries, rows
):
    for _ in range(rows):
        grant(window, RegistrationFactory(window=window).unit, office)
    client.force_login(office)

    with django_assert_num_queries(6):
        response = client.get(reverse("registrations:extensions"), {"year": 2024})

    assert len(response.context["extensions"]) == rows


def test_unit_sees_its_extension_and_its_history_on_its_registration(
    client, registration, staff, office
):
    grant(registration.window, registration.unit, office)
    client.force_login(staff)

    response = client.get(reverse("registrations:detail", args=[registration.pk]))

    content = response.content.decode()
    assert "Được gia hạn đăng ký đến trước ngày 05/03/2024" in content
    assert "Xã bị lũ quét, mất điện kéo dài." in content


def test_another_unit_sees_nothing_of_the_extension(client, registration, other_staff, office):
    grant(registration.window, registration.unit, office)
    client.force_login(other_staff)

    response = client.get(reverse("registrations:detail", args=[registration.pk]))

    assert response.status_code == 404


def test_overview_and_its_export_show_the_extension(client, registration, office):
    grant(registration.window, registration.unit, office)
    client.force_login(office)

    page = client.get(reverse("registrations:list"), {"year": 2024})
    export = client.get(reverse("registrations:export"), {"year": 2024})

    row = next(r for r in page.context["rows"] if r["unit_id"] == registration.unit_id)
    assert row["ext_text"] == "05/03/2024"
    sheet = load_workbook(filename=io.BytesIO(b"".join(export.streaming_content))).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[3][6] == "Gia hạn đến"
    assert ["UBND xã Lùng Vai", "05/03/2024"] == [
        next(r for r in values if r[1] == "UBND xã Lùng Vai")[i] for i in (1, 6)
    ]


def _select(html, name="unit"):
    select = html[html.index(f'name="{name}"') :]
    return select[: select.index("</select>")]


def test_the_grant_form_searches_the_units_instead_of_listing_them(client, window, unit, office):
    """A province has 2,000 units: the select offers what was searched, with the year kept."""
    UnitFactory(name="UBND xã Pha Long")
    client.force_login(office)
    page = reverse("registrations:extensions")

    html = client.get(page, {"year": 2024}).content.decode()
    searched = client.get(page, {"year": 2024, "tim_don_vi": "lung vai"}).content.decode()

    assert "UBND xã Lùng Vai" not in _select(html)
    assert "đơn vị phải đăng ký năm này." in html
    assert '<input type="hidden" name="year" value="2024">' in html  # kept by the search
    assert "UBND xã Lùng Vai" in _select(searched)
    assert "UBND xã Pha Long" not in _select(searched)
    assert "1 đơn vị khớp “lung vai”." in searched
