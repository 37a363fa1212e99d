"""Candidate views, phone first. Every object is scoped to the signed-in candidate.

Each view finds the interview through `progress.interview_for` (the candidate's
own, 404 otherwise), parses its form, calls one service and renders or
redirects. Pages work without JS; `static/js/candidate.js` only adds instant
ticks, autosave and the offline copy of the debrief.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from functools import partial

from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user
from flask_login import login_user

from portal import form_view
from portal.auth.forms import ChangePasswordForm
from portal.auth.guards import access
from portal.candidate import bp
from portal.candidate import panel_rows
from portal.candidate import prep_lines
from portal.candidate.forms import PEOPLE_MAX
from portal.candidate.forms import TIES_MAX
from portal.candidate.forms import DebriefForm
from portal.candidate.forms import LetterForm
from portal.candidate.forms import LetterLanguageForm
from portal.candidate.forms import PrepItemForm
from portal.candidate.forms import ProfileForm
from portal.candidate.forms import RedraftForm
from portal.candidate.forms import SentForm
from portal.candidate.forms import ToneForm
from portal.http_cache import revalidated
from portal.i18n import LANGUAGES as PAGE_LANGUAGES
from portal.i18n import supported
from portal.models import Interview
from portal.models import ThankYouLetter
from portal.models import utcnow
from portal.services import calendar_files
from portal.services.accounts import users
from portal.services.errors import Conflict
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.errors import Throttled
from portal.services.journey import calls
from portal.services.journey import checklists
from portal.services.journey import debrief_versions
from portal.services.journey import debriefs
from portal.services.journey import interviews
from portal.services.journey import progress
from portal.services.journey.interviews import PanelEntry
from portal.services.letters import kept
from portal.services.letters.drafting import LANGUAGES
from portal.services.letters.drafting import split_points
from portal.services.mail import notices
from portal.templating import call_time
from portal.templating import when
from portal.templating import zone_label_filter
from portal.web import error_text
from portal.web import found_or_404
from portal.web import show_error
from portal.web import signed_in_user
from portal.web import url_pattern

BLANK_PEOPLE_ROWS = 2


def _own_interview(interview_id: int, *, lean: bool = False) -> Interview:
    """The signed-in candidate's interview, or 404 (another's looks the same as none).

    `lean`: the interview row alone, for a POST that shows no page (no position,
    client or recruiter loaded).
    """
    find = progress.interview_row_for if lean else progress.interview_for
    return found_or_404(find, candidate_id=current_user.id, interview_id=interview_id)


def _overdue_after() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["DEBRIEF_OVERDUE_MINUTES"])


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


# ---------------------------------------------------------------------------
# Home and interview
# ---------------------------------------------------------------------------


@bp.get("/")
@access("candidate")
@revalidated
def home():
    """What to do now: an ended interview without a debrief leads, then what is coming."""
    page = progress.home(candidate=signed_in_user(), overdue_after=_overdue_after())
    return render_template("candidate/home.html", page=page, now=utcnow())


@bp.get("/interviews/<int:interview_id>")
@access("candidate")
@revalidated
def interview(interview_id: int):
    """Where, when, format, who they will meet, the position and how to reach the recruiter."""
    try:
        found = progress.overview(
            candidate=signed_in_user(), interview_id=interview_id, overdue_after=_overdue_after()
        )
    except NotFound:
        abort(404)
    return render_template("candidate/interview.html", step=found.step, panel=found.panel)


@bp.get("/interviews/<int:interview_id>/calendar.ics")
@access("candidate")
def calendar(interview_id: int):
    """The interview as a calendar file, with a "debrief" reminder at its end."""
    found = _own_interview(interview_id)
    body = calendar_files.interview_calendar(
        translate=gettext,
        interview=found,
        debrief_url=url_for("candidate.debrief", interview_id=found.id, _external=True),
    )
    return Response(
        body,
        content_type=calendar_files.content_type(calendar_files.interview_method(found)),
        headers={"Content-Disposition": f'attachment; filename="interview-{found.id}.ics"'},
    )


# ---------------------------------------------------------------------------
# Prep checklist
# ---------------------------------------------------------------------------


@bp.get("/interviews/<int:interview_id>/prep")
@access("candidate")
@revalidated
def prep(interview_id: int):
    """The interview's prep items as a task list, grouped in sections, with progress."""
    # The columns the page shows, not the interview's models (progress.interview_for).
    found = found_or_404(
        progress.prep_heading_for, candidate_id=current_user.id, interview_id=interview_id
    )
    sections, done, total = checklists.sections_of(interview_id=found.id)
    asks = checklists.asks_about_the_panel(sections)
    return render_template(
        "candidate/prep.html",
        interview=found,
        done=done,
        total=total,
        link=interviews.meeting_link(format=found.format, location=found.location),
        checklist=prep_lines.checklist(
            sections,
            item_url=url_pattern("candidate.prep_item", "item_id", interview_id=found.id),
            panel=interviews.panel_names_of(interview_id=found.id) if asks else [],
        ),
    )


