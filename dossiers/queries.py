"""The reads of the award dossiers: what a unit may propose, what the office may
consolidate, what a meeting votes on and with what tally, what a decision may award and
each awardee's bonus. Writes are in services.py, which uses these."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from awards.models import AwardForm, Subject
from core.db import CompiledRead
from core.models import Transition
from core.text import money, same_name, short_date
from documents.services import DocumentError
from registrations.models import RegisteredIndividual, Registration
from registrations.roles import roles_on
from units.models import Unit

from .bonus import BonusError, bonuses_for, compute_bonus
from .eligibility import assessment_facts
from .models import AwardDecision, CouncilMeeting, DossierRule, Nominee, Vote, by_name
from .papers import has_issued_letter
from .voting import count_votes

# Compiled once per process (core.db.CompiledRead, issue 10): the unit's list page.
_PROPOSABLE = CompiledRead(
    lambda unit: (
        Registration.objects.filter(unit_id=unit, status=Registration.Status.ACCEPTED)
        .exclude(award_proposals__isnull=False)
        .select_related("window__campaign")
        .order_by("-window__year")
    )
)


def proposable_registrations(unit_id):
    """The unit's accepted registrations that have no award proposal yet, newest first."""
    return _PROPOSABLE.objects(unit=unit_id)


def report_prefill(proposal, subject):
    """Initial report sections so the unit edits rather than retypes.

    Section II comes from the registration's targets and commitment and from the scored
    assessment. Section III is not copied: the portal's own awards are read when the report
    is printed (earlier_awards), so the unit types only the older ones.
    """
    unit, year = proposal.unit, proposal.year
    registration = proposal.registration
    if registration is None:  # the office's own proposal: nothing registered to copy
        collective = subject == Subject.COLLECTIVE
        return {
            # A collective's report follows the collective outline (Decree 152/2025 forms).
            "background": (
                _(
                    "Địa bàn hoạt động, lĩnh vực: …; số thành viên, người lao động: …; thuận lợi, "
                    "khó khăn trong năm %(year)s: …"
                )
                % {"year": year}
                if collective
                else ""
            ),
            "duties": (
                _("Chức năng, nhiệm vụ, ngành nghề hoạt động: …")
                if collective
                else _("Chức vụ, nhiệm vụ được giao: …")
            ),
            "achievements": _("Thành tích đạt được năm %(year)s (%(title)s): …")
            % {"title": proposal.title, "year": year},
            "summary": "",
            "prior_awards": [],
            "policy_compliance": (
                _("Chấp hành chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước: …")
                if collective
                else ""
            ),
            "party_activities": (_("Tổ chức đảng, đoàn thể (nếu có): …") if collective else ""),
        }
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
                _(
                    "2. Các biện pháp, giải pháp, nguyên nhân đạt được thành tích; các phong "
                    "trào thi đua đã được áp dụng trong thực tiễn:"
                ),
                registration.commitment or "…",
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
        # Typed rows are for awards older than the portal: the portal's own decisions are
        # read into part III when the report is printed (earlier_awards).
        "prior_awards": [],
        # Section II.3 and II.4 of a collective's report, to be written by the unit.
        "policy_compliance": (
            _(
                "Thực hiện nghiêm chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà "
                "nước về chuyển đổi số: …"
            )
            if subject == Subject.COLLECTIVE
            else ""
        ),
        "party_activities": (
            _("Tổ chức đảng: …; các đoàn thể: …") if subject == Subject.COLLECTIVE else ""
        ),
    }


