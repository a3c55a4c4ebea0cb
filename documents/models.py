"""Issuing bodies, signers, document types, number sequences and generated documents.

Everything printed in a document's header is data with validity dates (units are merged
on 1/7/2025): history keeps the names it had because each generated document freezes
its letterhead and content as JSON when it is requested or issued.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ForObjectQuerySet
from units.models import Unit


class ValidityQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class IssuingBodyQuerySet(ValidityQuerySet):
    def named(self, name):
        """Bodies known by `name`: their heading, sentence or parent-line name (any case)."""
        flat = name.replace("\n", " ")
        return self.filter(
            Q(name__iexact=name)
            | Q(full_name__iexact=flat)
            | Q(parent_line__iexact=flat)
            | Q(name__iexact=flat)
        )


class IssuingBody(models.Model):
    """An agency that issues documents under its own name and number sequence.

    A People's Committee issuing its own paper prints only its full name ("ỦY BAN NHÂN
    DÂN / HUYỆN …", no parent, no abbreviation) while its offices print it as their parent
    line ("UBND HUYỆN …"); its collective papers are signed "TM. ỦY BAN NHÂN DÂN / CHỦ
    TỊCH" (Decree 30/2020, Annex I). These are the body's data, not rules in code.
    """

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(
        _("tên in ở tiêu đề"),
        max_length=200,
        help_text=_("In hoa đậm ở góc trái, ví dụ: Phòng Văn hóa và Thông tin. Xuống dòng được."),
    )
    full_name = models.CharField(
        _("tên đầy đủ"),
        max_length=250,
        blank=True,
        help_text=_("Dùng trong câu văn, ví dụ “Kính gửi: Ủy ban nhân dân huyện Mường Khương”."),
    )
    abbreviation = models.CharField(
        _("chữ viết tắt"), max_length=30, help_text=_("Ghi sau số văn bản: 05/BC-VHTT → VHTT.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan chủ quản"),
    )
    unit = models.OneToOneField(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issuing_body",
        verbose_name=_("đơn vị tương ứng"),
    )
    parent_line = models.CharField(
        _("tên in ở dòng cơ quan chủ quản"),
        max_length=200,
        blank=True,
        help_text=_(
            "Dòng trên cùng của các cơ quan trực thuộc, được viết tắt, ví dụ: "
            "UBND huyện Mường Khương. Để trống: dùng tên in ở tiêu đề."
        ),
    )
    shows_parent = models.BooleanField(
        _("in dòng cơ quan chủ quản"),
        default=True,
        help_text=_(
            "Bỏ chọn cho Ủy ban nhân dân tự ban hành văn bản: tiêu đề chỉ có "
            "“ỦY BAN NHÂN DÂN / HUYỆN …”, không có cơ quan cấp trên."
        ),
    )
    collective_name = models.CharField(
        _("tập thể ký thay mặt (TM.)"),
        max_length=100,
        blank=True,
        help_text=_(
            "Cơ quan làm việc theo chế độ tập thể, ví dụ: Ủy ban nhân dân. Người đứng đầu "
            "ký “TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH”."
        ),
    )
    head_position = models.CharField(
        _("chức danh người đứng đầu khi ký"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: Chủ tịch. Dùng khi cơ quan chưa khai báo người ký."),
    )
    place_name = models.CharField(
        _("địa danh"), max_length=100, help_text=_("Ghi trước ngày tháng: Mường Khương, ngày …")
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("cơ quan kế thừa"),
        help_text=_("Cơ quan ban hành thay từ ngày cơ quan này hết hiệu lực."),
    )

    objects = IssuingBodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")

    def __str__(self):
        return self.name

    @property
    def sentence_name(self):
        return self.full_name or self.name.replace("\n", " ")

    @property
    def heading_parent_lines(self):
        """The lines printed above this body's name in its own papers' header."""
        if not self.shows_parent or self.parent is None:
            return []
        return (self.parent.parent_line or self.parent.name).splitlines()

    def is_active_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def successor_on(self, day):
        """The body that issues in this one's place on `day`: its own successor link, else
        the body of the unit that succeeded this body's unit (the 2025 mergers)."""
        seen = set()
        body = self
        while body is not None and body.pk not in seen and not body.is_active_on(day):
            seen.add(body.pk)
            if body.successor_id:
                body = body.successor
            elif body.unit_id and body.unit.successor_id:
                body = IssuingBody.objects.filter(unit_id=body.unit.successor_id).first()
                if body is None:
                    return None
            else:
                return None
        return body if body is not None and body.pk != self.pk else None