@bp.post("/interviews/<int:interview_id>/prep/<int:item_id>")
@access("candidate")
def prep_item(interview_id: int, item_id: int):
    """Tick, untick or note one item: a plain POST back to the list, or JSON for the script."""
    found = _own_interview(interview_id, lean=True)
    form = PrepItemForm(meta={"csrf": False})  # CSRFProtect checked it before this view
    if not form.validate():
        if _wants_json():
            return jsonify(ok=False), 400
        flash(gettext("That change could not be saved. Try again."), "error")
        return redirect(url_for("candidate.prep", interview_id=found.id) + f"#item-{item_id}")
    try:
        item = checklists.update_item(
            interview=found,
            item_id=item_id,
            done=None if form.done.data in (None, "") else form.done.data == "1",
            note=form.note.data if form.note.raw_data else None,
        )
    except NotFound:
        abort(404)
    except ServiceError as exc:
        if _wants_json():
            return jsonify(ok=False, error=error_text(exc)), 400
        flash(error_text(exc), "error")
        return redirect(url_for("candidate.prep", interview_id=found.id) + f"#item-{item_id}")
    if _wants_json():
        return jsonify(ok=True, done=item.done_at is not None, note=item.note)
    return redirect(url_for("candidate.prep", interview_id=found.id) + f"#item-{item.id}")


# ---------------------------------------------------------------------------
# Debrief
# ---------------------------------------------------------------------------


def debrief_data(page: debriefs.DebriefPage) -> dict:
    """What the debrief form holds when it opens: what is on file, blank rows for more
    people, a new idempotency key and the draft revision it was opened over."""
    data: dict = {}
    if page.debrief is not None:
        for field in debriefs.ANSWER_FIELDS:
            data[field] = getattr(page.debrief, field)
        for field in ("candidate_interest", "employer_interest"):
            data[field] = str(data[field]) if data[field] is not None else None
        data["call_at"] = calls.stamp(data["call_at"]) if data["call_at"] else ""
        data["enough_exchanged"] = data["enough_exchanged"] or None
        data["decision_makers"] = data["decision_makers"] or None
    data["people"] = [
        {
            "interviewer_id": str(p.id),
            "name": p.name,
            "title": p.title,
            "role": p.role,
            "email": p.email,
            "address_title": p.address_title,
            "given_names": p.given_names,
            "family_name": p.family_name,
            "topics": p.topics,
        }
        for p in page.panel
    ]
    tied = {line: str(p.id) for p in page.panel for line in p.letter_point.splitlines()}
    points = split_points(page.debrief.key_points) if page.debrief is not None else []
    data["ties"] = [{"text": t, "person": tied.get(t, "")} for t in points[:TIES_MAX]]
    # Two empty rows on a blank panel, one when the recruiter already listed people.
    blanks = max(0, min(BLANK_PEOPLE_ROWS if not page.panel else 1, PEOPLE_MAX - len(page.panel)))
    data["people"] += [{"role": "peer"} for _ in range(blanks)]
    # New on every opening: a second tab must not send as a twin of the first. This is
    # why the debrief page has no ETag (a 304 would show the first opening's key again).
    data["idempotency_key"] = secrets.token_urlsafe(24)
    data["draft_rev"] = str(page.debrief.draft_rev if page.debrief is not None else 0)
    return data


def _valid_answers(form: DebriefForm) -> dict:
    """The answers whose fields passed validation (a partial save keeps the good parts)."""
    answers = {}
    for field in debriefs.ANSWER_FIELDS:
        bound = form[field]
        if bound.errors:
            continue
        value = bound.data
        if field in ("candidate_interest", "employer_interest"):
            value = int(value) if value else None
        elif field == "call_me":
            value = bool(value)
        elif field == "call_at":
            try:
                value = calls.parse_stamp(value or "")
            except ValueError:
                bound.errors.append("Choose one of the times offered.")
                continue
        else:
            value = value or ""
        answers[field] = value
    return answers


