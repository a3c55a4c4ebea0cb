"""The summaries show the units the office gave a later registration deadline."""

import datetime

from registrations import services as registration_services
from registrations.deadlines import LOCAL_TZ
from registrations.models import Registration
from reports import queries
from reports.tables import tables_for

from ..factories import UserFactory
from .test_queries import summary_of


def test_summary_lists_extended_units_with_date_reason_and_timing(campaign, window, annual, known):
    late = Registration.objects.get(window=window, unit__name="UBND xã Bình")  # sent 25/02
    registration_services.grant_extension(
        window,
        late.unit,
        by=UserFactory(office=True),
        deadline_on=datetime.date(2024, 3, 1),
        reason="Mất kết nối mạng do sạt lở.",
        now=datetime.datetime(2024, 2, 26, 8, tzinfo=LOCAL_TZ),
    )

    figures = queries.summary_figures(summary_of(campaign, annual))

    registration = figures["sections"]["registration"]
    assert registration["extended_units"] == [
        {
            "name": "UBND xã Bình",
            "tier": "UBND xã, thị trấn",
            "deadline_on": "01/03/2024",
            "reason": "Mất kết nối mạng do sạt lở.",
            "timing": "Đúng hạn",
        }
    ]
    commune = next(r for r in registration["rows"] if r["tier"] == "commune")
    assert (commune["on_time"], commune["late"]) == (3, 0)
    table = next(t for t in tables_for(figures) if t.key == "registration_extended")
    assert table.title == "Đơn vị được gia hạn đăng ký thi đua năm 2024"
    assert [cell["text"] for cell in table.cells[0][1:]] == [
        "UBND xã Bình",
        "UBND xã, thị trấn",
        "01/03/2024",
        "Mất kết nối mạng do sạt lở.",
        "Đúng hạn",
    ]


def test_summary_without_extensions_has_no_extension_table(campaign, window, annual, known):
    figures = queries.summary_figures(summary_of(campaign, annual))

    assert figures["sections"]["registration"]["extended_units"] == []
    assert "registration_extended" not in [t.key for t in tables_for(figures)]
