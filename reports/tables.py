"""The tables of a summary, built from its (frozen) figures: one list feeds the page,
the XLSX export (one sheet per table) and the printed report.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.text import money, number, percent, upper_first

from .figures import ReviewFigures, load

TEXT, NUMBER, PERCENT, MONEY = "text", "number", "percent", "money"


def vi_number(value):
    """A figure in a cell: 85.7 -> '85,7'; 100.0 -> '100'; 1234 -> '1.234'; None -> '—'."""
    return "—" if value is None else number(value, 1)


@dataclass
class Column:
    label: str
    kind: str = NUMBER


@dataclass
class Table:
    key: str
    title: str
    sheet: str  # XLSX sheet name: at most 31 characters
    columns: list
    rows: list
    total: list | None = None
    note: str = ""
    cells: list = field(init=False)

    def __post_init__(self):
        self.cells = [self._format(row) for row in self.rows]
        self.total_cells = self._format(self.total) if self.total else None

    def _format(self, row):
        return [
            {"text": _cell_text(column.kind, cell), "numeric": column.kind != TEXT}
            for column, cell in zip(self.columns, row, strict=True)
        ]


def _cell_text(kind, value):
    if kind == TEXT:
        return value
    if value is None:
        return "—"
    if kind == MONEY:
        return money(value)
    return percent(value) if kind == PERCENT else vi_number(value)


def tables_for(figures):
    """The tables of a summary or review, from its figures (typed, or the JSON an issue froze)."""
    figures = load(figures)
    if figures is None:
        return []
    if isinstance(figures, ReviewFigures):
        review = Review(figures)
        return [table for build in REVIEW_TABLES for table in build(review)]
    return [
        table
        for key, build in SECTION_TABLES
        if (section := getattr(figures.sections, key)) is not None
        for table in build(section)
    ]


# --- A 6-month or annual summary: one builder per section ---------------------------------


def _units_tables(units):
    def row(r):
        return [r.label, r.active, r.started, r.ended]

    return [
        Table(
            "units",
            _("Số đơn vị theo khối (đến ngày %(day)s)") % {"day": units.as_of},
            _("Đơn vị theo khối"),
            [
                Column(_("Khối"), TEXT),
                Column(_("Đang hoạt động")),
                Column(_("Bắt đầu trong kỳ")),
                Column(_("Kết thúc trong kỳ")),
            ],
            [row(r) for r in units.rows],
            row(units.total),
        )
    ]


def _registration_tables(registration):
    tables = [
        _registration_table(registration),
        _unit_list(
            "registration_missing",
            _("Đơn vị chưa đăng ký thi đua năm %(year)s") % {"year": registration.year},
            _("Chưa đăng ký"),
            registration.missing_units or [],
        ),
    ]
    if registration.extended_units:
        tables.append(_extended_table(registration))
    return tables


def _registration_table(registration):
    def row(r):
        return [r.label, r.expected, r.on_time, r.late, r.missing, r.rate, r.returned, r.accepted]

    return Table(
        "registration",
        _("Đăng ký thi đua năm %(year)s (hạn: trước ngày %(deadline)s)")
        % {"year": registration.year, "deadline": registration.deadline_on},
        _("Đăng ký thi đua"),
        [
            Column(_("Khối"), TEXT),
            Column(_("Phải đăng ký")),
            Column(_("Đúng hạn")),
            Column(_("Muộn")),
            Column(_("Chưa đăng ký")),
            Column(_("Tỷ lệ đã đăng ký"), PERCENT),
            Column(_("Đang bị trả lại")),
            Column(_("Đã tiếp nhận")),
        ],
        [row(r) for r in registration.rows],
        row(registration.total),
        note=_(
            "Phải đăng ký: đơn vị hoạt động vào ngày cuối của hạn đăng ký, và đơn vị đã gửi đăng ký."
        ),
    )


def _extended_table(registration):
    """Units the office gave a later deadline, by exception (frozen issues before this
    table existed have no `extended_units` and show none)."""
    return Table(
        "registration_extended",
        _("Đơn vị được gia hạn đăng ký thi đua năm %(year)s") % {"year": registration.year},
        _("Gia hạn đăng ký"),
        [
            Column(_("STT")),
            Column(_("Đơn vị"), TEXT),
            Column(_("Khối"), TEXT),
            Column(_("Gia hạn đến: trước ngày"), TEXT),
            Column(_("Lý do"), TEXT),
            Column(_("Thời hạn"), TEXT),
        ],
        [
            [index, u.name, u.tier, u.deadline_on, u.reason, u.timing]
            for index, u in enumerate(registration.extended_units, start=1)
        ],
        note=_("Thời hạn của đơn vị được gia hạn xét theo ngày gia hạn."),
    )


def _reports_tables(reports):
    return [
        _reports_table(reports),
        _unit_list(
            "report_missing",
            _("Đơn vị chưa gửi báo cáo %(period)s") % {"period": reports.period.lower()},
            _("Chưa gửi báo cáo"),
            reports.missing_units or [],
        ),
        _report_figures_table(reports),
    ]


def _reports_table(reports):
    def row(r):
        return [
            r.label,
            r.expected,
            r.on_time,
            r.late,
            r.missing,
            r.rate,
            r.acknowledged,
            r.returned,
        ]

    return Table(
        "periodic_reports",
        _("Báo cáo %(period)s của các đơn vị (hạn: trước ngày %(due)s)")
        % {"period": reports.period.lower(), "due": reports.due_on},
        _("Báo cáo định kỳ"),
        [
            Column(_("Khối"), TEXT),
            Column(_("Phải báo cáo")),
            Column(_("Đúng hạn")),
            Column(_("Muộn")),
            Column(_("Chưa gửi")),
            Column(_("Tỷ lệ đã nhận"), PERCENT),
            Column(_("Đã ghi nhận")),
            Column(_("Bị trả lại")),
        ],
        [row(r) for r in reports.rows],
        row(reports.total),
        note=_(
            "Phải báo cáo: đơn vị hoạt động vào ngày cuối của kỳ số liệu, và đơn vị đã gửi báo cáo."
        ),
    )


def _report_figures_table(reports):
    targets = reports.targets
    return Table(
        "report_figures",
        _("Kết quả tổng hợp từ báo cáo của các đơn vị"),
        _("Kết quả từ báo cáo"),
        [Column(_("Nội dung"), TEXT), Column(_("Số lượng"))],
        [[upper_first(figure.label), figure.value] for figure in reports.figures]
        + [
            [_("Chỉ tiêu đăng ký đã đạt"), targets.met],
            [_("Chỉ tiêu đăng ký đang thực hiện"), targets.in_progress],
            [_("Chỉ tiêu đăng ký chưa đạt"), targets.not_met],
        ],
        note=_("Tổng hợp từ các báo cáo đã gửi và chưa bị trả lại."),
    )


def _criteria_tables(criteria):
    tables = [_attainment_table(criteria), _scores_table(criteria)]
    ranking = [
        [tier.label, r.rank, r.name, r.score, _("Có") if r.eligible else _("Không")]
        for tier in criteria.tiers
        for r in tier.ranking
    ]
    if ranking:
        tables.append(
            Table(
                "ranking",
                _("Xếp hạng theo khối (10 đơn vị dẫn đầu)"),
                _("Xếp hạng"),
                [
                    Column(_("Khối"), TEXT),
                    Column(_("Hạng")),
                    Column(_("Đơn vị"), TEXT),
                    Column(_("Điểm")),
                    Column(_("Đủ điều kiện"), TEXT),
                ],
                ranking,
            )
        )
    return tables


def _attainment_table(criteria):
    return Table(
        "criteria_attainment",
        _("Kết quả thực hiện tiêu chí theo khối"),
        _("Tiêu chí"),
        [
            Column(_("Khối"), TEXT),
            Column(_("Mã"), TEXT),
            Column(_("Tiêu chí"), TEXT),
            Column(_("Yêu cầu"), TEXT),
            Column(_("Đơn vị đã chấm")),
            Column(_("Đạt")),
            Column(_("Tỷ lệ đạt"), PERCENT),
            Column(_("Tỷ lệ bình quân"), PERCENT),
        ],
        [
            [
                tier.label,
                line.code,
                line.text,
                line.requirement,
                line.scored,
                line.met,
                line.share,
                line.average_percent,
            ]
            for tier in criteria.tiers
            for line in tier.criteria
        ],
        note=_("Theo số liệu người chấm xác nhận; tỷ lệ bình quân tính trên các tiêu chí tỷ lệ."),
    )


def _scores_table(criteria):
    return Table(
        "scores",
        _("Điểm thi đua theo khối"),
        _("Điểm"),
        [
            Column(_("Khối"), TEXT),
            Column(_("Đã chấm")),
            Column(_("Chờ chấm")),
            Column(_("Đủ điều kiện đề nghị khen thưởng")),
            Column(_("Điểm tối đa")),
            Column(_("Điểm bình quân")),
            Column(_("Điểm cao nhất")),
            *[Column(label) for label in criteria.buckets],
        ],
        [
            [
                t.label,
                t.scored,
                t.pending,
                t.eligible,
                t.max_points,
                t.average_score,
                t.top_score,
                *t.distribution,
            ]
            for t in criteria.tiers
        ],
        note=_(
            "Phân bố điểm: số đơn vị theo tỷ lệ điểm đạt được so với điểm tối đa; "
            "“50–70%” là từ 50% đến dưới 70%."
        ),
    )


def _awards_tables(awards):
    proposals, total = awards.proposals, awards.total
    return [
        Table(
            "award_proposals",
            _("Hồ sơ đề nghị khen thưởng của các đơn vị"),
            _("Hồ sơ đề nghị"),
            [
                Column(_("Đã gửi")),
                Column(_("Đã tiếp nhận")),
                Column(_("Đang chờ xử lý")),
                Column(_("Bị trả lại")),
            ],
            [[proposals.sent, proposals.accepted, proposals.submitted, proposals.returned]],
        ),
        Table(
            "awards",
            _("Đề nghị khen thưởng và kết quả khen thưởng theo hình thức, khối"),
            _("Khen thưởng"),
            [
                Column(_("Hình thức"), TEXT),
                Column(_("Khối"), TEXT),
                Column(_("Đối tượng"), TEXT),
                Column(_("Đề nghị")),
                Column(_("Hội đồng tán thành")),
                Column(_("Trình UBND tỉnh")),
                Column(_("Được khen thưởng")),
                Column(_("Tiền thưởng"), MONEY),
            ],
            [[r.form, r.tier_label, r.subject_label, *_award_cells(r)] for r in awards.rows],
            [_("Tổng cộng"), "", "", *_award_cells(total)],
            note=_(
                "Được khen thưởng: quyết định khen thưởng đã ban hành; tiền thưởng theo quyết định."
            ),
        ),
    ]


def _award_cells(counts):
    return [counts.proposed, counts.approved, counts.forwarded, counts.awarded, counts.bonus]


def _pilots_tables(pilots):
    return [
        Table(
            "pilots",
            _("Đơn vị chỉ đạo điểm"),
            _("Đơn vị điểm"),
            [
                Column(_("Đơn vị"), TEXT),
                Column(_("Đăng ký thi đua"), TEXT),
                Column(_("Trạng thái đăng ký"), TEXT),
                Column(_("Báo cáo định kỳ"), TEXT),
                Column(_("Trạng thái báo cáo"), TEXT),
                Column(_("Điểm")),
                Column(_("Hạng trong khối"), TEXT),
            ],
            [
                [
                    p.name,
                    p.registration,
                    p.registration_status or "—",
                    p.report or "—",
                    p.report_status or "—",
                    p.score,
                    p.rank or "—",
                ]
                for p in pilots.rows
            ],
        )
    ]


def _unit_list(key, title, sheet, units):
    return Table(
        key,
        title,
        sheet,
        [Column(_("STT")), Column(_("Đơn vị"), TEXT), Column(_("Khối"), TEXT)],
        [[index, u.name, u.tier] for index, u in enumerate(units, start=1)],
        note="" if units else _("Không có."),
    )


# (field of figures.Sections, builder: the section's figures -> its tables), in page order.
def _inspections_tables(inspections):
    """The year's inspections (plan III.4): one row per unit, the totals of the visits."""
    return [
        Table(
            "inspections",
            _("Kết quả kiểm tra phong trào năm %(year)s") % {"year": inspections.year},
            _("Kiểm tra"),
            [
                Column(_("Đơn vị"), TEXT),
                Column(_("Ngày kiểm tra"), TEXT),
                Column(_("Trạng thái"), TEXT),
                Column(_("Kết quả ghi nhận")),
                Column(_("Kiến nghị")),
                Column(_("Đã trả lời")),
            ],
            [
                [r.name, r.day, r.status, r.findings, r.recommendations, r.answered]
                for r in inspections.rows
            ],
            [
                _("Đã kiểm tra %(done)s/%(planned)s đơn vị")
                % {"done": inspections.done, "planned": inspections.planned},
                "",
                "",
                inspections.findings,
                inspections.recommendations,
                inspections.answered,
            ],
        )
    ]


