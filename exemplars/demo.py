"""Demo data: two published model examples (a commune and a person), each with a photo
drawn here (no photo of a real person ships with the demo)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from registrations.deadlines import LOCAL_TZ
from units.models import Unit, User

from . import services
from .models import Exemplar

STORIES = [
    {
        "title": "Tổ công nghệ số cộng đồng đến từng thôn",
        "unit_code": "xa-lung-vai",
        "person_name": "",
        "person_position": "",
        "year": 2024,
        "story": (
            "Năm 2024, UBND xã Lùng Vai thành lập tổ công nghệ số cộng đồng ở tất cả các thôn. "
            "Các tổ viên là thanh niên, giáo viên và cán bộ thôn, hướng dẫn người dân cài đặt "
            "ứng dụng định danh điện tử, nộp hồ sơ trực tuyến và thanh toán không dùng tiền mặt.\n"
            "Sau một năm, tỷ lệ hồ sơ trực tuyến của xã vượt chỉ tiêu đăng ký; cách làm được "
            "Phòng Văn hóa và Thông tin đề nghị nhân rộng ra các xã trong huyện."
        ),
        "photo_caption": "Tổ công nghệ số hướng dẫn người dân tại nhà văn hóa thôn",
        "colours": ((30, 90, 160), (250, 200, 60)),
    },
    {
        "title": "Cô giáo đưa lớp học số lên vùng cao",
        "unit_code": "",
        "person_name": "Hoàng Thị Lan",
        "person_position": "Giáo viên",
        "year": 2024,
        "story": (
            "Cô Hoàng Thị Lan tự học thiết kế bài giảng điện tử và lập nhóm trực tuyến để phụ "
            "huynh theo dõi việc học của con. Cô tổ chức các buổi hướng dẫn kỹ năng số cho "
            "phụ huynh vào cuối tuần.\n"
            "Cách làm của cô giúp học sinh người dân tộc thiểu số tiếp cận học liệu số ngay "
            "tại bản; nhiều trường trong huyện đã đến học tập."
        ),
        "photo_caption": "Giờ học với học liệu số tại điểm trường",
        "colours": ((20, 120, 90), (240, 240, 240)),
    },
]


def _photo(background, accent):
    """A simple 800×600 JPEG: a landscape of hills under the sun."""
    image = Image.new("RGB", (800, 600), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((560, 60, 700, 200), fill=accent)
    draw.polygon(
        [(0, 600), (0, 380), (220, 260), (460, 420), (800, 300), (800, 600)], fill=(40, 110, 60)
    )
    draw.polygon([(0, 600), (0, 470), (300, 400), (800, 520), (800, 600)], fill=(70, 150, 80))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")


def load():
    if Exemplar.objects.exists():
        return
    office = User.objects.get(username="vhtt")
    for index, item in enumerate(STORIES):
        at = datetime.datetime(2025, 1, 20 + index, 9, tzinfo=LOCAL_TZ)
        exemplar = services.save_exemplar(
            None,
            by=office,
            photo=_photo(*item["colours"]),
            now=at,
            title=item["title"],
            story=item["story"],
            year=item["year"],
            unit=Unit.objects.filter(code=item["unit_code"]).first() if item["unit_code"] else None,
            person_name=item["person_name"],
            person_position=item["person_position"],
            photo_caption=item["photo_caption"],
        )
        services.publish_exemplar(exemplar, by=office, now=at)
