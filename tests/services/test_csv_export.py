"""The CSV export: formula cells defused, non-ASCII intact, BOM first, batches seamless."""

from __future__ import annotations

import csv
import io

from portal.models import AuditEvent
from portal.services.board import csv_export
from portal.services.board.listing import InterviewFilters
from portal.services.sharing import client_feedback

EVIL = ['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def _read(text: str) -> list[dict]:
    assert text.startswith(csv_export.BOM)
    return list(csv.DictReader(io.StringIO(text[len(csv_export.BOM) :])))


def _csv(**kw) -> str:
    return "".join(csv_export.csv_chunks(filters=InterviewFilters(**kw)))


def test_cells_that_spreadsheets_would_run_as_formulas_get_an_apostrophe(make):
    """= + - @ tab and CR at the start of a cell are defused; numbers and plain text are not."""
    for bad in EVIL:
        assert csv_export.safe_cell(bad) == "'" + bad
    assert csv_export.safe_cell("Plain - text") == "Plain - text"
    assert csv_export.safe_cell(5) == 5
    assert csv_export.safe_cell(None) == ""
    assert csv_export.safe_cell(True) == "yes"

    recruiter = make.make_recruiter(password=None)
    candidate = make.make_candidate(name="=cmd|' /C calc'!A0", password=None)
    interview = make.make_ended_interview(minutes_ago=90, candidate=candidate)
    make.make_debrief(interview=interview, key_points="+44 20 7946 0000", concerns="@everyone")
    client_feedback.record(
        interview=interview, by=recruiter, client_interest=2, concerns="-1 salary"
    )

    row = _read(_csv())[0]
    assert row["Candidate"] == "'=cmd|' /C calc'!A0"
    assert row["Key points"] == "'+44 20 7946 0000"
    assert row["Concerns (candidate)"] == "'@everyone"
    assert row["Concerns (client)"] == "'-1 salary"
    assert row["Client interest"] == "2"


def test_non_ascii_names_round_trip_through_utf8_with_bom(make):
    """Accents, CJK and emoji come back byte for byte; the file starts with a UTF-8 BOM."""
    name = "Zoë Ångström-Adébáyọ̀ 张伟 🙂"
    candidate = make.make_candidate(name=name, password=None)
    client = make.make_client(name="Société Générale")
    make.make_interview(candidate=candidate, position=make.make_position(client=client))
    data = _csv().encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["Candidate"] == name
    assert rows[0]["Client"] == "Société Générale"
    assert b"\r\n" in data  # spreadsheet line ends


def test_rows_stream_in_batches_each_exactly_once(make):
    """With a batch of 3, ten interviews give ten rows, in list order, none twice."""
    candidate = make.make_candidate(password=None)
    made = [make.make_interview(candidate=candidate, people=[]) for _ in range(10)]
    chunks = list(csv_export.csv_chunks(filters=InterviewFilters(), batch=3))
    ids = [int(r["Interview"]) for r in _read("".join(chunks))]
    assert sorted(ids) == sorted(i.id for i in made)
    assert len(ids) == len(set(ids))


def test_a_draft_debrief_is_not_exported_but_a_sent_one_is(make):
    """The candidate's answers leave the portal only once they sent them."""
    drafted = make.make_ended_interview(minutes_ago=90)
    make.make_debrief(interview=drafted, draft=True, key_points="private draft words")
    sent = make.make_ended_interview(minutes_ago=90)
    make.make_debrief(interview=sent, key_points="Roadmap", candidate_interest=5)
    rows = {int(r["Interview"]): r for r in _read(_csv())}
    assert rows[drafted.id]["Debrief"] == "draft"
    assert rows[drafted.id]["Key points"] == ""
    assert "private draft words" not in _csv()
    assert rows[sent.id]["Key points"] == "Roadmap"
    assert rows[sent.id]["Candidate interest"] == "5"
    assert rows[sent.id]["Hours to debrief"] == "0.5"
    assert rows[sent.id]["People on panel"] == "2"


def test_starting_an_export_is_audited_without_its_contents(make):
    """The audit log says who exported, not what was in the file."""
    recruiter = make.make_recruiter(password=None)
    make.make_interview()
    chunks = csv_export.interviews_csv(
        filters=InterviewFilters(), by=recruiter, address="127.0.0.1"
    )
    event = AuditEvent.get(AuditEvent.action == "export.interviews")
    assert (event.actor_id, event.detail, event.address) == (recruiter.id, "", "127.0.0.1")
    assert "Interview" in "".join(chunks)
