"""HTML → PDF with WeasyPrint, fetching nothing but the project's own static and media files.

Print templates link `css/print.css` and the CSS loads the shipped Liberation Serif
from `fonts/` by `@font-face`, both relative to the static folder, so output never
depends on the machine's fonts (Debian's fonts-liberation 1.x lacks ơ, ư and most
Vietnamese letters; toolchain notes §3).
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PRINT_CSS = "css/print.css"
# The @font-face family in css/print.css; the PDF names its embedded fonts after it.
FONT_FAMILY = "PortalLiberationSerif"


class RefusedURL(ValueError):
    """A document asked for something outside the static and media folders."""


def static_roots():
    roots = [Path(p) for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def allowed_roots():
    return [*static_roots(), Path(settings.MEDIA_ROOT).resolve()]


def print_base_url():
    """The file URL relative links in print templates resolve against: a static folder."""
    for root in static_roots():
        if (root / PRINT_CSS).is_file():
            return root.as_uri() + "/"
    raise RefusedURL(f"{PRINT_CSS} is in no static folder")


class PortalURLFetcher(URLFetcher):
    """Serve file URLs inside the static and media folders; refuse everything else.

    No request ever leaves the server: http(s), ftp, data and file URLs outside those
    folders (including ../ and symlink escapes) raise, and with fail_on_errors the
    render stops instead of silently printing without the resource.
    """

    def __init__(self):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"Refused URL in a document: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in allowed_roots()) or not path.is_file():
            raise RefusedURL(f"Refused file in a document: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )


def render_html(template, snapshot):
    return render_to_string(
        template,
        {"doc": snapshot["letterhead"], "content": snapshot["content"]},
    )


def html_to_pdf(html, *, on_layout=None):
    """Return (pdf bytes, page count); `on_layout` is called between layout and writing."""
    document = HTML(string=html, base_url=print_base_url(), url_fetcher=PortalURLFetcher()).render()
    if on_layout is not None:
        on_layout()
    return document.write_pdf(), len(document.pages)