SECTION_TABLES = [
    ("units", _units_tables),
    ("registration", _registration_tables),
    ("periodic_reports", _reports_tables),
    ("criteria", _criteria_tables),
    ("awards", _awards_tables),
    ("pilots", _pilots_tables),
    ("inspections", _inspections_tables),
]


# --- The review: the years side by side ---------------------------------------------------


class Review:
    """The review's figures as the table builders read them: the years in order, each
    year's sections, a column per year, and a value per year of each tier's row."""

    def __init__(self, figures):
        self.years = figures.years
        self.each = figures.each
        self.year_columns = [Column(str(year)) for year in self.years]

    def by_tier(self, key, value, kind=NUMBER):
        """(columns, rows, total): a row per tier with `value` of its `key` row each year."""
        sections = self.each(key)
        labels = {}
        for section in sections:
            for r in section.rows if section else []:
                labels.setdefault(r.tier, r.label)
        rows = []
        for tier, label in labels.items():
            cells = [label]
            for section in sections:
                match = next((r for r in section.rows if r.tier == tier), None) if section else None
                cells.append(getattr(match, value) if match else None)
            rows.append(cells)
        total = [_("Tổng cộng")] + [getattr(s.total, value) if s else None for s in sections]
        columns = [Column(_("Khối"), TEXT), *[Column(c.label, kind) for c in self.year_columns]]
        return columns, rows, total


