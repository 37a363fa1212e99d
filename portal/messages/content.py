"""What each kind of message says: its subject, words, details, links and attachments.

Content is rendered when the message is delivered, from one text and one HTML
template (`templates/mail/`), so it shows the booking as it is now. When a message
goes is decided in `portal.services.mail.notices`; how it is handed over in
`portal.messages.delivery`. Links are absolute, built from `DEBRIEF_BASE_URL`.

A new kind of message: a notice kind in `notices.KINDS` (what sends it in
`notices.KIND_TRIGGERS`), and a builder here in `BUILDERS` that turns its outbox row
into a `Rendered`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlsplit

from babel import dates as babel_dates
from flask import Flask
from flask import current_app
from flask import render_template
from flask import url_for
from flask_babel import force_locale
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.i18n import say
from portal.models import CallBooking
from portal.models import Client
from portal.models import ClientAnswer
from portal.models import Debrief
from portal.models import Interview
from portal.models import Interviewer
from portal.models import OutboxMessage
from portal.models import Position
from portal.models import ShareLink
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import utcnow
from portal.services import calendar_files
from portal.services import clock
from portal.services import vocabulary
from portal.services.accounts import users
from portal.services.errors import NotFound
from portal.services.journey import interviews
from portal.services.mail import notices
from portal.services.mail.compose import Attachment
from portal.web import secret_key


class Gone(Exception):
    """What the message was about no longer exists: nothing to send."""


@dataclass(frozen=True)
class Link:
    """A detail's value that is also a link (a phone number as `tel:`)."""

    text: str
    href: str

    def __str__(self) -> str:
        return self.text


def phone_link(phone: str) -> Link | str:
    """A phone number a tap dials (`tel:` without spaces); "—" when there is none."""
    if not phone:
        return "—"
    return Link(phone, "tel:" + "".join(c for c in phone if c.isdigit() or c == "+"))


@dataclass
class Rendered:
    """One message's content, ready to become an email.

    `greeting` is the first line ("Hi Ana,"); `changes` are (what, old, new) for a
    change email; `details` values may be `Link`s.
    """

    subject: str
    heading: str
    paragraphs: list[str]
    action_label: str = ""
    action_url: str = ""
    details: list[tuple[str, str | Link]] = field(default_factory=list)
    greeting: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    contact: User | None = None
    attachments: tuple[Attachment, ...] = ()
    reply_to: str = ""
    reply_to_name: str = ""
    unsubscribe_url: str = ""
    # The recipient's language ("en", "es"): the words above are in it, and the HTML and
    # plain-text parts are drawn in it.
    language: str = "en"