def _valid_people(form: DebriefForm) -> tuple[list[int], list[PanelEntry]]:
    """Rows of people to save, with their row numbers; a row with a bad name is left out.

    A bad email alone keeps the row: the person is saved with the email on file, and the
    page shows the typed value with its message.
    """
    rows, entries = [], []
    ties = _ties(form)
    for index, row in enumerate(form.people):
        sub = row.form
        if sub.name.errors or sub.title.errors or sub.interviewer_id.errors:
            continue
        raw_id = sub.interviewer_id.data or ""
        person_id = int(raw_id) if raw_id.isdigit() else None

        def kept_if_bad(field):
            # A field with an error keeps what is stored (the page shows what was typed);
            # so does one the page did not send (a page drawn before the field existed).
            return None if field.errors or not field.raw_data else (field.data or "")

        entries.append(
            PanelEntry(
                interviewer_id=person_id,
                name=sub.name.data or "",
                title=sub.title.data or "",
                role=sub.role.data if not sub.role.errors and sub.role.data else "peer",
                email=None if sub.email.errors else (sub.email.data or ""),
                address_title=kept_if_bad(sub.address_title),
                given_names=kept_if_bad(sub.given_names),
                family_name=kept_if_bad(sub.family_name),
                topics=kept_if_bad(sub.topics),
                points=None
                if ties is None or person_id is None
                else "\n".join(ties.get(person_id, [])),
            )
        )
        rows.append(index)
    return rows, entries


def _ties(form: DebriefForm) -> dict[int, list[str]] | None:
    """{interviewer id: key points tied to them} from "who said it", or None when the page
    did not ask (no key points saved yet): then the ties on file stay as they are."""
    if not form.ties.entries:
        return None
    ties: dict[int, list[str]] = {}
    for row in form.ties:
        sub = row.form
        person = sub.person.data or ""
        if sub.errors or not person.isdigit() or not sub.text.data:
            continue
        ties.setdefault(int(person), []).append(sub.text.data.strip())
    return ties


def _fill_new_ids(form: DebriefForm, rows: list[int], ids: list[int | None]) -> None:
    """Give rows of people just saved their ids, so sending again updates, not duplicates."""
    for index, new_id in zip(rows, ids, strict=True):
        if new_id is not None:
            form.people[index].form.interviewer_id.data = str(new_id)


def _render_debrief(
    found: Interview | progress.DebriefHeading,
    form: DebriefForm | form_view.ShownForm,
    page,
    *,
    status: int,
    typed: bool,
    note: str = "",
    conflict: list | None = None,
    action: str = "",
):
    """The debrief page of interview `found` (or of its heading alone, as a GET reads it)."""
    heading = (
        found if isinstance(found, progress.DebriefHeading) else progress.debrief_heading_of(found)
    )
    candidate = signed_in_user()
    first_name = heading.recruiter_name.split()[0]
    named = [person for person in page.panel if person.name]
    slots = calls.slots_to_offer(
        interview_id=heading.id,
        recruiter_id=heading.recruiter_id,
        hours=heading.recruiter_hours,
        candidate_zone=candidate.time_zone,
        chosen=page.debrief.call_at if page.debrief is not None else None,
    )
    # "Add details" opens by itself when one of its answers needs a fix, so it is in view.
    details_open = any(form[name].errors for name in debriefs.WRITTEN_ANSWERS) or any(
        row.form.errors for row in form["people"]
    )
    return render_template(
        "candidate/debrief.html",
        interview=heading,
        form=form,
        debrief=page.debrief,
        stamp=page.stamp,
        first_name=first_name,
        details_open=details_open,
        people_rows=panel_rows.people(form["people"]),
        tie_rows=panel_rows.ties(form["ties"], named) if named else "",
        call_times=panel_rows.call_times(
            slots,
            form["call_at"].data,
            zone=candidate.time_zone,
            recruiter_zone=heading.recruiter_hours.time_zone,
            first_name=first_name,
        ),
        your_zone=zone_label_filter(candidate.time_zone),
        # False when the form shows typing the server has not kept (an error re-render).
        server_copy=not typed,
        note=note,
        conflict=conflict,
        action=action,
    ), status