def _review_units(review):
    return [
        Table(
            "units",
            _("Số đơn vị đang hoạt động cuối kỳ, theo khối"),
            _("Đơn vị theo năm"),
            *review.by_tier("units", "active"),
        )
    ]


def _review_registration(review):
    rate = Table(
        "registration_rate",
        _("Tỷ lệ đơn vị đã đăng ký thi đua, theo khối"),
        _("Tỷ lệ đăng ký"),
        *review.by_tier("registration", "rate", PERCENT),
    )
    years = Table(
        "registration_years",
        _("Đăng ký thi đua qua các năm"),
        _("Đăng ký qua các năm"),
        [
            Column(_("Năm"), TEXT),
            Column(_("Phải đăng ký")),
            Column(_("Đúng hạn")),
            Column(_("Muộn")),
            Column(_("Chưa đăng ký")),
            Column(_("Tỷ lệ đã đăng ký"), PERCENT),
            Column(_("Tỷ lệ đúng hạn"), PERCENT),
        ],
        [
            [str(year), t.expected, t.on_time, t.late, t.missing, t.rate, t.on_time_rate]
            for year, registration in zip(review.years, review.each("registration"), strict=True)
            if registration and (t := registration.total)
        ],
    )
    return [rate, years]


def _review_reports(review):
    def received(section):
        return (
            [None, None, None]
            if section is None
            else [
                section.total.expected,
                section.total.received,
                section.total.rate,
            ]
        )

    return [
        Table(
            "report_years",
            _("Báo cáo định kỳ của các đơn vị qua các năm"),
            _("Báo cáo qua các năm"),
            [
                Column(_("Năm"), TEXT),
                Column(_("6 tháng: phải báo cáo")),
                Column(_("6 tháng: đã nhận")),
                Column(_("6 tháng: tỷ lệ"), PERCENT),
                Column(_("Năm: phải báo cáo")),
                Column(_("Năm: đã nhận")),
                Column(_("Năm: tỷ lệ"), PERCENT),
            ],
            [
                [str(year), *received(six_month), *received(annual)]
                for year, six_month, annual in zip(
                    review.years,
                    review.each("six_month_reports"),
                    review.each("annual_reports"),
                    strict=True,
                )
            ],
        )
    ]