def base_url(app: Flask) -> str:
    """The portal's address for links in messages (`DEBRIEF_BASE_URL`)."""
    return (app.config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


def domain(app: Flask) -> str:
    """The portal's host name (for Message-IDs and the default sender)."""
    return urlsplit(base_url(app)).hostname or "localhost"


def html_body(rendered: Rendered) -> str:
    """The HTML part, from `templates/mail/message.html`, in the recipient's language."""
    with force_locale(rendered.language):
        return render_template("mail/message.html", m=rendered)


def plain_text(m: Rendered, *, agency: str) -> str:
    """The plain-text part: the same content as the HTML, links written out."""
    with force_locale(m.language):
        return _plain_text(m, agency=agency)


def _plain_text(m: Rendered, *, agency: str) -> str:
    lines = [m.heading, ""]
    if m.greeting:
        lines += [m.greeting, ""]
    for paragraph in m.paragraphs:
        lines += [paragraph, ""]
    if m.changes:
        lines += [f"{what}: {old} → {new}" for what, old, new in m.changes] + [""]
    if m.details:
        lines += [
            f"{label}: {value}"
            + (f" ({value.href})" if isinstance(value, Link) and "://" in value.href else "")
            for label, value in m.details
        ] + [""]
    if m.action_url:
        lines += [f"{m.action_label}:", m.action_url, ""]
    lines += ["-- ", agency]
    if m.contact is not None:
        reach = ", ".join(p for p in (m.contact.name, m.contact.phone, m.contact.email) if p)
        lines.append(_("Your recruiter: %(reach)s", reach=reach))
    if m.unsubscribe_url:
        lines += ["", _("No more reminders by email: %(url)s", url=m.unsubscribe_url)]
    return "\n".join(lines) + "\n"


def render(app: Flask, message: OutboxMessage, *, now: dt.datetime | None = None) -> Rendered:
    """The content of `message` as of `now` (default: the present), with absolute links."""
    language = recipient_language(message)
    with app.test_request_context("/", base_url=base_url(app)), force_locale(language):
        builder = BUILDERS[message.kind]
        rendered = builder(message, now or utcnow())
        rendered.language = language
        if not rendered.greeting and message.to_name:
            rendered.greeting = _("Hi %(name)s,", name=first_name(message.to_name))
        audience = notices.KINDS[message.kind].audience
        if audience == "candidate" or (audience == "both" and rendered.contact is not None):
            _answered_by_their_recruiter(rendered, message)
        if notices.KINDS[message.kind].category == "reminder" and message.user_id:
            token = notices.unsubscribe_token(user=User(id=message.user_id), secret=secret_key(app))
            rendered.unsubscribe_url = url_for("auth.unsubscribe", token=token, _external=True)
        return rendered


def recipient_language(message: OutboxMessage) -> str:
    """The language the recipient reads: their own (a person with an account), the one the
    recruiter chose for the share link (a client), else English."""
    if message.user_id is not None:
        chosen = User.select(User.language).where(User.id == message.user_id).scalar()
    elif message.share_link_id is not None:
        chosen = (
            ShareLink.select(ShareLink.language)
            .where(ShareLink.id == message.share_link_id)
            .scalar()
        )
    else:
        chosen = ""
    return chosen if chosen in vocabulary.LANGUAGES else "en"


# Dates in an email, in its reader's language (CLDR patterns; English's when none).
LONG_DAY = {"en": "EEEE d MMMM y", "es": "EEEE, d 'de' MMMM 'de' y"}
DAY = {"en": "EEEE d MMMM", "es": "EEEE d 'de' MMMM"}
SHORT_DAY = {"en": "EEE d MMM", "es": "EEE d MMM"}
DATE = {"en": "d MMMM y", "es": "d 'de' MMMM 'de' y"}


def _date(local: dt.datetime, patterns: dict[str, str]) -> str:
    language = get_locale().language if get_locale() is not None else "en"
    return babel_dates.format_datetime(
        local, patterns.get(language, patterns["en"]), locale=language
    )


def first_name(name: str) -> str:
    """The first word of a person's name, as a greeting uses it."""
    words = name.split()
    return words[0] if words else name


def _answered_by_their_recruiter(rendered: Rendered, message: OutboxMessage) -> None:
    """A reply to a candidate's message reaches a person: their recruiter."""
    recruiter = rendered.contact or _their_recruiter(message.user_id)
    if recruiter is None or not recruiter.email:
        return
    rendered.contact = recruiter
    rendered.reply_to = recruiter.email
    rendered.reply_to_name = recruiter.name


def _their_recruiter(user_id: int | None) -> User | None:
    """The recruiter of the candidate's latest interview, else the one who invited them."""
    if user_id is None:
        return None
    latest = (
        Interview.select(Interview.recruiter)
        .where(Interview.candidate == user_id)
        .order_by(Interview.starts_at.desc())
        .first()
    )
    if latest is not None:
        return User.get_or_none(User.id == latest.recruiter_id)
    invited_by = User.select(User.invited_by).where(User.id == user_id).scalar()
    return User.get_or_none(User.id == invited_by) if invited_by else None


def _interview(message: OutboxMessage) -> Interview:
    if message.interview_id is None:
        raise Gone()
    candidate = User.alias("candidate")
    recruiter = User.alias("recruiter")
    found = (
        Interview.select(Interview, Position, Client, candidate, recruiter)
        .join(Position)
        .join(Client)
        .switch(Interview)
        .join(candidate, on=(Interview.candidate == candidate.id))
        .switch(Interview)
        .join(recruiter, on=(Interview.recruiter == recruiter.id))
        .where(Interview.id == message.interview_id)
        .first()
    )
    if found is None:
        raise Gone()
    return found


def _when(interview: Interview, person: User) -> str:
    """ "Monday 10 June 2030, 11:00–12:00 (BST)" in `person`'s zone and language."""
    zone = person.time_zone or interview.time_zone
    return _span(interview.starts_at, interview.ends_at, zone)


def _span(starts_at: dt.datetime, ends_at: dt.datetime, zone: str) -> str:
    start = clock.to_local(starts_at, zone)
    end = clock.to_local(ends_at, zone)
    return f"{_date(start, LONG_DAY)}, {start:%H:%M}–{end:%H:%M} ({start.tzname()})"


def _change_words(name: str, value: str) -> str:
    """One side of a change to the booking (`interviews.what_the_candidate_sees`) in the
    reader's words; a value kept in words before (an older message) as it is."""
    try:
        if name == "When":
            start, end, zone = value.split("/", 2)
            return _span(dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end), zone)
        if name == "Role" and "\x1f" in value:
            role, company = value.split("\x1f", 1)
            return _("%(role)s at %(company)s", role=role, company=company)
    except ValueError:
        return value
    if name == "Format" and value in vocabulary.FORMAT_IN_WORDS:
        return _(vocabulary.FORMAT_IN_WORDS[value])
    return value


def _day(interview: Interview, person: User) -> str:
    """ "Monday 10 June" in `person`'s zone (for subjects)."""
    local = clock.to_local(interview.starts_at, person.time_zone or interview.time_zone)
    return _date(local, DAY)


def _what(interview: Interview) -> str:
    return _(
        "%(role)s at %(company)s",
        role=interview.position.title,
        company=interview.position.client.name,
    )


def _booking_details(interview: Interview) -> list[tuple[str, str | Link]]:
    details: list[tuple[str, str | Link]] = [
        (_("When"), _when(interview, interview.candidate)),
        (_("Role"), _what(interview)),
        (_("Round"), str(interview.round)),
        (_("Format"), _(vocabulary.label(vocabulary.FORMAT_IN_WORDS, interview.format))),
    ]
    if interview.location:
        details.append((_("Where"), interview.location))
    people = ", ".join(
        f"{p.name} ({p.title})" if p.title else p.name
        for p in interviews.panel_of(interview_id=interview.id)
    )
    if people:
        details.append((_("You will meet"), people))
    return details


