"""Each person reads the portal in their own language: English or Spanish (Flask-Babel)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from babel.messages import pofile
from flask_babel import force_locale

from portal.i18n import extract_messages
from portal.models import ChecklistTemplate
from portal.models import ChecklistTemplateItem
from portal.models import ShareLink
from portal.models import ThankYouLetter
from portal.models import User
from portal.models import frozen_at
from portal.models import utcnow
from portal.services.accounts import users
from portal.services.errors import ServiceError
from portal.services.journey import debrief_versions
from portal.services.letters import kept
from portal.web import error_text
from tests import factories
from tests import support
from tests.support import page_text
from tests.support import post_gapped_feedback

CATALOGS = Path(__file__).resolve().parent.parent / "portal" / "translations"
# Monday 3 June 2030, 11:00 in Madrid: bookings and changes made then reach the candidate
# at once (made in their night, they would wait for 08:00), whatever the hour the suite runs.
MADRID_DAYTIME = dt.datetime(2030, 6, 3, 9, 0)


def _catalog(language: str):
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return pofile.read_po(po)


def test_every_message_in_the_spanish_catalog_is_translated():
    """A message with no Spanish (or only a fuzzy guess) fails, named, with its place."""
    catalog = _catalog("es")
    untranslated = [
        f"{message.locations[:1]}: {message.id!r}"
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert len(catalog) > 30
    assert not untranslated, "\n".join(untranslated)


def test_the_catalog_holds_every_message_the_code_and_templates_mark(app, tmp_path):
    """A string marked for translation but never extracted (`flask translations update`
    not run) would reach a Spanish reader in English; every template must also parse, or
    the extraction passes over it without a word."""
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)  # TemplateSyntaxError names the file and line
    extract_messages(tmp_path / "now.pot")
    with open(tmp_path / "now.pot", "rb") as pot:
        marked = {m.id for m in pofile.read_po(pot) if m.id}
    catalog = _catalog("es")
    missing = sorted(str(m) for m in marked if m not in catalog or catalog[m].string in ("", None))
    assert not missing, "run `flask --app wsgi translations update` and translate:\n" + "\n".join(
        map(str, missing[:10])
    )
    # The other way: a catalog message the extraction no longer finds is worded where it
    # cannot see it (inside an f-string, through a helper it does not know), and the next
    # update would drop its Spanish; or nothing uses it any more (update drops it).
    unseen = sorted(str(m.id) for m in catalog if m.id and m.id not in marked)
    assert not unseen, "marked where extraction cannot see it, or unused:\n" + "\n".join(
        unseen[:10]
    )


def test_spanish_translations_keep_every_placeholder():
    """Babel's own checks: each translation names the same %(…)s placeholders."""
    problems = [f"{message.id!r}: {errors}" for message, errors in _catalog("es").check() if errors]
    assert not problems, "\n".join(problems)
    # Only `%(name)s`: the templates' `_()` escapes each value as text (portal.templating).
    other = [
        text
        for message in _catalog("es")
        for text in (message.id, message.string)
        if isinstance(text, str) and re.search(r"%\([a-z_]+\)[^s]", text)
    ]
    assert not other, other


def test_a_spanish_candidate_reads_their_home_page_in_spanish(make, login_as, client):
    """A candidate whose language is Spanish gets a Spanish page, whatever their browser."""
    candidate = make.make_candidate(name="Lucía Ortega", language="es")
    make.make_interview(candidate=candidate, starts_in=dt.timedelta(days=3))
    login_as(candidate)
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert '<html lang="es">' in html
    text = page_text(response)
    assert "Hola, Lucía Ortega" in text
    assert "Próximas entrevistas" in text
    assert "Coming up" not in text


def test_an_english_candidate_reads_english_whatever_their_browser(make, login_as, client):
    """A chosen language wins over the browser's."""
    candidate = make.make_candidate(name="Ben Hale", language="en")
    make.make_interview(candidate=candidate, starts_in=dt.timedelta(days=3))
    login_as(candidate)
    response = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}, follow_redirects=True)
    assert '<html lang="en">' in response.get_data(as_text=True)
    assert "Coming up" in page_text(response)


def test_without_a_choice_the_browser_language_is_read(make, login_as, client):
    """No language chosen yet: the browser's Accept-Language picks Spanish."""
    candidate = make.make_candidate(name="Ana Ruiz")
    make.make_interview(candidate=candidate, starts_in=dt.timedelta(days=3))
    login_as(candidate)
    response = client.get(
        "/", headers={"Accept-Language": "es-AR,es;q=0.9,en;q=0.5"}, follow_redirects=True
    )
    assert "Próximas entrevistas" in page_text(response)


