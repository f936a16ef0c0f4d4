"""Text that users wrote is escaped everywhere, and printing the letter fetches nothing but the
portal's own files: hostile narratives are printed as harmless text and no request leaves."""

import http.server
import re
import threading

import pytest

from reporting import markup, renderer, services
from reporting.renderer import RefusedResource, own_file
from tests.reporting.pdf_tools import squeeze, text_of


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        RecordingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def trap():
    """A web server on the loopback address that writes down every request it gets."""
    RecordingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def hostile_text(trap: str) -> str:
    return "\n\n".join(
        [
            "![passwd](file:///etc/passwd) ![metadata](http://169.254.169.254/latest/meta-data/)",
            f"![tracker]({trap}/markdown-image.png)",
            f'<img src="{trap}/raw-image.png"> <img src="file:///etc/passwd">',
            f'<link rel="stylesheet" href="{trap}/style.css"> <link rel="attachment" href="file:///etc/passwd">',
            "<script>alert('xss')</script> <style>body{display:none}</style>",
            '<a href="javascript:alert(1)">click</a> [link](javascript:alert(1)) [file](file:///etc/passwd)',
            f'<iframe src="{trap}/frame"></iframe> <object data="{trap}/object"></object>',
        ]
    )


def test_it_escapes_raw_html_and_drops_images_scripts_and_stylesheets():
    html = str(markup.render(hostile_text("http://127.0.0.1:9")).html)

    for tag in ("<img", "<script", "<link", "<style", "<iframe", "<object"):
        assert tag not in html
    assert not re.search(r"<a [^>]*href=\"(javascript|file):", html)
    assert "&lt;script&gt;alert('xss')&lt;/script&gt;" in html or "&lt;script&gt;alert(&#x27;xss&#x27;)" in html


def test_it_keeps_only_http_https_and_mailto_links():
    html = str(
        markup.render("[site](https://groningen.nl) [mail](mailto:a@b.nl) [bad](javascript:x) [rel](/beheer/)").html
    )

    assert 'href="https://groningen.nl"' in html
    assert 'href="mailto:a@b.nl"' in html
    assert 'href="javascript' not in html
    assert 'href="/beheer/"' not in html


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/static/reporting/letter.css",
        "https://impactportaal.invalid/static/../../../etc/passwd",
        "https://impactportaal.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://impactportaal.invalid/media/letters/groningen/2020/letter-1.pdf",
        "https://impactportaal.invalid/media/municipalities/../../settings.py",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_the_fetcher_refuses_everything_but_own_static_files_and_logos(url):
    with pytest.raises(RefusedResource):
        own_file(url)


def test_the_fetcher_serves_the_letters_own_stylesheet():
    data, mime_type = own_file("https://impactportaal.invalid/static/reporting/letter.css")

    assert b"@page" in data and mime_type == "text/css"


def test_the_fetcher_refuses_a_loopback_address_without_asking_it(trap):
    fetcher = renderer.letter_url_fetcher(refused := [])

    with pytest.raises(RefusedResource):
        fetcher.fetch(f"{trap}/image.png")
    assert refused == [f"{trap}/image.png"]
    assert RecordingHandler.requests == []


def test_a_hostile_narrative_is_printed_as_text_and_fetches_nothing(letter, coordinator, trap, tmp_path):
    action_line = letter.programme.action_lines.get(number=1)
    services.section_update(
        letter=letter, action_line=action_line, body=hostile_text(trap), figure_groups=["activities"], user=coordinator
    )
    letter.refresh_from_db()
    services.letter_update(letter=letter, user=coordinator, closing="<script>alert('closing')</script>")

    result = services.letter_render_now(letter=letter)
    path = tmp_path / "letter.pdf"
    path.write_bytes(result.pdf)

    assert RecordingHandler.requests == []
    assert result.refused == []  # nothing even asked to be fetched: no image or link survived
    text = squeeze(text_of(path))
    assert "<script>alert('xss')</script>" in text
    assert "<script>alert('closing')</script>" in text
    assert "root:x:0:0" not in text
