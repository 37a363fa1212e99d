"""Reading a candidate's notes typed in Spanish: which can go into a Spanish letter, and
as what.

The rules of `notes`, for Spanish and written for it: Spanish drops the subject, so a
qualification typed in the first person ("lideré la migración a dbt", "llevo cinco años
en logística") already reads after "me gustaría añadir que"; a topic is a noun phrase,
an infinitive or a "cómo …" with no conjugated verb ("la migración a Kafka", "contratar
a dos analistas"); owner words become "su" ("nuestros planes" -> "sus planes", which
reads as "yours" to usted and as "theirs" in a tú letter, both right). Word forms come
from `simplemma`'s Spanish lexicon. Every word of a note must be Spanish (or a name, a
product, a number): a note typed in English never lands in a Spanish letter, it is left
for the candidate's own words, as is anything else not certain (`None` here).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

import simplemma

from portal.services.letters.drafting.language import joined_clauses
from portal.services.letters.drafting.words import ENGLISH_ONLY
from portal.services.letters.drafting.words import wordset

TOPIC_MAX_WORDS = 12

# Shorthand typed on a phone ("q", "xq", "tb", "x" for "por"), arrows, questions.
_SHORTHAND = re.compile(
    r"(?:\b(?:q|xq|pq|porq|tb|tbn|tmb|x|d|k|dnd|xa|pa|mñn|finde|reu|aprox|etc|info|tel|"
    r"w/o?|b/c|re|ppl|mgr|asap|tbd|fyi)(?=\W|$)|\b[cs]/|->|=>|[?¿!¡]|\.\.\.|…|\s/\s|\+\+)",
    re.IGNORECASE,
)
# Who did what: a note with one of these is somebody's clause, not a topic.
_PRONOUNS = wordset(
    "yo me mí conmigo nosotros nosotras nos él ella ellos ellas le les tú te ti usted ustedes"
)
_OWN = wordset("mi mis nuestro nuestra nuestros nuestras tu tus")
# English words no Spanish note has: their presence makes a note English.
_ENGLISH = ENGLISH_ONLY | wordset("asked said wants need needs team hiring plans moving")
# Forms the lexicon reads as their own lemma but that are verbs all the same.
_VERB_FORMS = wordset(
    "es son era eran fue fueron será serían sería está están estaba estaban hay había ha han "
    "he hemos va van iba iban"
)
_WH = wordset("cómo qué cuándo dónde cuál cuáles")
# Words a topic may open with that still lose their capital ("Cómo", "La", "Dos").
_DETERMINERS = wordset(
    "el la los las un una unos unas su sus este esta estos estas dos tres cuatro cinco seis "
    "siete ocho nueve diez varios varias muchos muchas más"
)
_TOPIC_LEAD = re.compile(
    r"^(?:hablamos (?:de|sobre)|comentamos|charlamos (?:de|sobre)|conversamos sobre|"
    r"tratamos|vimos|repasamos|tema|sobre|acerca de|re)\s*:?\s+",
    re.IGNORECASE,
)
_OWNER = re.compile(r"^(nuestros|nuestras|nuestro|nuestra|sus|su)\s+", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
_CLITIC = re.compile(r"(?:me|te|le|les|lo|los|la|las|nos|se)+$")
# Preterites of the first person that do not end in -é or -í.
_IRREGULAR_PRETERITE = wordset(
    "hice tuve estuve fui dije pude puse supe quise traje conduje vine obtuve mantuve "
    "propuse deshice rehice introduje produje reduje traduje"
)
# Present forms of the first person that are never nouns: "dirijo un equipo de 8".
_PRESENT = wordset(
    "dirijo gestiono hablo lidero programo domino tengo soy estoy manejo coordino superviso "
    "utilizo conozco llevo cuento hago escribo enseño"
)
# Nouns that end like a first-person preterite.
_NOT_PRETERITE = wordset("comité café bebé esquí rubí maniquí jabalí menú sofá")
_LANGUAGES = wordset(
    "alemán inglés francés italiano portugués chino mandarín japonés árabe tamil catalán "
    "euskera gallego ruso neerlandés holandés polaco sueco coreano hindi turco griego"
)
_FLUENT = wordset("fluido fluida fluidez c1 c2")
_NATIVE = wordset("nativo nativa materna")
# A phrase that opens with one of these is something one has ("cuento con …").
_HELD = _DETERMINERS | wordset(
    "experiencia formación certificación título máster grado doctorado licenciatura "
    "conocimientos dominio"
)


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The Spanish lemma of `word` ("lideré" -> "liderar", "planes" -> "plan")."""
    return str(simplemma.lemmatize(word, lang="es"))


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    # pyspellchecker's Spanish list holds headwords only (no plurals, no verb forms) but
    # has the small words simplemma's lexicon lacks ("tan", "ojalá").
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="es").word_frequency.dictionary)


