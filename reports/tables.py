"""The tables of a summary, built from its (frozen) figures: one list feeds the page,
the XLSX export (one sheet per table) and the printed report.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.text import money

TEXT, NUMBER, PERCENT, MONEY = "text", "number", "percent", "money"


def vi_number(value):
    """85.7 -> '85,7'; 100.0 -> '100'; 1234 -> '1.234' (Vietnamese separators)."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        whole, decimals = f"{value:.1f}".split(".")
        return f"{int(whole):,}".replace(",", ".") + "," + decimals
    return f"{int(value):,}".replace(",", ".")


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
    return vi_number(value) + ("%" if kind == PERCENT else "")


def tables_for(figures):
    if not figures:
        return []
    if figures["kind"] == "review":
        return _review_tables(figures)
    sections, tables = figures["sections"], []
    units = sections.get("units")
    if units:
        tables.append(
            Table(
                "units",
                _("Số đơn vị theo khối (đến ngày %(day)s)") % {"day": units["as_of"]},
                _("Đơn vị theo khối"),
                [
                    Column(_("Khối"), TEXT),
                    Column(_("Đang hoạt động")),
                    Column(_("Bắt đầu trong kỳ")),
                    Column(_("Kết thúc trong kỳ")),
                ],
                [[r["label"], r["active"], r["started"], r["ended"]] for r in units["rows"]],
                [
                    units["total"]["label"],
                    units["total"]["active"],
                    units["total"]["started"],
                    units["total"]["ended"],
                ],
            )
        )
    registration = sections.get("registration")
    if registration:
        tables.append(_registration_table(registration))
        tables.append(
            _unit_list(
                "registration_missing",
                _("Đơn vị chưa đăng ký thi đua năm %(year)s") % {"year": registration["year"]},
                _("Chưa đăng ký"),
                registration["missing_units"],
            )
        )
        if registration.get("extended_units"):
            tables.append(_extended_table(registration))
    reports = sections.get("periodic_reports")
    if reports:
        tables.append(_reports_table(reports))
        tables.append(
            _unit_list(
                "report_missing",
                _("Đơn vị chưa gửi báo cáo %(period)s") % {"period": reports["period"].lower()},
                _("Chưa gửi báo cáo"),
                reports["missing_units"],
            )
        )
        targets = reports["targets"]
        tables.append(
            Table(
                "report_figures",
                _("Kết quả tổng hợp từ báo cáo của các đơn vị"),
                _("Kết quả từ báo cáo"),
                [Column(_("Nội dung"), TEXT), Column(_("Số lượng"))],
                [[f["label"][:1].upper() + f["label"][1:], f["value"]] for f in reports["figures"]]
                + [
                    [_("Chỉ tiêu đăng ký đã đạt"), targets["met"]],
                    [_("Chỉ tiêu đăng ký đang thực hiện"), targets["in_progress"]],
                    [_("Chỉ tiêu đăng ký chưa đạt"), targets["not_met"]],
                ],
                note=_("Tổng hợp từ các báo cáo đã gửi và chưa bị trả lại."),
            )
        )
    criteria = sections.get("criteria")
    if criteria:
        tables.extend(_criteria_tables(criteria))
    awards = sections.get("awards")
    if awards:
        tables.extend(_awards_tables(awards))
    pilots = sections.get("pilots")
    if pilots:
        tables.append(
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
                        p["name"],
                        p["registration"],
                        p["registration_status"] or "—",
                        p["report"] or "—",
                        p["report_status"] or "—",
                        p.get("score"),
                        p.get("rank") or "—",
                    ]
                    for p in pilots["rows"]
                ],
            )
        )
    inspections = sections.get("inspections")
    if inspections:
        tables.append(_inspections_table(inspections))
    return tables


def _inspections_table(inspections):
    """The year's inspections (plan III.4): one row per unit, the totals of the visits."""
    return Table(
        "inspections",
        _("Kết quả kiểm tra phong trào năm %(year)s") % {"year": inspections["year"]},
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
            [r["name"], r["day"], r["status"], r["findings"], r["recommendations"], r["answered"]]
            for r in inspections["rows"]
        ],
        [
            _("Đã kiểm tra %(done)s/%(planned)s đơn vị")
            % {"done": inspections["done"], "planned": inspections["planned"]},
            "",
            "",
            inspections["findings"],
            inspections["recommendations"],
            inspections["answered"],
        ],
    )


