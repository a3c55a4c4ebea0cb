"""Server-side SVG charts: the same markup in the page and in the PDF, numbers included.

Each chart is hand-written SVG (templates/reports/charts/) whose geometry is computed
here from the frozen figures, so an issued report always draws the same chart. Every
chart carries a <title> and a <desc> listing all its values (the text alternative),
and writes each value next to its bar or point.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .tables import vi_number

SHORT_TIERS = {
    "district_agency": gettext_lazy("Cơ quan cấp huyện"),
    "commune": gettext_lazy("Xã, thị trấn"),
    "enterprise": gettext_lazy("Doanh nghiệp, HTX"),
    "other": gettext_lazy("Đơn vị đóng trên địa bàn"),
    "": gettext_lazy("Tổng cộng"),
}
COLORS = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#adb5bd", "#a3161a"]
ON_TIME, LATE, MISSING = "#0d6efd", "#fd7e14", "#ced4da"
PAGE_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', sans-serif"


@dataclass
class Chart:
    key: str
    title: str
    description: str
    svg: str


def _value_text(value, unit):
    return "—" if value is None else f"{vi_number(value)}{unit}"


def _describe(title, lines):
    return f"{title}. " + "; ".join(lines) + "."


def hbar_chart(key, title, rows, series, *, unit="%", max_value=100, font=PAGE_FONT):
    """Horizontal stacked bars, one row per category.

    rows: [(label, [value per series], total)]; series: [(label, colour)].
    """
    label_width, bar_width, row_height, top = 190, 380, 34, 40
    scale = bar_width / max_value if max_value else 0
    drawn = []
    for index, (label, values, total) in enumerate(rows):
        y = top + index * row_height
        x, segments = label_width, []
        for (series_label, colour), value in zip(series, values, strict=True):
            width = round((value or 0) * scale, 1)
            segments.append(
                {
                    "x": x,
                    "width": width,
                    "colour": colour,
                    "title": f"{series_label}: {_value_text(value, unit)}",
                }
            )
            x += width
        drawn.append(
            {
                "label": label,
                "y": y,
                "segments": segments,
                "total_x": x + 6,
                "total": _value_text(total, unit),
            }
        )
    height = top + len(rows) * row_height + 40
    legend = [
        {"x": label_width + index * 150, "label": label, "colour": colour}
        for index, (label, colour) in enumerate(series)
    ]
    lines = [
        f"{label}: "
        + ", ".join(
            f"{s_label} {_value_text(v, unit)}"
            for (s_label, _c), v in zip(series, values, strict=True)
        )
        + (f", {_('tổng')} {_value_text(total, unit)}" if len(series) > 1 else "")
        for label, values, total in rows
    ]
    context = {
        "key": key,
        "title": title,
        "description": _describe(title, lines),
        "width": label_width + bar_width + 70,
        "height": height,
        "rows": drawn,
        "legend": legend,
        "legend_y": height - 18,
        "axis_x": label_width,
        "axis_end": label_width + bar_width,
        "axis_top": top - 8,
        "axis_bottom": top + len(rows) * row_height - 6,
        "ticks": [
            {"x": round(label_width + scale * v, 1), "label": _value_text(v, unit)}
            for v in (0, max_value / 2, max_value)
        ],
        "font": font,
    }
    return Chart(
        key,
        title,
        context["description"],
        mark_safe(render_to_string("reports/charts/hbar.svg", context)),
    )


def grouped_hbar_chart(key, title, groups, series, *, unit="%", max_value=100, font=PAGE_FONT):
    """Horizontal bars in groups: one group per category, one bar per series (e.g. per year).

    groups: [(label, [value or None per series])]; series: [(label, colour)].
    """
    label_width, bar_width, bar_height, gap, top = 190, 380, 14, 12, 40
    scale = bar_width / max_value if max_value else 0
    drawn, y = [], top
    for label, values in groups:
        bars = []
        for (series_label, colour), value in zip(series, values, strict=True):
            width = round((value or 0) * scale, 1)
            bars.append(
                {
                    "y": y,
                    "width": width,
                    "colour": colour,
                    "text": _value_text(value, unit),
                    "text_x": label_width + width + 5,
                    "title": f"{label} – {series_label}: {_value_text(value, unit)}",
                }
            )
            y += bar_height + 2
        drawn.append(
            {
                "label": label,
                "label_y": bars[0]["y"] + (len(bars) * (bar_height + 2)) // 2 + 2,
                "bars": bars,
            }
        )
        y += gap
    legend_y = y + 28
    lines = [
        f"{label}: "
        + ", ".join(
            f"{s_label} {_value_text(v, unit)}"
            for (s_label, _c), v in zip(series, values, strict=True)
        )
        for label, values in groups
    ]
    context = {
        "key": key,
        "title": title,
        "description": _describe(title, lines),
        "width": label_width + bar_width + 70,
        "height": legend_y + 10,
        "groups": drawn,
        "bar_height": bar_height,
        "legend": [
            {"x": label_width + index * 90, "label": label, "colour": colour}
            for index, (label, colour) in enumerate(series)
        ],
        "legend_y": legend_y,
        "axis_x": label_width,
        "axis_top": top - 8,
        "axis_bottom": y - gap + 4,
        "ticks": [
            {"x": round(label_width + scale * v, 1), "label": _value_text(v, unit)}
            for v in (0, max_value / 2, max_value)
        ],
        "font": font,
    }
    return Chart(
        key,
        title,
        context["description"],
        mark_safe(render_to_string("reports/charts/hgroup.svg", context)),
    )


def vbar_chart(key, title, x_labels, series, *, font=PAGE_FONT):
    """Vertical stacked bars of counts per x label; series: [(label, colour, [count])]."""
    left, top, plot_height, slot = 50, 44, 200, 90
    totals = [sum(values[i] for _l, _c, values in series) for i in range(len(x_labels))]
    max_value = max(totals, default=0) or 1
    scale = plot_height / max_value
    bars = []
    for index, x_label in enumerate(x_labels):
        x, y = left + 20 + index * slot, top + plot_height
        segments = []
        for label, colour, values in series:
            value = values[index]
            height = round(value * scale, 1)
            y -= height
            segments.append(
                {
                    "y": round(y, 1),
                    "height": height,
                    "colour": colour,
                    "value": value,
                    "label": label,
                    "text_y": round(y + height / 2 + 4, 1),
                    "show": height >= 14,
                }
            )
        bars.append(
            {
                "x": x,
                "label": x_label,
                "segments": segments,
                "total": totals[index],
                "total_y": round(y - 5, 1),
            }
        )
    lines = [
        f"{x_label}: "
        + ", ".join(f"{label} {values[i]}" for label, _c, values in series)
        + f", {_('tổng')} {totals[i]}"
        for i, x_label in enumerate(x_labels)
    ]
    plot_right = left + 20 + len(x_labels) * slot
    context = {
        "key": key,
        "title": title,
        "description": _describe(title, lines),
        "width": plot_right + 190,
        "height": top + plot_height + 40,
        "bars": bars,
        "bar_width": 56,
        "left": left,
        "right": plot_right,
        "bottom": top + plot_height,
        "x_label_y": top + plot_height + 18,
        "legend": [
            {"y": top + 6 + index * 20, "label": label, "colour": colour}
            for index, (label, colour, _v) in enumerate(series)
        ],
        "legend_x": plot_right + 20,
        "font": font,
    }
    return Chart(
        key,
        title,
        context["description"],
        mark_safe(render_to_string("reports/charts/vbar.svg", context)),
    )


def charts_for(figures, *, font=PAGE_FONT):
    """The charts of a summary or review, drawn from its (frozen) figures only."""
    if not figures:
        return []
    if figures["kind"] == "review":
        return _review_charts(figures, font)
    sections, charts = figures["sections"], []
    registration = sections.get("registration")
    if registration and registration["rows"]:
        rows = [
            (
                str(SHORT_TIERS[r["tier"]]),
                [_share(r["on_time"], r["expected"]), _share(r["late"], r["expected"])],
                r["rate"],
            )
            for r in [*registration["rows"], registration["total"]]
        ]
        charts.append(
            hbar_chart(
                "registration-rate",
                _("Tỷ lệ đơn vị đăng ký thi đua năm %(year)s theo khối")
                % {"year": registration["year"]},
                rows,
                [(_("Đúng hạn"), ON_TIME), (_("Muộn"), LATE)],
                font=font,
            )
        )
    reports = sections.get("periodic_reports")
    if reports and reports["rows"]:
        rows = [
            (
                str(SHORT_TIERS[r["tier"]]),
                [_share(r["on_time"], r["expected"]), _share(r["late"], r["expected"])],
                r["rate"],
            )
            for r in [*reports["rows"], reports["total"]]
        ]
        charts.append(
            hbar_chart(
                "report-rate",
                _("Tỷ lệ đơn vị đã gửi báo cáo %(period)s theo khối")
                % {"period": reports["period"].lower()},
                rows,
                [(_("Đúng hạn"), ON_TIME), (_("Muộn"), LATE)],
                font=font,
            )
        )
    criteria = sections.get("criteria")
    if criteria:
        charts.extend(_criteria_charts(criteria, font))
    awards = sections.get("awards")
    if awards and awards["rows"]:
        charts.append(_awards_chart(awards, font))
    return charts


def _short_form(name):
    """'Giấy khen của Chủ tịch UBND huyện' -> 'Giấy khen' (the chart's row label)."""
    return name.split(" của ")[0][:28]


def _awards_chart(awards, font):
    forms = [form["form"] for form in awards["by_form"]]
    counts = {(row["form"], row["subject"]): 0 for row in awards["rows"]}
    for row in awards["rows"]:
        counts[(row["form"], row["subject"])] += row["awarded"]
    rows = [
        (
            _short_form(form),
            [counts.get((form, "collective"), 0), counts.get((form, "individual"), 0)],
            sum(counts.get((form, subject), 0) for subject in ("collective", "individual")),
        )
        for form in forms
    ]
    return hbar_chart(
        "awards-by-form",
        _("Số tập thể, cá nhân được khen thưởng theo hình thức"),
        rows,
        [(_("Tập thể"), COLORS[0]), (_("Cá nhân"), COLORS[1])],
        unit="",
        max_value=max((total for _l, _v, total in rows), default=0) or 1,
        font=font,
    )


def _criteria_charts(criteria, font):
    rows = [
        (f"{SHORT_TIERS[tier['tier']]} – {line['code']}", [line["share"] or 0], line["share"])
        for tier in criteria["tiers"]
        for line in tier["criteria"]
    ]
    charts = [
        hbar_chart(
            "criteria-attainment",
            _("Tỷ lệ đơn vị đạt từng tiêu chí"),
            rows,
            [(_("Đạt"), COLORS[2])],
            font=font,
        )
    ]
    tiers = criteria["tiers"]
    charts.append(
        vbar_chart(
            "scores-distribution",
            _("Phân bố điểm thi đua (so với điểm tối đa)"),
            criteria["buckets"],
            [
                (str(SHORT_TIERS[t["tier"]]), COLORS[index % len(COLORS)], t["distribution"])
                for index, t in enumerate(tiers)
            ],
            font=font,
        )
    )
    return charts


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else 0


def _review_charts(figures, font):
    years = figures["years"]
    per_year = [figures["per_year"][str(year)] for year in years]
    year_series = [(str(year), COLORS[index % len(COLORS)]) for index, year in enumerate(years)]
    tiers = []
    for sections in per_year:
        for row in (sections["registration"] or {}).get("rows", []):
            if row["tier"] not in tiers:
                tiers.append(row["tier"])
    groups = []
    for tier in [*tiers, ""]:
        values = []
        for sections in per_year:
            registration = sections["registration"] or {"rows": [], "total": None}
            row = (
                registration["total"]
                if tier == ""
                else next((r for r in registration["rows"] if r["tier"] == tier), None)
            )
            values.append(row["rate"] if row else None)
        groups.append((str(SHORT_TIERS[tier]), values))
    charts = [
        grouped_hbar_chart(
            "registration-trend",
            _("Tỷ lệ đơn vị đăng ký thi đua theo khối qua các năm"),
            groups,
            year_series,
            font=font,
        )
    ]
    totals = [(s["registration"] or {}).get("total", {}) for s in per_year]
    charts.append(
        vbar_chart(
            "registration-counts",
            _("Số đơn vị đăng ký đúng hạn, muộn và chưa đăng ký qua các năm"),
            [str(year) for year in years],
            [
                (_("Đúng hạn"), ON_TIME, [t.get("on_time", 0) for t in totals]),
                (_("Muộn"), LATE, [t.get("late", 0) for t in totals]),
                (_("Chưa đăng ký"), MISSING, [t.get("missing", 0) for t in totals]),
            ],
            font=font,
        )
    )
    report_groups = [
        (label, [((s[key] or {}).get("total") or {}).get("rate") for s in per_year])
        for key, label in (
            ("six_month_reports", _("Báo cáo 6 tháng")),
            ("annual_reports", _("Báo cáo năm")),
        )
    ]
    charts.append(
        grouped_hbar_chart(
            "report-trend",
            _("Tỷ lệ đơn vị đã gửi báo cáo định kỳ qua các năm"),
            report_groups,
            year_series,
            font=font,
        )
    )
    criteria_groups = {}
    for index, sections in enumerate(per_year):
        for tier in (sections.get("criteria") or {}).get("tiers", []):
            for line in tier["criteria"]:
                label = f"{SHORT_TIERS[tier['tier']]} – {line['code']}"
                criteria_groups.setdefault(label, [None] * len(years))[index] = line["share"]
    if criteria_groups:
        charts.append(
            grouped_hbar_chart(
                "criteria-trend",
                _("Tỷ lệ đơn vị đạt từng tiêu chí qua các năm"),
                list(criteria_groups.items()),
                year_series,
                font=font,
            )
        )
    forms = []
    for sections in per_year:
        for form in (sections.get("awards") or {}).get("by_form", []):
            if form["form"] not in forms:
                forms.append(form["form"])
    if forms:
        series = []
        for index, form in enumerate(forms):
            values = []
            for sections in per_year:
                found = [
                    f
                    for f in (sections.get("awards") or {}).get("by_form", [])
                    if f["form"] == form
                ]
                values.append(found[0]["awarded"] if found else 0)
            series.append((_short_form(form), COLORS[index % len(COLORS)], values))
        charts.append(
            vbar_chart(
                "awards-trend",
                _("Số tập thể, cá nhân được khen thưởng qua các năm"),
                [str(year) for year in years],
                series,
                font=font,
            )
        )
    return charts