def test_an_anonymous_page_follows_the_browser(client):
    """The sign-in page: Spanish for a Spanish browser, English for anything we lack."""
    spanish = client.get("/login", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert '<html lang="es">' in spanish.get_data(as_text=True)
    other = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="en">' in other.get_data(as_text=True)


def test_a_candidate_chooses_spanish_on_the_account_page(make, login_as, client):
    """The account page's language form: saved, and the next page (its flash too) is Spanish."""
    candidate = make.make_candidate(name="Ana Ruiz", language="en")
    login_as(candidate)
    page = client.get("/candidate/account")
    assert 'name="language" value="es"' in page.get_data(as_text=True)
    response = client.post(
        "/candidate/account", data={"form": "language", "language": "es"}, follow_redirects=True
    )
    text = page_text(response)
    assert "Tu idioma está guardado." in text
    assert "Tu cuenta" in text and "Your account" not in text
    assert User.get_by_id(candidate.id).language == "es"


def test_an_unknown_language_is_not_saved(make, login_as, client):
    """Only the languages the portal speaks can be chosen."""
    candidate = make.make_candidate(language="en")
    login_as(candidate)
    response = client.post("/candidate/account", data={"form": "language", "language": "xx"})
    assert response.status_code == 400
    assert User.get_by_id(candidate.id).language == "en"


def test_accepting_an_invite_takes_the_browser_language(make, client, db):
    """A candidate whose browser asks for Spanish starts in Spanish, and is welcomed in it."""
    candidate = make.make_candidate(password=None)
    token = users.issue_token(user=candidate, purpose="invite", hours=1)
    spanish = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.4"}
    page = client.get(f"/invite/{token}", headers=spanish)
    assert "Elige una contraseña para continuar" in page_text(page)
    response = client.post(
        f"/invite/{token}",
        data={"password": "tres palabras juntas", "confirm": "tres palabras juntas"},
        headers=spanish,
        follow_redirects=True,
    )
    assert User.get_by_id(candidate.id).language == "es"
    assert "Te damos la bienvenida a Debrief" in page_text(response)


def test_form_errors_reach_a_spanish_reader_in_spanish(make, login_as, client):
    """WTForms' messages, the portal's own and a service's refusal, all in Spanish."""
    candidate = make.make_candidate(language="es")
    login_as(candidate)
    response = client.post(
        "/candidate/account",
        data={"form": "profile", "time_zone": "Europe/Madrid", "phone": "call me!"},
    )
    assert "Usa solo cifras, espacios y + ( ) -." in page_text(response)
    weak = client.post(
        "/candidate/account",
        data={
            "form": "password",
            "current_password": "wrong one",
            "new_password": "abc",
            "confirm": "abc",
        },
    )
    assert "Hay un problema" in page_text(weak)
    assert "Tu contraseña actual no es correcta." in page_text(weak)


def test_dates_are_written_for_the_reader(make, login_as, client):
    """A Spanish reader's dates use Spanish day and month names (Babel), in their zone."""
    candidate = make.make_candidate(language="es", time_zone="Europe/Madrid")
    interview = make.make_interview(candidate=candidate, starts_in=dt.timedelta(days=20))
    login_as(candidate)
    text = page_text(client.get(f"/candidate/interviews/{interview.id}"))
    local = interview.starts_at.replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Madrid"))
    spanish_day = format_datetime(local, "EEE d MMM", locale="es")
    assert spanish_day in text


def _share_world(make, **link_fields):
    recruiter = make.make_recruiter(name="Rae Recruiter", phone="+44 20 7946 0001")
    interview = make.make_ended_interview(minutes_ago=120, recruiter=recruiter)
    return make.make_share_link(interview=interview, created_by=recruiter, **link_fields)


def test_a_share_page_speaks_the_language_the_recruiter_chose(make, client, db):
    """A link made in Spanish is Spanish whatever the client's browser says."""
    link = _share_world(make, language="es")
    page = client.get(f"/s/{link.raw_token}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    html = page.get_data(as_text=True)
    assert '<html lang="es">' in html
    text = page_text(page)
    assert "Su decisión" in text and "Avanzar" in text and "Your decision" not in text


def test_a_share_page_without_a_language_follows_the_browser(make, client, db):
    """No language chosen for the link: a Spanish browser reads Spanish, others English."""
    link = _share_world(make)
    spanish = client.get(f"/s/{link.raw_token}", headers={"Accept-Language": "es-MX,es"})
    assert "Su decisión" in page_text(spanish)
    english = client.get(f"/s/{link.raw_token}", headers={"Accept-Language": "fr-FR"})
    assert "Your decision" in page_text(english)


def test_a_refused_answer_is_explained_in_the_links_language(make, client, db):
    """The service's refusal of an empty answer reaches a Spanish-speaking client in Spanish."""
    link = _share_world(make, language="es")
    page = client.get(f"/s/{link.raw_token}").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)
    response = client.post(f"/s/{link.raw_token}/answer", data={"form_token": token})
    assert response.status_code == 400
    text = page_text(response)
    assert "Elija avanzar, en espera o descartar" in text


def test_the_recruiter_chooses_a_links_language(make, login_as, client):
    """The new-link form offers the languages; the choice is kept on the link."""
    recruiter = make.make_recruiter()
    interview = make.make_interview(recruiter=recruiter, starts_in=dt.timedelta(days=-1))
    login_as(recruiter)
    path = f"/recruiter/shares/new?candidate_id={interview.candidate_id}"
    form = client.get(path).get_data(as_text=True)
    assert 'name="language" value="es"' in form
    response = client.post(
        path,
        data={
            "recipient_name": "Marta Gil",
            "sections": ["summary"],
            "summary": "Una ingeniera cuidadosa.",
            "days": "10",
            "idempotency_key": "key-" + "2" * 28,
            "action": "create",
            "language": "es",
        },
    )
    assert response.status_code == 201
    assert ShareLink.get().language == "es"


def test_every_email_goes_out_in_its_recipients_language(mail_app, smtp, make, db):
    """A Spanish candidate's booking email is Spanish (its calendar file too), while their
    English recruiter's email about the same interview stays English."""
    from portal import tasks
    from tests.support import mail_html
    from tests.support import mail_text

    recruiter = make.make_recruiter(name="Rae Recruiter", email="rae@agency.example")
    candidate = make.make_candidate(
        name="Lucía Ortega", email="lucia@example.com", language="es", time_zone="Europe/Madrid"
    )
    with frozen_at(MADRID_DAYTIME):
        make.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            starts_at=dt.datetime(2030, 6, 10, 10, 0),
            ends_at=dt.datetime(2030, 6, 10, 11, 0),
        )
        tasks.run_delivery(mail_app)
    (message,) = smtp.to("lucia@example.com")
    assert message["Subject"].startswith("Confirmada: tu entrevista en ")
    assert message["Subject"].endswith("el lunes 10 de junio")
    text = mail_text(message)
    assert "Hola, Lucía:" in text
    assert "lunes, 10 de junio de 2030, 12:00–13:00 (CEST)" in text
    assert "Abrir tu lista de preparación" in text
    assert '<html lang="es">' in mail_html(message)
    (ics,) = list(message.iter_attachments())
    assert "SUMMARY:Entrevista: " in ics.get_content()


