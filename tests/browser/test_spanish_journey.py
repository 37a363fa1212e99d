"""The candidate journey and the client's share page in Spanish, on a phone (390x844).

A browser whose language is Spanish accepts the invite; from then on every page the
candidate opens (home, interview, prep, debrief, its confirmation, letters, a letter,
shared links, account, privacy notice, erasure) and the client's share page of a link made
in Spanish is read for English left over: no English sentence may remain, names and the
agency's own text (the people, the companies, what the recruiter wrote) aside; the
default prep checklist, still worded as the portal ships it, is read in Spanish too. Every page also passes
axe, the 14 KB budget and the HTML checker, as in English.
"""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from portal.models import Interview
from portal.models import User
from portal.services.accounts import users
from portal.services.journey.interviews import PanelEntry
from tests import factories
from tests.browser.helpers import PHONE
from tests.browser.helpers import audit

# Words an English sentence cannot do without and a Spanish one never uses.
ENGLISH = re.compile(
    r"\b(the|and|your|you|of|to|is|are|with|for|this|that|what|who|when|not|yet|it|on|at|"
    r"by|from|have|will|can|an|or|be|was|how|all|after|before|here|there|sent|send|"
    r"save|saved|draft|letter|letters|call|tap|open|choose|change|sign|password|back|next|"
    r"more|please|add|home|account|data|interview|interviews|shared|round|days?|hours?)\b",
    re.IGNORECASE,
)
# What is not a sentence: addresses, links, phone numbers, times.
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|\+?\d[\d ()-]{6,}\d")
SPANISH_PHONE = {**PHONE, "locale": "es-ES"}


def english_left(page, allowed: list[str]) -> list[str]:
    """The lines of the page (its text, title and labels for assistive technology) that
    still read as English once names and the agency's own text are taken out."""
    text = page.evaluate(
        """() => [document.title, document.body.innerText,
        ...Array.from(document.querySelectorAll('[aria-label], [title], [placeholder]'))
            .map(e => [e.getAttribute('aria-label'), e.getAttribute('title'),
                       e.getAttribute('placeholder')].filter(Boolean).join(' '))
        ].join('\\n')"""
    )
    for words in sorted(allowed, key=len, reverse=True):
        text = text.replace(words, " ")
    text = NOT_WORDS.sub(" ", text)
    return [line.strip() for line in text.splitlines() if ENGLISH.search(line)]


def read_in_spanish(page, allowed: list[str], *, label: str) -> None:
    """The page is in Spanish (its lang, and no English line), and passes the usual checks."""
    assert page.locator("html").get_attribute("lang") == "es", label
    left = english_left(page, allowed)
    assert not left, f"{label}: English left on the page:\n" + "\n".join(left)
    audit(page, label=f"{label} (es)")


def test_a_spanish_candidate_and_client_read_no_english(live_server, browser):
    """Invite accepted in a Spanish browser; every page of the journey, and the client's
    page of a Spanish link, in Spanish."""
    with live_server.data():
        recruiter = factories.make_recruiter(
            name="Rae Recruiter", email="rae@agency.example", phone="+34 910 000 000"
        )
        client = factories.make_client(name="Acme Ibérica")
        position = factories.make_position(client=client, title="Ingeniera de datos")
        candidate = users.create_user(
            role="candidate", email="lucia@example.com", name="Lucía Ortega", invited_by=recruiter
        )
        User.update(time_zone="Europe/Madrid").where(User.id == candidate.id).execute()
        people = [
            PanelEntry("Pilar Soto", "Directora técnica", "decision_maker", "pilar@acme.example"),
            PanelEntry("Diego Ruiz", "Jefe de datos", "peer", "diego@acme.example"),
        ]
        upcoming = factories.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            starts_in=dt.timedelta(days=2),
            people=people,
        )
        ended = factories.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            starts_in=dt.timedelta(minutes=-100),
            people=people,
            round=2,
        )
        token = users.issue_token(user=candidate, purpose="invite", hours=72)
    allowed = [
        "Lucía Ortega",
        "Rae Recruiter",
        "Rae",
        "Acme Ibérica",
        "Ingeniera de datos",
        "Pilar Soto",
        "Diego Ruiz",
        "Directora técnica",
        "Jefe de datos",
        "Debrief Recruiting",
        "Debrief",
        "Europe/Madrid",
        "English",
    ]

    context = browser.new_context(base_url=live_server.url, **SPANISH_PHONE)
    page = context.new_page()
    try:
        page.goto(f"/invite/{token}")
        read_in_spanish(page, allowed, label="invite")
        page.get_by_label("Contraseña nueva").fill("tres palabras juntas")
        page.get_by_label("Escríbela otra vez").fill("tres palabras juntas")
        page.get_by_role("button", name="Continuar").click()
        page.wait_for_url("**/candidate/")
        expect(page.get_by_role("heading", name="Hola, Lucía Ortega")).to_be_visible()
        with live_server.data():
            assert User.get_by_id(candidate.id).language == "es"
        read_in_spanish(page, allowed, label="candidate home")

        page.goto(f"/candidate/interviews/{upcoming.id}")
        expect(page.get_by_role("heading", name="Con quién hablarás")).to_be_visible()
        read_in_spanish(page, allowed, label="candidate interview")
        page.goto(f"/candidate/interviews/{upcoming.id}/prep")
        page.get_by_role("button").nth(0).click()
        expect(page.locator("#prep-progress")).to_contain_text("1 de")
        read_in_spanish(page, allowed, label="candidate prep")

        page.goto(f"/candidate/interviews/{ended.id}/debrief")
        page.locator('input[name="candidate_interest"][value="4"]').check()
        page.locator('input[name="employer_interest"][value="5"]').check()
        page.get_by_text("Añadir detalles").click()
        page.get_by_label("Puntos clave que se trataron").fill(
            "La migración de la plataforma de datos"
        )
        expect(page.locator("#save-status")).to_have_text(re.compile(r"^Guardado "))
        read_in_spanish(
            page, [*allowed, "La migración de la plataforma de datos"], label="candidate debrief"
        )
        # Opened again, as after a while away: the draft is on the server; send it.
        page.goto(f"/candidate/interviews/{ended.id}/debrief")
        page.get_by_role("button", name="Enviar a Rae Recruiter").click()
        expect(page).to_have_url(re.compile(r"/debrief/sent$"), timeout=30_000)
        expect(page.get_by_role("heading", name="Resumen enviado")).to_be_visible()
        read_in_spanish(
            page, [*allowed, "La migración de la plataforma de datos"], label="debrief sent"
        )

        page.get_by_role("link", name=re.compile("^Cartas de agradecimiento")).click()
        page.wait_for_url("**/letters")
        read_in_spanish(page, allowed, label="candidate letters")
        page.get_by_role("link", name="Pilar Soto").click()
        expect(page.get_by_role("heading", name="Carta para Pilar Soto")).to_be_visible()
        read_in_spanish(page, allowed, label="candidate letter")

        for path, label in (
            ("/candidate/shares", "candidate shares"),
            ("/candidate/account", "candidate account"),
            ("/privacy", "privacy notice"),
            ("/candidate/account/erase", "candidate erase"),
        ):
            page.goto(path)
            read_in_spanish(page, allowed, label=label)
    finally:
        context.close()

    # The client opens a link the recruiter made in Spanish, from an English-speaking browser.
    with live_server.data():
        link = factories.make_share_link(
            interview=Interview.get_by_id(ended.id),
            created_by=recruiter,
            recipient_name="Marta Gil",
            recipient_company="Acme Ibérica",
            summary="Una ingeniera cuidadosa.",
            language="es",
        )
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    try:
        page.goto(f"/s/{link.raw_token}")
        shared = [*allowed, "Marta Gil", "Una ingeniera cuidadosa.", "Led the data platform"]
        expect(page.get_by_role("heading", name="Su decisión tras la ronda 2")).to_be_visible()
        read_in_spanish(page, shared, label="share page")
        page.get_by_text("Avanzar", exact=True).click()
        page.locator('input[name="interest"][value="4"]').check(force=True)
        page.get_by_role("button", name="Enviar").first.click()
        expect(page.get_by_role("status")).to_contain_text("Enviado: Avanzar, interés 4 de 5.")
        read_in_spanish(page, shared, label="share page answered")
    finally:
        context.close()