def _base_rev(form: DebriefForm) -> int | None:
    """The draft revision the page was typed over (None from a hand-made request)."""
    raw = form.draft_rev.data if not form.draft_rev.errors else ""
    return int(raw) if raw else None


class _BothVersions(Exception):
    """A stale tab's Send or Save draft: `page` shows both versions to choose from."""

    def __init__(self, page):
        super().__init__("stale")
        self.page = page


def _unless_stale(found: Interview, form: DebriefForm, action: str, write):
    """Run `write(base_rev)`; when another tab saved since this page was opened, raise
    _BothVersions with a page that shows what differs and lets the person choose, as
    autosave does (nothing is written until then).

    Differences that are none (the other save held the same answers, this tab's own
    autosave say) are no conflict: the write goes ahead over that save.
    """
    try:
        return write(_base_rev(form))
    except debriefs.StaleDraft as exc:
        _rows, entries = _valid_people(form)
        changes = debrief_versions.stale_changes(
            interview=found,
            current=exc.current,
            answers=_valid_answers(form),
            people=entries,
            translate=gettext,
            when=partial(call_time, tz=current_user.time_zone),
        )
        if not changes:
            return write(exc.current.draft_rev)
        # Pressing the button again now means "keep what this tab has", knowingly.
        form.draft_rev.data = str(exc.current.draft_rev)
        page = debriefs.page(interview_id=found.id)
        raise _BothVersions(
            _render_debrief(
                found, form, page, status=409, typed=True, conflict=changes, action=action
            )
        ) from None


def _typed(found: Interview, form: DebriefForm) -> tuple[list[int], dict]:
    """The form's rows of people kept, and what a send or a save writes: the interview,
    its candidate, and the answers and people that passed their checks."""
    rows, entries = _valid_people(form)
    written = {
        "interview": found,
        "candidate": signed_in_user(),
        "answers": _valid_answers(form),
        "people": entries,
    }
    return rows, written


def _submit(found: Interview, form: DebriefForm):
    """Send what is valid; a field still needing a fix comes back with its typed value."""
    rows, typed = _typed(found, form)

    def send(base_rev):
        key = form.idempotency_key.data or ""
        return debrief_versions.submit(**typed, idempotency_key=key, base_rev=base_rev)

    try:
        result = _unless_stale(found, form, "submit", send)
    except _BothVersions as stale:
        return stale.page
    except ServiceError as exc:
        if exc.field == "call_at":
            form.call_at.errors.append(error_text(exc))  # type: ignore[attr-defined]
        else:
            form.form_errors.append(error_text(exc))
        page = debriefs.page(interview_id=found.id)
        return _render_debrief(found, form, page, status=400, typed=True)
    if not form.errors:
        if not result.new_version:
            flash(gettext("Your recruiter already has this debrief."), "info")
        return redirect(url_for("candidate.debrief_sent", interview_id=found.id))
    # Sent, all but the fields flagged: the next press of Send is a new amendment.
    _fill_new_ids(form, rows, result.people_ids)
    form.idempotency_key.data = secrets.token_urlsafe(24)
    page = debriefs.page(interview_id=found.id)
    form.draft_rev.data = str(page.debrief.draft_rev if page.debrief is not None else 0)
    note = gettext(
        "Sent to %(name)s, all but what is marked below: "
        "fix it and press “Send changes”, or leave it.",
        name=found.recruiter.name,
    )
    return _render_debrief(found, form, page, status=200, typed=True, note=note)


@bp.route("/interviews/<int:interview_id>/debrief", methods=["GET", "POST"])
@access("candidate")
def debrief(interview_id: int):
    """The 90-second debrief. "Send" submits or amends (a new version); "Save draft" keeps it.

    Nothing typed blocks sending: a field that fails its check (a half-typed email) is
    left out and shown again with its message, and everything else is sent. "Save draft"
    with such a field keeps the good parts the same way.
    """
    if request.method == "GET":
        heading = found_or_404(
            progress.debrief_heading_for, candidate_id=current_user.id, interview_id=interview_id
        )
        page = debriefs.page(interview_id=heading.id)
        opened = form_view.shown(DebriefForm, debrief_data(page))
        return _render_debrief(heading, opened, page, status=200, typed=False)
    found = _own_interview(interview_id)

    form = DebriefForm()
    form.validate()
    if request.form.get("action", "save") == "submit":
        return _submit(found, form)
    rows, typed = _typed(found, form)

    def save(base_rev):
        return debriefs.save_draft(**typed, remove_blank=not form.errors, base_rev=base_rev)

    try:
        _saved, ids = _unless_stale(found, form, "save", save)
    except _BothVersions as stale:
        return stale.page
    except ServiceError as exc:  # already sent (Conflict), or the panel is full
        form.form_errors.append(error_text(exc))
    else:
        if not form.errors:
            flash(
                gettext("Draft saved %(when)s.", when=when(utcnow(), current_user.time_zone)),
                "success",
            )
            return redirect(url_for("candidate.debrief", interview_id=found.id))
        _fill_new_ids(form, rows, ids)
    page = debriefs.page(interview_id=found.id)
    if page.debrief is not None:
        form.draft_rev.data = str(page.debrief.draft_rev)
    return _render_debrief(found, form, page, status=400, typed=True)