def calendar_attachment(interview: Interview) -> Attachment:
    """The same .ics file the candidate's interview page offers (REQUEST, or CANCEL)."""
    data = calendar_files.interview_calendar(
        interview=interview,
        translate=_,
        debrief_url=url_for("candidate.debrief", interview_id=interview.id, _external=True),
    )
    method = calendar_files.interview_method(interview)
    return Attachment(f"interview-{interview.id}.ics", calendar_files.content_type(method), data)


def _one_time(message: OutboxMessage, now: dt.datetime) -> Rendered:
    token_id = int(message.key.rsplit(":", 1)[1])
    try:
        # The token is made now: the outbox holds none.
        token, raw = users.mail_token(token_id=token_id)
    except NotFound:
        raise Gone() from None  # used, replaced by a newer link, or run out
    user = token.user
    contact = User.get_or_none(User.id == token.created_by_id) if token.created_by_id else None
    agency = current_app.config["AGENCY_NAME"]
    hours = max(1, round((token.expires_at - utcnow()).total_seconds() / 3600))
    if message.kind == "invite":
        url = url_for("auth.accept_invite", token=raw, _external=True)
        who = contact.name if contact else agency
        return Rendered(
            subject=_("Your account with %(agency)s", agency=agency),
            heading=_("Your account with %(agency)s", agency=agency),
            paragraphs=[
                _(
                    "%(who)s has made you a recruiter account on %(agency)s's portal.",
                    who=who,
                    agency=agency,
                )
                if user.is_recruiter
                else _(
                    "%(who)s has made you an account on %(agency)s's portal: your interview "
                    "prep, a quick debrief after each interview, and thank-you letters in one "
                    "place.",
                    who=who,
                    agency=agency,
                ),
                ngettext(
                    "Choose your password to start. The link works once and for %(num)s hour.",
                    "Choose your password to start. The link works once and for %(num)s hours.",
                    hours,
                ),
            ],
            action_label=_("Choose your password"),
            action_url=url,
            contact=contact,
        )
    url = url_for("auth.reset_password", token=raw, _external=True)
    return Rendered(
        subject=_("Reset your %(agency)s password", agency=agency),
        heading=_("Choose a new password"),
        paragraphs=[
            ngettext(
                "Your recruiter made you a link to choose a new password. It works once and "
                "for %(num)s hour.",
                "Your recruiter made you a link to choose a new password. It works once and "
                "for %(num)s hours.",
                hours,
            ),
            _("If you did not ask for this, you can ignore this email."),
        ],
        action_label=_("Choose a new password"),
        action_url=url,
        contact=contact,
    )


def _candidate_booking(message: OutboxMessage, now: dt.datetime) -> Rendered:
    interview = _interview(message)
    candidate = interview.candidate
    recruiter = interview.recruiter
    company = interview.position.client.name
    day = _day(interview, candidate)
    if message.kind == "interview_cancelled":
        if interview.status != "cancelled":
            raise Gone()  # booked again since: the cancel file would remove a live event
        reason = notices.context_of(message).get("reason", "")
        return Rendered(
            subject=_(
                "Cancelled: your interview at %(company)s on %(day)s", company=company, day=day
            ),
            heading=_("Your interview is cancelled"),
            paragraphs=[
                _(
                    "Your interview for %(what)s on %(when)s is cancelled. The calendar file "
                    "attached takes it out of your calendar.",
                    what=_what(interview),
                    when=_when(interview, candidate),
                ),
                *(
                    [_("%(name)s says: “%(reason)s”", name=recruiter.name, reason=reason)]
                    if reason
                    else []
                ),
                _("%(name)s will be in touch about what comes next.", name=recruiter.name),
            ],
            action_label=_("Open your interviews"),
            action_url=url_for("candidate.home", _external=True),
            contact=recruiter,
            attachments=(calendar_attachment(interview),),
        )
    if interview.status == "cancelled":
        raise Gone()
    changed = message.kind == "interview_changed"
    if not changed and interview.ends_at <= now:
        raise Gone()  # it already happened: there is nothing to book
    changes = [tuple(c) for c in notices.context_of(message).get("changes", [])]
    return Rendered(
        subject=(
            _("Changed: your interview at %(company)s, now %(day)s", company=company, day=day)
            if changed
            else _("Booked: your interview at %(company)s on %(day)s", company=company, day=day)
        ),
        heading=_("Your interview has changed") if changed else _("Your interview is booked"),
        paragraphs=[
            (
                _(
                    "Here is what changed. The calendar file attached updates the event "
                    "already in your calendar."
                )
                if changed
                else _(
                    "Your interview is booked. Add it to your calendar with the file attached: "
                    "it also reminds you to debrief right after."
                )
            ),
            _("Your prep checklist is ready: tick items off as you go."),
        ],
        changes=[
            (_(str(c[0])), _change_words(str(c[0]), str(c[1])), _change_words(str(c[0]), str(c[2])))
            for c in changes
            if len(c) == 3
        ],
        action_label=_("Open your prep checklist"),
        action_url=url_for("candidate.prep", interview_id=interview.id, _external=True),
        details=_booking_details(interview),
        contact=recruiter,
        attachments=(calendar_attachment(interview),),
    )


