"""The navigation bar's role menu, rendered once per role rather than on every page.

The menu (templates/includes/_navbar_menu.html) depends only on the user's role flags,
the language and the URL configuration: some twenty links and labels that every page
rendered again (a fifth of a list page's layout time, issue 10). Each process keeps the
rendered menu per (role, superuser, language, script prefix); a change of settings (tests)
forgets them, and DEBUG renders every time so that an edited template shows at once.
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

MENU_TEMPLATE = "includes/_navbar_menu.html"
_menus = {}


@register.simple_tag(takes_context=True)
def portal_menu(context):
    user = context["user"]
    if settings.DEBUG:
        return render_to_string(MENU_TEMPLATE, {"user": user})
    key = (user.role, user.is_superuser, get_language(), get_script_prefix())
    menu = _menus.get(key)
    if menu is None:
        menu = _menus[key] = mark_safe(render_to_string(MENU_TEMPLATE, {"user": user}))
    return menu


def _forget(**kwargs):
    _menus.clear()


setting_changed.connect(_forget)
