"""Candidate pages: home states, interview and calendar, prep, debrief, letters and account."""

from __future__ import annotations

import datetime as dt
import email
import re
from email import policy

import pytest

from portal.models import ChecklistItem
from portal.models import Debrief
from portal.models import DebriefRevision
from portal.models import Interview
from portal.models import Interviewer
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services.journey import debrief_versions
from tests.factories import PASSWORD
from tests.support import candidate_url
from tests.support import idempotency_key


def _debrief_data(client, interview, **fields) -> dict:
    """What the debrief page would post: its idempotency key and the panel as listed."""
    html = client.get(candidate_url(interview, "/debrief")).get_data(as_text=True)
    data = {"idempotency_key": idempotency_key(html)}
    for n, person in enumerate(
        Interviewer.select().where(Interviewer.interview == interview).order_by(Interviewer.id)
    ):
        data[f"people-{n}-interviewer_id"] = str(person.id)
        data[f"people-{n}-name"] = person.name
        data[f"people-{n}-title"] = person.title
        data[f"people-{n}-role"] = person.role
        data[f"people-{n}-email"] = person.email
    data.update(fields)
    return data


# ---------------------------------------------------------------------------
# Home and interview
# ---------------------------------------------------------------------------


def test_ended_interview_without_debrief_leads_home_with_call_and_debrief(client, ended, make):
    """The lead card says how long ago it ended and offers a tel: call and 'Debrief now'."""
    make.make_interview(candidate=ended.candidate, starts_in=dt.timedelta(days=2))
    html = client.get("/candidate/").get_data(as_text=True)
    lead = html.split('class="card lead"')[1].split("</section>")[0]
    assert "Debrief due" in lead and "40 min ago" in lead
    assert 'href="tel:+442079460000"' in lead and "Call Rae Recruiter" in lead
    assert f'href="/candidate/interviews/{ended.id}/debrief"' in lead
    assert html.index("Debrief now") < html.index("Coming up")
    assert "Interview in 2 days" in html and "Prep 0 of 15 done" in html


def test_home_states_in_words_after_the_debrief(client, ended, make):
    """After the debrief, unsent letters lead home: 'n of m sent' with the deadline."""
    debrief_versions.submit(
        interview=ended,
        candidate=ended.candidate,
        answers={"key_points": "Roadmap"},
        people=[],
        idempotency_key="x" * 20,
    )
    first = ThankYouLetter.select().where(ThankYouLetter.interview == ended).first()
    ThankYouLetter.update(status="sent", sent_at=utcnow()).where(
        ThankYouLetter.id == first.id
    ).execute()
    html = client.get("/candidate/").get_data(as_text=True)
    assert "Debrief now" not in html
    lead = html.split('class="card lead"')[1].split("</section>")[0]
    assert "Send your letters" in lead
    assert "Letters 1 of 2 sent · send by" in lead and "in 23 hours" in lead


def test_interview_page_shows_who_where_and_how_to_reach_the_recruiter(client, make, login_as):
    """Panel with names, titles and roles; recruiter's tel and mailto; the calendar link."""
    recruiter = make.make_recruiter(name="Rae Recruiter", phone="+44 20 7946 0000")
    candidate = make.make_candidate(time_zone="Europe/Paris")
    interview = make.make_interview(
        candidate=candidate, recruiter=recruiter, format="video", location="Video link by email"
    )
    login_as(candidate)
    html = client.get(candidate_url(interview)).get_data(as_text=True)
    assert interview.position.title in html and interview.position.client.name in html
    assert "Dana Decider</strong>, CTO" in html and "Decision maker" in html
    assert "Video call" in html and "Video link by email" in html
    assert 'href="tel:+442079460000"' in html and f"mailto:{recruiter.email}" in html
    assert f'href="/candidate/interviews/{interview.id}/calendar.ics"' in html
    assert "your time (Europe/Paris)" in html