def _candidate_reminder(message: OutboxMessage, now: dt.datetime) -> Rendered:
    interview = _interview(message)
    what = _what(interview)
    company = interview.position.client.name
    candidate = interview.candidate
    recruiter = interview.recruiter
    call = (
        _("Then call %(name)s on %(phone)s.", name=recruiter.name, phone=recruiter.phone)
        if recruiter.phone
        else _("Then call %(name)s.", name=recruiter.name)
    )
    if message.kind == "prep_reminder":
        local = clock.to_local(interview.starts_at, candidate.time_zone or interview.time_zone)
        return Rendered(
            subject=_(
                "Tomorrow at %(time)s: your interview at %(company)s",
                time=f"{local:%H:%M}",
                company=company,
            ),
            heading=_("Your interview is tomorrow"),
            paragraphs=[
                _(
                    "Your interview for %(what)s is %(when)s.",
                    what=what,
                    when=_when(interview, candidate),
                ),
                _(
                    "A last look at your prep checklist: the people, the role, your stories, "
                    "your questions, and the way there."
                ),
            ],
            action_label=_("Open your prep checklist"),
            action_url=url_for("candidate.prep", interview_id=interview.id, _external=True),
            details=_booking_details(interview),
            contact=recruiter,
        )
    if message.kind in ("debrief_now", "debrief_nudge"):
        nudge = message.kind == "debrief_nudge"
        return Rendered(
            subject=(
                _("Still fresh? Your debrief for %(company)s takes 90 seconds", company=company)
                if nudge
                else _("How did your interview at %(company)s go?", company=company)
            ),
            heading=_("How did it go?"),
            paragraphs=[
                (
                    _(
                        "Your debrief is not sent yet. It takes about 90 seconds, and a "
                        "partial one helps more than none: %(name)s uses it when they call "
                        "%(company)s.",
                        name=recruiter.name,
                        company=company,
                    )
                    if nudge
                    else _(
                        "Your interview has just ended: the best moment to write down what "
                        "happened, while it is fresh. It takes about 90 seconds."
                    )
                ),
                call,
            ],
            action_label=_("Write your debrief"),
            action_url=url_for("candidate.debrief", interview_id=interview.id, _external=True),
            details=[(_("Call"), phone_link(recruiter.phone))] if recruiter.phone else [],
            contact=recruiter,
        )
    if message.kind == "letters_nudge":
        return Rendered(
            subject=_(
                "%(name)s asks: your thank-you letters for %(what)s",
                name=first_name(recruiter.name),
                what=what,
            ),
            heading=_("Your thank-you letters are still waiting"),
            paragraphs=[
                _(
                    "%(name)s noticed your thank-you letters for %(what)s are not sent yet. "
                    "They are drafted: read each one, make it yours, and send it today.",
                    name=recruiter.name,
                    what=what,
                ),
            ],
            action_label=_("Open your letters"),
            action_url=url_for("candidate.letters_page", interview_id=interview.id, _external=True),
            contact=recruiter,
            reply_to=recruiter.email,
            reply_to_name=recruiter.name,
        )
    waiting = _still_waiting_for_a_letter(interview)
    if not waiting:
        raise Gone()  # every letter went out since the reminder was queued
    hours = _hours_left(interview.ends_at + dt.timedelta(hours=24), now)
    names = _and_list([p.name for p in waiting])
    return Rendered(
        subject=_("Thank-you letters: %(names)s still waiting", names=names),
        heading=_("Your thank-you letters are waiting"),
        paragraphs=[
            ngettext(
                "%(names)s has not had your letter yet.",
                "%(names)s have not had your letter yet.",
                len(waiting),
                names=names,
            )
            + " "
            + (
                ngettext(
                    "Letters sent within 24 hours of the interview count most: %(num)s hour left.",
                    "Letters sent within 24 hours of the interview count most: %(num)s hours left.",
                    hours,
                )
                if hours
                else _("The first 24 hours have passed, but a letter today still counts.")
            ),
            _("Yours are drafted: read them, make each one yours, and send them."),
        ],
        details=[(_("Still waiting"), ", ".join(p.name for p in waiting))],
        action_label=_("Open your letters"),
        action_url=url_for("candidate.letters_page", interview_id=interview.id, _external=True),
        contact=recruiter,
    )


def _still_waiting_for_a_letter(interview: Interview) -> list[Interviewer]:
    """The panel members whose thank-you letter is still a draft."""
    return list(
        Interviewer.select()
        .join(ThankYouLetter, on=(ThankYouLetter.interviewer == Interviewer.id))
        .where((ThankYouLetter.interview == interview.id) & (ThankYouLetter.status == "draft"))
        .order_by(Interviewer.id)
    )


def _hours_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(0, int((until - now).total_seconds() // 3600))


def _and_list(names: list[str]) -> str:
    """ "Dana", "Dana and Pat", "Dana, Pat and Sam"."""
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1])


