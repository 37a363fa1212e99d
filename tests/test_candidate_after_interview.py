"""The minutes after an interview, on the candidate's side: the one-screen debrief, a
stale tab refused, the confirmation after Send, a past interview's page, and prep that
fits the interview (format, panel, meeting link, the recruiter's note)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.models import ChecklistItem
from portal.models import Debrief
from portal.models import Interview
from portal.services import clock
from portal.services.journey import interviews
from portal.services.journey.interviews import PanelEntry
from tests import support
from tests.support import page_text


def _url(interview, tail: str = "") -> str:
    return f"/candidate/interviews/{interview.id}{tail}"


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name}"
    return match.group(1)


def test_debrief_first_screen_holds_the_taps_call_and_send_before_the_details(client, ended):
    """The three tests and a decision maker as radio taps, the call request and Send come
    first; people and notes sit under 'Add details'; no label says '(optional)'."""
    html = page_text(client.get(_url(ended, "/debrief")))
    send = html.index("Send to Rae Recruiter")
    details = html.index("<details")
    for name in ("candidate_interest", "employer_interest", "enough_exchanged", "decision_makers"):
        assert html.index(f'name="{name}"') < send
    assert html.index('name="call_me"') < send and html.index('name="call_times"') < send
    for name in ("people-0-name", "key_points", "qualifications", "concerns", "next_steps"):
        assert html.index(f'name="{name}"') > details
    assert "(optional)" not in html
    assert 'value="scheduled"' in html


def test_decision_maker_answer_is_kept_and_shown_to_the_recruiter(client, ended, make):
    """'Scheduled' is saved with the debrief and listed in what was sent."""
    html = page_text(client.get(_url(ended, "/debrief")))
    response = client.post(
        _url(ended, "/debrief"),
        data={
            "idempotency_key": _hidden(html, "idempotency_key"),
            "action": "submit",
            "decision_makers": "scheduled",
        },
    )
    assert response.headers["Location"].endswith(_url(ended, "/debrief/sent"))
    assert Debrief.get(Debrief.interview == ended).decision_makers == "scheduled"
    sent = page_text(client.get(response.headers["Location"]))
    assert "A decision maker met or scheduled" in sent and "Scheduled next" in sent


def test_confirmation_says_what_was_sent_and_when_the_recruiter_will_call(client, ended):
    """After Send: the answers given, when the recruiter will call, and the note."""
    html = page_text(client.get(_url(ended, "/debrief")))
    client.post(
        _url(ended, "/debrief"),
        data={
            "idempotency_key": _hidden(html, "idempotency_key"),
            "action": "submit",
            "candidate_interest": "4",
            "key_points": "The data platform rebuild",
            "call_me": "y",
            "call_times": "I am on a train until 9",
        },
    )
    sent = page_text(client.get(_url(ended, "/debrief/sent")))
    assert "Rae Recruiter has your debrief" in sent
    assert "will call you as soon as they can" in sent
    assert "Your note: I am on a train until 9" in sent
    assert "4 of 5" in sent and "The data platform rebuild" in sent
    assert f'data-sent-key="debrief:{ended.id}"' in sent


def test_confirmation_before_any_send_goes_back_to_the_debrief(client, ended):
    """Nothing sent yet: the confirmation address leads to the debrief form."""
    response = client.get(_url(ended, "/debrief/sent"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_url(ended, "/debrief"))


def test_stale_autosave_is_refused_with_both_versions(client, ended):
    """Two tabs open on revision 0: the first autosave wins; the second gets 409 'stale'
    with the other tab's text, and writes nothing."""
    first = client.post(_url(ended, "/debrief/autosave"), data={"draft_rev": "0", "concerns": "A"})
    assert first.get_json()["ok"] and first.get_json()["rev"] == 1
    second = client.post(_url(ended, "/debrief/autosave"), data={"draft_rev": "0", "concerns": "B"})
    body = second.get_json()
    assert second.status_code == 409 and body["stale"] is True
    assert body["theirs"]["concerns"] == "A" and body["rev"] == 1
    assert body["labels"]["concerns"] == "Concerns"
    assert Debrief.get(Debrief.interview == ended).concerns == "A"
    # Choosing to keep this tab's text: saved over the revision it has now seen.
    third = client.post(_url(ended, "/debrief/autosave"), data={"draft_rev": "1", "concerns": "B"})
    assert third.get_json()["ok"] and Debrief.get(Debrief.interview == ended).concerns == "B"