@lru_cache(maxsize=8192)
def _lexicon_knows(word: str) -> bool:
    return bool(simplemma.is_known(word, lang="es")) or word in _dictionary()


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def is_known(word: str) -> bool:
    """Whether `word` is a Spanish word form, a verb with its pronouns joined on
    ("explicarme", "dándole") included."""
    lower = word.lower()
    if _lexicon_knows(lower) or _lexicon_knows(word):
        return True
    stem = _CLITIC.sub("", lower)
    return stem != lower and len(stem) >= 2 and _lexicon_knows(_plain(stem))


def _is_verb_lemma(text: str) -> bool:
    # An infinitive never carries a written accent but on -ír ("oír"): "estándar" and
    # "dólar" are nouns.
    if not text.endswith(("ar", "er", "ir", "ír")):
        return False
    return text.endswith("ír") or _plain(text) == text


def is_finite_verb(word: str) -> bool:
    """A conjugated verb or a gerund ("preguntó", "necesitan", "pasando"); an infinitive
    ("contratar") or a participle used as an adjective ("automatizado") is not."""
    lower = word.lower()
    if lower in _VERB_FORMS:
        return True
    base = lemma(lower)
    if base == lower or not _is_verb_lemma(base):
        return False
    if lower in (base + "s", base + "es"):
        return False  # a plural: "lugares", "particulares"
    return not lower.endswith(("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"))


def _is_infinitive(word: str) -> bool:
    lower = word.lower()
    return _is_verb_lemma(lower) and lemma(lower) == lower


def _clean(note: str) -> str:
    text = " ".join((note or "").split()).strip().rstrip(".;:, ").strip()
    return re.sub(r"\s+[&+]\s+", " y ", text)


def _plain_words(text: str) -> list[str]:
    return [t.strip(",;:()\"'“”‘’«»").lower() for t in _TOKEN.findall(text)]


def _mentions_someone(text: str, names: Collection[str]) -> bool:
    return any(w in names for w in _plain_words(text))


def _is_spanish(text: str) -> bool:
    """Every word is Spanish, or a name, product, acronym or number (capitals, digits,
    or a short word typed in lower case: "dbt", "sql")."""
    for raw in re.findall(r"[^\W_]+", text):
        if any(c.isupper() or c.isdigit() for c in raw):
            continue
        if raw.lower() in _ENGLISH or not (is_known(raw) or len(raw) <= 4):
            return False
    return True


def _lower_first(text: str) -> str:
    """Lower-case a plain Title-case first word ("Migración" -> "migración"); names
    ("Róterdam"), products and acronyms keep their capitals."""
    first = text.split()[0]
    plain = first[:1].isupper() and (len(first) == 1 or first[1:].islower())
    if not plain:
        return text
    lower = first.lower()
    if lower not in _DETERMINERS | _WH and (not is_known(lower) or lemma(lower)[:1].isupper()):
        return text
    return lower + text[len(first) :]


def _reads_as_phrase(text: str, names: Collection[str]) -> bool:
    """Short, Spanish, no shorthand, nobody's name or pronoun, no conjugated verb."""
    if not text or _SHORTHAND.search(text) or _mentions_someone(text, names):
        return False
    plain = _plain_words(text)
    if len(plain) > TOPIC_MAX_WORDS or not _is_spanish(text):
        return False
    if any(w in _PRONOUNS for w in plain) or any(w in _OWN for w in plain[1:]):
        return False
    # "cómo miden los tiempos de entrega" reads after "sobre" as it is: a question
    # word makes the verb part of the topic, and so does "que" after a noun ("la
    # revisión de la semana que viene"); a verb before either makes it a clause.
    if plain[0] in _WH:
        return True
    head = plain[: plain.index("que")] if "que" in plain[1:] else plain
    return not any(is_finite_verb(w) for w in head if w.isalpha())