def _criteria_tables(criteria):
    attainment = Table(
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
                tier["label"],
                line["code"],
                line["text"],
                line["requirement"],
                line["scored"],
                line["met"],
                line["share"],
                line["average_percent"],
            ]
            for tier in criteria["tiers"]
            for line in tier["criteria"]
        ],
        note=_("Theo số liệu người chấm xác nhận; tỷ lệ bình quân tính trên các tiêu chí tỷ lệ."),
    )
    scores = Table(
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
            *[Column(label) for label in criteria["buckets"]],
        ],
        [
            [
                t["label"],
                t["scored"],
                t["pending"],
                t["eligible"],
                t["max_points"],
                t["average_score"],
                t["top_score"],
                *t["distribution"],
            ]
            for t in criteria["tiers"]
        ],
        note=_(
            "Phân bố điểm: số đơn vị theo tỷ lệ điểm đạt được so với điểm tối đa; "
            "“50–70%” là từ 50% đến dưới 70%."
        ),
    )
    tables = [attainment, scores]
    ranking = [
        [t["label"], r["rank"], r["name"], r["score"], _("Có") if r["eligible"] else _("Không")]
        for t in criteria["tiers"]
        for r in t["ranking"]
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


def _awards_tables(awards):
    proposals = awards["proposals"]
    total = awards["total"]
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
            [
                [
                    proposals["sent"],
                    proposals["accepted"],
                    proposals["submitted"],
                    proposals["returned"],
                ]
            ],
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
            [
                [
                    r["form"],
                    r["tier_label"],
                    r["subject_label"],
                    r["proposed"],
                    r["approved"],
                    r["forwarded"],
                    r["awarded"],
                    r["bonus"],
                ]
                for r in awards["rows"]
            ],
            [
                _("Tổng cộng"),
                "",
                "",
                total["proposed"],
                total["approved"],
                total["forwarded"],
                total["awarded"],
                total["bonus"],
            ],
            note=_(
                "Được khen thưởng: quyết định khen thưởng đã ban hành; tiền thưởng theo quyết định."
            ),
        ),
    ]


def _registration_table(registration):
    total = registration["total"]
    return Table(
        "registration",
        _("Đăng ký thi đua năm %(year)s (hạn: trước ngày %(deadline)s)")
        % {"year": registration["year"], "deadline": registration["deadline_on"]},
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
        [_registration_row(r) for r in registration["rows"]],
        _registration_row(total),
        note=_(
            "Phải đăng ký: đơn vị hoạt động vào ngày cuối của hạn đăng ký, và đơn vị đã gửi đăng ký."
        ),
    )


def _registration_row(r):
    return [
        r["label"],
        r["expected"],
        r["on_time"],
        r["late"],
        r["missing"],
        r["rate"],
        r["returned"],
        r["accepted"],
    ]


def _reports_table(reports):
    def row(r):
        return [
            r["label"],
            r["expected"],
            r["on_time"],
            r["late"],
            r["missing"],
            r["rate"],
            r["acknowledged"],
            r["returned"],
        ]

    return Table(
        "periodic_reports",
        _("Báo cáo %(period)s của các đơn vị (hạn: trước ngày %(due)s)")
        % {"period": reports["period"].lower(), "due": reports["due_on"]},
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
        [row(r) for r in reports["rows"]],
        row(reports["total"]),
        note=_(
            "Phải báo cáo: đơn vị hoạt động vào ngày cuối của kỳ số liệu, và đơn vị đã gửi báo cáo."
        ),
    )


def _extended_table(registration):
    """Units the office gave a later deadline, by exception (frozen issues before this
    table existed have no `extended_units` and show none)."""
    units = registration["extended_units"]
    return Table(
        "registration_extended",
        _("Đơn vị được gia hạn đăng ký thi đua năm %(year)s") % {"year": registration["year"]},
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
            [index, u["name"], u["tier"], u["deadline_on"], u["reason"], u["timing"]]
            for index, u in enumerate(units, start=1)
        ],
        note=_("Thời hạn của đơn vị được gia hạn xét theo ngày gia hạn."),
    )


def _unit_list(key, title, sheet, units):
    return Table(
        key,
        title,
        sheet,
        [Column(_("STT")), Column(_("Đơn vị"), TEXT), Column(_("Khối"), TEXT)],
        [[index, u["name"], u["tier"]] for index, u in enumerate(units, start=1)],
        note="" if units else _("Không có."),
    )