def portal_awards(nominee):
    """Awards the portal itself gave the nominee in earlier years, from its issued decisions:
    the unit's collective awards for a collective; for an individual, the same person (name
    and birth date, or name within the unit when no birth date was given). Newest last."""
    earlier = Nominee.objects.awarded().filter(
        subject=nominee.subject, proposal__year__lt=nominee.proposal.year
    )
    if nominee.is_outside_collective and not nominee.nominated_unit_id:
        earlier = earlier.filter(
            nominated_unit__isnull=True, collective_name=nominee.collective_name
        )
    elif nominee.is_collective:
        # A unit's collective awards: proposed by itself, or by the office as a registry unit.
        unit_id = nominee.nominated_unit_id or nominee.proposal.unit_id
        earlier = earlier.filter(
            Q(proposal__unit_id=unit_id, collective_name="") | Q(nominated_unit_id=unit_id)
        )
    elif nominee.birth_date:
        earlier = earlier.filter(full_name=nominee.full_name, birth_date=nominee.birth_date)
    else:
        earlier = earlier.filter(
            full_name=nominee.full_name, proposal__unit_id=nominee.proposal.unit_id
        )
    earlier = earlier.select_related(
        "award_form", "decision", "proposal__campaign", "proposal__unit"
    ).order_by("proposal__year", "decision__decided_on", "pk")
    return [
        {
            "kind": "title" if n.award_form.is_title else "commendation",
            "year": n.proposal.year,
            "title": n.award_form.name,
            "decision_ref": _("Quyết định số %(number)s ngày %(day)s của %(authority)s")
            % {
                "number": n.decision.number,
                "day": short_date(n.decision.decided_on),
                "authority": roles_on(n.proposal.campaign, n.decision.decided_on).chairman(
                    n.award_form
                ),
            },
            "from_portal": True,
        }
        for n in earlier
    ]


def earlier_awards(nominee):
    """Part III of the achievement report as its two tables: (emulation titles, forms of
    commendation). The portal's own decisions first-hand, older awards as the unit typed
    them; a typed line repeating a portal award (same year and title) is not shown twice."""
    portal = portal_awards(nominee)
    known = {(a["year"], a["title"].casefold()) for a in portal}
    typed = [
        {
            "kind": p.kind,
            "year": p.year,
            "title": p.title,
            "decision_ref": p.decision_ref,
            "from_portal": False,
        }
        for p in nominee.prior_awards.all()
        if (p.year, p.title.casefold()) not in known
    ]
    rows = sorted([*portal, *typed], key=lambda a: a["year"])
    return (
        [a for a in rows if a["kind"] == "title"],
        [a for a in rows if a["kind"] != "title"],
    )


PLACEHOLDERS = ("…", "...")


def report_sections(nominee):
    """(label, text) of the report sections the nominee's paper prints."""
    if nominee.report_type == Nominee.ReportType.SUMMARY:
        return [(_("Tóm tắt thành tích"), nominee.summary)]
    if nominee.is_collective:
        return [
            (_("I.1. Đặc điểm, tình hình"), nominee.background),
            (_("I.2. Chức năng, nhiệm vụ"), nominee.duties),
            (_("II. Thành tích đạt được"), nominee.achievements),
            (
                _("II.3. Việc thực hiện chủ trương, chính sách, pháp luật"),
                nominee.policy_compliance,
            ),
            (_("II.4. Hoạt động của tổ chức đảng, đoàn thể"), nominee.party_activities),
        ]
    return [
        (_("II.1. Chức vụ, nhiệm vụ được giao"), nominee.duties),
        (_("II.2. Thành tích đạt được"), nominee.achievements),
    ]


def placeholders_left(nominees):
    """[(nominee, [section labels])] of the reports that still hold a "…" to fill in."""
    left = []
    for nominee in nominees:
        sections = [
            label
            for label, text in report_sections(nominee)
            if any(mark in (text or "") for mark in PLACEHOLDERS)
        ]
        if sections:
            left.append((nominee, sections))
    return left


def proposal_warnings(proposal, nominees):
    """What the unit head confirms before sending and the office sees on the proposal: a
    Tờ trình without its number (only a "DỰ THẢO" or none) and reports with a "…" left."""
    warnings = []
    # The office's own proposal goes into its consolidated Tờ trình: it has no letter.
    if not proposal.is_office_proposal and not has_issued_letter(proposal):
        warnings.append(
            _(
                "Tờ trình đề nghị khen thưởng chưa được cấp số và phát hành (chưa in hoặc mới "
                "có bản “DỰ THẢO”). Thủ trưởng đơn vị cấp số Tờ trình trước khi gửi."
            )
        )
    warnings += [
        _("Báo cáo của %(name)s còn chỗ “…” chưa điền: %(sections)s.")
        % {"name": nominee.name, "sections": "; ".join(sections)}
        for nominee, sections in placeholders_left(nominees)
    ]
    return warnings


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
        .order_by("award_form__order", "subject", by_name(), "order")
    )


