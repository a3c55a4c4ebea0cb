"""Reads for the public honour roll (điển hình tiên tiến): only what may be published.

Rows are built from a `values()` query of the public columns, so no personal data
(date of birth, ethnicity, …) is ever loaded for an anonymous visitor.
"""

from dataclasses import dataclass
from itertools import groupby

from awards.models import Subject
from core.db import vietnamese

from .models import Nominee

PUBLIC_COLUMNS = (
    "subject",
    "full_name",
    "position",
    "proposal__unit__name",
    "proposal__year",
    "award_form__name",
    "award_form__code",
    "award_form__order",
    "decision__number",
    "decision__decided_on",
)


@dataclass(frozen=True)
class HonourEntry:
    year: int
    subject: str
    name: str
    position: str
    unit_name: str
    award_form: str
    award_form_order: int
    decision_number: str
    decided_on: object

    @property
    def is_collective(self):
        return self.subject == Subject.COLLECTIVE


def awarded_years():
    """The years with an awardee, newest first (DISTINCT in SQL, not one row per awardee)."""
    return list(
        Nominee.objects.awarded()
        .order_by("-proposal__year")
        .values_list("proposal__year", flat=True)
        .distinct()
    )


def awarded_forms(year):
    return Nominee.objects.awarded().filter(proposal__year=year).values("award_form")


def entries(year, *, form_code=""):
    """The awardees of `year` (optionally of one award form): collectives first, by name."""
    return entries_of(public_rows(year, form_code=form_code))


def public_rows(year, *, form_code=""):
    """The lazy values() query of `entries`: slice it for a page, then `entries_of`."""
    rows = Nominee.objects.awarded().filter(proposal__year=year)
    if form_code:
        rows = rows.filter(award_form__code=form_code)
    rows = rows.order_by(
        "award_form__order",
        "subject",
        vietnamese("proposal__unit__name"),
        vietnamese("full_name"),
        "pk",
    )
    return rows.values(*PUBLIC_COLUMNS)


def entries_of(rows):
    """HonourEntry objects of public_rows() rows."""
    return [
        HonourEntry(
            year=row["proposal__year"],
            subject=row["subject"],
            name=row["proposal__unit__name"]
            if row["subject"] == Subject.COLLECTIVE
            else row["full_name"],
            position="" if row["subject"] == Subject.COLLECTIVE else row["position"],
            unit_name=row["proposal__unit__name"],
            award_form=row["award_form__name"],
            award_form_order=row["award_form__order"],
            decision_number=row["decision__number"],
            decided_on=row["decision__decided_on"],
        )
        for row in rows
    ]


def group_entries(rows):
    """[(award form name, [entries])] in the order of the rows."""
    return [(name, list(items)) for name, items in groupby(rows, key=lambda r: r.award_form)]


def group_by_form(nominees):
    """[(award form, [nominees])] for nominees already ordered by award form."""
    return [(form, list(items)) for form, items in groupby(nominees, key=lambda n: n.award_form)]