def _review_report_figures(review):
    values = {}
    for index, annual in enumerate(review.each("annual_reports")):
        for figure in annual.figures if annual else []:
            values.setdefault(figure.label, [None] * len(review.years))[index] = figure.value
    return [
        Table(
            "report_figures",
            _("Kết quả tổng hợp từ báo cáo năm của các đơn vị"),
            _("Kết quả theo năm"),
            [Column(_("Nội dung"), TEXT), *review.year_columns],
            [[upper_first(label), *counts] for label, counts in values.items()],
        )
    ]


def _review_criteria(review):
    shares, averages, eligible = {}, {}, {}
    none = [None] * len(review.years)
    for index, criteria in enumerate(review.each("criteria")):
        for tier in criteria.tiers if criteria else []:
            averages.setdefault(tier.label, list(none))[index] = tier.average_score
            eligible.setdefault(tier.label, list(none))[index] = tier.eligible
            for line in tier.criteria:
                shares.setdefault((tier.label, line.code, line.text), list(none))[index] = (
                    line.share
                )
    if not shares:
        return []
    return [
        Table(
            "criteria_years",
            _("Tỷ lệ đơn vị đạt từng tiêu chí qua các năm"),
            _("Tiêu chí qua các năm"),
            [
                Column(_("Khối"), TEXT),
                Column(_("Mã"), TEXT),
                Column(_("Tiêu chí"), TEXT),
                *[Column(c.label, PERCENT) for c in review.year_columns],
            ],
            [[tier, code, text, *values] for (tier, code, text), values in shares.items()],
        ),
        Table(
            "scores_years",
            _("Điểm bình quân theo khối qua các năm"),
            _("Điểm qua các năm"),
            [Column(_("Khối"), TEXT), *review.year_columns],
            [[label, *values] for label, values in averages.items()],
        ),
        Table(
            "eligible_years",
            _("Số đơn vị đủ điều kiện đề nghị khen thưởng qua các năm"),
            _("Đủ điều kiện qua các năm"),
            [Column(_("Khối"), TEXT), *review.year_columns],
            [[label, *values] for label, values in eligible.items()],
        ),
    ]


