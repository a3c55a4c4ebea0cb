"""Fixtures for inspections: the unit's commune criteria, its accepted registration with a
target, and a planned inspection of 2024."""

import datetime

import pytest

from criteria import services as criteria_services
from inspections import services
from tests.criteria.helpers import SEED, accept
from tests.factories import TargetFactory
from units.models import Tier

PLANNED_ON = datetime.date(2024, 10, 8)
PLANNED_AT = datetime.datetime(2024, 9, 20, 9, tzinfo=datetime.UTC)
TEAM = "Nguyễn Văn Hùng – Trưởng phòng\nLò Thị Mai – Chuyên viên"


@pytest.fixture
def commune_set(campaign):
    return criteria_services.create_criterion_set(
        campaign, 2024, Tier.COMMUNE, rows=SEED["tiers"]["commune"]
    )


@pytest.fixture
def accepted(registration):
    TargetFactory(registration=registration, order=1, title="Tuyên truyền chuyển đổi số")
    return accept(registration)


def plan(window, unit, office, **kwargs):
    values = {
        "planned_on": PLANNED_ON,
        "team_name": "Đoàn kiểm tra số 1",
        "team_members": TEAM,
        "now": PLANNED_AT,
        **kwargs,
    }
    return services.plan_inspection(window, unit, by=office, **values)


@pytest.fixture
def inspection(window, unit, office, accepted, commune_set, staff, head):
    return plan(window, unit, office)


@pytest.fixture(autouse=True)
def eager_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a request queued after its commit (the render task, eagerly)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        if hasattr(result, "refresh_from_db"):
            result.refresh_from_db()
        return result

    return run