def submission_counts(nominees):
    """Collectives and individuals in a list, as the Tờ trình states them."""
    collectives = sum(1 for n in nominees if n.is_collective)
    return {"collectives": collectives, "individuals": len(nominees) - collectives}


def last_transition_id():
    """The newest transition's id, a stamp in the keys of the council pages' cached parts
    beside core.datacache's generation: every state change writes a transition, and
    this stamp moves as soon as it is visible, while the generation moves on commit
    (and so never within a test's transaction). One query on the primary key's index."""
    return Transition.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def votes_stamp(meeting):
    """A stamp of an open meeting's votes, which are recorded, changed and deleted without
    a transition: how many, and the sum of the ids voting each way (a changed choice
    moves its id from one sum to another). One aggregate."""
    ids = {choice: Sum("pk", filter=Q(choice=choice), default=0) for choice in Vote.Choice.values}
    return tuple(meeting.votes.aggregate(n=Count("pk"), **ids).values())


def meeting_nominees(meeting):
    """The nominees a meeting votes on: the submission's nominees awaiting the council
    while it is open; those it voted on once it is closed."""
    nominees = Nominee.objects.filter(submission_id=meeting.submission_id)
    if meeting.status == CouncilMeeting.Status.OPEN:
        nominees = nominees.filter(status=Nominee.Status.INCLUDED)
    else:
        nominees = nominees.filter(votes__meeting=meeting).distinct()
    return nominees.with_related().order_by(
        "award_form__order", "subject", by_name(), "order", "pk"
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
        .order_by("subject", by_name(), "order")
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
        .order_by("award_form__order", "subject", by_name(), "order")
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


_REGISTERED_PEOPLE = CompiledRead(
    lambda registration: RegisteredIndividual.objects.filter(registration_id=registration)
)


def registered_people_not_proposed(proposal, nominees):
    """The individuals the unit registered for the year who are not in the proposal yet."""
    if proposal.registration is None:
        return []
    taken = {same_name(n.full_name) for n in nominees if not n.is_collective}
    return [
        person
        for person in _REGISTERED_PEOPLE.objects(registration=proposal.registration_id)
        if same_name(person.full_name) not in taken
    ]


def outside_units(proposal, keep=None):
    """The units of the campaign's organisation the office may propose as a collective in
    its own proposal (plan VI.1): in existence that year, with no registration in the
    campaign for the year (a registered unit proposes itself) and not in the proposal yet
    (but for `keep`, the nominee being edited)."""
    campaign, year = proposal.campaign, proposal.year
    registered = Registration.objects.filter(window__campaign=campaign, window__year=year).values(
        "unit_id"
    )
    taken = proposal.nominees.filter(nominated_unit__isnull=False)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    taken = taken.values("nominated_unit_id")
    return (
        Unit.objects.within(campaign.organisation_id)
        .active_in_year(year)
        .exclude(pk__in=registered)
        .exclude(pk__in=taken)
        .in_vietnamese_order()
    )


def fund_name(campaign, award_form, day):
    """Where the bonus is paid from, as the decision form proposes it: the campaign's own
    wording when its rule has one, else the fund of whoever decides `award_form` on `day`
    ("Quỹ Thi đua, khen thưởng của Ủy ban nhân dân xã …"), named from the campaign's roles
    so the same campaign reads right before and after a reorganisation."""
    rule = DossierRule.for_campaign(campaign)
    if rule.fund_name:
        return rule.fund_name
    try:
        authority = roles_on(campaign, day).authority(award_form)
    except DocumentError:
        return _("Quỹ Thi đua, khen thưởng")
    return _("Quỹ Thi đua, khen thưởng của %(body)s") % {"body": authority.sentence_name}
