"""Smoke test of the browser harness itself, independent of the app's URLs: a tiny
static site is served by Python's http.server on 127.0.0.1 and opened in Chromium."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.browser

STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

ACCESSIBLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Harness check</title></head>
<body>
  <header><p>Harness</p></header>
  <main>
    <h1>Harness check</h1>
    <form action="/" method="get">
      <label for="name">Your name</label>
      <input id="name" name="name" type="text">
      <button type="submit">Send</button>
    </form>
  </main>
</body>
</html>
"""

# An image with no text alternative: axe's image-alt rule, impact critical.
INACCESSIBLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body>
</html>
"""

# An inline style attribute and an inline script: both blocked by the CSP above.
CSP_BREAKING_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Inline</title></head>
<body><main><h1 style="color: red">Inline</h1><script>document.title = "ran";</script></main>
</body>
</html>
"""


class _Handler(SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy", STRICT_CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # keep pytest output quiet
        pass


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "ok.html").write_text(ACCESSIBLE_PAGE, encoding="utf-8")
    (root / "broken.html").write_text(INACCESSIBLE_PAGE, encoding="utf-8")
    (root / "inline.html").write_text(CSP_BREAKING_PAGE, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_axe_runs_and_returns_a_list(static_site, page, axe_check):
    page.goto(static_site + "/ok.html")
    assert page.title() == "Harness check"
    violations = axe_check(page)
    assert isinstance(violations, list)
    assert not [v for v in violations if v["impact"] in ("serious", "critical")], violations


def test_clean_page_passes_the_serious_violation_check(
    static_site, page, assert_no_serious_axe_violations
):
    page.goto(static_site + "/ok.html")
    assert isinstance(assert_no_serious_axe_violations(page), list)


def test_serious_violation_fails_with_details(static_site, page, assert_no_serious_axe_violations):
    page.goto(static_site + "/broken.html")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_serious_axe_violations(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "img" in message


def test_axe_runs_under_an_enforced_csp(static_site, csp_page, axe_check, assert_no_csp_violations):
    csp_page.goto(static_site + "/ok.html")
    assert isinstance(axe_check(csp_page), list)
    assert_no_csp_violations(csp_page)


def test_csp_violations_are_reported(static_site, csp_page, assert_no_csp_violations):
    csp_page.goto(static_site + "/inline.html")
    assert csp_page.title() == "Inline"  # the inline script was blocked
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_csp_violations(csp_page)
    message = str(failure.value)
    assert "script-src" in message
    assert "style-src" in message
