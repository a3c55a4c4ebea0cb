"""Bonus money (tiền thưởng): coefficient × base salary on the decision date, rounded up.

ND 91/2017 Art. 68, ND 98/2023 Art. 53, ND 152/2025 Art. 49 (same text): the amount is
rounded up to the next 10,000 đồng. Integer arithmetic only; coefficients have two decimals.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from awards.models import BaseSalary, BonusCoefficient, LegalRegime, Subject
from core.text import money, number, short_date

ROUND_TO = 10_000


class BonusError(Exception):
    """No rule covers the award on that date; the message says which one is missing."""


@dataclass(frozen=True)
class Bonus:
    amount: int
    coefficient: Decimal
    base_salary: int
    regime: LegalRegime
    coefficient_basis: str
    salary_basis: str

    @property
    def explanation(self):
        """How the amount was computed, as the page and the decision show it."""
        raw = self.coefficient * self.base_salary
        return _(
            "%(coef)s × %(base)s = %(raw)s, làm tròn lên hàng chục nghìn: %(amount)s (%(regime)s)"
        ) % {
            "coef": number(self.coefficient, 2),
            "base": money(self.base_salary),
            "raw": money(int(raw)),
            "amount": money(self.amount),
            "regime": self.regime.name,
        }


def round_up(coefficient, base_salary):
    """ceil(coefficient × base / 10,000) × 10,000 in integers (coefficient has 2 decimals)."""
    hundredths = int((Decimal(coefficient) * 100).to_integral_exact())
    numerator = hundredths * int(base_salary)
    unit = 100 * ROUND_TO
    return -(-numerator // unit) * ROUND_TO


def compute_bonus(award_form, subject, decided_on):
    """The bonus for `award_form` given to a `subject` (collective/individual) on `decided_on`."""
    regime = LegalRegime.objects.in_force_on(decided_on).first()
    if regime is None:
        raise BonusError(
            _("Chưa có chế độ khen thưởng áp dụng cho ngày %(day)s.")
            % {"day": short_date(decided_on)}
        )
    coefficient = BonusCoefficient.objects.filter(
        regime=regime, award_form=award_form, subject=subject
    ).first()
    if coefficient is None:
        raise BonusError(
            _("%(regime)s không quy định tiền thưởng cho “%(form)s” (%(subject)s).")
            % {
                "regime": regime.name,
                "form": award_form,
                "subject": Subject(subject).label.lower(),
            }
        )
    salary = BaseSalary.objects.in_force_on(decided_on)
    if salary is None:
        raise BonusError(
            _("Chưa có mức lương cơ sở áp dụng cho ngày %(day)s.") % {"day": short_date(decided_on)}
        )
    return Bonus(
        amount=round_up(coefficient.coefficient, salary.amount),
        coefficient=coefficient.coefficient,
        base_salary=salary.amount,
        regime=regime,
        coefficient_basis=coefficient.legal_basis,
        salary_basis=salary.legal_basis,
    )


def rule_changes(held_on, decided_on):
    """What changed in the bonus rules between a council meeting and its decision date.

    The bonus follows the rules in force on the decision date (ND 152/2025 Art. 49), so a
    change of legal regime or base salary in between is shown to the council before it
    issues the decision.
    """
    if decided_on is None or held_on is None or decided_on <= held_on:
        return []
    changes = []
    before = LegalRegime.objects.in_force_on(held_on).first()
    after = LegalRegime.objects.in_force_on(decided_on).first()
    if before != after and after is not None:
        changes.append(
            _(
                "Chế độ khen thưởng đổi giữa ngày họp (%(held)s: %(before)s) và ngày quyết "
                "định (%(day)s: %(after)s); tiền thưởng tính theo %(after)s."
            )
            % {
                "held": short_date(held_on),
                "day": short_date(decided_on),
                "before": before.name if before else "—",
                "after": after.name,
            }
        )
    salary_before = BaseSalary.objects.in_force_on(held_on)
    salary_after = BaseSalary.objects.in_force_on(decided_on)
    if salary_after is not None and salary_before != salary_after:
        changes.append(
            _(
                "Mức lương cơ sở đổi từ %(before)s (ngày họp %(held)s) thành %(after)s (ngày "
                "quyết định %(day)s, %(basis)s); tiền thưởng tính theo mức mới."
            )
            % {
                "held": short_date(held_on),
                "day": short_date(decided_on),
                "before": money(salary_before.amount) if salary_before else "—",
                "after": money(salary_after.amount),
                "basis": salary_after.legal_basis,
            }
        )
    return changes


def bonuses_for(award_form, nominees, decided_on):
    """Each nominee's bonus on `decided_on`: (nominee, Bonus, "") or (nominee, None, why not)."""
    results, by_subject = [], {}
    for nominee in nominees:
        # The bonus depends on the form, the subject and the day only: computed (with its
        # queries) once per subject, not once per awardee of a long decision.
        if nominee.subject not in by_subject:
            try:
                by_subject[nominee.subject] = (
                    compute_bonus(award_form, nominee.subject, decided_on),
                    "",
                )
            except BonusError as error:
                by_subject[nominee.subject] = (None, str(error))
        bonus, error = by_subject[nominee.subject]
        results.append((nominee, bonus, error))
    return results
