"""Template filters writing figures the one way `core.text` writes them."""

from django import template

from core import text

register = template.Library()


@register.filter
def percent(value):
    """85.7 -> '85,7%', Decimal('90.0') -> '90%'; None -> '' (`core.text.percent`)."""
    return text.percent(value)
