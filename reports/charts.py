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

from core.text import percent

from .figures import ReviewFigures, load
from .queries import percent_of
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
    if value is None:
        return "—"
    return percent(value) if unit == "%" else f"{vi_number(value)}{unit}"


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
    """The charts of a summary or review, drawn from its figures only (typed, or the JSON
    an issue froze)."""
    figures = load(figures)
    if figures is None:
        return []
    if isinstance(figures, ReviewFigures):
        return [chart for draw in REVIEW_CHARTS for chart in draw(figures, font)]
    return [
        chart
        for key, draw in SECTION_CHARTS
        if (section := getattr(figures.sections, key)) is not None
        for chart in draw(section, font)
    ]


# --- A 6-month or annual summary: one builder per section ---------------------------------


def _timing_rows(section):
    """(short tier, [on time %, late %], received %) per tier and for the total."""
    return [
        (
            str(SHORT_TIERS[r.tier]),
            [_share(r.on_time, r.expected), _share(r.late, r.expected)],
            r.rate,
        )
        for r in [*section.rows, section.total]
    ]


def _registration_charts(registration, font):
    if not registration.rows:
        return []
    return [
        hbar_chart(
            "registration-rate",
            _("Tỷ lệ đơn vị đăng ký thi đua năm %(year)s theo khối") % {"year": registration.year},
            _timing_rows(registration),
            [(_("Đúng hạn"), ON_TIME), (_("Muộn"), LATE)],
            font=font,
        )
    ]


def _reports_charts(reports, font):
    if not reports.rows:
        return []
    return [
        hbar_chart(
            "report-rate",
            _("Tỷ lệ đơn vị đã gửi báo cáo %(period)s theo khối")
            % {"period": reports.period.lower()},
            _timing_rows(reports),
            [(_("Đúng hạn"), ON_TIME), (_("Muộn"), LATE)],
            font=font,
        )
    ]


def _criteria_charts(criteria, font):
    rows = [
        (_criterion_label(tier, line), [line.share or 0], line.share)
        for tier in criteria.tiers
        for line in tier.criteria
    ]
    return [
        hbar_chart(
            "criteria-attainment",
            _("Tỷ lệ đơn vị đạt từng tiêu chí"),
            rows,
            [(_("Đạt"), COLORS[2])],
            font=font,
        ),
        vbar_chart(
            "scores-distribution",
            _("Phân bố điểm thi đua (so với điểm tối đa)"),
            criteria.buckets,
            [
                (str(SHORT_TIERS[t.tier]), _colour(index), t.distribution)
                for index, t in enumerate(criteria.tiers)
            ],
            font=font,
        ),
    ]


def _awards_charts(awards, font):
    if not awards.rows:
        return []
    counts = {}
    for row in awards.rows:
        counts[(row.form, row.subject)] = counts.get((row.form, row.subject), 0) + row.awarded
    rows = []
    for form in awards.by_form:
        collective = counts.get((form.form, "collective"), 0)
        individual = counts.get((form.form, "individual"), 0)
        rows.append((_short_form(form.form), [collective, individual], collective + individual))
    return [
        hbar_chart(
            "awards-by-form",
            _("Số tập thể, cá nhân được khen thưởng theo hình thức"),
            rows,
            [(_("Tập thể"), COLORS[0]), (_("Cá nhân"), COLORS[1])],
            unit="",
            max_value=max((total for _l, _v, total in rows), default=0) or 1,
            font=font,
        )
    ]


# (field of figures.Sections, builder: (the section's figures, font) -> its charts), in order.
SECTION_CHARTS = [
    ("registration", _registration_charts),
    ("periodic_reports", _reports_charts),
    ("criteria", _criteria_charts),
    ("awards", _awards_charts),
]


def _short_form(name):
    """'Giấy khen của Chủ tịch UBND huyện' -> 'Giấy khen' (the chart's row label)."""
    return name.split(" của ")[0][:28]


def _criterion_label(tier, line):
    return f"{SHORT_TIERS[tier.tier]} – {line.code}"


def _colour(index):
    return COLORS[index % len(COLORS)]


def _share(part, whole):
    """The bar's length: `percent_of` but 0 (no bar) when nothing was expected."""
    return percent_of(part, whole) or 0


# --- The review: the years side by side ---------------------------------------------------


def _year_series(review):
    return [(str(year), _colour(index)) for index, year in enumerate(review.years)]


def _registration_trend(review, font):
    registrations = review.each("registration")
    tiers = list(dict.fromkeys(r.tier for s in registrations if s for r in s.rows))
    groups = []
    for tier in [*tiers, ""]:
        values = []
        for section in registrations:
            if section is None:
                values.append(None)
                continue
            row = (
                section.total
                if tier == ""
                else next((r for r in section.rows if r.tier == tier), None)
            )
            values.append(row.rate if row else None)
        groups.append((str(SHORT_TIERS[tier]), values))
    return [
        grouped_hbar_chart(
            "registration-trend",
            _("Tỷ lệ đơn vị đăng ký thi đua theo khối qua các năm"),
            groups,
            _year_series(review),
            font=font,
        )
    ]


def _registration_counts(review, font):
    totals = [s.total if s else None for s in review.each("registration")]

    def count(key):
        return [getattr(t, key) if t else 0 for t in totals]

    return [
        vbar_chart(
            "registration-counts",
            _("Số đơn vị đăng ký đúng hạn, muộn và chưa đăng ký qua các năm"),
            [str(year) for year in review.years],
            [
                (_("Đúng hạn"), ON_TIME, count("on_time")),
                (_("Muộn"), LATE, count("late")),
                (_("Chưa đăng ký"), MISSING, count("missing")),
            ],
            font=font,
        )
    ]


def _report_trend(review, font):
    groups = [
        (label, [s.total.rate if s else None for s in review.each(key)])
        for key, label in (
            ("six_month_reports", _("Báo cáo 6 tháng")),
            ("annual_reports", _("Báo cáo năm")),
        )
    ]
    return [
        grouped_hbar_chart(
            "report-trend",
            _("Tỷ lệ đơn vị đã gửi báo cáo định kỳ qua các năm"),
            groups,
            _year_series(review),
            font=font,
        )
    ]


def _criteria_trend(review, font):
    groups = {}
    for index, criteria in enumerate(review.each("criteria")):
        for tier in criteria.tiers if criteria else []:
            for line in tier.criteria:
                label = _criterion_label(tier, line)
                groups.setdefault(label, [None] * len(review.years))[index] = line.share
    if not groups:
        return []
    return [
        grouped_hbar_chart(
            "criteria-trend",
            _("Tỷ lệ đơn vị đạt từng tiêu chí qua các năm"),
            list(groups.items()),
            _year_series(review),
            font=font,
        )
    ]


def _awards_trend(review, font):
    awarded = {}  # form -> awarded per year
    for index, awards in enumerate(review.each("awards")):
        for form in awards.by_form if awards else []:
            awarded.setdefault(form.form, [0] * len(review.years))[index] = form.awarded
    if not awarded:
        return []
    return [
        vbar_chart(
            "awards-trend",
            _("Số tập thể, cá nhân được khen thưởng qua các năm"),
            [str(year) for year in review.years],
            [
                (_short_form(form), _colour(index), values)
                for index, (form, values) in enumerate(awarded.items())
            ],
            font=font,
        )
    ]


# The review's chart builders ((figures.ReviewFigures, font) -> its charts), in order.
REVIEW_CHARTS = [
    _registration_trend,
    _registration_counts,
    _report_trend,
    _criteria_trend,
    _awards_trend,
]
