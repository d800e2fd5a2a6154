"""Browser test harness: Debian's Chromium driven by Playwright for Python (sync API).

Fixtures
  browser        one headless Chromium for the whole session
  context/page   a fresh browser context and page per test; the context has
                 bypass_csp=True so that axe-core can be injected into any page
  csp_context/csp_page
                 the same with the Content-Security-Policy enforced, recording every
                 violation the page reports (see assert_no_csp_violations)
  axe_check      axe_check(page) -> list of axe violations (dicts)
  assert_no_serious_axe_violations
                 assert_no_serious_axe_violations(page) fails, listing rule id, impact,
                 help and target nodes, for any violation of impact serious/critical
  assert_no_csp_violations
                 assert_no_csp_violations(csp_page) fails if the page broke the CSP

Use pytest-django's ``live_server`` for the app under test::

    def test_login_page(live_server, page, assert_no_serious_axe_violations):
        page.goto(live_server.url + "/accounts/login/")
        assert_no_serious_axe_violations(page)

Every test in this folder is marked ``browser`` (``-m "not browser"`` leaves them out)
and is skipped, with the reason given, when /usr/bin/chromium is not installed
(``apt-get install -y chromium``). Playwright's own browser downloads are never used.
"""

import functools
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread; Django would
# otherwise refuse ORM calls made from the test (and from live_server set-up) there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("APL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
SERIOUS_IMPACTS = ("serious", "critical")
DEFAULT_TIMEOUT_MS = 15_000

HERE = Path(__file__).parent.resolve()

# Recorded in every csp_page before any of the page's own scripts run.
_CSP_RECORDER = """
window.__aplCspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__aplCspViolations.push({
    directive: e.effectiveDirective || e.violatedDirective,
    blocked: e.blockedURI,
    source: e.sourceFile,
    line: e.lineNumber,
    sample: e.sample
  });
});
"""


def _skip_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return (
            f"browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install -y chromium); it is not installed"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need the playwright Python package (pip install playwright)"
    return None


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items: touch only those in this folder.
    reason = _skip_reason()
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


def _new_context(browser, **kwargs):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", **kwargs)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser):
    ctx = _new_context(browser, bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def csp_context(browser):
    ctx = _new_context(browser, bypass_csp=False)
    ctx.add_init_script(_CSP_RECORDER)
    yield ctx
    ctx.close()


@pytest.fixture
def csp_page(csp_context):
    return csp_context.new_page()


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, context=None, options=None) -> list[dict]:
    """Inject axe-core (if the page lacks it) and return ``axe.run()``'s violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not govern,
        # so this works on csp_page too (add_script_tag would be a blocked inline script).
        page.evaluate(_axe_source() + "\n;undefined")
    options = {"resultTypes": ["violations"], **(options or {})}
    results = page.evaluate(
        "([context, options]) => window.axe.run(context || document, options)",
        [context, options],
    )
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


PHONE = {"width": 390, "height": 844}


def _fail_on_serious(page, violations: list[dict], width: int) -> None:
    serious = [v for v in violations if v.get("impact") in SERIOUS_IMPACTS]
    if serious:
        pytest.fail(
            f"axe found {len(serious)} serious/critical accessibility violation(s) "
            f"on {page.url} at {width} px:\n{format_violations(serious)}",
            pytrace=False,
        )


def check_no_serious_axe_violations(page, context=None, options=None) -> list[dict]:
    """Every page a walk checks is checked as it stands and again at a phone's 390 px
    width (then put back), so each role's walk holds at both sizes."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    violations = run_axe(page, context=context, options=options)
    _fail_on_serious(page, violations, size["width"])
    if size["width"] > PHONE["width"]:
        page.set_viewport_size(PHONE)
        try:
            _fail_on_serious(page, run_axe(page, context=context, options=options), 390)
        finally:
            page.set_viewport_size(size)
    return violations


def csp_violations(page) -> list[dict]:
    return page.evaluate("() => window.__aplCspViolations || []")


def check_no_csp_violations(page) -> None:
    found = csp_violations(page)
    if found:
        listing = "\n".join(
            f"- {v['directive']}: blocked {v['blocked'] or '(inline)'} "
            f"at {v['source']}:{v['line']} {v['sample'] or ''}".rstrip()
            for v in found
        )
        pytest.fail(
            f"{len(found)} Content-Security-Policy violation(s) on {page.url}:\n{listing}",
            pytrace=False,
        )


@pytest.fixture
def axe_check():
    """``axe_check(page, context=None, options=None)`` -> list of violations."""
    return run_axe


@pytest.fixture
def assert_no_serious_axe_violations():
    """``assert_no_serious_axe_violations(page)`` fails on serious/critical violations
    and returns all violations (so a test can look at the minor ones too)."""
    return check_no_serious_axe_violations


@pytest.fixture
def assert_no_csp_violations():
    """``assert_no_csp_violations(csp_page)`` fails if the page reported any CSP
    violation (only pages from the csp_page fixture record them)."""
    return check_no_csp_violations
