"""The reads of the award dossiers: what a unit may propose, what the office may
consolidate, what a meeting votes on and with what tally, what a decision may award and
each awardee's bonus. Writes are in services.py, which uses these."""

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from awards.models import AwardForm, Subject
from core.db import vietnamese
from core.text import money, same_name, short_date
from registrations.models import Registration
from registrations.roles import roles_on

from .bonus import BonusError, bonuses_for, compute_bonus
from .eligibility import assessment_facts
from .models import AwardDecision, CouncilMeeting, Nominee
from .voting import count_votes


def proposable_registrations(unit):
    """The unit's accepted registrations that have no award proposal yet, newest first."""
    return (
        Registration.objects.filter(unit=unit, status=Registration.Status.ACCEPTED)
        .exclude(award_proposals__isnull=False)
        .select_related("window__campaign")
        .order_by("-window__year")
    )


def report_prefill(proposal, subject):
    """Initial report sections so the unit edits rather than retypes.

    Section II comes from the registration's targets and commitment and from the scored
    assessment; section III from awards the unit received earlier through the portal.
    """
    unit, year = proposal.unit, proposal.year
    registration = proposal.registration
    targets = list(registration.targets.all())
    facts = assessment_facts(unit, year)
    achieved = facts.achieved if facts else {}
    target_lines = [
        _("- %(title)s: đăng ký %(value)s; sản phẩm: %(product)s; kết quả đạt được: %(achieved)s")
        % {
            "title": t.title,
            "value": t.target_value,
            "product": t.product,
            "achieved": achieved.get(t.pk, "…"),
        }
        for t in targets
    ]
    criteria_lines = (
        [
            _("Kết quả chấm điểm theo bộ tiêu chí năm %(year)s: %(score)s điểm.")
            % {"year": year, "score": facts.score},
            *facts.lines,
        ]
        if facts
        else []
    )
    if subject == Subject.COLLECTIVE:
        background = _(
            "%(unit)s%(locality)s. Tổng số cán bộ, công chức, viên chức, người lao động: …; "
            "cơ cấu tổ chức: …; thuận lợi, khó khăn trong năm %(year)s: …"
        ) % {
            "unit": unit.name,
            "locality": f", {unit.locality}" if unit.locality else "",
            "year": year,
        }
        duties = _("Chức năng, nhiệm vụ được giao: …")
        achievements = "\n".join(
            [
                _(
                    "1. Kết quả thực hiện các chỉ tiêu đăng ký thi đua về chuyển đổi số năm %(year)s:"
                )
                % {"year": year},
                *target_lines,
                *criteria_lines,
                _("2. Các biện pháp, giải pháp đã thực hiện:"),
                registration.commitment or "…",
                _("3. Các phong trào thi đua đã được áp dụng trong thực tiễn: …"),
            ]
        )
        summary = _("Hoàn thành các chỉ tiêu đăng ký thi đua năm %(year)s: %(titles)s.") % {
            "year": year,
            "titles": "; ".join(t.title for t in targets) or "…",
        }
    else:
        background = ""
        duties = _("Chức vụ, nhiệm vụ được giao: …")
        achievements = "\n".join(
            [
                _("1. Kết quả thực hiện nhiệm vụ về chuyển đổi số năm %(year)s tại %(unit)s:")
                % {"year": year, "unit": unit.name},
                *target_lines,
                _("2. Sáng kiến, giải pháp hữu ích cho chuyển đổi số đã được áp dụng: …"),
            ]
        )
        summary = _("Có sáng kiến, giải pháp về chuyển đổi số năm %(year)s: …") % {"year": year}
    return {
        "background": background,
        "duties": duties,
        "achievements": achievements,
        "summary": summary,
        "prior_awards": _prior_awards_of(proposal) if subject == Subject.COLLECTIVE else [],
    }


def _prior_awards_of(proposal):
    earlier = (
        Nominee.objects.awarded()
        .filter(
            proposal__unit_id=proposal.unit_id,
            subject=Subject.COLLECTIVE,
            proposal__year__lt=proposal.year,
        )
        .select_related("award_form", "decision", "proposal")
        .order_by("proposal__year")
    )
    return [
        {
            "year": n.proposal.year,
            "title": n.award_form.name,
            "decision_ref": _("Quyết định số %(number)s ngày %(day)s")
            % {
                "number": n.decision.number,
                "day": short_date(n.decision.decided_on),
            },
        }
        for n in earlier
    ]


def consolidable_nominees(campaign, year):
    """Accepted nominees of a year not yet in any district submission."""
    return (
        Nominee.objects.filter(
            proposal__campaign=campaign,
            proposal__year=year,
            status=Nominee.Status.ACCEPTED,
            submission__isnull=True,
        )
        .with_related()
        .order_by("award_form__order", "subject", vietnamese("proposal__unit__name"), "order")
    )