def _with_gap(rendered: Rendered, interview: Interview) -> Rendered:
    """Where the sides diverge, the gap leads the recruiter's update: subject and first
    paragraph."""
    from portal.services.sharing import comparison

    gaps = comparison.interview_sheet(interview_id=interview.id).divergence
    if not gaps:
        return rendered
    rendered.subject = _("Gap: %(subject)s", subject=rendered.subject)
    rendered.paragraphs = [
        _("The sides diverge: %(gaps)s.", gaps="; ".join(say(gap) for gap in gaps)),
        *rendered.paragraphs,
    ]
    return rendered


def call_attachment(booking: CallBooking, interview: Interview) -> tuple[Attachment, ...]:
    """The booked call's calendar file (REQUEST at its sequence, or CANCEL); none for a
    call "as soon as you can"."""
    data = calendar_files.call_calendar(booking=booking, interview=interview, translate=_)
    if data is None:
        return ()
    method = calendar_files.call_method(booking)
    return (Attachment(f"call-{booking.id}.ics", calendar_files.content_type(method), data),)


def _call_when(when: dt.datetime | None, person: User, other: User) -> str:
    """A call's time for `person`, with `other`'s time beside it when their zones differ:
    "Wednesday 11 June, 16:00 (London time; 08:00 Los Angeles time for Noor)"."""
    if when is None:
        return _("as soon as you can")
    mine = clock.to_local(when, person.time_zone)
    text = f"{_date(mine, DAY)}, {mine:%H:%M} ({_zone_words(person.time_zone)}"
    if clock.zone(other.time_zone).key != clock.zone(person.time_zone).key:
        theirs = clock.to_local(when, other.time_zone)
        day = (
            "" if theirs.date() == mine.date() else _date(theirs, {"en": "EEE", "es": "EEE"}) + " "
        )
        text += "; " + _(
            "%(time)s %(zone)s for %(name)s",
            time=f"{day}{theirs:%H:%M}",
            zone=_zone_words(other.time_zone),
            name=first_name(other.name),
        )
    return text + ")"


def _zone_words(tz: str) -> str:
    """ "London time" ("hora de London"), in the reader's language."""
    name = clock.zone(tz).key
    return (
        "UTC"
        if name == "UTC"
        else _("%(city)s time", city=name.rsplit("/", 1)[-1].replace("_", " "))
    )


def _booking(interview: Interview) -> CallBooking:
    booking = CallBooking.get_or_none(CallBooking.interview == interview.id)
    if booking is None:
        raise Gone()
    return booking


def _call_request(message: OutboxMessage, interview: Interview, page: str) -> Rendered:
    """The candidate asks for a call: when (both zones), their number and note, and the
    calendar file of the booked call."""
    candidate = interview.candidate
    recruiter = interview.recruiter
    what = _what(interview)
    debrief = Debrief.get_or_none(Debrief.interview == interview.id)
    note = (debrief.call_times if debrief else "").strip()
    booking = CallBooking.get_or_none(CallBooking.interview == interview.id)
    at: dt.datetime | None = None
    attachments: tuple[Attachment, ...] = ()
    if booking is not None and booking.cancelled_at is None:
        at = booking.starts_at
        attachments = call_attachment(booking, interview)
    # No booking: asked before calls were booked; the request still reaches the recruiter.
    return Rendered(
        subject=_(
            "Call %(name)s, %(when)s: %(company)s",
            name=candidate.name,
            when=_short_when(at, recruiter),
            company=interview.position.client.name,
        ),
        heading=_("%(name)s asks for a call", name=candidate.name),
        paragraphs=[
            _(
                "%(name)s sent their debrief for %(what)s and booked a call with you.",
                name=candidate.name,
                what=what,
            )
            if at is not None
            else _(
                "%(name)s sent their debrief for %(what)s and asks you to call as soon as you can.",
                name=candidate.name,
                what=what,
            ),
            *(
                [_("The calendar file attached puts the call in your calendar.")]
                if attachments
                else []
            ),
        ],
        details=[
            (_("When"), _call_when(at, recruiter, candidate)),
            (_("Phone"), phone_link(candidate.phone)),
            (_("Their note"), note or "—"),
        ],
        action_label=_("Open the interview"),
        action_url=page,
        attachments=attachments,
    )


def _short_when(when: dt.datetime | None, person: User) -> str:
    """ "Wed 11 Jun 16:00" in `person`'s zone (for subjects)."""
    if when is None:
        return _("as soon as you can")
    local = clock.to_local(when, person.time_zone)
    return f"{_date(local, SHORT_DAY)} {local:%H:%M}"