def test_debrief_page_carries_the_draft_revision(client, ended):
    """The form holds the revision it was drawn from, for the autosave to send back."""
    client.post(_url(ended, "/debrief/autosave"), data={"draft_rev": "0", "concerns": "A"})
    html = page_text(client.get(_url(ended, "/debrief")))
    assert _hidden(html, "draft_rev") == "1"


def test_past_interview_page_says_who_you_met_and_offers_no_calendar(client, ended):
    """An ended interview lists 'Who you met' and has no 'Add to calendar'."""
    html = page_text(client.get(_url(ended)))
    assert "Who you met" in html and "Who you will meet" not in html
    assert "Add to calendar" not in html


def test_home_puts_unsent_letters_before_what_is_coming(client, ended, make):
    """A sent debrief with letters still to send leads home, above 'Coming up'."""
    make.make_interview(candidate=ended.candidate, starts_in=dt.timedelta(days=2))
    html = page_text(client.get(_url(ended, "/debrief")))
    client.post(
        _url(ended, "/debrief"),
        data={"idempotency_key": _hidden(html, "idempotency_key"), "action": "submit"},
    )
    home = page_text(client.get("/candidate/"))
    assert home.index("Send your letters") < home.index("Coming up")
    assert "Letters 0 of 2 sent" in home


@pytest.mark.parametrize(
    ("fmt", "present", "absent"),
    [
        ("video", "Test the meeting link", "Plan your route"),
        ("phone", "Find a quiet room", "Bring printed copies"),
        ("onsite", "Plan your route", "Test the meeting link"),
    ],
)
def test_prep_items_fit_the_interview_format(client, make, login_as, fmt, present, absent):
    """A video interview gets the link test and no route; a phone one no printed copies."""
    interview = make.make_interview(format=fmt, location="https://meet.example/abc")
    login_as(interview.candidate)
    html = page_text(client.get(_url(interview, "/prep")))
    assert present in html and absent not in html


def test_prep_shows_the_panel_the_meeting_link_and_the_recruiters_note(client, make, login_as):
    """The panel under 'look up each interviewer', a tappable link, the recruiter's note."""
    interview = make.make_interview(
        format="video",
        location="Join: https://meet.example/abc-def.",
        people=[PanelEntry("Priya Shah", "Head of Data", "decision_maker")],
    )
    Interview.update(recruiter_note="Ask for Priya; cameras on.").where(
        Interview.id == interview.id
    ).execute()
    login_as(interview.candidate)
    html = page_text(client.get(_url(interview, "/prep")))
    look_up = html.index("Look up each interviewer")
    assert html.index("Priya Shah, Head of Data · Decision maker") > look_up
    assert '<a href="https://meet.example/abc-def">Open the meeting link</a>' in html
    assert "Ask for Priya; cameras on." in html


def test_changing_the_format_refits_untouched_prep_items(make):
    """On site to video: the route item goes, the link test comes, a ticked item stays."""
    interview = make.make_interview(format="onsite")
    printed = ChecklistItem.get(
        (ChecklistItem.interview == interview) & ChecklistItem.text.startswith("Bring printed")
    )
    ChecklistItem.update(done_at=dt.datetime(2030, 1, 1)).where(
        ChecklistItem.id == printed.id
    ).execute()
    interviews.update(
        interview=interview,
        by=interview.recruiter,
        position=interview.position,
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        time_zone="UTC",
        format="video",
    )
    texts = [i.text for i in ChecklistItem.select().where(ChecklistItem.interview == interview)]
    assert not any(t.startswith("Plan your route") for t in texts)
    assert any(t.startswith("Test the meeting link") for t in texts)
    assert any(t.startswith("Bring printed") for t in texts)