def submission_counts(nominees):
    """Collectives and individuals in a list, as the Tờ trình states them."""
    collectives = sum(1 for n in nominees if n.is_collective)
    return {"collectives": collectives, "individuals": len(nominees) - collectives}


def meeting_nominees(meeting):
    """The nominees a meeting votes on: the submission's nominees awaiting the council
    while it is open; those it voted on once it is closed."""
    nominees = Nominee.objects.filter(submission_id=meeting.submission_id)
    if meeting.status == CouncilMeeting.Status.OPEN:
        nominees = nominees.filter(status=Nominee.Status.INCLUDED)
    else:
        nominees = nominees.filter(votes__meeting=meeting).distinct()
    return nominees.with_related().order_by(
        "award_form__order", "subject", vietnamese("proposal__unit__name"), "order", "pk"
    )


def meeting_award_forms(nominees):
    """The award forms of `nominees` (a queryset), in their order: one query."""
    return list(AwardForm.objects.filter(pk__in=nominees.values("award_form")).order_by("order"))


def tally_meeting(meeting, nominees, present_members, *, page=False):
    """{nominee pk: Tally} in one query for the votes (of `nominees` only with `page`)."""
    votes = meeting.votes.all()
    if page:
        votes = votes.filter(nominee_id__in=[n.pk for n in nominees])
    choices = {}
    for nominee_id, choice in votes.values_list("nominee_id", "choice"):
        choices.setdefault(nominee_id, []).append(choice)
    return {
        n.pk: count_votes(
            choices.get(n.pk, []),
            present=len(present_members),
            member_count=meeting.member_count,
            rule=meeting,
        )
        for n in nominees
    }


def decision_candidates(meeting, award_form, roles=None):
    """Nominees of `meeting` a decision for `award_form` may award.

    Forms the campaign's authority decides (registrations.roles): approved by the council.
    Others: approved and forwarded to the province (the decision records the province's).
    """
    roles = roles or roles_on(meeting.submission.campaign, meeting.held_on)
    direct = roles.decides(award_form)
    status = Nominee.Status.APPROVED if direct else Nominee.Status.FORWARDED
    return (
        Nominee.objects.filter(
            votes__meeting=meeting, award_form=award_form, status=status, decision__isnull=True
        )
        .distinct()
        .with_related()
        .order_by("subject", vietnamese("proposal__unit__name"), "order")
    )


@dataclass(frozen=True)
class BonusLine:
    nominee: Nominee
    amount: int | None
    explanation: str
    error: str

    @property
    def amount_text(self):
        return money(self.amount) if self.amount is not None else ""


def bonus_lines(decision, awardees):
    """Each awardee's bonus on the decision date, with how it was computed (or why not)."""
    if decision.status == AwardDecision.Status.ISSUED:
        return [BonusLine(n, n.bonus_amount, n.bonus_note, "") for n in awardees]
    return [
        BonusLine(nominee, bonus.amount, bonus.explanation, "")
        if bonus
        else BonusLine(nominee, None, "", error)
        for nominee, bonus, error in bonuses_for(decision.award_form, awardees, decision.decided_on)
    ]


def bonus_total(decision):
    """(total bonus of all awardees, whether some bonus cannot be computed) in a query or
    two whatever their number: an issued decision's amounts summed in SQL; a draft's
    bonus depends on the subject only, so each subject's is computed once and multiplied
    by its count."""
    if decision.status == AwardDecision.Status.ISSUED:
        return decision.awardees.aggregate(total=Sum("bonus_amount"))["total"] or 0, False
    total, has_errors = 0, False
    for row in decision.awardees.order_by().values("subject").annotate(n=Count("pk")):
        try:
            bonus = compute_bonus(decision.award_form, row["subject"], decision.decided_on)
        except BonusError:
            has_errors = True
        else:
            total += bonus.amount * row["n"]
    return total, has_errors


def forwardable_nominees(meeting):
    """Approved nominees of a meeting proposed for a provincial award, not yet forwarded."""
    return (
        Nominee.objects.filter(
            votes__meeting=meeting,
            status=Nominee.Status.APPROVED,
            award_form__level=AwardForm.Level.PROVINCE,
        )
        .distinct()
        .with_related()
        .order_by("award_form__order", "subject", vietnamese("proposal__unit__name"), "order")
    )


def meeting_dossiers(meeting):
    """[(proposal, [its nominees before the meeting])], by unit name."""
    dossiers = {}
    nominees = sorted(
        meeting_nominees(meeting), key=lambda n: (n.proposal.unit.name, n.subject, n.order)
    )
    for nominee in nominees:
        dossiers.setdefault(nominee.proposal, []).append(nominee)
    return list(dossiers.items())


def registered_people_not_proposed(proposal, nominees):
    """The individuals the unit registered for the year who are not in the proposal yet."""
    taken = {same_name(n.full_name) for n in nominees if not n.is_collective}
    return [
        person
        for person in proposal.registration.individuals.all()
        if same_name(person.full_name) not in taken
    ]