def _call_booked(message: OutboxMessage, now: dt.datetime) -> Rendered:
    """The candidate's booked call, or its move or cancel, to either side."""
    interview = _interview(message)
    booking = _booking(interview)
    candidate = interview.candidate
    recruiter = interview.recruiter
    to_candidate = message.user_id == candidate.id
    person, other = (candidate, recruiter) if to_candidate else (recruiter, candidate)
    when = _call_when(booking.starts_at, person, other)
    what = _what(interview)
    context = notices.context_of(message)
    page = (
        url_for("candidate.interview", interview_id=interview.id, _external=True)
        if to_candidate
        else url_for("recruiter.interview", interview_id=interview.id, _external=True)
    )
    common = {
        "action_label": _("Open the interview"),
        "action_url": page,
        "contact": recruiter if to_candidate else None,
    }
    if message.kind == "call_cancelled":
        if booking.cancelled_at is None:
            raise Gone()  # booked again since: a cancel file would remove a live call
        reason = str(context.get("reason") or "")
        by = str(context.get("by") or recruiter.name)
        return Rendered(
            subject=_("Cancelled: your call with %(name)s", name=first_name(other.name)),
            heading=_("The call is cancelled"),
            paragraphs=[
                _(
                    "%(name)s cancelled the call about %(what)s. The calendar file attached "
                    "takes it out of your calendar.",
                    name=by,
                    what=what,
                ),
                *([_("%(name)s says: “%(reason)s”", name=by, reason=reason)] if reason else []),
            ],
            attachments=call_attachment(booking, interview),
            **common,
        )
    if booking.cancelled_at is not None:
        raise Gone()
    if message.kind == "call_moved":
        raw = str(context.get("before") or "")
        before = dt.datetime.strptime(raw, "%Y%m%dT%H%MZ") if raw else None
        return Rendered(
            subject=_(
                "Moved: your call with %(name)s, now %(when)s",
                name=first_name(other.name),
                when=_short_when(booking.starts_at, person),
            ),
            heading=_("The call has moved"),
            paragraphs=[
                _(
                    "%(name)s moved the call about %(what)s. The calendar file attached "
                    "updates the event already in your calendar.",
                    name=recruiter.name,
                    what=what,
                ),
            ],
            changes=[(_("When"), _call_when(before, person, other), when)],
            attachments=call_attachment(booking, interview),
            **common,
        )
    return Rendered(
        subject=_(
            "Booked: your call with %(name)s, %(when)s",
            name=first_name(recruiter.name),
            when=_short_when(booking.starts_at, candidate),
        ),
        heading=_("Your call is booked"),
        paragraphs=[
            (
                _(
                    "%(name)s will call you about %(what)s at the time you chose. Add it to "
                    "your calendar with the file attached.",
                    name=recruiter.name,
                    what=what,
                )
                if booking.starts_at is not None
                else _(
                    "%(name)s will call you about %(what)s as soon as they can.",
                    name=recruiter.name,
                    what=what,
                )
            ),
        ],
        details=[
            (_("When"), when),
            *([(_("Your note"), booking.note)] if booking.note else []),
        ],
        attachments=call_attachment(booking, interview),
        **common,
    )


def _recruiter_update(message: OutboxMessage, now: dt.datetime) -> Rendered:
    rendered = _recruiter_update_content(message, now)
    if message.kind in ("debrief_sent", "client_answer"):
        return _with_gap(rendered, _interview(message))
    return rendered


def _recruiter_update_content(message: OutboxMessage, now: dt.datetime) -> Rendered:
    interview = _interview(message)
    candidate = interview.candidate
    what = _what(interview)
    page = url_for("recruiter.interview", interview_id=interview.id, _external=True)
    if message.kind in ("call_request", "night_call"):
        return _call_request(message, interview, page)
    if message.kind == "debrief_sent":
        return _debrief_sent(interview, page, now)
    if message.kind == "feedback_missing":
        return Rendered(
            subject=_(
                "No word from %(company)s yet: %(name)s",
                company=interview.position.client.name,
                name=candidate.name,
            ),
            heading=_("The client's side is missing"),
            paragraphs=[
                _(
                    "The interview of %(name)s for %(what)s ended a day ago and the client's "
                    "view is not recorded. Call them, or send a share link they can answer.",
                    name=candidate.name,
                    what=what,
                ),
            ],
            action_label=_("Open the interview"),
            action_url=page,
        )
    link = ShareLink.get_or_none(ShareLink.id == message.share_link_id)
    if link is None:
        raise Gone()
    if message.kind == "share_opened":
        who = (
            f"{link.recipient_name} ({link.recipient_company})"
            if link.recipient_company
            else link.recipient_name
        )
        return Rendered(
            subject=_(
                "%(who)s opened %(name)s's packet", who=link.recipient_name, name=candidate.name
            ),
            heading=_("Your share link was opened"),
            paragraphs=[
                _(
                    "%(who)s opened %(name)s's packet for the first time. A good moment to call.",
                    who=who,
                    name=candidate.name,
                ),
            ],
            action_label=_("Open the interview"),
            action_url=page,
        )
    answer = ClientAnswer.get_or_none(
        (ClientAnswer.share_link == link.id) & (ClientAnswer.interview == interview.id)
    )
    if answer is None:
        raise Gone()
    decision = _(vocabulary.CLIENT_DECISIONS.get(answer.decision, "")) if answer.decision else ""
    words = [
        (_("Decision"), decision),
        (_("Interest"), _("%(n)s of 5", n=answer.interest) if answer.interest else "—"),
        (_("In one line"), answer.headline),
        (
            _("Enough exchanged"),
            _(vocabulary.label(vocabulary.ENOUGH_EXCHANGED, answer.enough_exchanged)),
        ),
        (
            _("Decision makers"),
            _(vocabulary.label(vocabulary.DECISION_MAKERS, answer.decision_makers)),
        ),
        (_("About the decision makers"), answer.decision_makers_note),
        (_("Concerns"), answer.concerns),
        (_("Their question for you"), answer.question),
        (_("Proposed next step"), answer.next_step),
        (_("Anything else"), answer.comment),
    ]
    return Rendered(
        subject=_(
            "%(who)s: %(decision)s on %(name)s",
            who=link.recipient_name,
            decision=decision,
            name=candidate.name,
        )
        if decision
        else _("%(who)s answered about %(name)s", who=link.recipient_name, name=candidate.name),
        heading=_("%(who)s gave their view", who=link.recipient_name),
        paragraphs=[
            _(
                "%(who)s answered through the share link for %(name)s, %(what)s. Everything "
                "they wrote is below.",
                who=link.recipient_name,
                name=candidate.name,
                what=what,
            )
        ],
        details=[(name, value or "—") for name, value in words],
        action_label=_("See both sides"),
        action_url=page + "#three-tests",
    )


