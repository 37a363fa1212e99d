"""The share packet in its reader's terms: highlights about the candidate in the third
person from their qualifications only, and an expiry date in the reader's zone."""

from __future__ import annotations

import datetime as dt

from portal.models import Debrief
from portal.models import ShareLink
from portal.services.letters import third_person
from tests.support import sign_in


def test_highlights_start_from_qualifications_in_the_third_person_never_the_notes(client, make):
    """The form's highlights say "Noor led …", never "I led …", and carry none of the
    candidate's own notes (key points, concerns, what is still open, next steps)."""
    recruiter = make.make_recruiter()
    noor = make.make_candidate(name="Noor Haddad")
    interview = make.make_ended_interview(minutes_ago=60, candidate=noor, recruiter=recruiter)
    Debrief.create(
        interview=interview,
        candidate=noor,
        status="submitted",
        key_points="their data quality problems are a mess",
        qualifications="I led the 40-dashboard migration\nMy SQL is strong\nI mentor two juniors",
        concerns="PRIVATE-CONCERN salary too low",
        still_open="PRIVATE-OPEN",
        next_steps="PRIVATE-NEXT",
    )
    sign_in(client, recruiter)

    html = client.get(
        f"/recruiter/shares/new?candidate_id={noor.id}&interview_id={interview.id}"
    ).get_data(as_text=True)

    expected = "- Noor led the 40-dashboard migration\n- Noor&#39;s SQL is strong\n- Noor mentors two juniors"
    assert f">{expected}</textarea>" in html
    for private in ("data quality", "PRIVATE-CONCERN", "PRIVATE-OPEN", "PRIVATE-NEXT", "I led"):
        assert private not in html


def test_first_person_words_read_in_the_third_person():
    """ "I", "I'm", "my", "me" and the verb after "I" are rewritten; neutral points stay."""
    cases = {
        "I'm fluent in German": "Ana is fluent in German",
        "I've shipped two data platforms": "Ana has shipped two data platforms",
        "I also manage a team of six": "Ana also manages a team of six",
        "I teach workshops and I carry the pager": "Ana teaches workshops and they carry the pager",
        "They asked me about my Python": "They asked Ana about their Python",
        "Led a 40-dashboard migration": "Led a 40-dashboard migration",
    }
    for mine, theirs in cases.items():
        assert third_person.rewrite(mine, name="Ana") == theirs


def test_the_expiry_is_a_date_in_the_interviews_zone_not_utc(client, make):
    """A link for a New York interview expiring 03:30 UTC on 2 March reads Saturday 1 March,
    22:30, New York time; a link without an interview reads in the agency's zone."""
    interview = make.make_interview(time_zone="America/New_York")
    expires = dt.datetime(2031, 3, 2, 3, 30)
    link = make.make_share_link(interview=interview, sections=("summary",))
    ShareLink.update(expires_at=expires).where(ShareLink.id == link.id).execute()

    html = client.get(f"/s/{link.raw_token}").get_data(as_text=True)

    assert "works until <time" in html
    assert ">Saturday 1 March 2031, 22:30</time> (New York time)" in html
    assert "UTC" not in html

    alone = make.make_share_link(candidate=make.make_candidate(), sections=("summary",))
    summer = dt.datetime(2031, 7, 1, 23, 30)
    ShareLink.update(expires_at=summer).where(ShareLink.id == alone.id).execute()
    html = client.get(f"/s/{alone.raw_token}").get_data(as_text=True)
    assert ">Wednesday 2 July 2031, 00:30</time> (London time)" in html
