"""Fixtures for criteria and scoring: the plan's sets, an accepted registration, assessments in each state."""

import pytest

from criteria import services
from tests.factories import RegistrationFactory, TargetFactory, UserFactory
from units.models import Tier

from .helpers import SEED, accept, fill


@pytest.fixture
def commune_set(campaign):
    return services.create_criterion_set(
        campaign, 2024, Tier.COMMUNE, rows=SEED["tiers"]["commune"]
    )


@pytest.fixture
def enterprise_set(campaign):
    return services.create_criterion_set(
        campaign, 2024, Tier.ENTERPRISE, rows=SEED["tiers"]["enterprise"]
    )


@pytest.fixture
def accepted(registration):
    """The unit's 2024 registration, accepted, with two targets."""
    TargetFactory(
        registration=registration,
        order=1,
        title="Hồ sơ công việc xử lý trên môi trường mạng",
        target_value="≥ 85%",
    )
    TargetFactory(
        registration=registration,
        order=2,
        title="Tuyên truyền chuyển đổi số tới các thôn",
        target_value="12 buổi",
    )
    return accept(registration)


@pytest.fixture
def assessment(accepted, commune_set, staff):
    return services.start_assessment(accepted, by=staff)


@pytest.fixture
def filled(assessment, staff):
    return fill(assessment, staff)


@pytest.fixture
def submitted(filled, head):
    return services.submit_assessment(filled, by=head, revision=filled.revision)


@pytest.fixture
def office2(db):
    return UserFactory(office=True, username="vhtt2", full_name="Lê Văn Chấm")


@pytest.fixture
def other_assessment(window, other_unit, other_staff, commune_set):
    """Another commune's draft results for the same year."""
    registration = accept(
        RegistrationFactory(window=window, unit=other_unit, created_by=other_staff)
    )
    return services.start_assessment(registration, by=other_staff)
