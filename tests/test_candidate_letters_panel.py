"""Who said what, how to address them, and the letter page read top-down (candidate pages)."""

from __future__ import annotations

import re

import pytest

from portal.models import Interviewer
from portal.models import ThankYouLetter
from tests.support import candidate_url
from tests.support import idempotency_key

OSEI_NOTE = "Amara asked how I would cut charting time"


@pytest.fixture
def ended(ended):
    """The shared signed-in candidate whose interview just ended, met by Dr Amara Osei and
    Wei Ling Goh."""
    interview = ended
    Interviewer.delete().where(Interviewer.interview == interview).execute()
    for n, (name, role) in enumerate(
        [("Dr Amara Osei", "decision_maker"), ("Goh Wei Ling", "influencer")]
    ):
        Interviewer.create(
            interview=interview, name=name, role=role, sort_order=n, email=f"p{n}@c.example"
        )
    return interview


def _panel(interview) -> list[Interviewer]:
    return list(
        Interviewer.select().where(Interviewer.interview == interview).order_by(Interviewer.id)
    )


def _post(client, interview, **fields):
    html = client.get(candidate_url(interview, "/debrief")).get_data(as_text=True)
    data = {"idempotency_key": idempotency_key(html), "action": "save"}
    for n, person in enumerate(_panel(interview)):
        data[f"people-{n}-interviewer_id"] = str(person.id)
        data[f"people-{n}-name"] = person.name
        data[f"people-{n}-role"] = person.role
        data[f"people-{n}-email"] = person.email
    data.update(fields)
    return client.post(candidate_url(interview, "/debrief"), data=data), html


def test_the_panel_keeps_how_to_address_each_person_and_what_you_talked_about(client, ended):
    """Title, given and family names and per-person topics are saved from "Add details"."""
    response, _ = _post(
        client,
        ended,
        **{
            "people-1-address_title": "Ms",
            "people-1-given_names": "Wei Ling",
            "people-1-family_name": "Goh",
            "people-1-topics": "the move to Figma\ndesign tokens",
        },
    )
    assert response.status_code == 302
    goh = _panel(ended)[1]
    assert (goh.address_title, goh.given_names, goh.family_name) == ("Ms", "Wei Ling", "Goh")
    assert goh.topics == "the move to Figma\ndesign tokens"
    html = client.get(candidate_url(ended, "/debrief")).get_data(as_text=True)
    assert "What did you talk about?" in html and "How to address them" in html
    assert ">the move to Figma\ndesign tokens</textarea>" in html


def test_a_key_point_is_tied_to_the_person_who_raised_it_by_tapping_their_name(client, ended):
    """Once key points are saved, each offers the panel's names; the tapped one is kept,
    and only that person's letter draws on it."""
    _post(client, ended, key_points=f"Charting time for doctors\n{OSEI_NOTE}")
    html = client.get(candidate_url(ended, "/debrief")).get_data(as_text=True)
    assert "Who said it?" in html
    osei, goh = _panel(ended)
    assert f'name="ties-0-person" value="{osei.id}"' in html
    response, _ = _post(
        client,
        ended,
        key_points=f"Charting time for doctors\n{OSEI_NOTE}",
        **{
            "ties-0-text": "Charting time for doctors",
            "ties-0-person": str(osei.id),
            "ties-1-text": OSEI_NOTE,
            "ties-1-person": str(osei.id),
        },
    )
    assert response.status_code == 302
    assert Interviewer.get_by_id(osei.id).letter_point == f"Charting time for doctors\n{OSEI_NOTE}"
    assert Interviewer.get_by_id(goh.id).letter_point == ""
    html = client.get(candidate_url(ended, "/debrief")).get_data(as_text=True)
    assert re.search(rf'name="ties-0-person" value="{osei.id}" checked', html)


def test_letters_greet_as_each_person_expects_and_never_paste_a_note(client, ended):
    """Formal: "Dear Dr Osei"; the note about Amara is not pasted in but shown beside the
    letter as worth mentioning, with a marked place in the draft."""
    osei, goh = _panel(ended)
    Interviewer.update(letter_point=OSEI_NOTE, topics="charting time for doctors").where(
        Interviewer.id == osei.id
    ).execute()
    Interviewer.update(given_names="Wei Ling", family_name="Goh").where(
        Interviewer.id == goh.id
    ).execute()
    _post(
        client,
        ended,
        key_points=OSEI_NOTE,
        qualifications="closed S$4.2m ARR in FY25",
        action="submit",
    )
    letter = ThankYouLetter.get(ThankYouLetter.interviewer == osei.id)
    assert letter.body.startswith("Dear Dr Osei,\n")
    assert "charting time for doctors" in letter.body and "I closed S$4.2m ARR" in letter.body
    assert "asked how I would" not in letter.body
    html = client.get(candidate_url(ended, f"/letters/{letter.id}")).get_data(as_text=True)
    assert "Worth mentioning — in your words" in html and OSEI_NOTE in html
    client.post(candidate_url(ended, "/letters"), data={"tone": "warm"})
    warm = ThankYouLetter.get(ThankYouLetter.interviewer == goh.id)
    assert warm.body.startswith("Dear Wei Ling,\n")


def test_the_letter_page_reads_top_down(client, ended):
    """Tone and points, then Re-draft, then the letter, then its checks, then sending;
    "Tone" is named once."""
    _post(client, ended, key_points="Charting time for doctors", action="submit")
    letter = ThankYouLetter.get(ThankYouLetter.interviewer == _panel(ended)[0].id)
    html = client.get(candidate_url(ended, f"/letters/{letter.id}")).get_data(as_text=True)
    order = [
        html.index('<legend class="label">Tone'),
        html.index("Points you discussed with"),
        html.index("Re-draft this letter</button>"),
        html.index('name="body"'),
        html.index("<h2>Checks</h2>"),
        html.index("<h2>Send it yourself</h2>"),
    ]
    assert order == sorted(order)
    assert len(re.findall(r">\s*Tone\s*<", html)) == 1


def test_ticking_points_on_the_letter_page_redrafts_with_them(client, ended):
    """The points ticked for this person are tied to them and named in the fresh draft;
    none ticked unties them all."""
    _post(
        client, ended, key_points="Charting time for doctors\nThe care-home pilot", action="submit"
    )
    osei = _panel(ended)[0]
    letter = ThankYouLetter.get(ThankYouLetter.interviewer == osei.id)
    url = candidate_url(ended, f"/letters/{letter.id}/redraft")
    client.post(url, data={"tone": "formal", "points_shown": "1", "points": "The care-home pilot"})
    assert Interviewer.get_by_id(osei.id).letter_point == "The care-home pilot"
    assert "the care-home pilot" in ThankYouLetter.get_by_id(letter.id).body
    client.post(url, data={"tone": "formal", "points_shown": "1"})
    assert Interviewer.get_by_id(osei.id).letter_point == ""
    assert "care-home" not in ThankYouLetter.get_by_id(letter.id).body
