"""Every view is private unless marked public with `login_not_required`."""

import re
from urllib.parse import parse_qs, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

# Values for the URL parameters: ints become 1, everything else "x".
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<\w+>(?P<body>[^)]*)\)")


def _patterns(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, prefix + _sample(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield (
                prefix + _sample(pattern.pattern),
                f"{namespace}{pattern.name or '(unnamed)'}",
                pattern.callback,
            )


def _sample(pattern):
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return ROUTE_PARAMETER.sub(lambda m: "1" if m["converter"] == "int" else "x", text)
    text = text.lstrip("^").rstrip("$")
    # A regex group: its first literal alternative, digits for \d, else "x".
    return REGEX_GROUP.sub(lambda m: _regex_value(m["body"]), text)


def _regex_value(body):
    first = body.split("|")[0]
    if re.fullmatch(r"[\w-]+", first):
        return first
    return "1" if first.startswith(r"\d") else "x"


def _all_views():
    return list(_patterns(get_resolver().url_patterns))


def test_every_url_pattern_is_walked():
    names = {name for _url, name, _view in _all_views()}

    assert {
        "home",
        "healthz",
        "login",
        "registrations:detail",
        "registrations:submit",
        "admin:index",
    } <= names


def test_walked_urls_resolve_to_their_own_view():
    mismatched = [
        (url, name) for url, name, view in _all_views() if resolve("/" + url).func is not view
    ]

    assert mismatched == []


def test_anonymous_get_of_every_private_view_redirects_to_a_login_page(client, db):
    # The admin's views send anonymous users to the admin's own login page.
    login_paths = {reverse("login"), reverse("admin:login")}
    reachable = []

    for url, name, view in _all_views():
        if not getattr(view, "login_required", True):
            continue
        response = client.get("/" + url)
        location = urlsplit(response.get("Location", ""))
        if not (
            response.status_code == 302
            and location.path in login_paths
            and parse_qs(location.query).get("next") == ["/" + url]
        ):
            reachable.append((name, "/" + url, response.status_code))

    assert reachable == []


def test_only_health_login_honour_roll_decisions_model_examples_and_open_data_are_public():
    public = sorted(
        name for _url, name, view in _all_views() if not getattr(view, "login_required", True)
    )

    # The honour roll (issue 5) publishes awardees: name, position, unit, decision only.
    # Open data: aggregate counts per year and tier, no personal data (plan II.e).
    # Issued decisions (issue 15): number, date, signer, awardees' name, position, unit, form.
    # The favicon is the portal's icon, asked for by browsers before anyone logs in.
    # Model examples (issue 15): published stories and their photos (a draft is a 404).
    # A decision's public copy: its annex without bonuses (Decree 13/2023).
    assert public == [
        "admin:login",
        "exemplars:photo",
        "exemplars:public_detail",
        "exemplars:public_list",
        "favicon",
        "healthz",
        "honour_roll",
        "login",
        "open_data:csv",
        "open_data:json",
        "open_data:page",
        "public_decision_detail",
        "public_decision_pdf",
        "public_decisions",
        "readyz",
    ]