def _debrief_sent(interview: Interview, page: str, now: dt.datetime) -> Rendered:
    """The three tests at a glance and any flag, so that most need no click."""
    from portal.services.sharing import comparison

    candidate = interview.candidate
    sheet = comparison.interview_sheet(interview_id=interview.id, now=now)
    debrief = sheet.sent_debrief
    if debrief is None:
        raise Gone()
    tone, verdict = sheet.verdict
    verdict = say(verdict)
    details: list[tuple[str, str | Link]] = []
    for test in sheet.tests:
        state = {"aligned": "✓", "gap": _("✗ gap"), "waiting": _("… waiting")}.get(test.state, "")
        said = "; ".join(say(line) for line in test.candidate) or "—"
        lines = [_("Candidate: %(said)s", said=said)]
        if test.client:
            lines.append(_("Client: %(said)s", said="; ".join(say(line) for line in test.client)))
        lines += [_("Gap: %(subject)s", subject=say(gap)) for gap in test.gaps]
        details.append((f"{test.number}. {say(test.title)} {state}", "\n".join(lines)))
    flags = []
    if debrief.call_me:
        booking = CallBooking.get_or_none(CallBooking.interview == interview.id)
        at = booking.starts_at if booking is not None and booking.cancelled_at is None else None
        note = (debrief.call_times or "").strip()
        when = _short_when(at, interview.recruiter)
        flags.append(
            _("Asks for a call, %(when)s (their note: %(note)s)", when=when, note=note)
            if note
            else _("Asks for a call, %(when)s", when=when)
        )
    if (debrief.concerns or "").strip():
        flags.append(_("Concerns: %(said)s", said=debrief.concerns.strip()))
    if debrief.version > 1:
        flags.append(_("Amended: version %(n)s", n=debrief.version))
    if flags:
        details.append((_("Flags"), "\n".join(flags)))
    company = interview.position.client.name
    return Rendered(
        subject=(
            _(
                "Debrief from %(name)s: %(company)s (flagged) — %(verdict)s",
                name=candidate.name,
                company=company,
                verdict=verdict,
            )
            if flags
            else _(
                "Debrief from %(name)s: %(company)s — %(verdict)s",
                name=candidate.name,
                company=company,
                verdict=verdict,
            )
        ),
        heading=_("%(name)s sent their debrief", name=candidate.name),
        paragraphs=[
            _(
                "%(name)s's debrief for %(what)s. %(verdict)s",
                name=candidate.name,
                what=_what(interview),
                verdict=verdict,
            )
        ],
        details=details,
        action_label=_("Read the debrief"),
        action_url=page,
    )


def _digest(message: OutboxMessage, now: dt.datetime) -> Rendered:
    """The start of the recruiter's day: calls asked for in the night first, then each
    update held since, at the time it happened (their zone), each a link."""
    recipient = User.get_or_none(User.id == message.user_id)
    if recipient is None:
        raise Gone()
    calls: list[tuple[str, str | Link]] = []
    updates: list[tuple[str, str | Link]] = []
    names: list[str] = []
    for item in notices.digested(digest=message):
        try:
            told = BUILDERS[item.kind](item, now)
        except Gone:
            continue  # what it was about is gone since
        local = clock.to_local(item.created_at, recipient.time_zone)
        if item.kind == "night_call":
            names.append(_interview(item).candidate.name)
            calls.append(
                (
                    _("Call first (asked %(time)s)", time=f"{local:%H:%M}"),
                    Link(told.subject, told.action_url),
                )
            )
        else:
            updates.append(
                (
                    f"{_date(local, {'en': 'EEE', 'es': 'EEE'})} {local:%H:%M}",
                    Link(told.subject, told.action_url),
                )
            )
    count = len(updates)
    subject = _("Your morning digest")
    if names:
        subject = _("Your morning digest: call %(names)s first", names=_and_list(names))
    subject += " · " + ngettext("%(num)s update", "%(num)s updates", count)
    return Rendered(
        subject=subject,
        heading=_("Since you last worked"),
        paragraphs=[
            (
                _(
                    "What came in outside your working hours, in the order it happened "
                    "(%(zone)s). Calls asked for come first.",
                    zone=_zone_words(recipient.time_zone),
                )
                if calls or updates
                else _("Nothing came in outside your working hours.")
            ),
        ],
        details=[*calls, *updates],
        action_label=_("Open your board"),
        action_url=url_for("recruiter.board", _external=True),
    )


