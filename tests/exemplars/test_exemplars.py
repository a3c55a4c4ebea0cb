"""Model examples (gương điển hình): the office writes and publishes them with a photo
checked by its content; the public pages show only the published ones."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from core.models import Transition
from exemplars import services
from exemplars.models import Exemplar
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def jpeg(name="anh.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def write(office, unit=None, photo=True, **fields):
    values = {
        "title": "Tổ công nghệ số cộng đồng",
        "story": "Tổ hướng dẫn người dân nộp hồ sơ trực tuyến.",
        "year": 2024,
        "unit": unit,
        "person_name": "" if unit else "Hoàng Thị Lan",
        "person_position": "" if unit else "Giáo viên",
        "photo_caption": "Buổi hướng dẫn",
        **fields,
    }
    return services.save_exemplar(None, by=office, photo=jpeg() if photo else None, **values)


def test_the_office_writes_a_draft_and_publishes_it(office, unit):
    exemplar = write(office, unit)
    assert exemplar.status == Exemplar.Status.DRAFT
    assert exemplar.photo.name.startswith("exemplars/2024/") and exemplar.photo_name == "anh.jpg"

    services.publish_exemplar(exemplar, by=office)

    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.PUBLISHED
    assert list(
        Transition.objects.filter(object_id=exemplar.pk, content_type__model="exemplar")
        .order_by("pk")
        .values_list("from_state", "to_state")
    ) == [("", "draft"), ("draft", "published")]


def test_only_the_office_writes_and_publishes(office, head, council, unit):
    for user in (head, council):
        with pytest.raises(
            services.ExemplarError, match="Chỉ cơ quan thường trực phong trào mới viết"
        ):
            write(user, unit)
    exemplar = write(office, unit)
    with pytest.raises(services.ExemplarError):
        services.publish_exemplar(exemplar, by=head)
    assert Exemplar.objects.get().status == Exemplar.Status.DRAFT


def test_the_photo_is_checked_by_its_content(office, unit):
    fake = SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(services.ExemplarError, match="không đúng định dạng"):
        services.save_exemplar(
            None, by=office, photo=fake, title="T", story="S", year=2024, unit=unit
        )
    pdf = SimpleUploadedFile("anh.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    with pytest.raises(services.ExemplarError, match="PNG, JPEG"):
        services.save_exemplar(
            None, by=office, photo=pdf, title="T", story="S", year=2024, unit=unit
        )
    assert not Exemplar.objects.exists()


def test_a_story_names_a_unit_or_a_person_and_needs_a_photo_to_go_public(office):
    with pytest.raises(services.ExemplarError, match="tập thể hoặc ghi họ tên"):
        write(office, None, person_name="")
    exemplar = write(office, None, photo=False)
    assert exemplar.who == "Hoàng Thị Lan, Giáo viên"
    with pytest.raises(services.ExemplarError, match="ảnh"):
        services.publish_exemplar(exemplar, by=office)


def test_public_pages_show_published_examples_only(client, office, unit, staff):
    published = services.publish_exemplar(write(office, unit), by=office)
    draft = write(office, None, title="Bài chưa công bố")

    page = client.get(reverse("exemplars:public_list")).content.decode()
    assert "Tổ công nghệ số cộng đồng" in page and "Bài chưa công bố" not in page
    assert client.get(reverse("exemplars:public_detail", args=[published.pk])).status_code == 200
    photo = client.get(reverse("exemplars:photo", args=[published.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    for name in ("public_detail", "photo"):
        assert client.get(reverse(f"exemplars:{name}", args=[draft.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("exemplars:public_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("exemplars:manage")).status_code == 403
    assert client.post(reverse("exemplars:publish", args=[draft.pk])).status_code == 403
    client.force_login(office)
    assert client.get(reverse("exemplars:public_detail", args=[draft.pk])).status_code == 200


def test_the_honour_roll_links_to_the_examples(client):
    page = client.get(reverse("honour_roll")).content.decode()
    assert reverse("exemplars:public_list") in page


def test_the_office_writes_publishes_and_withdraws_through_the_pages(client, office, unit):
    client.force_login(office)
    response = client.post(
        reverse("exemplars:manage"),
        {
            "title": "Cô giáo đưa lớp học số lên vùng cao",
            "story": "Cô tự học thiết kế bài giảng điện tử.",
            "year": "2024",
            "person_name": "Hoàng Thị Lan",
            "person_position": "Giáo viên",
            "photo": jpeg(),
        },
    )
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302
    client.post(reverse("exemplars:publish", args=[exemplar.pk]))
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.PUBLISHED
    client.post(reverse("exemplars:withdraw", args=[exemplar.pk]))
    exemplar.refresh_from_db()
    assert exemplar.status == Exemplar.Status.DRAFT

    bad = client.post(reverse("exemplars:manage"), {"title": "Thiếu", "year": "2024"})
    assert bad.status_code == 400
    assert Exemplar.objects.count() == 1


def test_the_public_list_makes_the_same_number_of_queries_for_1_and_3(client, office, unit):
    services.publish_exemplar(write(office, unit), by=office)
    client.get(reverse("exemplars:public_list"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("exemplars:public_list"))
    for _ in range(2):
        services.publish_exemplar(write(office, unit), by=office)
    with CaptureQueriesContext(connection) as third:
        page = client.get(reverse("exemplars:public_list")).content.decode()
    assert len(third) == len(first)
    assert page.count("Tổ công nghệ số cộng đồng") >= 3


def test_the_form_searches_the_units_and_the_edit_page_shows_the_chosen_one(client, office, unit):
    exemplar = write(office, unit)
    client.force_login(office)

    new = client.get(reverse("exemplars:manage")).content.decode()
    searched = client.get(reverse("exemplars:manage"), {"tim_don_vi": "LUNG VAI"}).content.decode()
    edit = client.get(reverse("exemplars:edit", args=[exemplar.pk])).content.decode()

    new_select = new[new.index('name="unit"') :]
    assert "UBND xã Lùng Vai" not in new_select[: new_select.index("</select>")]
    assert "Với cá nhân: đơn vị công tác (không bắt buộc)." in new
    assert "1 đơn vị khớp “LUNG VAI”." in searched
    assert f'<option value="{unit.pk}" selected>UBND xã Lùng Vai</option>' in edit


def test_a_refused_edit_keeps_the_unit_just_chosen_not_the_saved_one(client, office, unit):
    exemplar = write(office, unit)
    other = UnitFactory(name="UBND xã Pha Long")
    client.force_login(office)

    response = client.post(
        reverse("exemplars:edit", args=[exemplar.pk]),
        {"title": "", "story": "x", "year": "2024", "unit": other.pk},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert f'<option value="{other.pk}" selected>UBND xã Pha Long</option>' in html
    assert f'<option value="{unit.pk}" selected>' not in html
