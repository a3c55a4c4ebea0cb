"""Helpers for the criteria tests: payload builders and a few arranged assessments."""

import json
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from criteria import services
from registrations.models import Registration
from tests.conftest import PDF_BYTES
from tests.factories import (
    RegistrationFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
    WindowFactory,
)
from units.models import Tier

SEED = json.loads((Path(settings.BASE_DIR) / "seed" / "criteria.json").read_text(encoding="utf-8"))


def pdf(name="minh-chung.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def lines(assessment, **by_code):
    """The `lines` payload of update_assessment from values keyed by criterion code."""
    results = {r.criterion.code: r.pk for r in assessment.results.select_related("criterion")}
    return {results[code]: values for code, values in by_code.items()}


def result(assessment, code):
    return assessment.results.select_related("criterion").get(criterion__code=code)


def accept(registration):
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.ACCEPTED)
    registration.refresh_from_db()
    return registration


COMMUNE_FIGURES = {
    "X1": {
        "total": 412,
        "excluded": 12,
        "done": 350,
        "description": "Theo hệ thống quản lý văn bản",
    },
    "X2": {"total": 120, "excluded": 4, "done": 116},
    "X3": {"total": 24, "done": 24},
}


def fill(assessment, by, figures=None, **extra):
    """Enter figures (the commune's by default) and return the updated assessment."""
    return services.update_assessment(
        assessment,
        by=by,
        revision=assessment.revision,
        lines=lines(assessment, **(figures or COMMUNE_FIGURES)),
        **extra,
    )


def review_lines(assessment, **overrides):
    """The reviewer confirming every line with the unit's figures, except `overrides` by code."""
    payload = {}
    for r in assessment.results.select_related("criterion"):
        values = {
            name: getattr(r, name) for name in ("total", "excluded", "done", "answer", "points")
        }
        values["reason"] = ""
        values.update(overrides.get(r.criterion.code, {}))
        payload[r.pk] = values
    return payload


def submitted_assessments(
    campaign,
    count,
    *,
    year=2024,
    tier=Tier.COMMUNE,
    score=False,
    office=None,
    x1_done=(350, 330, 310),
):
    """`count` units of `tier`, each with submitted (or scored) results for `year`."""
    window = WindowFactory(campaign=campaign, year=year)
    made = []
    for index in range(count):
        unit = UnitFactory(tier=tier)
        head = UserFactory(unit=unit, head=True)
        registration = accept(RegistrationFactory(window=window, unit=unit, created_by=head))
        TargetFactory(registration=registration)
        assessment = services.start_assessment(registration, by=head)
        done = x1_done[index % len(x1_done)]
        assessment = fill(
            assessment,
            head,
            figures={**COMMUNE_FIGURES, "X1": {"total": 412, "excluded": 12, "done": done}},
        )
        assessment = services.submit_assessment(assessment, by=head, revision=assessment.revision)
        if score:
            assessment = services.score_assessment(
                assessment, by=office, revision=assessment.revision, lines=review_lines(assessment)
            )
        made.append(assessment)
    return made


def login(client, user):
    """Log `user` in through the model backend (the first backend, axes, cannot load users).

    The shared UserFactory sets the password after saving and skips the second save,
    so the in-memory hash differs from the stored one; reload before logging in so
    the session's auth hash matches what the middleware reads back.
    """
    user.refresh_from_db()
    client.force_login(user, backend="units.backends.PortalBackend")