def test_a_client_email_speaks_the_links_language(mail_app, smtp, make, db):
    """The share link sent from the portal reaches the client in the language chosen for it."""
    from portal import tasks
    from portal.services.sharing import sending
    from tests.support import mail_text

    recruiter = make.make_recruiter(name="Rae Recruiter", email="rae@agency.example")
    interview = make.make_ended_interview(minutes_ago=60, recruiter=recruiter)
    sending.send_new(
        candidate_id=interview.candidate_id,
        interview_id=interview.id,
        created_by=recruiter,
        interviewer_id=None,
        recipient_name="Marta Gil",
        recipient_email="marta@client.example",
        sections=["summary"],
        summary="Una ingeniera cuidadosa.",
        language="es",
    )
    tasks.run_delivery(mail_app)
    (message,) = smtp.to("marta@client.example")
    assert "perfil enviado por Rae Recruiter" in message["Subject"]
    text = mail_text(message)
    assert "Hola, Marta" in text and "El enlace es solo para usted" in text


def test_a_spanish_candidates_data_export_reads_in_spanish(make, login_as, client):
    """The export's index.html is in the candidate's language, its dates Babel's."""
    import io
    import zipfile

    world = make.make_candidate_world()
    User.update(language="es").where(User.id == world.candidate.id).execute()
    login_as(world.candidate)
    response = client.post("/candidate/account/export")
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    name = next(n for n in archive.namelist() if n.endswith("/index.html"))
    html = archive.read(name).decode()
    assert '<html lang="es">' in html
    assert "Todo lo que el portal guarda sobre ti" in html
    assert "Tus entrevistas" in html and "Your interviews" not in html
    assert "Compartido con empresas" in html