@bp.get("/interviews/<int:interview_id>/debrief/sent")
@access("candidate")
def debrief_sent(interview_id: int):
    """After Send: what the recruiter now has, and when they will call if a call was asked."""
    found = _own_interview(interview_id)
    sent = debrief_versions.sent_summary(interview=found, translate=gettext)
    if sent is None:
        return redirect(url_for("candidate.debrief", interview_id=found.id))
    return render_template("candidate/debrief_sent.html", interview=found, sent=sent)


@bp.post("/interviews/<int:interview_id>/debrief/autosave")
@access("candidate")
def debrief_autosave(interview_id: int):
    """Save the draft as the candidate types (JSON). Invalid fields are skipped, not fatal.

    Answers {"ok", "stamp", "rev", "saved_at", "people": {row: id}, "invalid": [names]};
    409 with "sent": true once the debrief is submitted (changes then go through Send);
    409 with "stale": true and the draft on file ("theirs": {name: value}, "rev") when
    another tab saved since this page's `draft_rev`: nothing is written.
    """
    found = _own_interview(interview_id, lean=True)
    # CSRFProtect checked the token before this view: the form need not again.
    form = DebriefForm(meta={"csrf": False})
    form.validate()
    rows, entries = _valid_people(form)
    base = form.draft_rev.data if not form.draft_rev.errors else ""
    try:
        saved, ids = debriefs.save_draft(
            interview=found,
            candidate=signed_in_user(),
            answers=_valid_answers(form),
            people=entries,
            base_rev=int(base) if base else None,
        )
    except debriefs.StaleDraft as exc:
        return jsonify(
            ok=False,
            stale=True,
            rev=exc.current.draft_rev,
            theirs=debriefs.form_values(debrief=exc.current),
            labels={name: _(label) for name, label in debrief_versions.FIELD_LABELS.items()},
        ), 409
    except Conflict:
        return jsonify(ok=False, sent=True), 409
    except ServiceError as exc:
        return jsonify(ok=False, error=error_text(exc)), 400
    invalid = sorted(_error_names(form))
    return jsonify(
        ok=True,
        stamp=debriefs.stamp_after_save(interview=found, debrief=saved),
        rev=saved.draft_rev,
        saved_at=when(saved.updated_at, current_user.time_zone),
        people={str(row): new_id for row, new_id in zip(rows, ids, strict=True) if new_id},
        invalid=invalid,
    )


def _error_names(form) -> set[str]:
    """The HTML names of every field with an error (nested rows included)."""
    names = set()
    for field in form:
        if field.type == "FieldList":
            for row in field:
                names |= {sub.name for sub in row.form if sub.errors}
        elif field.errors:
            names.add(field.name)
    return names


# ---------------------------------------------------------------------------
# Thank-you letters
# ---------------------------------------------------------------------------


def _own_letter(interview_id: int, letter_id: int) -> tuple[Interview, ThankYouLetter]:
    """The signed-in candidate's interview and one of its letters, or 404 for either."""
    found = _own_interview(interview_id)
    return found, found_or_404(kept.letter_of, interview=found, letter_id=letter_id)


def _change_letter(
    form, change: Callable[[], object], *, invalid: str, done: Callable[[], str]
) -> None:
    """A small posted form about one letter: once it validates, `change()` (one service
    call) and flash `done()`; else flash `invalid`, or the service's refusal. The view
    redirects either way."""
    if not form.validate():
        flash(invalid, "error")
        return
    try:
        change()
    except ServiceError as exc:
        flash(error_text(exc), "error")
    else:
        flash(done(), "success")