def _retention_warning(message: OutboxMessage, now: dt.datetime) -> Rendered:
    user = User.get_or_none(User.id == message.user_id)
    if user is None or user.retention_warned_at is None or user.erased_at is not None:
        raise Gone()  # they came back since the warning (or are already erased)
    config = current_app.config
    agency = config["AGENCY_NAME"]
    erase_after = user.retention_warned_at + dt.timedelta(days=int(config["RETENTION_GRACE_DAYS"]))
    when = _date(clock.to_local(erase_after, user.time_zone), DATE)
    return Rendered(
        subject=_("Your data with %(agency)s will be erased on %(when)s", agency=agency, when=when),
        heading=_("Your data will be erased on %(when)s", when=when),
        paragraphs=[
            _(
                "You have not used %(agency)s's portal for %(days)s days, so we will erase "
                "your profile, interviews, debriefs and letters on %(when)s.",
                agency=agency,
                days=config["RETENTION_DAYS"],
                when=when,
            ),
            _(
                "To keep them, just sign in before then. To take a copy first, download your "
                "data from your account page."
            ),
        ],
        action_label=_("Sign in"),
        action_url=url_for("auth.login", _external=True),
    )


def _client_link(message: OutboxMessage, now: dt.datetime) -> Rendered:
    """The share link sent from the portal, or the one nudge after it, to the client."""
    if not message.secret:
        raise Gone()
    link = ShareLink.get_or_none(ShareLink.id == message.share_link_id)
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        raise Gone()  # withdrawn, replaced or run out: a dead link would only confuse
    candidate = User.get_by_id(link.candidate_id)
    recruiter = User.get_by_id(link.created_by_id)
    interview = Interview.get_or_none(Interview.id == link.interview_id)
    first = link.recipient_name.split()[0] if link.recipient_name.split() else ""
    hello = _("Hello %(name)s", name=first) if first else _("Hello")
    url = url_for("share.packet", token=message.secret, _external=True)
    if message.kind == "client_nudge":
        if interview is None or ClientAnswer.get_or_none(ClientAnswer.share_link == link.id):
            raise Gone()  # they answered: the nudge stops
        return Rendered(
            subject=_("Your decision on %(name)s?", name=candidate.name),
            heading=hello,
            paragraphs=[
                _(
                    "A quick one: how did %(name)s for %(what)s go for you? Advance, hold or "
                    "pass, and your interest, takes three taps on the page below.",
                    name=candidate.name,
                    what=_what(interview),
                ),
                _(
                    "%(recruiter)s will follow up with %(name)s either way.",
                    recruiter=recruiter.name,
                    name=first_name(candidate.name),
                ),
            ],
            action_label=_("Give your answer"),
            action_url=url + "#decision",
            contact=recruiter,
            reply_to=recruiter.email,
            reply_to_name=recruiter.name,
        )
    opens = _(
        "The page opens without an account; it has the CV, if attached, and a place for your "
        "decision: advance, hold or pass, in three taps."
    )
    return Rendered(
        subject=(
            _(
                "%(name)s for %(what)s: profile from %(recruiter)s",
                name=candidate.name,
                what=_what(interview),
                recruiter=recruiter.name,
            )
            if interview is not None
            else _(
                "%(name)s: profile from %(recruiter)s",
                name=candidate.name,
                recruiter=recruiter.name,
            )
        ),
        heading=hello,
        paragraphs=[
            (
                _(
                    "%(recruiter)s shares %(name)s's profile for %(what)s with you.",
                    recruiter=recruiter.name,
                    name=candidate.name,
                    what=_what(interview),
                )
                if interview is not None
                else _(
                    "%(recruiter)s shares %(name)s's profile with you.",
                    recruiter=recruiter.name,
                    name=candidate.name,
                )
            )
            + " "
            + opens,
            _("The link is for you alone: please do not forward it."),
        ],
        action_label=_("Open %(name)s's profile", name=first_name(candidate.name)),
        action_url=url,
        contact=recruiter,
        reply_to=recruiter.email,
        reply_to_name=recruiter.name,
    )


BUILDERS: dict[str, Callable[[OutboxMessage, dt.datetime], Rendered]] = {
    "invite": _one_time,
    "reset": _one_time,
    "retention_warning": _retention_warning,
    "interview_scheduled": _candidate_booking,
    "interview_changed": _candidate_booking,
    "interview_cancelled": _candidate_booking,
    "prep_reminder": _candidate_reminder,
    "debrief_now": _candidate_reminder,
    "debrief_nudge": _candidate_reminder,
    "letters_due": _candidate_reminder,
    "call_request": _recruiter_update,
    "night_call": _recruiter_update,
    "digest": _digest,
    "call_booked": _call_booked,
    "call_moved": _call_booked,
    "call_cancelled": _call_booked,
    "debrief_sent": _recruiter_update,
    "feedback_missing": _recruiter_update,
    "share_opened": _recruiter_update,
    "client_answer": _recruiter_update,
    "share_link": _client_link,
    "client_nudge": _client_link,
    "letters_nudge": _candidate_reminder,
}
