"""Display filter for scores (formatting only; the arithmetic is in scoring.py). Percentages:
`core_text`'s `percent`."""

from django import template

from criteria import scoring

register = template.Library()


@register.filter
def points(value):
    """Decimal('37.50') -> '37,5'; None -> ''."""
    return scoring.number_text(value)