def test_a_spanish_recruiter_reads_no_english(live_server, browser):
    """A recruiter who reads Spanish, on a phone: the board with its rows, the lists, a
    candidate, an interview with both sides, the clients, templates, links, settings,
    account, mail and audit pages, in Spanish."""
    with live_server.data():
        recruiter = factories.make_recruiter(
            name="Rae Recruiter",
            email="rae@agency.example",
            phone="+34 910 000 000",
            language="es",
            time_zone="Europe/Madrid",
        )
        client = factories.make_client(name="Acme Ibérica")
        position = factories.make_position(client=client, title="Ingeniera de datos")
        candidate = factories.make_candidate(
            name="Lucía Ortega", email="lucia@example.com", language="es"
        )
        people = [PanelEntry("Pilar Soto", "Directora técnica", "decision_maker")]
        ended = factories.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            starts_in=dt.timedelta(hours=-3),
            people=people,
        )
        factories.make_debrief(
            interview=ended, candidate_interest=5, employer_interest=4, call_me=True
        )
        factories.make_interview(
            candidate=candidate,
            recruiter=recruiter,
            position=position,
            starts_in=dt.timedelta(days=1),
            people=people,
        )
        factories.make_share_link(candidate=candidate, created_by=recruiter)
    allowed = [
        "Lucía Ortega",
        "Rae Recruiter",
        "Rae",
        "Acme Ibérica",
        "Ingeniera de datos",
        "Pilar Soto",
        "Directora técnica",
        "Debrief Recruiting",
        "Debrief",
        "Europe/Madrid",
        "English",
        # Zone names people type or pick (IANA's, not sentences).
        "America/Port of Spain",
        "Europe/Isle of Man",
        # The audit log's action codes, and its details: records kept as they were written.
        "interview.",
        "for Harper Manager; shows summary; 14 days",
    ]
    context = browser.new_context(base_url=live_server.url, **SPANISH_PHONE)
    page = context.new_page()
    try:
        page.goto("/login")
        page.locator("input[name=email]").fill("rae@agency.example")
        page.locator("input[name=password]").fill(factories.PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_url("**/recruiter/")
        pages = [
            "/recruiter/",
            "/recruiter/interviews",
            "/recruiter/interviews/new",
            f"/recruiter/interviews/{ended.id}",
            "/recruiter/candidates",
            f"/recruiter/candidates/{candidate.id}",
            "/recruiter/clients",
            f"/recruiter/clients/{client.id}",
            f"/recruiter/positions/{position.id}",
            "/recruiter/templates",
            "/recruiter/shares",
            "/recruiter/shares/new",
            "/recruiter/settings",
            "/recruiter/account",
            "/recruiter/outbox",
            "/recruiter/audit",
        ]
        for path in pages:
            page.goto(path)
            read_in_spanish(page, allowed, label=f"recruiter {path}")
    finally:
        context.close()