def test_calendar_file_has_the_interview_and_a_debrief_reminder_at_its_end(client, ended):
    """One event in UTC, as an update the calendar keeps (REQUEST, SEQUENCE), UTF-8, with
    an alarm at the interview's end to debrief."""
    from icalendar import Calendar

    response = client.get(candidate_url(ended, "/calendar.ics"))
    assert response.mimetype == "text/calendar"
    assert response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["method"]) == "REQUEST"
    (meeting,) = calendar.walk("VEVENT")
    assert meeting.decoded("dtstart").replace(tzinfo=None) == ended.starts_at
    assert int(meeting["sequence"]) == 0
    (alarm,) = meeting.walk("VALARM")
    assert alarm["trigger"].params["RELATED"] == "END"
    assert "Debrief" in str(alarm["description"])
    assert "Rae Recruiter" in str(meeting["description"])


# ---------------------------------------------------------------------------
# Prep checklist
# ---------------------------------------------------------------------------


def test_prep_lists_sections_and_progress(client, ended):
    """Items grouped under their section headings, with 'n of m done'."""
    html = client.get(candidate_url(ended, "/prep")).get_data(as_text=True)
    total = ChecklistItem.select().where(ChecklistItem.interview == ended).count()
    assert f"0 of {total} done" in html
    assert "<h2>Research</h2>" in html and "<h2>After the interview</h2>" in html
    assert html.count('aria-pressed="false"') == total


