"""Accessibility checks for the browser tests: axe-core and phone widths.

axe-core is vendored under tests/e2e/vendor/ (npm package `axe-core`, MPL-2.0) and is
only ever injected by these tests, never served by the portal. It is evaluated through
the DevTools protocol, which a strict Content-Security-Policy does not block.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js").read_text(
    encoding="utf-8"
)
BLOCKING_IMPACTS = ("serious", "critical")
PHONE_WIDTHS = (390, 320)
# Downloads, actions and fragments are not pages; the Django admin is not our templates.
NOT_PAGES = re.compile(
    r"/dang-xuat/|/tai/|/xuat-excel/|/excel/|/ke-hoach/|/minh-chung/|\.csv$|\.json$|\.xlsx$"
    r"|/trang-thai/|/the-trang-chu/|/quan-tri/|/tinh/|/favicon\.ico$"
)
DESKTOP = {"width": 1280, "height": 900}


def axe_violations(page):
    """axe-core's serious and critical violations on the page as it is now (WCAG 2.1 AA)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
                resultTypes: ["violations"],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }"""
    )
    return [v for v in result if v["impact"] in BLOCKING_IMPACTS]


def describe(violations):
    return "\n".join(
        f"  [{v['impact']}] {v['id']}: {v['help']}\n" + "\n".join(f"      {n}" for n in v["nodes"])
        for v in violations
    )


def page_overflow(page):
    """How many CSS pixels the document is wider than the viewport (0: no sideways scroll)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )


def check_page(page, name, screenshot_dir=None, *, phone_axe=False):
    """Problems of the current page: axe at desktop width, then overflow at phone widths.

    Returns a list of human-readable problems (empty when the page passes); saves a
    desktop and a 390 px screenshot when a folder is given. `phone_axe` runs axe again
    at 390 px (the collapsed navbar), which the caller does once per role.
    """
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name} ({page.url}): axe\n{describe(violations)}")
    if screenshot_dir:
        page.screenshot(path=Path(screenshot_dir) / f"{name}-desktop.png", full_page=True)
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page_overflow(page)
        if overflow:
            problems.append(f"{name} ({page.url}): {overflow}px sideways scroll at {width}px")
        if width == PHONE_WIDTHS[0]:
            if screenshot_dir:
                page.screenshot(path=Path(screenshot_dir) / f"{name}-{width}.png", full_page=True)
            if phone_axe:
                phone = axe_violations(page)
                if phone:
                    problems.append(f"{name} ({page.url}) at {width}px: axe\n{describe(phone)}")
    page.set_viewport_size(DESKTOP)
    return problems


def url_shape(url):
    """The URL with its numbers and query values blanked: one page per kind of page."""
    parts = urlsplit(url)
    query = "&".join(sorted(p.split("=")[0] for p in parts.query.split("&") if p))
    return re.sub(r"\d+", "N", parts.path) + ("?" + query if query else "")


def recheck_visited(context, urls):
    """axe on each kind of page a test visited, again in the test's own browser context.

    The browser tests record every page they open; once the test is over, each kind of
    page is loaded again with the same cookies and checked. Returns the problems.
    """
    problems, seen = [], set()
    page = context.new_page()
    for url in urls:
        shape = url_shape(url)
        if shape in seen or NOT_PAGES.search(urlsplit(url).path):
            continue
        seen.add(shape)
        try:
            response = page.goto(url)
        except Exception:  # a download or an aborted navigation is not a page to check
            continue
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        violations = axe_violations(page)
        if violations:
            problems.append(f"{url}: axe\n{describe(violations)}")
    page.close()
    return problems
