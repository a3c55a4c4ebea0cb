"""The built-in demo data: the Mường Khương 2022–2025 plan (seed/), its units, history.

People are invented; enterprises and cooperatives are fictional and say so in their names.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import criteria.demo
import dossiers.demo
import exemplars.demo
import inspections.demo
import reports.demo
from awards.models import AwardForm
from core.models import Notice
from demo import current
from documents import demo as documents_demo
from documents.models import IssuingBody
from documents.services import issuer_for_unit
from registrations import services as registration_services
from registrations.demo import load_extension
from registrations.demo import moment as _moment
from registrations.demo import unit_head as _unit_head
from registrations.models import Campaign, CampaignRole, DeadlineOverride, Registration
from registrations.services import hand_over_campaign
from security import services as security_services
from security.permissions import must_use_second_factor
from units.models import Role, Unit, User
from units.services import import_units

SEED_DIR = Path(settings.BASE_DIR) / "seed"
DEMO_PASSWORD = "ThiDua@2025"

# (username, full name, role, unit code, position)
ACCOUNTS = [
    ("lungvai.canbo", "Lò Thị Mai", Role.UNIT_STAFF, "xa-lung-vai", "Công chức Văn hóa – Xã hội"),
    ("lungvai.truong", "Vàng Văn Sính", Role.UNIT_HEAD, "xa-lung-vai", "Chủ tịch UBND xã"),
    ("vhtt", "Nguyễn Thu Hà", Role.CULTURE_OFFICE, None, "Chuyên viên Phòng Văn hóa và Thông tin"),
    (
        "hoidong",
        "Trần Minh Đức",
        Role.COUNCIL,
        None,
        "Chuyên viên Phòng Nội vụ, thư ký Hội đồng TĐKT",
    ),
    ("quantri", "Phạm Quốc Huy", Role.ADMIN, None, "Quản trị hệ thống"),
]

TARGETS = {
    "district_agency": [
        (
            "Hồ sơ công việc xử lý trên môi trường mạng",
            "tỷ lệ % (trừ hồ sơ mật)",
            "≥ 90%",
            "Báo cáo thống kê từ hệ thống quản lý văn bản",
        ),
        ("Văn bản điện tử có ký số", "tỷ lệ % văn bản đi", "100%", "Sổ văn bản điện tử"),
    ],
    "commune": [
        (
            "Hồ sơ công việc xử lý trên môi trường mạng",
            "tỷ lệ % (trừ hồ sơ mật)",
            "≥ 85%",
            "Báo cáo thống kê từ hệ thống quản lý văn bản",
        ),
        (
            "Tuyên truyền chuyển đổi số tới các thôn",
            "số buổi",
            "12 buổi",
            "Biên bản các buổi tuyên truyền",
        ),
        (
            "Tổ công nghệ số cộng đồng hoạt động",
            "số tổ",
            "100% thôn có tổ",
            "Quyết định thành lập tổ",
        ),
    ],
    "enterprise": [
        (
            "Sản phẩm đưa lên sàn thương mại điện tử",
            "tỷ lệ % sản phẩm đủ điều kiện",
            "> 90%",
            "Gian hàng trên sàn TMĐT",
        ),
        ("Truy xuất nguồn gốc bằng mã QR", "số sản phẩm", "3 sản phẩm", "Tem QR trên bao bì"),
    ],
    "other": [
        ("Văn bản điện tử gửi nhận qua mạng", "tỷ lệ %", "100%", "Sổ văn bản điện tử"),
    ],
}

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def load():
    """Load everything; return the demo accounts as (username, role label, unit name)."""
    _load_units()
    current.load_units()
    data = json.loads((SEED_DIR / "campaign.json").read_text(encoding="utf-8"))
    campaign = _load_campaign(data)
    accounts = _load_accounts()
    documents_demo.load(
        campaign,
        issuer_name=data["issuer_name"],
        office_unit=Unit.objects.get(code=data["standing_office"]),
    )
    _load_roles(campaign, data)
    _load_history(campaign)
    load_extension(campaign, User.objects.get(username="vhtt"))
    criteria.demo.load(campaign)
    dossiers.demo.load(campaign)
    inspections.demo.load(campaign)
    exemplars.demo.load()
    reports.demo.load(campaign)
    # The campaign open today, under the two-level government (seed/current/).
    accounts += current.load(DEMO_PASSWORD)
    # The history's notices are old news: the demo starts with an empty bell.
    Notice.objects.filter(read_at__isnull=True).update(read_at=timezone.now())
    User.objects.update(unread_notices=0)
    return [
        (u.username, u.get_role_display(), u.unit.name if u.unit else u.position) for u in accounts
    ]


def demo_totp_key(username):
    """A fixed TOTP secret per demo account (hex, 20 bytes): public, like the demo password."""
    return hashlib.sha1(f"thi-dua-so-demo:{username}".encode()).hexdigest()


def demo_recovery_codes(username):
    return [f"{username}-{n}" for n in range(1, 6)]


def load_second_factors(usernames):
    """Authenticator devices with fixed secrets for the privileged demo accounts among usernames.

    Only for the embedded demo (no DATABASE_URL): a trial server's people enrol their own
    app at their first sign-in. Returns (username, secret, recovery codes) to print;
    recovery codes already used are not given back.
    """
    if not settings.EMBEDDED:
        return []
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    shown = []
    for username in usernames:
        user = User.objects.get(username=username)
        if not must_use_second_factor(user):
            continue
        device, _created = TOTPDevice.objects.get_or_create(
            user=user,
            name=security_services.TOTP_DEVICE_NAME,
            defaults={"key": demo_totp_key(username), "confirmed": True},
        )
        if not StaticToken.objects.filter(device__user=user).exists():
            security_services.renew_recovery_codes(user, codes=demo_recovery_codes(username))
        codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        shown.append((username, security_services.secret_text(device), codes))
    return shown


def _load_units():
    with open(SEED_DIR / "units.csv", "rb") as handle:
        import_units(SimpleUploadedFile("units.csv", handle.read()), by=None)


def _load_campaign(data):
    for form in data["award_forms"]:
        AwardForm.objects.get_or_create(
            code=form["code"], defaults={k: v for k, v in form.items() if k != "code"}
        )
    units = {u.code: u for u in Unit.objects.all()}
    campaign, created = Campaign.objects.get_or_create(
        name=data["name"],
        defaults={
            "theme": data["theme"],
            "locality_name": data["locality_name"],
            "plan_number": data["plan_number"],
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "deadline_day": data["deadline"]["day"],
            "deadline_month": data["deadline"]["month"],
        },
    )
    if created:
        campaign.pilot_units.set([units[code] for code in data["pilot_units"]])
        for override in data["deadline_overrides"]:
            DeadlineOverride.objects.create(campaign=campaign, **override)
    registration_services.ensure_windows(campaign)
    return campaign


def _load_roles(campaign, data):
    """The campaign's roles: the district's from its start; on 1/7/2025 (two-level
    government) the bodies the province designates take them over — all but the plan's
    issuer: the district's plan stands, cited as the former district's. Once only."""
    if campaign.roles.exists():
        return
    admin = User.objects.get(username="quantri")
    bodies = {b.code: b for b in IssuingBody.objects.all()}
    secretariat = issuer_for_unit(
        Unit.objects.get(code=data["council_secretariat"]),
        campaign=campaign,
        parent=bodies["ubnd-huyen"],
    )
    Kind = CampaignRole.Kind
    start = datetime.date(campaign.start_year, 1, 1)
    hand_over_campaign(
        campaign,
        on=start,
        assignments=[
            (Kind.PLAN_ISSUER, bodies["ubnd-huyen"]),
            (Kind.STANDING_OFFICE, bodies["phong-vh-tt"]),
            (Kind.COUNCIL, bodies["hoi-dong-tdkt"]),
            (Kind.COUNCIL_SECRETARIAT, secretariat),
            (Kind.AWARD_AUTHORITY, bodies["ubnd-huyen"]),
            (Kind.REPORT_RECIPIENT, bodies["ubnd-huyen"]),
        ],
        by=admin,
        reason=f"Kế hoạch {campaign.plan_number} của {data['issuer_name']}",
        now=_moment(start),
    )
    hand_over_campaign(
        campaign,
        on=documents_demo.FIRST_TWO_LEVEL_DAY,
        assignments=[
            (Kind.STANDING_OFFICE, bodies["so-vh-tt-du-lich"]),
            (Kind.COUNCIL, bodies["hoi-dong-tdkt-tinh"]),
            (Kind.COUNCIL_SECRETARIAT, bodies["so-noi-vu"]),
            (Kind.AWARD_AUTHORITY, bodies["ubnd-tinh-lao-cai"]),
            (Kind.REPORT_RECIPIENT, bodies["ubnd-tinh-lao-cai"]),
        ],
        by=admin,
        reason=(
            "Chính quyền địa phương hai cấp từ 01/7/2025: không tổ chức cấp huyện; UBND tỉnh "
            "Lào Cai giao các sở tiếp nhận phong trào đến hết giai đoạn"
        ),
        now=_moment(documents_demo.FIRST_TWO_LEVEL_DAY),
    )


def _load_accounts():
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for username, full_name, role, unit_code, position in ACCOUNTS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": role,
                "unit": Unit.objects.get(code=unit_code) if unit_code else None,
                "position": position,
                "email": f"{username}@example.invalid",
                "password": password,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
            },
        )
        accounts.append(user)
    return accounts


def _load_history(campaign):
    """Registrations in varied states for every year; Lùng Vai has none for the last year."""
    office = User.objects.get(username="vhtt")
    password = make_password(None)
    windows = list(campaign.windows.order_by("year"))
    last_year = windows[-1].year
    for window in windows:
        # Only units in force while the window was open register (a commune merged on
        # 1/7/2025 cannot have registered in February 2025).
        units = list(Unit.objects.active_on(window.last_day_on).order_by("code"))
        for index, unit in enumerate(units):
            if Registration.objects.filter(window=window, unit=unit).exists():
                continue
            if unit.code == "xa-lung-vai":
                plan = (
                    "none"
                    if window.year == last_year
                    else ("returned" if window.year == 2024 else "accepted")
                )
            elif window.year == last_year:
                plan = ("none", "draft", "submitted", "accepted", "late")[index % 5]
            else:
                plan = ("none", "late", "returned", "accepted", "accepted", "accepted", "accepted")[
                    index % 7
                ]
            if plan == "none":
                continue
            _registration_story(window, unit, plan, _unit_head(unit, password), office)


def _registration_story(window, unit, plan, head, office):
    opened = _moment(window.opens_on + datetime.timedelta(days=10))
    registration = registration_services.start_registration(window, by=head, now=opened)
    targets = [
        {
            "title": t,
            "measure": m,
            "target_value": v,
            "product": p,
            "due_on": datetime.date(window.year, 12, 15),
        }
        for t, m, v, p in TARGETS[unit.tier]
    ]
    registration_services.update_registration(
        registration,
        by=head,
        commitment=(
            f"{unit.name} đăng ký thi đua thực hiện chuyển đổi số năm {window.year}: xây dựng kế hoạch, "
            "tuyên truyền tới cán bộ và nhân dân, hoàn thành các chỉ tiêu dưới đây."
        ),
        award_forms=list(AwardForm.objects.filter(code="giay-khen-chu-tich-huyen")),
        targets=targets,
        individuals=[],
        plan_file=ContentFile(MINIMAL_PDF, name=f"ke-hoach-{unit.code}-{window.year}.pdf"),
    )
    if plan == "draft":
        return
    submitted = _moment(window.deadline_on + datetime.timedelta(days=5 if plan == "late" else -3))
    registration_services.submit_registration(registration, by=head, now=submitted)
    if plan == "submitted":
        return
    reviewed = submitted + datetime.timedelta(days=4)
    if plan == "returned":
        registration_services.return_registration(
            registration,
            by=office,
            reason="Chỉ tiêu số 2 chưa nêu sản phẩm cụ thể đo được; đề nghị bổ sung.",
            now=reviewed,
        )
        registration_services.submit_registration(
            registration, by=head, now=reviewed + datetime.timedelta(days=2)
        )
        reviewed += datetime.timedelta(days=4)
    registration_services.accept_registration(registration, by=office, now=reviewed)