def _review_tables(figures):
    years = figures["years"]
    per_year = [figures["per_year"][str(year)] for year in years]
    year_columns = [Column(str(year)) for year in years]
    tables = []

    def by_tier(section_key, value_key, kind=NUMBER):
        labels = {}
        for sections in per_year:
            for r in (sections[section_key] or {}).get("rows", []):
                labels.setdefault(r["tier"], r["label"])
        rows = []
        for tier, label in labels.items():
            cells = [label]
            for sections in per_year:
                match = next(
                    (r for r in (sections[section_key] or {}).get("rows", []) if r["tier"] == tier),
                    None,
                )
                cells.append(match[value_key] if match else None)
            rows.append(cells)
        total = [_("Tổng cộng")] + [
            ((s[section_key] or {}).get("total") or {}).get(value_key) for s in per_year
        ]
        return (
            [Column(_("Khối"), TEXT), *[Column(c.label, kind) for c in year_columns]],
            rows,
            total,
        )

    columns, rows, total = by_tier("units", "active")
    tables.append(
        Table(
            "units",
            _("Số đơn vị đang hoạt động cuối kỳ, theo khối"),
            _("Đơn vị theo năm"),
            columns,
            rows,
            total,
        )
    )
    columns, rows, total = by_tier("registration", "rate", PERCENT)
    tables.append(
        Table(
            "registration_rate",
            _("Tỷ lệ đơn vị đã đăng ký thi đua, theo khối"),
            _("Tỷ lệ đăng ký"),
            columns,
            rows,
            total,
        )
    )
    registration_rows = []
    for year, sections in zip(years, per_year, strict=True):
        t = (sections["registration"] or {}).get("total")
        if t:
            registration_rows.append(
                [
                    str(year),
                    t["expected"],
                    t["on_time"],
                    t["late"],
                    t["missing"],
                    t["rate"],
                    t["on_time_rate"],
                ]
            )
    tables.append(
        Table(
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
            registration_rows,
        )
    )
    report_rows = []
    for year, sections in zip(years, per_year, strict=True):
        six = (sections["six_month_reports"] or {}).get("total") or {}
        annual = (sections["annual_reports"] or {}).get("total") or {}
        report_rows.append(
            [
                str(year),
                six.get("expected"),
                _received(six),
                six.get("rate"),
                annual.get("expected"),
                _received(annual),
                annual.get("rate"),
            ]
        )
    tables.append(
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
            report_rows,
        )
    )
    figure_rows = {}
    for index, sections in enumerate(per_year):
        for f in (sections["annual_reports"] or {}).get("figures", []):
            figure_rows.setdefault(f["label"], [None] * len(years))[index] = f["value"]
    tables.append(
        Table(
            "report_figures",
            _("Kết quả tổng hợp từ báo cáo năm của các đơn vị"),
            _("Kết quả theo năm"),
            [Column(_("Nội dung"), TEXT), *year_columns],
            [[label[:1].upper() + label[1:], *values] for label, values in figure_rows.items()],
        )
    )
    tables.extend(_review_criteria_tables(years, per_year, year_columns))
    tables.extend(_review_awards_tables(years, per_year, year_columns))
    return tables


def _review_awards_tables(years, per_year, year_columns):
    by_form, totals = {}, []
    for index, sections in enumerate(per_year):
        awards = sections.get("awards")
        for form in (awards or {}).get("by_form", []):
            by_form.setdefault(form["form"], [0] * len(years))[index] = form["awarded"]
        totals.append((awards or {}).get("total"))
    if not by_form:
        return []
    return [
        Table(
            "awards_years",
            _("Số tập thể, cá nhân được khen thưởng qua các năm, theo hình thức"),
            _("Khen thưởng qua các năm"),
            [Column(_("Hình thức"), TEXT), *year_columns],
            [[form, *counts] for form, counts in by_form.items()],
            [_("Tổng cộng"), *[(t or {}).get("awarded", 0) for t in totals]],
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
                [str(year), t.get("proposed"), t.get("approved"), t.get("awarded"), t.get("bonus")]
                for year, t in zip(years, totals, strict=True)
                if t
            ],
            [
                _("Cả giai đoạn"),
                *[
                    sum((t or {}).get(key, 0) for t in totals)
                    for key in ("proposed", "approved", "awarded", "bonus")
                ],
            ],
        ),
    ]


def _review_criteria_tables(years, per_year, year_columns):
    shares, averages, eligible = {}, {}, {}
    for index, sections in enumerate(per_year):
        for tier in (sections.get("criteria") or {}).get("tiers", []):
            averages.setdefault(tier["label"], [None] * len(years))[index] = tier["average_score"]
            eligible.setdefault(tier["label"], [None] * len(years))[index] = tier["eligible"]
            for line in tier["criteria"]:
                key = (tier["label"], line["code"], line["text"])
                shares.setdefault(key, [None] * len(years))[index] = line["share"]
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
                *[Column(c.label, PERCENT) for c in year_columns],
            ],
            [[tier, code, text, *values] for (tier, code, text), values in shares.items()],
        ),
        Table(
            "scores_years",
            _("Điểm bình quân theo khối qua các năm"),
            _("Điểm qua các năm"),
            [Column(_("Khối"), TEXT), *year_columns],
            [[label, *values] for label, values in averages.items()],
        ),
        Table(
            "eligible_years",
            _("Số đơn vị đủ điều kiện đề nghị khen thưởng qua các năm"),
            _("Đủ điều kiện qua các năm"),
            [Column(_("Khối"), TEXT), *year_columns],
            [[label, *values] for label, values in eligible.items()],
        ),
    ]


def _received(total):
    if not total:
        return None
    return total["on_time"] + total["late"]
