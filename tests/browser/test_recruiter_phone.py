"""Every recruiter page in the access matrix, on a 390×844 phone, in a real Chromium.

Recruiters open the links in their emails on phones: no page may scroll sideways, the
menu is one line (a "Menu" button that opens without JS), the board's first item is
above the fold, and every button, field and menu link is at least 44 px tall.
"""

from __future__ import annotations

import os

from tests import factories
from tests.browser.helpers import PHONE
from tests.browser.helpers import audit
from tests.browser.helpers import sign_in
from tests.support import build_world
from tests.support import portal_routes

# What a finger must hit: controls, and links that stand alone (menu, buttons, pager).
TARGETS = """
() => [...document.querySelectorAll(
  'button, select, textarea, summary, .button, .bar-nav a, .menu a, .kinds a, .pager a,'
  + ' input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
          && !el.closest('.vh'))
  .map(el => ({what: el.outerHTML.slice(0, 90), height: el.getBoundingClientRect().height}))
  .filter(t => t.height < 43.5)
"""
SHOTS = os.environ.get("DEBRIEF_SCREENSHOTS", "")
WIDTH = "() => document.documentElement.scrollWidth"


def _get_pages(app) -> set[str]:
    return {
        r.endpoint
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("recruiter.") and "GET" in (r.methods or ())
    }


def _sign_in(page, email: str) -> None:
    sign_in(page, email)
    page.wait_for_url("**/recruiter/")


def test_every_recruiter_page_fits_a_phone(live_server, phone):
    """At 390 px: no sideways scroll, a one-line menu, 44 px targets and no axe
    violation on each recruiter page a GET reaches."""
    app = live_server.app
    with live_server.data():
        world = build_world()
        recruiter = world.recruiter
        recruiter.password_hash = factories._password_hash(factories.PASSWORD)
        recruiter.save()
    _sign_in(phone, recruiter.email)
    get_pages = _get_pages(app)
    urls = app.url_map.bind("127.0.0.1")
    problems = []
    seen = 0
    for endpoint, rule_text in portal_routes(app):
        if endpoint not in get_pages:
            continue
        rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
        path = urls.build(endpoint, {n: world.url_values[n] for n in rule.arguments})
        if "html" not in phone.request.get(path).headers.get("content-type", ""):
            continue  # a download (the CSV export)
        phone.goto(path)
        seen += 1
        if SHOTS:
            phone.screenshot(path=f"{SHOTS}/{endpoint}.png", full_page=True)
        width = phone.evaluate(WIDTH)
        if width > PHONE["viewport"]["width"]:
            problems.append(f"{path}: page is {width} px wide")
        header = phone.locator("header").bounding_box()
        if header and header["height"] > 60:
            problems.append(f"{path}: the menu takes {header['height']:.0f} px")
        small = phone.evaluate(TARGETS)
        problems += [f"{path}: {t['height']:.0f} px target {t['what']}" for t in small]
        try:
            audit(phone, label=f"phone {endpoint}", budget=None)
        except AssertionError as failed:
            problems.append(f"{path}: {failed}")
    # The board: its first card starts above the fold; the menu opens without JS.
    phone.goto("/recruiter/")
    first = phone.locator("tr.board-item").first.bounding_box()
    assert first and first["y"] + 100 < PHONE["viewport"]["height"], first
    phone.get_by_text("Menu", exact=True).click()
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    phone.wait_for_url("**/recruiter/interviews")
    assert seen >= 15, f"only {seen} recruiter pages opened"
    assert not problems, "\n".join(problems)