def test_a_recruiter_may_read_the_portal_in_spanish(make, login_as, client):
    """The recruiter's account page offers the languages; in Spanish the board is Spanish."""
    recruiter = make.make_recruiter(language="en", phone="+34 910 000 000")
    login_as(recruiter)
    response = client.post(
        "/recruiter/account",
        data={"form": "language", "language": "es"},
        follow_redirects=True,
    )
    assert "Tu idioma está guardado." in page_text(response)
    assert User.get_by_id(recruiter.id).language == "es"
    board = page_text(client.get("/recruiter/"))
    assert "Quién te necesita ahora" in board and "Who needs you now" not in board


def test_a_changed_interview_is_told_in_the_candidates_words(mail_app, smtp, make, db):
    """The change table of a moved interview gives the old and new times in Spanish."""
    from portal import tasks
    from portal.models import Interview
    from portal.models import OutboxMessage
    from portal.services.journey import interviews
    from tests.support import mail_text

    recruiter = make.make_recruiter()
    candidate = make.make_candidate(
        email="lucia@example.com", language="es", time_zone="Europe/Madrid"
    )
    with frozen_at(MADRID_DAYTIME):
        booked = make.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            starts_at=dt.datetime(2030, 6, 10, 10, 0),
            ends_at=dt.datetime(2030, 6, 10, 11, 0),
        )
        OutboxMessage.delete().execute()
        interview = Interview.get_by_id(booked.id)
        interviews.update(
            interview=interview,
            by=recruiter,
            position=interview.position,
            time_zone="Europe/Madrid",
            format="video",
            location=interview.location,
            round=interview.round,
            starts_at=dt.datetime(2030, 6, 11, 16, 0),
            ends_at=dt.datetime(2030, 6, 11, 17, 0),
        )
        tasks.run_delivery(mail_app)
    (message,) = smtp.to("lucia@example.com")
    assert message["Subject"].startswith("Cambio: tu entrevista en ")
    text = mail_text(message)
    assert (
        "Cuándo: lunes, 10 de junio de 2030, 12:00–13:00 (CEST) → "
        "martes, 11 de junio de 2030, 16:00–17:00 (CEST)"
    ) in text
    assert "Formato: " in text and "→ videollamada" in text


def test_a_throttled_sign_in_says_so_in_the_browsers_language(make, client, db):
    """Past the sign-in limit, the wait is explained in Spanish to a Spanish browser."""
    candidate = make.make_candidate()
    spanish = {"Accept-Language": "es-ES,es;q=0.9"}
    for _ in range(6):
        response = client.post(
            "/login",
            data={"email": candidate.email, "password": "not the password"},
            headers=spanish,
        )
    assert response.status_code == 429
    text = page_text(response)
    assert "Demasiados intentos de inicio de sesión." in text
    assert re.search(r"Espera \d+ (segundos?|minutos?) e inténtalo de nuevo", text)