def _review_awards(review):
    awards = review.each("awards")
    by_form = {}
    for index, section in enumerate(awards):
        for form in section.by_form if section else []:
            by_form.setdefault(form.form, [0] * len(review.years))[index] = form.awarded
    if not by_form:
        return []
    totals = [section.total if section else None for section in awards]
    return [
        Table(
            "awards_years",
            _("Số tập thể, cá nhân được khen thưởng qua các năm, theo hình thức"),
            _("Khen thưởng qua các năm"),
            [Column(_("Hình thức"), TEXT), *review.year_columns],
            [[form, *counts] for form, counts in by_form.items()],
            [_("Tổng cộng"), *[t.awarded if t else 0 for t in totals]],
        ),
        Table(
            "bonus_years",
            _("Đề nghị, khen thưởng và tiền thưởng qua các năm"),
            _("Tiền thưởng qua các năm"),
            [
                Column(_("Năm"), TEXT),
                Column(_("Đề nghị")),
                Column(_("Hội đồng tán thành")),
                Column(_("Được khen thưởng")),
                Column(_("Tiền thưởng"), MONEY),
            ],
            [
                [str(year), t.proposed, t.approved, t.awarded, t.bonus]
                for year, t in zip(review.years, totals, strict=True)
                if t
            ],
            [
                _("Cả giai đoạn"),
                *[
                    sum(getattr(t, key) for t in totals if t)
                    for key in ("proposed", "approved", "awarded", "bonus")
                ],
            ],
        ),
    ]


# The review's table builders (a Review -> its tables), in page order.
REVIEW_TABLES = [
    _review_units,
    _review_registration,
    _review_reports,
    _review_report_figures,
    _review_criteria,
    _review_awards,
]
