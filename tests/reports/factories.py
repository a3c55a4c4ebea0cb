import datetime

import factory

from reports.models import PeriodicReport, PeriodKind, ReportingPeriod, ReportTarget

from ..factories import UnitFactory, UserFactory


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ["campaign", "year", "kind"]

    year = 2024
    kind = PeriodKind.ANNUAL
    starts_on = factory.LazyAttribute(lambda p: datetime.date(p.year - 1, 12, 15))
    ends_on = factory.LazyAttribute(
        lambda p: (
            datetime.date(p.year, 12, 14)
            if p.kind == PeriodKind.ANNUAL
            else datetime.date(p.year, 6, 14)
        )
    )
    due_on = factory.LazyAttribute(
        lambda p: (
            datetime.date(p.year, 12, 20)
            if p.kind == PeriodKind.ANNUAL
            else datetime.date(p.year, 6, 20)
        )
    )


class PeriodicReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodicReport

    unit = factory.SubFactory(UnitFactory)
    created_by = factory.SubFactory(UserFactory, unit=factory.SelfAttribute("..unit"))
    results_text = "Tổ chức 5 buổi tuyên truyền về chuyển đổi số."


class ReportTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportTarget

    title = "Hồ sơ công việc xử lý trên môi trường mạng"
    target_value = "≥ 85%"
    product = "Báo cáo thống kê"