@bp.route("/interviews/<int:interview_id>/letters", methods=["GET", "POST"])
@access("candidate")
@revalidated
def letters_page(interview_id: int):
    """One letter per person met, decision makers first; draft them or switch tone."""
    # What the page shows and reads of the interview, not its models (as the prep page).
    found = found_or_404(
        progress.letters_heading_for, candidate_id=current_user.id, interview_id=interview_id
    )
    form: ToneForm | form_view.ShownForm
    status = 200
    if request.method == "POST":
        form = posted = ToneForm()
        if posted.validate():
            result = kept.redraft_all(
                interview=_own_interview(interview_id),
                candidate=signed_in_user(),
                tone=posted.tone.data,
            )
            tone = gettext("formal") if posted.tone.data == "formal" else gettext("warm")
            parts = []
            if result.created:
                parts.append(gettext("%(n)s drafted", n=result.created))
            if result.redrafted:
                parts.append(
                    gettext("%(n)s re-drafted in the %(tone)s tone", n=result.redrafted, tone=tone)
                )
            if result.kept_edited:
                parts.append(gettext("%(n)s you edited kept as they are", n=result.kept_edited))
            flash(
                gettext("Letters: %(what)s.", what=", ".join(parts))
                if parts
                else gettext("Nothing to change."),
                "success",
            )
            return redirect(url_for("candidate.letters_page", interview_id=found.id))
        status = 400
    rows = kept.letters_of(interview=found)
    if request.method != "POST":
        # Opened, not sent: the tone form as it shows the letters' tone (portal.form_view),
        # without binding it.
        form = form_view.shown(ToneForm, {"tone": rows[0].tone if rows else "formal"})
    page = kept.letters_overview(interview=found, candidate=signed_in_user(), rows=rows)
    return render_template(
        "candidate/letters.html",
        interview=found,
        page=page,
        form=form,
        now=utcnow(),
        languages=LANGUAGES,
    ), status


@bp.route("/interviews/<int:interview_id>/letters/<int:letter_id>", methods=["GET", "POST"])
@access("candidate")
@revalidated
def letter(interview_id: int, letter_id: int):
    """Edit one letter with guidance shown as checks; copy, mail, download or mark it sent."""
    found, item = _own_letter(interview_id, letter_id)
    form = LetterForm(obj=item) if request.method == "GET" else LetterForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                kept.save_letter(
                    letter=item, subject=form.subject.data or "", body=form.body.data or ""
                )
            except ServiceError as exc:
                show_error(form, exc)
                status = 400
            else:
                flash(gettext("Letter saved."), "success")
                return redirect(
                    url_for("candidate.letter", interview_id=found.id, letter_id=item.id)
                )
        else:
            status = 400
    body = form.body.data if form.body.data is not None else item.body
    page = kept.letter_page(interview=found, candidate=signed_in_user(), letter=item, body=body)
    tone = RedraftForm(formdata=None, data={"tone": item.tone, "language": item.language})
    return render_template(
        "candidate/letter.html", interview=found, letter=item, form=form, tone_form=tone, page=page
    ), status


@bp.post("/interviews/<int:interview_id>/letters/<int:letter_id>/redraft")
@access("candidate")
def letter_redraft(interview_id: int, letter_id: int):
    """Replace this letter's text with a fresh draft in the chosen tone, naming the key
    point the candidate says they discussed with this person (or none)."""
    found, item = _own_letter(interview_id, letter_id)
    form = RedraftForm()
    _change_letter(
        form,
        lambda: kept.redraft_one(
            interview=found,
            candidate=signed_in_user(),
            letter=item,
            tone=form.tone.data,
            points=form.points.data or [] if form.points_shown.data else None,
            language=form.language.data or "",
        ),
        invalid=gettext("Choose formal or warm."),
        done=lambda: (
            gettext("Re-drafted in the formal tone.")
            if form.tone.data == "formal"
            else gettext("Re-drafted in the warm tone.")
        ),
    )
    return redirect(url_for("candidate.letter", interview_id=found.id, letter_id=item.id))


