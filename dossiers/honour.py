"""Reads for the public honour roll (điển hình tiên tiến): only what may be published.

Rows are built from a `values()` query of the public columns, so no personal data
(date of birth, ethnicity, …) is ever loaded for an anonymous visitor.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, ExtractYear

from awards.models import Subject
from core.datacache import cached
from core.db import vietnamese

from .models import AwardDecision, Nominee, by_name

PUBLIC_COLUMNS = (
    "subject",
    "full_name",
    "position",
    "proposal__unit__name",
    "workplace",
    "collective_name",
    "collective_address",
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
    """The years with an awardee, newest first (DISTINCT in SQL, not one row per awardee).
    Computed once per change of the data (core.datacache: issuing a decision is a
    transition): the DISTINCT reads every awardee, ~30 ms at 10,000 units (issue 10)."""
    return cached("dossiers:awarded-years", _awarded_years)


def _awarded_years():
    return list(
        Nominee.objects.awarded()
        .order_by("-proposal__year")
        .values_list("proposal__year", flat=True)
        .distinct()
    )


def awarded_by_form(year):
    """{award form id: number of awardees} of `year`, from one grouped query: the roll's
    form filter and its row count both come from it (issue 10); once per change of the
    data, like the years."""
    return cached(f"dossiers:awarded-by-form:{year}", lambda: _awarded_by_form(year))


def _awarded_by_form(year):
    counts = (
        Nominee.objects.awarded()
        .filter(proposal__year=year)
        .order_by()
        .values("award_form")
        .annotate(n=Count("*"))
    )
    return {row["award_form"]: row["n"] for row in counts}


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
        by_name(),
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
            name=(row["collective_name"] or row["proposal__unit__name"])
            if row["subject"] == Subject.COLLECTIVE
            else row["full_name"],
            position="" if row["subject"] == Subject.COLLECTIVE else row["position"],
            # The office's own nominees name their workplace (a collective from outside the
            # registered units its address); a unit's work at the unit.
            unit_name=row["workplace"]
            or row["collective_address"]
            or row["collective_name"]
            or row["proposal__unit__name"],
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


# --- The public page of issued decisions (issue 15) -----------------------------------------

DECISION_COLUMNS = ("number", "decided_on", "signer_name", "signer_position", "award_form__name")


def issued_decisions(year=None):
    """Issued award decisions (of `year`), newest first, as values of their public columns
    with their number of awardees (a subquery per row of the page: the list never loads
    the awardees themselves, ~900 per decision at a province's scale; issue 10). Lazy:
    slice a page."""
    awardees = (
        Nominee.objects.filter(decision=OuterRef("pk"), status=Nominee.Status.AWARDED)
        .order_by()
        .values("decision")
        .annotate(n=Count("*"))
        .values("n")
    )
    decisions = AwardDecision.objects.filter(status=AwardDecision.Status.ISSUED)
    if year:
        decisions = decisions.filter(decided_on__year=year)
    return (
        decisions.order_by("-decided_on", "-pk")
        .annotate(awardee_count=Coalesce(Subquery(awardees), 0))
        .values("pk", *DECISION_COLUMNS, "awardee_count")
    )


def issued_years():
    """The years with an issued decision, newest first (the public list's year filter)."""
    return list(
        AwardDecision.objects.filter(status=AwardDecision.Status.ISSUED)
        .annotate(year=ExtractYear("decided_on"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def decision_awardees(decision_pk):
    """The lazy values() query of one issued decision's awardees (public columns), in the
    decision's order: slice a page, then `entries_of`."""
    return (
        Nominee.objects.awarded()
        .filter(decision=decision_pk)
        .order_by("subject", "proposal__unit__name", "full_name", "pk")
        .values(*PUBLIC_COLUMNS)
    )