def test_a_spanish_recruiter_reads_the_tests_the_audit_and_their_hours_in_spanish(
    make, login_as, client
):
    """The three tests' lines and gaps, the momentum clock, the audit log's action names and
    the working-hours summary, built by services as English words, reach a recruiter who
    chose Spanish in Spanish."""
    from portal.services.journey.interviews import PanelEntry

    recruiter = make.make_recruiter(
        language="es",
        time_zone="Europe/Madrid",
        work_starts=540,
        work_ends=1080,
        work_days="1,2,3,4,5",
    )
    login_as(recruiter)
    interview = make.make_ended_interview(
        minutes_ago=120, recruiter=recruiter, people=[PanelEntry("Pat Peer", "Title", "peer")]
    )
    make.make_debrief(
        interview=interview, candidate_interest=5, employer_interest=4, enough_exchanged="yes"
    )
    post_gapped_feedback(client, interview)
    page = page_text(client.get(f"/recruiter/interviews/{interview.id}"))
    for spanish in (
        "3 de las 3 pruebas muestran una diferencia.",
        "Alto interés mutuo",
        "Interés propio: 5 de 5",
        "candidato 5, cliente 2: un interés alto pide 4 o más en ambas partes",
        "candidato: sí, cliente: en parte",
        "Aún pendiente: Salary range",
        "no se ha conocido ni citado a quien decide",
        "Resumen del candidato",
        "Carta para Pat Peer",
        "después del final",
    ):
        assert spanish in page, spanish
    for english in (
        "tests show a gap",
        "High mutual interest",
        "Own interest",
        "candidate 5, client 2",
        "candidate yes, client partly",
        "no decision maker met or scheduled",
        "Candidate's debrief",
        "after the end",
    ):
        assert english not in page, english

    audit = page_text(client.get("/recruiter/audit"))
    assert "<code>opinión del cliente registrada</code>" in audit
    assert "<code>client_feedback.recorded</code>" not in audit
    assert 'label="entrevista cancelada"' in audit  # the filter's suggestions, named

    settings = page_text(client.get("/recruiter/settings"))
    assert "Tu horario de trabajo: 09:00–18:00, lun–vie, hora de Madrid." in settings
    assert "Mon–Fri" not in settings and "Madrid time" not in settings
    assert "Petición de llamada: un resumen pide una llamada" in settings
    assert "Al momento en tu horario de trabajo" in settings
    assert "Call request:" not in settings and "At once in your working hours" not in settings


def test_a_spanish_recruiters_board_says_why_each_row_is_there_in_spanish(make, login_as, client):
    """The board's lines under each row (how long ago it ended, a call asked for, what two
    sides disagree on, a booked call's time) come in Spanish, days and months too."""
    from portal.services.journey.interviews import PanelEntry

    recruiter = make.make_recruiter(language="es", time_zone="Europe/Madrid")
    login_as(recruiter)
    make.make_ended_interview(minutes_ago=150, recruiter=recruiter)
    asked = make.make_ended_interview(minutes_ago=200, recruiter=recruiter)
    make.make_debrief(interview=asked, call_me=True)
    gapped = make.make_ended_interview(
        minutes_ago=120, recruiter=recruiter, people=[PanelEntry("Pat Peer", "Title", "peer")]
    )
    make.make_debrief(interview=gapped, candidate_interest=5, employer_interest=4)
    post_gapped_feedback(client, gapped)
    booked = make.make_ended_interview(minutes_ago=300, recruiter=recruiter)
    make.make_debrief(interview=booked, call_me=True)
    make.make_call_booking(
        interview=booked,
        asked_at=utcnow() - dt.timedelta(hours=1),
        starts_at=dt.datetime(2030, 12, 10, 9, 0),
    )
    board = page_text(client.get("/recruiter/"))
    for spanish in (
        "Terminó hace 2 h 30 min",
        ": lo antes posible",
        "interés: candidato 5, cliente 2",
        "Reservada para el mar 10 dic 10:00, hora de Madrid",
    ):
        assert spanish in board, spanish
    for english in ("Ended", "ago", "as soon as you can", "Booked for", "Tue", "Dec"):
        assert english not in board, english
    # The kinds, their buttons and the due line too.
    for spanish in ("Pidió una llamada", "Aún sin resumen", "Marcar como atendido", "Atrasado"):
        assert spanish in board, spanish
    for english in ("No debrief yet", "Mark handled", "Mark called", "Overdue", "Was due"):
        assert english not in board, english


def _refusal(app, language: str, service, **arguments) -> str:
    """What a service's refusal says to a reader of `language` (as the pages show it)."""
    with pytest.raises(ServiceError) as refused:
        service(**arguments)
    with app.test_request_context(), force_locale(language):
        return error_text(refused.value)


def test_a_refusal_with_a_limit_names_the_number_in_the_readers_words(app, db):
    """A limit in a service's refusal is filled into the reader's sentence, not an English
    one built before the language was known."""
    too_long = {"letter": ThankYouLetter(), "subject": "s" * 201, "body": "Thank you."}
    assert _refusal(app, "es", kept.save_letter, **too_long) == (
        "El asunto no puede pasar de 200 caracteres."
    )
    assert _refusal(app, "en", kept.save_letter, **too_long) == (
        "Keep the subject under 200 characters."
    )
    assert (
        _refusal(
            app, "es", kept.save_letter, letter=ThankYouLetter(), subject="S", body=("b" * 5001)
        )
        == "La carta no puede pasar de 5000 caracteres."
    )


