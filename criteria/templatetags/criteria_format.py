"""Display filters for scores and percentages (formatting only; the arithmetic is in scoring.py)."""

from django import template

from criteria import scoring

register = template.Library()


@register.filter
def points(value):
    """Decimal('37.50') -> '37,5'; None -> ''."""
    return scoring.number_text(value)


@register.filter
def percent(value):
    """Decimal('87.5') -> '87,5 %'; None -> ''."""
    return scoring.percent_text(value)