def topic_of(note: str, *, names: Collection[str] = ()) -> str | None:
    """A note as a topic ("la migración a Kafka", "sus planes para Róterdam"), or None."""
    text = _TOPIC_LEAD.sub("", _clean(note))
    if not text:
        return None
    text = _OWNER.sub(lambda m: "sus " if m[1].lower().endswith("s") else "su ", text)
    if not _reads_as_phrase(text, names):
        return None
    return _lower_first(text)


def _first_person(part: str, names: Collection[str]) -> str | None:
    """One comma-separated part of a qualification as a clause of the first person."""
    words = part.split()
    first = words[0].lower()
    plain = _plain_words(part)
    if any(w in _PRONOUNS - {"me", "mí", "conmigo"} for w in plain) or not _is_spanish(part):
        return None
    if _mentions_someone(part, names) or first in _OWN:
        return None
    preterite = (
        first.endswith(("é", "í")) and first not in _NOT_PRETERITE and is_finite_verb(first)
    ) or first in _IRREGULAR_PRETERITE
    perfect = first == "he" and len(words) > 1 and words[1].lower().endswith(("ado", "ido"))
    if preterite or perfect or first in _PRESENT:
        return _lower_first(part)
    if first.endswith(("ando", "iendo", "yendo")) and is_finite_verb(first):
        return "tengo experiencia " + _lower_first(part)  # "gestionando equipos"
    if first in _LANGUAGES and any(w in _FLUENT for w in plain):
        return "hablo " + _lower_first(part)  # "alemán fluido"
    if first in _LANGUAGES and len(plain) == 2 and plain[1] in _NATIVE:
        return f"el {first} es mi lengua materna"  # "árabe nativo"
    return None


def _and_clause(part: str, names: Collection[str]) -> str | None:
    """A later part of a qualification as a clause joined on ("y lideré …"), or None."""
    clause = _first_person(part, names)
    if clause is None:
        return None
    # "y" becomes "e" before an i sound: "e impartí", but "y hierro" keeps it.
    return ("e " if re.match(r"(?i)h?[ií](?!e)", clause) else "y ") + clause


def clause_of(qualification: str, *, names: Collection[str] = ()) -> str | None:
    """A qualification as a clause of the first person, or None when not certain.

    "lideré la migración de 40 cuadros de mando" stays as it is; "Yo dirijo un equipo
    de 8" -> "dirijo un equipo de 8"; "cinco años de SQL" -> "cuento con cinco años de
    SQL"; "auditorías WCAG 2.2" -> "tengo experiencia en auditorías WCAG 2.2"; "alemán
    fluido" -> "hablo alemán fluido"; "su stack es antiguo" -> None.
    """
    text = _clean(qualification)
    if not text or _SHORTHAND.search(text.replace("%", "")):
        return None
    text = re.sub(r"(?i)^yo\s+", "", text)
    # A decimal comma ("4,2 M") has no space after it; a list comma does.
    parts = [p.strip() for p in re.split(r",\s+", text) if p.strip()]
    first = _first_person(parts[0], names)
    if first is None:
        if len(parts) > 1 or not _reads_as_phrase(parts[0], names):
            return None
        phrase = _lower_first(parts[0])
        lead = phrase.split()[0].lower()
        if lead in _HELD or lead[:1].isdigit():
            return "cuento con " + phrase
        if _is_infinitive(lead):
            return None  # "liderar equipos": a wish or a skill? Not certain.
        if lead.endswith("o") and any(
            _is_infinitive(lead[:-1] + end) for end in ("ar", "er", "ir")
        ):
            return None  # "prototipo en SwiftUI": "I prototype", or a prototype? Not certain.
        return "tengo experiencia en " + phrase
    return joined_clauses(
        first,
        parts[1:],
        clause=lambda part: _and_clause(part, names),
        # An aside such as "un 128 % de la cuota".
        is_aside=lambda part: _reads_as_phrase(part, names) and not _is_infinitive(part.split()[0]),
    )


def next_step_of(note: str, *, names: Collection[str] = ()) -> str | None:
    """A next step as something to look forward to ("la revisión del portafolio",
    "conocer a la directora de ingeniería"), or None: only a phrase that opens with an
    article, "su", or an infinitive reads after "Espero con interés"."""
    topic = topic_of(note, names=names)
    if topic is None:
        return None
    first = topic.split()[0].lower()
    if first in ("el", "la", "los", "las", "un", "una", "su", "sus") or _is_infinitive(first):
        return topic
    return None
