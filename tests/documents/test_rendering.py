"""The URL fetcher and the fonts: nothing leaves the server, only the shipped serif is used."""

import http.server
import threading
from pathlib import Path

import pytest
from django.conf import settings
from weasyprint.urls import FatalURLFetchingError

from documents.rendering import PortalURLFetcher, RefusedURL, html_to_pdf

from . import pdf

STATIC = Path(settings.BASE_DIR) / "static"


@pytest.fixture
def web_server():
    """A local HTTP server that counts the requests it receives."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_fetcher_serves_a_shipped_font():
    response = PortalURLFetcher().fetch((STATIC / "fonts" / "LiberationSerif-Regular.ttf").as_uri())

    assert response.read()[:4] == b"\x00\x01\x00\x00"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/style.css",
        "ftp://example.com/x",
        "data:text/css,body{}",
        "file:///etc/passwd",
        (STATIC / "fonts" / ".." / ".." / "manage.py").as_uri(),
        "file://evil.example/static/fonts/LiberationSerif-Regular.ttf",
    ],
)
def test_fetcher_refuses_anything_outside_static_and_media(url):
    with pytest.raises(RefusedURL):
        PortalURLFetcher().fetch(url)


def test_fetcher_refuses_a_symlink_that_leaves_the_media_folder(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "escape").symlink_to("/etc/hostname")

    with pytest.raises(RefusedURL):
        PortalURLFetcher().fetch((tmp_path / "escape").as_uri())


def test_a_template_asking_for_a_remote_url_stops_the_render_without_any_request(web_server):
    base, hits = web_server
    html = f'<html><head><link rel="stylesheet" href="css/print.css"></head><body><p>Xin chào</p><img src="{base}/logo.png"></body></html>'

    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(html)

    assert hits == []


def test_pdf_embeds_only_the_shipped_liberation_serif_2():
    html = (
        '<html><head><link rel="stylesheet" href="css/print.css"></head><body>'
        "<p>Độc lập - Tự do - Hạnh phúc: ắ ằ ẳ ẵ ặ ố ồ ổ ỗ ộ ứ ừ ử ữ ự ớ ờ ở ỡ ợ đ Đ Ư Ơ</p>"
        "<p><b>Đậm</b> <i>nghiêng</i> <b><i>đậm nghiêng</i></b></p></body></html>"
    )

    data, _pages = html_to_pdf(html)

    assert pdf.fonts(data) == {
        ("PortalLiberationSerif", "Liberation Serif", "Version 2.1.5"),
        ("PortalLiberationSerif-Bold", "Liberation Serif", "Version 2.1.5"),
        ("PortalLiberationSerif-Italic", "Liberation Serif", "Version 2.1.5"),
        ("PortalLiberationSerif-Bold-Italic", "Liberation Serif", "Version 2.1.5"),
    }


def test_font_check_sees_a_fallback_font_when_a_glyph_is_missing():
    # The snowman is not in Liberation Serif: the system's fallback font shows up in
    # the PDF's font list, which is what the checks above would catch for Vietnamese.
    html = '<html><head><link rel="stylesheet" href="css/print.css"></head><body><p>Tuyết ☃</p></body></html>'

    data, _pages = html_to_pdf(html)

    assert {family for _name, family, _version in pdf.fonts(data)} - {"Liberation Serif"} != set()
