"""The recruiter's candidate list: search, filters, sort, keyset pages, next interview and
open items, at a flat number of queries however many candidates there are."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.models import User
from portal.services.board import listing
from tests.support import page_text


def _names(html: str) -> list[str]:
    return re.findall(r'<tr><td><a href="/recruiter/candidates/\d+">([^<]+)</a>', html)


@pytest.fixture
def recruiter(make, login_as):
    """A signed-in recruiter."""
    user = make.make_recruiter(name="Rae Recruiter")
    login_as(user)
    return user


def test_each_row_shows_the_next_interview_and_the_open_items(client, make, recruiter):
    """A candidate's row names their next interview and their open board items."""
    busy = make.make_candidate(name="Bea Busy")
    make.make_ended_interview(minutes_ago=200, candidate=busy, recruiter=recruiter)
    upcoming = make.make_interview(
        candidate=busy, recruiter=recruiter, starts_in=dt.timedelta(days=3)
    )
    make.make_candidate(name="Quinn Quiet")

    html = page_text(client.get("/recruiter/candidates"))

    bea = re.search(r"<tr><td><a[^>]*>Bea Busy</a>.*?</tr>", html, re.S).group(0)
    assert f'datetime="{upcoming.starts_at:%Y-%m-%dT%H:%M:%S}Z"' in bea
    assert "1 overdue" in bea and "No debrief yet" in bea
    quinn = re.search(r"<tr><td><a[^>]*>Quinn Quiet</a>.*?</tr>", html, re.S).group(0)
    assert "None booked" in quinn and "None</span>" in quinn


def test_search_state_and_open_item_filters(client, make, recruiter):
    """Search matches name, email or phone; states and "has open items" narrow the list."""
    make.make_candidate(name="Ada Active", email="ada@mail.example")
    make.make_candidate(name="Ivo Invited", password=None, phone="+44 7700 123456")
    make.make_candidate(name="Dee Gone", active=False)
    waiting = make.make_candidate(name="Wes Waiting")
    make.make_ended_interview(minutes_ago=30, candidate=waiting, recruiter=recruiter)

    assert _names(page_text(client.get("/recruiter/candidates?q=mail.example"))) == ["Ada Active"]
    assert _names(page_text(client.get("/recruiter/candidates?q=123456"))) == ["Ivo Invited"]
    assert _names(page_text(client.get("/recruiter/candidates?state=invited"))) == ["Ivo Invited"]
    assert _names(page_text(client.get("/recruiter/candidates?state=deactivated"))) == ["Dee Gone"]
    assert _names(page_text(client.get("/recruiter/candidates?state=active"))) == [
        "Ada Active",
        "Wes Waiting",
    ]
    assert _names(page_text(client.get("/recruiter/candidates?open_items=y"))) == ["Wes Waiting"]
    assert "No candidates match" in page_text(client.get("/recruiter/candidates?q=nobody-at-all"))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Abe", "Bo", "Cy", "Di", "Ed"]),
        ("name_desc", ["Ed", "Di", "Cy", "Bo", "Abe"]),
        ("newest", ["Di", "Abe", "Ed", "Bo", "Cy"]),
        ("oldest", ["Cy", "Bo", "Ed", "Abe", "Di"]),
    ],
)
def test_every_sort_pages_forward_and_back_without_losing_a_row(
    client, make, recruiter, monkeypatch, sort, expected
):
    """Two at a time, forward to the end and back to the start, in the chosen order."""
    start = dt.datetime(2026, 1, 1)
    for n, name in enumerate(["Cy", "Bo", "Ed", "Abe", "Di"]):
        make.make_candidate(name=name, created_at=start + dt.timedelta(days=n))
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    seen, pages, url = [], [], f"/recruiter/candidates?sort={sort}"
    while url:
        html = page_text(client.get(url))
        pages.append(_names(html))
        seen += pages[-1]
        found = re.search(r'rel="next" href="([^"]+)"', html)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == expected and [len(p) for p in pages] == [2, 2, 1]
    back = re.search(r'rel="prev" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert _names(page_text(client.get(back))) == pages[-2]


def test_a_broken_cursor_is_the_first_page(client, make, recruiter):
    """A hand-edited cursor never errors: the list starts from the top."""
    make.make_candidate(name="Only One")
    for cursor in ("x", "%%%", "Zm9v.", "Zm9v.12a", "\u00e9.1", "20260101T000000000000-1"):
        response = client.get("/recruiter/candidates", query_string={"after": cursor})
        assert response.status_code == 200
        assert "Only One" in page_text(response)


def test_the_list_runs_the_same_queries_for_3_or_60_candidates(app, client, make, recruiter):
    """No COUNT, no query per row: the list, then the board's six for the page, whatever
    the number of candidates, interviews and open items, filtered or not."""
    app.config["PAGE_CACHE_BYTES"] = 0
    app.extensions.pop("page_cache", None)

    def grow(n):
        for _ in range(n):
            person = make.make_candidate()
            make.make_ended_interview(minutes_ago=200, candidate=person, recruiter=recruiter)
            make.make_interview(candidate=person, recruiter=recruiter)

    def count(path):
        response = client.get(path)
        assert response.status_code == 200
        return int(response.headers["X-Query-Count"])

    paths = ["/recruiter/candidates", "/recruiter/candidates?open_items=y&sort=newest&q=number"]
    grow(3)
    small = [count(path) for path in paths]
    grow(57)
    assert User.select().where(User.role == "candidate").count() == 60
    large = [count(path) for path in paths]
    assert large == small
    assert max(large) <= 12  # the list and the board's ten queries (gaps compare client sides)