class Signer(models.Model):
    """A person who signs for an issuing body, with the authority prefix (TM., KT., …)."""

    class Authority(models.TextChoices):
        NONE = "", _("Ký trực tiếp")
        TM = "TM.", _("TM. (thay mặt tập thể)")
        KT = "KT.", _("KT. (ký thay người đứng đầu)")
        Q = "Q.", _("Q. (quyền)")
        TL = "TL.", _("TL. (thừa lệnh)")
        TUQ = "TUQ.", _("TUQ. (thừa ủy quyền)")

    issuer = models.ForeignKey(
        IssuingBody, on_delete=models.CASCADE, related_name="signers", verbose_name=_("cơ quan")
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(
        _("chức vụ"), max_length=120, help_text=_("Ví dụ: Phó Trưởng phòng")
    )
    authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=5,
        choices=Authority.choices,
        blank=True,
        default=Authority.NONE,
    )
    authority_of = models.CharField(
        _("ký thay cho"),
        max_length=200,
        blank=True,
        help_text=_("Ghi sau chữ viết tắt thẩm quyền, ví dụ: Trưởng phòng; Ủy ban nhân dân."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["issuer", "order", "pk"]
        verbose_name = _("người ký")
        verbose_name_plural = _("người ký")

    def __str__(self):
        prefix = f"{self.authority} {self.authority_of} – " if self.authority else ""
        return f"{prefix}{self.position}: {self.full_name}"


class LegalActQuerySet(ValidityQuerySet):
    def cited_in(self, kind_code, on):
        """The acts a paper of `kind_code` dated `on` cites, in their order."""
        return (
            self.active_on(on)
            .filter(Q(kinds="") | Q(kinds__regex=rf"(^|[ ,]){kind_code}($|[ ,])"))
            .order_by("order", "pk")
        )


class LegalAct(models.Model):
    """A law or decree a paper cites as "Căn cứ …", with the dates it is in force.

    Each act is its own line with its full title and date (Decree 30/2020); a paper
    cites the acts in force on its date, so one dated after 1/7/2025 cites the acts of
    the two-level government without any change in code.
    """

    title = models.CharField(
        _("tên văn bản, ngày ban hành"),
        max_length=400,
        help_text=_(
            "Ghi sau chữ “Căn cứ”, ví dụ: Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
        ),
    )
    kinds = models.CharField(
        _("dùng cho loại giấy tờ"),
        max_length=200,
        blank=True,
        help_text=_(
            "Mã loại giấy tờ, cách nhau bởi dấu phẩy (ví dụ: award_decision). Để trống: mọi loại."
        ),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)

    objects = LegalActQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("văn bản làm căn cứ")
        verbose_name_plural = _("văn bản làm căn cứ")

    def __str__(self):
        return self.title


class DocumentType(models.Model):
    """A type of administrative document with its abbreviation (Decree 30/2020, Annex III)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại văn bản"), max_length=100, help_text=_("Ví dụ: Báo cáo"))
    abbreviation = models.CharField(_("chữ viết tắt"), max_length=20, help_text=_("Ví dụ: BC"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"


class NumberSequence(models.Model):
    """The last number an issuing body gave out in a calendar year (one row, locked to allocate)."""

    issuer = models.ForeignKey(IssuingBody, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối cùng đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ số văn bản")
        verbose_name_plural = _("sổ số văn bản")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="sequence_one_per_issuer_year")
        ]

    def __str__(self):
        return f"{self.issuer} {self.year}: {self.last_number}"


class Issuance(models.Model):
    """One entry of the outgoing register: a number given to a document on a date."""

    issuer = models.ForeignKey(
        IssuingBody, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    doc_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("loại")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    issued_on = models.DateField(_("ngày ban hành"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người phát hành"),
    )
    signer = models.ForeignKey(
        Signer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ký"),
    )
    draft = models.OneToOneField(
        "GeneratedDocument",
        on_delete=models.PROTECT,
        related_name="issued_as",
        verbose_name=_("bản nháp đã phát hành"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issuer", "-year", "-number"]
        verbose_name = _("văn bản đã phát hành")
        verbose_name_plural = _("sổ văn bản đi")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"], name="issuance_number_unique"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        """'05/BC-VHTT': numbers below 10 take a leading zero (Decree 30/2020, Annex I)."""
        return f"{self.number:02d}/{self.doc_type.abbreviation}-{self.issuer.abbreviation}"


class GeneratedDocumentQuerySet(ForObjectQuerySet):
    def of(self, kind_code, source):
        return self.for_object(source).filter(kind=kind_code)


class GeneratedDocument(models.Model):
    """One rendered version of a document: a frozen snapshot, its PDF and DOCX, their hashes.

    A version is never changed once done: regenerating makes a new version, and a draft
    gets its number by being issued as a new version (see services.issue_document).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã tạo xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại văn bản"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    issuer = models.ForeignKey(
        IssuingBody, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    issuance = models.ForeignKey(
        Issuance,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("số, ngày ban hành"),
    )
    snapshot = models.JSONField(_("nội dung cố định"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    # The attempts counted before the user's last "Chạy lại": the cap
    # (settings.MAX_RENDER_ATTEMPTS) counts from there.
    attempts_before_retry = models.PositiveSmallIntegerField(default=0)
    # Written every few seconds while a worker renders: a silent one lost its worker.
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="documents/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 của PDF"), max_length=64, blank=True)
    # The DOCX twin is rendered by its own task once the PDF is done (see services.render_docx).
    docx_status = models.CharField(
        _("trạng thái DOCX"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    docx_attempts = models.PositiveSmallIntegerField(_("số lần tạo DOCX"), default=0)
    docx = models.FileField(_("tệp DOCX"), upload_to="documents/", blank=True)
    docx_sha256 = models.CharField(_("SHA-256 của DOCX"), max_length=64, blank=True)
    docx_error = models.TextField(_("lỗi khi tạo DOCX"), blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu tạo lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "version"],
                name="document_version_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(pdf="") & ~Q(pdf_sha256="")),
                name="document_done_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(docx_status="done") | (~Q(docx="") & ~Q(docx_sha256="")),
                name="document_docx_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def is_draft(self):
        return self.issuance_id is None

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_docx_pending(self):
        """The PDF is done and its DOCX twin is still being written."""
        return self.status == self.Status.DONE and self.docx_status in (
            self.Status.QUEUED,
            self.Status.RUNNING,
        )

    @property
    def is_polling(self):
        return self.is_pending or self.is_docx_pending

    @property
    def reference(self):
        return self.snapshot.get("letterhead", {}).get("reference", "")


class DocumentBundle(models.Model):
    """Many finished documents merged into one PDF behind a table of contents (bulk printing).

    Each part is an ordinary GeneratedDocument rendered by its own task; a counter of
    finished parts, recounted under a row lock, queues the merge once every part is done.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang tạo các văn bản")
        MERGING = "merging", _("Đang ghép")
        DONE = "done", _("Đã tạo xong")
        FAILED = "failed", _("Lỗi")

    title = models.CharField(_("tiêu đề"), max_length=300)
    subtitle = models.CharField(_("dòng dưới tiêu đề"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    parts_total = models.PositiveIntegerField(_("số văn bản"))
    parts_done = models.PositiveIntegerField(_("số văn bản đã tạo xong"), default=0)
    attempts = models.PositiveSmallIntegerField(_("số lần ghép"), default=0)
    # Written while a merge runs (core.heartbeat); empty while the merge waits for a worker.
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="documents/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 của PDF"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("bản in gộp")
        verbose_name_plural = _("bản in gộp")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(pdf="") & ~Q(pdf_sha256="")),
                name="bundle_done_has_file",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.MERGING)

    @property
    def progress(self):
        """Parts count for 90 %, the merge for the last 10 %."""
        if self.status == self.Status.DONE:
            return 100
        return 90 * self.parts_done // max(self.parts_total, 1)


class BundlePart(models.Model):
    """One document of a bundle, in print order; its first page is known once merged."""

    bundle = models.ForeignKey(DocumentBundle, on_delete=models.CASCADE, related_name="parts")
    document = models.ForeignKey(
        GeneratedDocument, on_delete=models.PROTECT, related_name="bundle_parts"
    )
    order = models.PositiveIntegerField(_("thứ tự"))
    start_page = models.PositiveIntegerField(_("trang bắt đầu"), null=True, blank=True)

    class Meta:
        ordering = ["bundle", "order"]
        verbose_name = _("văn bản trong bản in gộp")
        verbose_name_plural = _("văn bản trong bản in gộp")
        constraints = [
            models.UniqueConstraint(fields=["bundle", "order"], name="bundle_part_order_unique")
        ]

    def __str__(self):
        return f"{self.bundle} – {self.order}"