def test_a_full_checklist_template_says_so_in_the_recruiters_language(make, login_as, client):
    """The sixty-first item is refused with the limit, in Spanish for a Spanish recruiter
    and in English for an English one."""
    template = ChecklistTemplate.create(name="Full", is_default=False)
    ChecklistTemplateItem.insert_many(
        [
            {"template": template.id, "section": "S", "text": f"Item {n}", "sort_order": n}
            for n in range(60)
        ]
    ).execute()
    for language, words in (
        ("es", "Una plantilla tiene como máximo 60 puntos."),
        ("en", "A template holds at most 60 items."),
    ):
        login_as(make.make_recruiter(language=language))
        response = client.post(
            f"/recruiter/templates/{template.id}/items",
            data={
                "section": "Research",
                "text": "One more",
                "idempotency_key": "k" * 20 + language,
            },
        )
        assert response.status_code == 400
        assert words in page_text(response)
    assert (
        ChecklistTemplateItem.select().where(ChecklistTemplateItem.template == template).count()
        == 60
    )


def test_a_share_links_refusals_reach_a_spanish_recruiter_in_spanish(make, login_as, client):
    """Days out of range name the limit, and a ticked section left empty is named in a
    whole Spanish sentence (not an English label inside one)."""
    interview = make.make_interview(starts_in=dt.timedelta(days=-1))
    path = f"/recruiter/shares/new?candidate_id={interview.candidate_id}"
    form = {
        "recipient_name": "Marta Gil",
        "sections": ["summary"],
        "summary": "Una ingeniera cuidadosa.",
        "days": "120",
        "action": "create",
    }
    for language, days_words, empty_words in (
        (
            "es",
            "Elige entre 1 y 90 días.",
            "Escribe el resumen del candidato que leerá el cliente, o desmárcalo.",
        ),
        (
            "en",
            "Choose between 1 and 90 days.",
            "Write the candidate summary the client will read, or untick it.",
        ),
    ):
        login_as(make.make_recruiter(language=language))
        too_long = client.post(path, data={**form, "idempotency_key": "d" * 20 + language})
        assert too_long.status_code == 400
        assert days_words in page_text(too_long)
        empty = client.post(
            path, data={**form, "days": "10", "summary": "", "idempotency_key": "e" * 20 + language}
        )
        assert empty.status_code == 400
        assert empty_words in page_text(empty)
    assert ShareLink.select().count() == 0


def test_a_recruiter_told_they_cannot_deactivate_themselves_reads_it_in_spanish(
    make, login_as, client
):
    """Each action has its own sentence: no English verb inside a Spanish one."""
    recruiter = make.make_recruiter(language="es")
    login_as(recruiter)
    response = client.post(
        f"/recruiter/recruiters/{recruiter.id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "Aquí no puedes desactivar tu propia cuenta." in page_text(response)
    assert User.get_by_id(recruiter.id).active


def test_a_wrong_password_is_told_in_the_browsers_language(make, client, db):
    """The sign-in page's refusal of a wrong password is in the catalog, so in Spanish."""
    candidate = make.make_candidate()
    response = client.post(
        "/login",
        data={"email": candidate.email, "password": "not the password"},
        headers={"Accept-Language": "es-ES,es;q=0.9"},
    )
    assert response.status_code == 401
    assert "El correo o la contraseña no son correctos." in page_text(response)


def test_a_call_time_taken_meanwhile_is_refused_in_the_candidates_language(app, make):
    """Two candidates chose the same free time; the second is told, in Spanish, to choose
    another (the words were once not in the catalog)."""
    recruiter = make.make_recruiter(**factories.OFFICE_HOURS)
    now = dt.datetime(2027, 6, 8, 12, 0)
    first, second = (
        make.make_interview(
            recruiter=recruiter,
            candidate=make.make_candidate(),
            starts_at=now - dt.timedelta(hours=2),
            ends_at=now - dt.timedelta(hours=1),
        )
        for _ in range(2)
    )
    slot = support.offered_slots(interview=first, now=now)[0].starts_at

    def send(interview):
        return debrief_versions.submit(
            interview=interview,
            candidate=interview.candidate,
            answers={"call_me": True, "call_at": slot},
            people=[],
            idempotency_key=secrets.token_hex(16),
            now=now,
        )

    send(first)
    assert _refusal(app, "es", send, interview=second) == "Esa hora ya no está libre: elige otra."