def test_recruiter_sets_the_note_on_the_interview_form(client, make, login_as):
    """The edit form keeps a note for the candidate; the interview page shows it."""
    recruiter = make.make_recruiter()
    interview = make.make_interview(recruiter=recruiter)
    login_as(recruiter)
    form = page_text(client.get(f"/recruiter/interviews/{interview.id}/edit"))
    assert 'name="recruiter_note"' in form
    data = {
        "position": str(interview.position_id),
        "round": "1",
        "starts_at": "2030-03-04T10:00",
        "ends_at": "2030-03-04T11:00",
        "time_zone": "UTC",
        "format": "onsite",
        "location": "1 Main Street",
        "recruiter_note": "Ask for Dana at reception.",
    }
    response = client.post(f"/recruiter/interviews/{interview.id}/edit", data=data)
    assert response.status_code == 302, page_text(response)
    assert Interview.get_by_id(interview.id).recruiter_note == "Ask for Dana at reception."
    assert "Ask for Dana at reception." in page_text(
        client.get(f"/recruiter/interviews/{interview.id}")
    )


# ---------------------------------------------------------------------------
# A stale tab's Send or Save draft
# ---------------------------------------------------------------------------


def _opened(client, interview) -> dict:
    """What a debrief page opened now would post back: its send key and draft revision."""
    html = page_text(client.get(_url(interview, "/debrief")))
    return {
        "idempotency_key": _hidden(html, "idempotency_key"),
        "draft_rev": _hidden(html, "draft_rev"),
    }


def test_a_stale_tabs_differences_are_in_the_candidates_language_and_zone(client, ended):
    """A Spanish candidate in Los Angeles: what differs between two tabs is in Spanish,
    and the two call times chosen are on their clock, never as a UTC time."""
    candidate = ended.candidate
    candidate.language, candidate.time_zone = "es", "America/Los_Angeles"
    candidate.save()
    offered = support.offered_slots(interview=Interview.get_by_id(ended.id), candidate=candidate)
    first, second = _opened(client, ended), _opened(client, ended)
    call = {"call_me": "y"}
    saved = client.post(
        _url(ended, "/debrief"),
        data={
            **second,
            **call,
            "action": "save",
            "enough_exchanged": "partly",
            "call_at": offered[0].value,
        },
    )
    assert saved.status_code == 302
    stale = client.post(
        _url(ended, "/debrief"),
        data={
            **first,
            **call,
            "action": "submit",
            "enough_exchanged": "yes",
            "call_at": offered[1].value,
        },
    )
    assert stale.status_code == 409
    html = page_text(stale)
    assert "Esta pestaña: Sí · La otra: En parte" in html
    mine = clock.to_local(offered[1].starts_at, "America/Los_Angeles")
    assert f"{mine:%H:%M} (hora de Los Angeles) · La otra:" in html
    assert not re.search(r"\d\d:\d\d UTC", html)


def test_a_stale_tabs_send_shows_both_versions_and_overwrites_nothing(client, ended):
    """Two tabs open the debrief; the second saves its draft; the first then presses Send:
    nothing is sent or overwritten, the page shows both texts, and choosing to keep this
    tab's sends it."""
    first, second = _opened(client, ended), _opened(client, ended)
    saved = client.post(
        _url(ended, "/debrief"), data={**second, "action": "save", "concerns": "Commute is long"}
    )
    assert saved.status_code == 302
    stale = client.post(
        _url(ended, "/debrief"), data={**first, "action": "submit", "concerns": "Team seems small"}
    )
    assert stale.status_code == 409
    html = page_text(stale)
    assert "This debrief changed in another tab" in html and "Nothing was sent" in html
    assert "This tab: Team seems small · Other: Commute is long" in html
    assert "Team seems small</textarea>" in html  # this tab's typing is still there
    debrief = Debrief.get(Debrief.interview == ended)
    assert (debrief.status, debrief.concerns) == ("draft", "Commute is long")
    # "Keep what this tab has and send it": the page's form, posted again as it now stands.
    keep = client.post(
        _url(ended, "/debrief"),
        data={
            "idempotency_key": _hidden(html, "idempotency_key"),
            "draft_rev": _hidden(html, "draft_rev"),
            "action": "submit",
            "concerns": "Team seems small",
        },
    )
    assert keep.status_code == 302 and keep.headers["Location"].endswith("/debrief/sent")
    debrief = Debrief.get(Debrief.interview == ended)
    assert (debrief.status, debrief.concerns) == ("submitted", "Team seems small")