def test_tick_without_js_posts_and_returns_to_the_item(client, ended):
    """A plain POST ticks the item and redirects back to it; a second POST unticks."""
    item = ChecklistItem.select().where(ChecklistItem.interview == ended).first()
    url = candidate_url(ended, f"/prep/{item.id}")
    response = client.post(url, data={"done": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/prep#item-{item.id}")
    assert ChecklistItem.get_by_id(item.id).done_at is not None
    html = client.get(candidate_url(ended, "/prep")).get_data(as_text=True)
    assert "1 of" in html and 'aria-pressed="true"' in html
    client.post(url, data={"done": "0"})
    assert ChecklistItem.get_by_id(item.id).done_at is None


def test_tick_with_js_answers_json_and_a_retry_keeps_the_first_time(client, ended):
    """The script's POST gets JSON; ticking twice keeps the time of the first tick."""
    item = ChecklistItem.select().where(ChecklistItem.interview == ended).first()
    url = candidate_url(ended, f"/prep/{item.id}")
    headers = {"Accept": "application/json"}
    assert client.post(url, data={"done": "1"}, headers=headers).get_json() == {
        "ok": True,
        "done": True,
        "note": "",
    }
    first = ChecklistItem.get_by_id(item.id).done_at
    client.post(url, data={"done": "1"}, headers=headers)
    assert ChecklistItem.get_by_id(item.id).done_at == first


def test_a_note_is_kept_on_an_item(client, ended):
    """A note saves without changing the tick."""
    item = ChecklistItem.select().where(ChecklistItem.interview == ended).first()
    client.post(
        candidate_url(ended, f"/prep/{item.id}"), data={"note": "Ask about the Rotterdam hub"}
    )
    saved = ChecklistItem.get_by_id(item.id)
    assert saved.note == "Ask about the Rotterdam hub" and saved.done_at is None
    assert "Ask about the Rotterdam hub" in client.get(candidate_url(ended, "/prep")).get_data(
        as_text=True
    )


def test_an_item_of_another_interview_is_not_found(client, ended, make):
    """An item id from someone else's checklist under my interview is a 404, and unchanged."""
    other = make.make_interview()
    item = ChecklistItem.select().where(ChecklistItem.interview == other).first()
    response = client.post(candidate_url(ended, f"/prep/{item.id}"), data={"done": "1"})
    assert response.status_code == 404
    assert ChecklistItem.get_by_id(item.id).done_at is None


# ---------------------------------------------------------------------------
# Debrief
# ---------------------------------------------------------------------------


def test_debrief_form_lists_the_panel_and_carries_a_fresh_key(client, ended):
    """People already on the panel are filled in; each render has its own idempotency key."""
    first = client.get(candidate_url(ended, "/debrief")).get_data(as_text=True)
    second = client.get(candidate_url(ended, "/debrief")).get_data(as_text=True)
    assert 'value="Dana Decider"' in first and 'value="Pat Peer"' in first
    assert idempotency_key(first) != idempotency_key(second)
    assert 'role="status"' in first and "Send to Rae Recruiter" in first


def test_submitted_debrief_goes_to_the_recruiter_and_letters_are_drafted(client, ended):
    """Send: version 1 kept, a new person added, then the letters page with one draft each."""
    data = _debrief_data(
        client,
        ended,
        action="submit",
        candidate_interest="4",
        employer_interest="5",
        enough_exchanged="partly",
        still_open="Salary band",
        key_points="The data platform rebuild\nHiring two analysts",
        qualifications="Led a dbt migration",
        call_me="y",
        call_times="after 17:00",
        **{"people-2-name": "Lee Lead", "people-2-title": "VP Data", "people-2-role": "influencer"},
    )
    response = client.post(candidate_url(ended, "/debrief"), data=data)
    assert response.headers["Location"].endswith(f"/interviews/{ended.id}/debrief/sent")
    debrief = Debrief.get(Debrief.interview == ended)
    assert (debrief.status, debrief.version, debrief.candidate_interest) == ("submitted", 1, 4)
    assert debrief.call_me and debrief.call_times == "after 17:00"
    lee = Interviewer.get(Interviewer.name == "Lee Lead")
    assert lee.added_by == "candidate" and lee.interview_id == ended.id
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rae Recruiter has your debrief" in html
    html = client.get(candidate_url(ended, "/letters")).get_data(as_text=True)
    names = re.findall(r"<h2><a [^>]+>([^<]+)</a></h2>", html)
    assert names == ["Dana Decider", "Lee Lead", "Pat Peer"]


def test_double_submit_with_the_same_key_keeps_one_version(client, ended):
    """A retried POST (same hidden key) lands on the same debrief, with no second version."""
    data = _debrief_data(client, ended, action="submit", key_points="Roadmap")
    first = client.post(candidate_url(ended, "/debrief"), data=data)
    second = client.post(candidate_url(ended, "/debrief"), data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert DebriefRevision.select().count() == 1
    assert Debrief.get(Debrief.interview == ended).version == 1
    html = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Your recruiter already has this debrief." in html


def test_send_with_bad_fields_sends_the_rest_and_keeps_them_typed(client, ended):
    """Interest 7, a 121-letter name and a bad email do not block Send: the valid answers
    are sent, each bad field comes back with its message and what was typed."""
    long_name = "N" * 121
    data = _debrief_data(
        client,
        ended,
        action="submit",
        candidate_interest="7",
        key_points="Their move to event sourcing",
        concerns="Long commute",
        **{"people-0-name": long_name, "people-1-email": "pat at example"},
    )
    response = client.post(candidate_url(ended, "/debrief"), data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sent to Rae Recruiter, all but what is marked below" in html
    assert "There is a problem" in html and 'href="#people-1-email"' in html
    assert 'href="#candidate_interest"' in html
    assert html.count('class="error-summary"') == 1
    for typed in ("Their move to event sourcing", "Long commute", long_name, "pat at example"):
        assert typed in html
    # Sent: the next Send is an amendment, so the page carries a new key.
    assert f'value="{data["idempotency_key"]}"' not in html
    debrief = Debrief.get(Debrief.interview == ended)
    assert debrief.status == "submitted" and debrief.concerns == "Long commute"
    assert debrief.candidate_interest is None
    assert DebriefRevision.select().count() == 1
    pat = Interviewer.get(Interviewer.name == "Pat Peer")
    assert pat.email == ""  # the half-typed address was not kept
    assert not Interviewer.select().where(Interviewer.name == long_name).exists()


def test_expired_session_shows_the_typed_debrief_back(client, ended):
    """A POST without a valid CSRF token (the session ended) shows back what was typed."""
    data = _debrief_data(client, ended, action="submit", key_points="Migrating billing to Kafka")
    response = client.post(candidate_url(ended, "/debrief"), data=data, csrf=False)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your session ended" in html and "Migrating billing to Kafka" in html
    assert Debrief.select().count() == 0


def test_signed_out_autosave_is_sent_to_sign_in_not_lost_silently(client, ended):
    """After sign-out the autosave endpoint answers with the sign-in redirect (the script keeps
    the text on the phone and says so)."""
    client.post("/logout")
    response = client.post(candidate_url(ended, "/debrief/autosave"), data={"key_points": "x"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert Debrief.select().count() == 0


def test_save_draft_without_js_keeps_it_and_comes_back(client, ended):
    """'Save draft' keeps the answers and returns to the form, which shows them."""
    data = _debrief_data(client, ended, action="save", next_steps="Second round next week")
    response = client.post(candidate_url(ended, "/debrief"), data=data)
    assert response.headers["Location"].endswith(f"/interviews/{ended.id}/debrief")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Draft saved" in html and "Second round next week" in html
    assert Debrief.get(Debrief.interview == ended).status == "draft"


def test_autosave_saves_valid_fields_and_returns_new_people_ids(client, ended):
    """JSON autosave: the good fields are kept, a bad one is named, new people get ids."""
    response = client.post(
        candidate_url(ended, "/debrief/autosave"),
        data={
            "key_points": "Platform team",
            "employer_interest": "9",
            "people-0-name": "Lee Lead",
            "people-0-role": "hr",
        },
    )
    body = response.get_json()
    assert body["ok"] and body["invalid"] == ["employer_interest"]
    lee = Interviewer.get(Interviewer.name == "Lee Lead")
    assert body["people"] == {"0": lee.id}
    debrief = Debrief.get(Debrief.interview == ended)
    assert debrief.key_points == "Platform team" and debrief.employer_interest is None
    # The stamp matches the page's, so a phone can tell the server has its typing.
    page = client.get(candidate_url(ended, "/debrief")).get_data(as_text=True)
    assert f'data-stamp="{body["stamp"]}"' in page


def test_autosave_after_submission_says_sent_and_changes_nothing(client, ended):
    """Once sent, typing goes through 'Send changes'; autosave answers 409 'sent'."""
    client.post(
        candidate_url(ended, "/debrief"), data=_debrief_data(client, ended, action="submit")
    )
    response = client.post(candidate_url(ended, "/debrief/autosave"), data={"concerns": "new"})
    assert response.status_code == 409 and response.get_json() == {"ok": False, "sent": True}
    assert Debrief.get(Debrief.interview == ended).concerns == ""


def test_amending_keeps_every_version(client, ended):
    """'Send changes' makes version 2; both versions are kept with what changed."""
    client.post(
        candidate_url(ended, "/debrief"),
        data=_debrief_data(client, ended, action="submit", concerns="Commute"),
    )
    page = client.get(candidate_url(ended, "/debrief")).get_data(as_text=True)
    assert "Send changes" in page and "Save draft" not in page
    response = client.post(
        candidate_url(ended, "/debrief"),
        data=_debrief_data(client, ended, action="submit", concerns="Commute is fine now"),
    )
    assert response.status_code == 302
    debrief = Debrief.get(Debrief.interview == ended)
    assert debrief.version == 2
    history = debrief_versions.revisions_with_changes(debrief=debrief)
    assert history[0].changes[0].before == "Commute"
    assert history[0].changes[0].after == "Commute is fine now"


# ---------------------------------------------------------------------------
# Thank-you letters
# ---------------------------------------------------------------------------


@pytest.fixture
def drafted(client, ended):
    """The ended interview, debriefed, with its letters drafted."""
    client.post(
        candidate_url(ended, "/debrief"),
        data=_debrief_data(
            client,
            ended,
            action="submit",
            key_points="The data platform rebuild\nHiring two analysts",
            qualifications="Led a dbt migration",
        ),
    )
    return ended


def _letter(interview, name: str) -> ThankYouLetter:
    return (
        ThankYouLetter.select()
        .join(Interviewer)
        .where((ThankYouLetter.interview == interview) & (Interviewer.name == name))
        .get()
    )


def test_letter_editor_shows_checks_and_delivery(client, drafted):
    """Checks (name, point, length, spelling, deadline), mailto, downloads and 'Mark as sent'."""
    letter = _letter(drafted, "Dana Decider")
    html = client.get(candidate_url(drafted, f"/letters/{letter.id}")).get_data(as_text=True)
    assert "Addresses Dana Decider by name" in html
    assert "Mentions a qualification" in html and "words" in html
    assert "No spelling problems found" in html and "Send within 23 h" in html
    assert 'href="mailto:dana@client.example?subject=' in html
    assert f"/letters/{letter.id}/download.txt" in html and "download.eml" in html
    assert "Mark as sent" in html and 'data-copy="body"' in html


def test_editing_a_letter_rechecks_it(client, drafted):
    """A short edit is saved, and the checks now say it is short and misses the name."""
    letter = _letter(drafted, "Dana Decider")
    url = candidate_url(drafted, f"/letters/{letter.id}")
    response = client.post(url, data={"subject": "Thanks", "body": "Thank you for yesterdy."})
    assert response.headers["Location"].endswith(url)
    html = client.get(url).get_data(as_text=True)
    assert "Mention Dana Decider by name" in html and "4 words" in html
    assert "Check: yesterdy" in html
    assert ThankYouLetter.get_by_id(letter.id).body == "Thank you for yesterdy."


def test_empty_letter_is_refused_with_the_subject_kept(client, drafted):
    """An empty body re-renders with an error and the typed subject."""
    letter = _letter(drafted, "Pat Peer")
    response = client.post(
        candidate_url(drafted, f"/letters/{letter.id}"),
        data={"subject": "My own subject", "body": ""},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Write the letter." in html and 'value="My own subject"' in html


def test_downloads_are_a_text_file_and_an_unsent_email(client, drafted):
    """.txt with subject and body; .eml with To, Subject and X-Unsent: 1."""
    letter = _letter(drafted, "Dana Decider")
    txt = client.get(candidate_url(drafted, f"/letters/{letter.id}/download.txt"))
    assert 'filename="thank-you-dana-decider.txt"' in txt.headers["Content-Disposition"]
    assert txt.get_data(as_text=True).startswith(f"Subject: {letter.subject}\n\n")
    eml = client.get(candidate_url(drafted, f"/letters/{letter.id}/download.eml"))
    message = email.message_from_bytes(eml.data, policy=policy.default)
    assert message["To"] == "dana@client.example" and message["X-Unsent"] == "1"
    assert message.get_content().replace("\r\n", "\n").strip() == letter.body.strip()
    assert (
        client.get(candidate_url(drafted, f"/letters/{letter.id}/download.pdf")).status_code == 404
    )


def test_mark_sent_and_undo(client, drafted):
    """'Mark as sent' records the time (kept on a repeat); undo returns it to draft."""
    letter = _letter(drafted, "Dana Decider")
    url = candidate_url(drafted, f"/letters/{letter.id}/sent")
    client.post(url, data={"sent": "1"})
    first = ThankYouLetter.get_by_id(letter.id)
    assert first.status == "sent" and first.sent_at is not None
    client.post(url, data={"sent": "1"})
    assert ThankYouLetter.get_by_id(letter.id).sent_at == first.sent_at
    html = client.get(candidate_url(drafted, "/letters")).get_data(as_text=True)
    assert "1 of 2 sent" in html
    client.post(url, data={"sent": "0"})
    undone = ThankYouLetter.get_by_id(letter.id)
    assert undone.status == "draft" and undone.sent_at is None


def test_switching_tone_keeps_the_letters_you_edited(client, drafted):
    """Warm re-drafts the untouched letter and keeps the edited one word for word."""
    dana = _letter(drafted, "Dana Decider")
    pat = _letter(drafted, "Pat Peer")
    client.post(
        candidate_url(drafted, f"/letters/{dana.id}"),
        data={"subject": "Thanks", "body": "My own words."},
    )
    response = client.post(candidate_url(drafted, "/letters"), data={"tone": "warm"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 re-drafted in the warm tone, 1 you edited kept as they are" in html
    assert ThankYouLetter.get_by_id(dana.id).body == "My own words."
    fresh = ThankYouLetter.get_by_id(pat.id)
    assert fresh.tone == "warm" and fresh.body != pat.body


def test_redraft_one_letter_replaces_its_text(client, drafted):
    """The editor's re-draft replaces that one letter with a fresh draft in the chosen tone."""
    dana = _letter(drafted, "Dana Decider")
    client.post(
        candidate_url(drafted, f"/letters/{dana.id}"), data={"subject": "S", "body": "Mine."}
    )
    client.post(candidate_url(drafted, f"/letters/{dana.id}/redraft"), data={"tone": "warm"})
    fresh = ThankYouLetter.get_by_id(dana.id)
    assert fresh.tone == "warm" and "Dana" in fresh.body


def test_letters_too_alike_are_flagged(client, drafted):
    """Two letters with the same text get a warning naming both people."""
    dana = _letter(drafted, "Dana Decider")
    pat = _letter(drafted, "Pat Peer")
    ThankYouLetter.update(body=dana.body).where(ThankYouLetter.id == pat.id).execute()
    html = client.get(candidate_url(drafted, "/letters")).get_data(as_text=True)
    assert "The letters to Dana Decider and Pat Peer are very alike" in html


def test_a_letter_under_another_interview_is_not_found(client, drafted, make):
    """A letter id reached through one of my other interviews is a 404."""
    mine_too = make.make_interview(candidate=drafted.candidate)
    letter = _letter(drafted, "Dana Decider")
    assert client.get(candidate_url(mine_too, f"/letters/{letter.id}")).status_code == 404


def test_letters_page_offers_to_draft_when_none_exist(client, ended):
    """Before any letter, the page offers to draft one per person."""
    html = client.get(candidate_url(ended, "/letters")).get_data(as_text=True)
    assert "Draft 2 letters" in html
    client.post(candidate_url(ended, "/letters"), data={"tone": "formal"})
    assert ThankYouLetter.select().where(ThankYouLetter.interview == ended).count() == 2


# ---------------------------------------------------------------------------
# Account
# ---------------------------------------------------------------------------


def test_time_zone_and_phone_are_saved(client, ended):
    """A city typed for the zone and a phone are kept; the page then names the zone."""
    response = client.post(
        "/candidate/account",
        data={"form": "profile", "time_zone": "new york", "phone": "+1 212 555 0100"},
    )
    assert response.headers["Location"].endswith("/candidate/account")
    user = User.get_by_id(ended.candidate_id)
    assert (user.time_zone, user.phone) == ("America/New_York", "+1 212 555 0100")
    assert user.time_zone_set_at is not None
    html = client.get("/candidate/account").get_data(as_text=True)
    assert 'value="New York, United States"' in html
    assert "Times are shown in <strong>New York time</strong>" in html


def test_unknown_zone_is_refused_and_the_phone_kept(client, ended):
    """A zone we do not know re-renders with an error beside it, what was typed and the phone."""
    response = client.post(
        "/candidate/account",
        data={"form": "profile", "time_zone": "Olympus Mons", "phone": "+44 7700 900123"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "We do not know that time zone" in html and 'value="+44 7700 900123"' in html
    assert 'value="Olympus Mons"' in html


def test_zone_choices_are_a_short_list_nearest_first(client, ended):
    """The zone field offers a short list (not every zone on Earth), the person's own zone
    first and its neighbours next: for Los Angeles, other US zones before Europe's."""
    User.update(time_zone="America/Los_Angeles").where(User.id == ended.candidate_id).execute()
    html = client.get("/candidate/account").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]+)"></option>', html)
    assert 10 <= len(options) <= 60
    assert options[0] == "Los Angeles, United States"
    assert "Denver, United States" in options[:10]
    assert "London, Britain (UK)" not in options[:10]


def test_password_change_keeps_this_session_and_ends_the_others(app, client, ended):
    """After a change this phone stays signed in; a second signed-in browser is signed out."""
    other = app.test_client()
    other.post("/login", data={"email": ended.candidate.email, "password": PASSWORD})
    assert other.get("/candidate/").status_code == 200
    response = client.post(
        "/candidate/account",
        data={
            "form": "password",
            "current_password": PASSWORD,
            "new_password": "seven brisk otters",
            "confirm": "seven brisk otters",
        },
    )
    assert response.headers["Location"].endswith("/candidate/account")
    assert client.get("/candidate/").status_code == 200
    assert "/login" in other.get("/candidate/").headers["Location"]


def test_wrong_current_password_is_named(client, ended):
    """A wrong current password is a 400 with the message beside that field."""
    response = client.post(
        "/candidate/account",
        data={
            "form": "password",
            "current_password": "not it at all",
            "new_password": "seven brisk otters",
            "confirm": "seven brisk otters",
        },
    )
    assert response.status_code == 400
    assert "Your current password is not right." in response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone_set", [False, True], ids=["zone guessed", "zone chosen"])
def test_the_account_page_opens_the_same_as_from_wtforms(app, make, language, zone_set):
    """The account page as it opens, its forms drawn from what is on file (portal.form_view),
    is the page ProfileForm and ChangePasswordForm holding it draw: the same HTML, in both
    languages, before and after a zone is chosen."""
    from flask import render_template
    from flask_login import login_user

    from portal.auth.forms import ChangePasswordForm
    from portal.candidate.forms import ProfileForm
    from portal.candidate.views import _shown_profile
    from portal.form_view import shown
    from portal.i18n import LANGUAGES

    user = make.make_candidate(
        name="Noor <Haddad>", time_zone="America/Los_Angeles", language=language
    )
    User.update(
        phone='+1 (212) "555" & 0100',
        time_zone_set_at=utcnow() if zone_set else None,
    ).where(User.id == user.id).execute()
    pages = []
    with app.test_request_context("/candidate/account"):  # one request: one CSRF token
        login_user(User.get_by_id(user.id))
        for profile, password in (
            (ProfileForm(formdata=None, obj=User.get_by_id(user.id)), ChangePasswordForm(None)),
            (_shown_profile(), shown(ChangePasswordForm, {})),
        ):
            pages.append(
                render_template(
                    "candidate/account.html",
                    profile=profile,
                    password=password,
                    reminders=True,
                    languages=LANGUAGES,
                )
            )
    assert 'value="+1 (212) &#34;555&#34; &amp; 0100"' in pages[1]
    assert 'value="Los Angeles, United States"' in pages[1]
    assert pages[1] == pages[0]


def test_account_page_signs_out_with_a_post(client, ended):
    """The sign-out control is a POST form (with its CSRF token), not a link."""
    html = client.get("/candidate/account").get_data(as_text=True)
    assert re.search(
        r'<form method="post" action="/logout"[^>]*><input type="hidden" name="csrf_token"', html
    )


def test_cancelled_interview_offers_no_prep_button(client, ended, make):
    """A cancelled interview says so instead of offering the next step."""
    gone = make.make_interview(candidate=ended.candidate)
    Interview.update(status="cancelled").where(Interview.id == gone.id).execute()
    html = client.get(candidate_url(gone)).get_data(as_text=True)
    assert "Cancelled" in html and "button-block" not in html