@bp.post("/interviews/<int:interview_id>/letters/<int:letter_id>/language")
@access("candidate")
def letter_language(interview_id: int, letter_id: int):
    """Draft one letter afresh in the language the candidate chose for it (its tone and
    points kept); an edited or sent letter keeps its text, and says why."""
    found, item = _own_letter(interview_id, letter_id)
    form = LetterLanguageForm()
    _change_letter(
        form,
        lambda: kept.change_language(
            interview=found, candidate=signed_in_user(), letter=item, language=form.language.data
        ),
        invalid=_("Choose English or Español."),
        done=lambda: _(
            "The letter to %(name)s is drafted in %(language)s.",
            name=item.interviewer.name,
            language=LANGUAGES[form.language.data].name,
        ),
    )
    return redirect(url_for("candidate.letters_page", interview_id=found.id))


@bp.get("/interviews/<int:interview_id>/letters/<int:letter_id>/download.<fmt>")
@access("candidate")
def letter_download(interview_id: int, letter_id: int, fmt: str):
    """The letter as a .txt file, or as an unsent .eml draft a mail program opens."""
    found, item = _own_letter(interview_id, letter_id)
    try:
        name, mimetype, body = kept.letter_file(letter=item, fmt=fmt)
    except NotFound:
        abort(404)
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/interviews/<int:interview_id>/letters/<int:letter_id>/sent")
@access("candidate")
def letter_sent(interview_id: int, letter_id: int):
    """Mark the letter sent (the candidate sent it themselves), or undo that."""
    found, item = _own_letter(interview_id, letter_id)
    form = SentForm()
    sent = form.sent.data == "1"
    _change_letter(
        form,
        lambda: kept.mark_sent(letter=item, sent=sent),
        invalid=gettext("That change could not be saved. Try again."),
        done=lambda: (
            gettext("Marked as sent to %(name)s.", name=item.interviewer.name)
            if sent
            else gettext("Marked as not sent to %(name)s.", name=item.interviewer.name)
        ),
    )
    return redirect(url_for("candidate.letter", interview_id=found.id, letter_id=item.id))


# ---------------------------------------------------------------------------
# Account
# ---------------------------------------------------------------------------


def _shown_profile() -> form_view.ShownForm:
    """The time zone and phone on file, as the account page shows them (portal.form_view)."""
    user = signed_in_user()
    return form_view.shown(ProfileForm, {"time_zone": user.time_zone, "phone": user.phone})


@bp.route("/account", methods=["GET", "POST"])
@access("candidate")
@revalidated
def account():
    """Change password, set time zone and phone, sign out."""
    which = request.form.get("form", "") if request.method == "POST" else ""
    # The form that was sent, if any; the others are shown as they open (portal.form_view).
    profile = ProfileForm(formdata=request.form) if which == "profile" else None
    password = ChangePasswordForm() if which == "password" else None
    status = 200
    if profile is not None:
        if profile.validate():
            try:
                progress.update_settings(
                    user=signed_in_user(),
                    time_zone=profile.time_zone.data,
                    phone=profile.phone.data or "",
                )
            except ServiceError as exc:
                show_error(profile, exc, default="time_zone")
                status = 400
            else:
                flash(gettext("Your time zone and phone are saved."), "success")
                return redirect(url_for("candidate.account"))
        else:
            status = 400
    elif password is not None:
        if password.validate():
            user = signed_in_user()
            try:
                users.change_password(
                    user=user,
                    current=password.current_password.data,
                    new=password.new_password.data,
                )
            except ServiceError as exc:
                show_error(password, exc, default="current_password")
                status = 429 if isinstance(exc, Throttled) else 400
            else:
                # Other sessions end with the old session version; this one carries on.
                login_user(user)
                flash(
                    gettext("Your password is changed. You are signed out everywhere else."),
                    "success",
                )
                return redirect(url_for("candidate.account"))
        else:
            status = 400
    elif which == "language" and supported(request.form.get("language", "")):
        users.set_language(user=signed_in_user(), language=request.form["language"])
        # This page already speaks the new language: the catalog is picked again.
        refresh()
        flash(gettext("Your language is saved."), "success")
        return redirect(url_for("candidate.account"))
    elif which == "mail":
        notices.set_preference(
            user=signed_in_user(), reminders=request.form.get("reminders") == "1"
        )
        flash(gettext("Your email settings are saved."), "success")
        return redirect(url_for("candidate.account"))
    elif request.method == "POST":
        status = 400
        flash(gettext("Choose what to change."), "error")
    return render_template(
        "candidate/account.html",
        profile=profile if profile is not None else _shown_profile(),
        password=password if password is not None else form_view.shown(ChangePasswordForm, {}),
        reminders=notices.wants_reminders(user=signed_in_user()),
        languages=PAGE_LANGUAGES,
    ), status
