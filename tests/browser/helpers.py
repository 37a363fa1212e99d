"""Checks for every page a browser test opens: `audit(page, label=..., budget=...)`.

axe-core must find no accessibility violation, nothing may load from another
origin, and the first visit's HTML + CSS + JS must fit the compressed-bytes
budget (14 KB for candidate and share pages: one TCP initial window). The
weights measured are printed at the end of the run.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.factories import PASSWORD

CANDIDATE_BUDGET = 14 * 1024
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WEIGHTS: list[tuple[str, str, int, int, int]] = []
# The two screens browser tests use.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would (the test data's password)."""
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def first_visit_weight(page, path: str, *, base_url: str) -> tuple[int, int, list[str]]:
    """Load `path` in a fresh, cache-less context of the same browser; return
    (compressed bytes of HTML+CSS+JS, number of requests, foreign URLs)."""
    context = page.context.browser.new_context(
        base_url=base_url,
        storage_state=page.context.storage_state(),
        viewport=page.viewport_size,
        extra_http_headers={"Accept-Encoding": "gzip"},
    )
    fresh = context.new_page()
    sizes: dict[str, int] = {}
    foreign: list[str] = []
    origin = urlsplit(base_url).netloc

    def on_finished(request):
        url = request.url
        if url.startswith("data:"):
            return
        if urlsplit(url).netloc != origin:
            foreign.append(url)
        if request.resource_type in ("document", "stylesheet", "script"):
            sizes[url] = request.sizes()["responseBodySize"]

    fresh.on("requestfinished", on_finished)
    fresh.goto(path, wait_until="networkidle")
    context.close()
    return sum(sizes.values()), len(sizes), foreign


def audit(page, *, label: str, budget: int | None = CANDIDATE_BUDGET) -> None:
    """Axe on the page as it is now; then its first-visit weight against `budget`."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, f"{label}: axe found\n{results.generate_report()}"
    path = urlsplit(page.url)
    base = f"{path.scheme}://{path.netloc}"
    local = path.path + (f"?{path.query}" if path.query else "")
    weight, requests, foreign = first_visit_weight(page, local, base_url=base)
    assert not foreign, f"{label}: requests left the origin: {foreign}"
    viewport = page.viewport_size["width"]
    WEIGHTS.append((label, local, viewport, weight, requests))
    if budget is not None:
        assert weight <= budget, f"{label}: {weight} compressed bytes > budget {budget}"


def weight_table() -> list[str]:
    """The measured weights as printable lines (one per page and width)."""
    lines = [f"{'page':<34} {'width':>5} {'bytes':>7} {'requests':>8}"]
    seen = set()
    for label, _path, width, weight, requests in WEIGHTS:
        if (label, width) in seen:
            continue
        seen.add((label, width))
        lines.append(f"{label:<34} {width:>5} {weight:>7} {requests:>8}")
    return lines