def test_a_stale_tabs_save_draft_is_refused_the_same_way(client, ended):
    """Save draft from a tab opened before another tab's save shows both and keeps theirs."""
    first, second = _opened(client, ended), _opened(client, ended)
    client.post(_url(ended, "/debrief"), data={**second, "action": "save", "next_steps": "B"})
    stale = client.post(
        _url(ended, "/debrief"), data={**first, "action": "save", "next_steps": "A"}
    )
    assert stale.status_code == 409
    assert "Nothing was saved" in page_text(stale) and "This tab: A · Other: B" in page_text(stale)
    assert Debrief.get(Debrief.interview == ended).next_steps == "B"


def test_a_stale_tab_cannot_undo_another_tabs_amendment(client, ended):
    """Sent, then amended in a second tab: "Send changes" from the first tab's older page
    shows both versions instead of sending the old text over the amendment."""
    sent = client.post(
        _url(ended, "/debrief"),
        data={**_opened(client, ended), "action": "submit", "key_points": "Roadmap"},
    )
    assert sent.status_code == 302
    old_tab, new_tab = _opened(client, ended), _opened(client, ended)
    client.post(
        _url(ended, "/debrief"),
        data={**new_tab, "action": "submit", "key_points": "Roadmap and hiring plan"},
    )
    stale = client.post(
        _url(ended, "/debrief"),
        data={**old_tab, "action": "submit", "key_points": "Roadmap, and a question on pay"},
    )
    assert stale.status_code == 409
    debrief = Debrief.get(Debrief.interview == ended)
    assert (debrief.version, debrief.key_points) == (2, "Roadmap and hiring plan")


def test_a_stale_tab_holding_the_same_answers_is_no_conflict(client, ended):
    """The other save held exactly this tab's answers (its own autosave, say): Send goes."""
    first = _opened(client, ended)
    client.post(
        _url(ended, "/debrief/autosave"), data={"draft_rev": first["draft_rev"], "concerns": "X"}
    )
    sent = client.post(_url(ended, "/debrief"), data={**first, "action": "submit", "concerns": "X"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/debrief/sent")


def test_a_stale_tab_whose_answers_differ_only_in_line_breaks_is_no_conflict(client, ended):
    """The phone's autosave sent the key points with LF line breaks, the form's Send posts
    them as the browser does, with CRLF: the same answers, so Send goes, not a false
    "changed in another tab"."""
    first = _opened(client, ended)
    typed = "Charting time for doctors\nHow I would cut it"
    client.post(
        _url(ended, "/debrief/autosave"),
        data={"draft_rev": first["draft_rev"], "key_points": typed},
    )
    sent = client.post(
        _url(ended, "/debrief"),
        data={**first, "action": "submit", "key_points": typed.replace("\n", "\r\n")},
    )
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/debrief/sent")
    assert Debrief.get(Debrief.interview == ended).key_points == typed


def test_replaying_the_first_send_after_an_amendment_keeps_the_amendment(client, ended):
    """The first Send's request arrives again (a retry) after an amendment: it is known by
    its send key, keeps no third version and undoes nothing."""
    first = {**_opened(client, ended), "action": "submit", "key_points": "Roadmap"}
    assert client.post(_url(ended, "/debrief"), data=first).status_code == 302
    amend = {**_opened(client, ended), "action": "submit", "key_points": "Roadmap, hiring"}
    assert client.post(_url(ended, "/debrief"), data=amend).status_code == 302
    replay = client.post(_url(ended, "/debrief"), data=first)
    assert replay.status_code == 302 and replay.headers["Location"].endswith("/debrief/sent")
    assert "already has this debrief" in page_text(client.get(replay.headers["Location"]))
    debrief = Debrief.get(Debrief.interview == ended)
    assert (debrief.version, debrief.key_points) == (2, "Roadmap, hiring")
