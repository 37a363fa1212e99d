"""Reading the candidate's notes: which can go into a letter, and as what.

Notes are what people type on a phone: names first ("Sofia asked…"), "they…",
shorthand, numbers and abbreviations. A note goes into a sentence only where it reads
as a topic ("the move to Figma", "hiring two analysts") or can be rewritten with
certainty: owner words ("their roadmap" -> "your roadmap") and the verb forms of a
qualification ("closed S$4.2m ARR" -> "I closed S$4.2m ARR", "CA ANZ qualified" ->
"I am CA ANZ qualified"), read with `lemminflect`'s English lexicon. Anything else is
left for the candidate to say in their own words (`None` here).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from lemminflect import getAllLemmas
from lemminflect import getInflection

from portal.services.letters.drafting.language import joined_clauses
from portal.services.letters.drafting.words import SPANISH_ONLY
from portal.services.letters.drafting.words import wordset

# A topic longer than this is a sentence in disguise.
TOPIC_MAX_WORDS = 12

# Shorthand a reader would stumble on; not certain enough to rewrite.
_SHORTHAND = re.compile(
    r"(?:\b(?:w/o?|b/c|re:|bc|abt|mgr|mgmt|ppl|yrs?|govt|dept|asap|tbd|tbc|eta|fyi|imo|"
    r"tho|thru|pls|plz|prob|def|obv|smth|sth|esp|approx|incl|etc)(?=\W|$)|->|=>|\?|!|\.\.\.|…|"
    r"\s/\s|\+\+)",
    re.IGNORECASE,
)
# Subjects and objects that make a note a clause about someone: not a topic.
_PRONOUNS = wordset(
    "i i'm i've i'd we we're we've they they're they've he she he's she's it's me us them "
    "him you you're"
)
# Helping verbs: a note with one is a clause.
_AUXILIARIES = wordset(
    "am is are was were be been being has have had does did will would can could should "
    "shall may might must isn't aren't wasn't weren't don't doesn't didn't won't can't"
)
# Wh-words may open a topic ("how the team measures delivery times").
_WH = wordset("how why what when where which whether")
# Owner words, as the letter's reader should read them.
_OWNER = re.compile(r"^(their|the team's|the company's|our|his|her)\s+", re.IGNORECASE)
# What people type before a topic ("discussed the budget", "talked about hiring").
_TOPIC_LEAD = re.compile(
    r"^(?:discussed|discussing|talked about|talking about|chatted about|covered|went over|"
    r"went through|about|re|on)\s+",
    re.IGNORECASE,
)
# Participles that, after a certification, make "I am … qualified".
_STANDING = wordset("qualified certified accredited licensed chartered registered fluent")
_TOKEN = re.compile(r"\S+")
# Words the lexicon lacks that still lose their capital inside a sentence.
_PLAIN_STARTERS = _WH | wordset(
    "the a an one two three four five six seven eight nine ten eleven twelve fifteen twenty "
    "thirty forty fifty hundred several many some each every most more"
)


@lru_cache(maxsize=4096)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return getAllLemmas(word.lower())


def is_inflected_verb(word: str) -> bool:
    """A past or third-person verb form that is only a verb ("asked", "wants", "led"),
    not a noun or adjective too ("closed", "plans")."""
    lemmas = _lemmas(word)
    if set(lemmas) - {"VERB", "AUX"} or "VERB" not in lemmas:
        return False
    lower = word.lower()
    return lower not in lemmas["VERB"] and not lower.endswith("ing")


def past_form(word: str) -> bool:
    """Whether `word` is the past tense of a verb ("closed", "led", "ran")."""
    lower = word.lower()
    for lemma in _lemmas(lower).get("VERB", ()):
        if lower in getInflection(lemma, "VBD") and lower != lemma:
            return True
    return False


def _is_gerund(word: str) -> bool:
    lower = word.lower()
    return lower.endswith("ing") and "VERB" in _lemmas(lower)


def _is_base_verb_only(word: str) -> bool:
    """A verb in its base form that is not also a noun ("manage", "own" is an adjective)."""
    lemmas = _lemmas(word)
    return set(lemmas) == {"VERB"} and word.lower() in lemmas["VERB"]


# Shorthand that has one meaning only, so it is spelled out rather than refused.
_SPELLED_OUT = {"yrs": "years", "yr": "year", "mths": "months", "mos": "months"}


def _clean(note: str) -> str:
    text = " ".join((note or "").split()).strip().rstrip(".;:, ").strip()
    # "&" and a spaced "+" read as "and" with certainty.
    text = re.sub(r"\s+[&+]\s+", " and ", text)
    return re.sub(
        r"(?<=\d )(yrs|yr|mths|mos)\b", lambda m: _SPELLED_OUT[m[1].lower()], text, flags=re.I
    )


def _plain_words(text: str) -> list[str]:
    return [t.strip(",;:()\"'“”‘’").lower().replace("’", "'") for t in _TOKEN.findall(text)]


def _mentions_someone(text: str, names: Collection[str]) -> bool:
    return any(w.removesuffix("'s") in names for w in _plain_words(text))


def _lower_first(text: str) -> str:
    """Lower-case the first word when it is a plain Title-case word ("Hiring" -> "hiring");
    "SQL", "iOS", "McKinsey" and names ("Rotterdam") keep their capitals."""
    first = text.split()[0]
    plain = first[:1].isupper() and (len(first) == 1 or first[1:].islower())
    if not plain or first == "I":
        return text
    lemmas = _lemmas(first)
    if not lemmas and first.lower() not in _PLAIN_STARTERS:
        return text  # not in the lexicon: a name or a product
    return first[:1].lower() + text[1:]


def _reads_as_phrase(text: str, names: Collection[str]) -> bool:
    """No subject, no helping verb, no inflected verb, no name of a panel member, no
    shorthand, and short: something one can talk *about*."""
    if not text or _SHORTHAND.search(text) or _mentions_someone(text, names):
        return False
    plain = _plain_words(text)
    if len(plain) > TOPIC_MAX_WORDS:
        return False
    # A note typed in Spanish ("la plataforma de datos") never lands in an English letter.
    if any(w in SPANISH_ONLY for w in plain):
        return False
    if any(w in _PRONOUNS or w in _AUXILIARIES for w in plain):
        return False
    # "their" or "our" past the first word: whose is it? Not certain.
    if any(w in ("their", "our", "my", "his", "her") for w in plain[1:]):
        return False
    return not any(is_inflected_verb(w) for w in plain)


def topic_of(note: str, *, names: Collection[str] = ()) -> str | None:
    """A note as a topic to thank someone for ("your move to Figma"), or None.

    `names` are lower-cased words of the panel's names: a note about a person ("Sofia
    asked …") is theirs to tell, not a topic.
    """
    text = _TOPIC_LEAD.sub("", _clean(note))
    if not text:
        return None
    text = _OWNER.sub("your ", text)
    if not _reads_as_phrase(text.replace("your ", "", 1), names):
        return None
    return _lower_first(text)


def _first_person(part: str) -> str | None:
    """One comma-separated part of a qualification as a clause with "I", or None."""
    words = part.split()
    first = words[0].lower().replace("’", "'")
    rest = " ".join(words[1:])
    if first in ("i", "i'm", "i've"):
        head = {"i": "I", "i'm": "I'm", "i've": "I've"}[first]
        tail_words = _plain_words(rest)
        if any(w in _PRONOUNS - {"i"} for w in tail_words) or _SHORTHAND.search(rest):
            return None
        return f"{head} {rest}".strip()
    if first == "my":
        return None  # "my SQL is strong" and "my time at X" read differently: not certain
    if past_form(first) and not first.endswith("ing"):
        return "I " + first + (" " + rest if rest else "")
    if _is_gerund(first):
        return "I have experience " + first + (" " + rest if rest else "")
    if _is_base_verb_only(first):
        return "I " + first + (" " + rest if rest else "")
    standing = [i for i, w in enumerate(_plain_words(part)) if w in _STANDING]
    if standing and standing[0] == len(words) - 1:
        return "I am " + part  # "CA ANZ qualified", "PMP certified", "fluent"
    if first == "fluent" and len(words) > 1:
        # "fluent in German" -> "I am fluent in German"; "Fluent German" -> "I speak …"
        lead = "I am " if words[1].lower() == "in" else "I speak "
        return lead + _lower_first(part)
    return None


def _and_clause(part: str) -> str | None:
    """A later part of a qualification as a clause joined on ("and I led …"), or None;
    one with "I am" is not joined on: "…, PMP certified" stays an aside."""
    clause = _first_person(part)
    return None if clause is None or clause.startswith("I am") else "and " + clause


def clause_of(qualification: str, *, names: Collection[str] = ()) -> str | None:
    """A qualification as a clause in the first person, or None when not certain.

    "closed S$4.2m ARR in FY25, 128% of quota" -> "I closed S$4.2m ARR in FY25, 128% of
    quota"; "CA ANZ qualified, led two clean external audits" -> "I am CA ANZ qualified,
    and I led two clean external audits"; "five years of SQL" -> "I bring five years of
    SQL"; "their stack is old" -> None.
    """
    text = _clean(qualification)
    if not text or _SHORTHAND.search(text) or _mentions_someone(text, names):
        return None
    if _OWNER.match(text) and not text.lower().startswith(("my ",)):
        return None
    if re.match(r"^i\b", text):
        text = "I" + text[1:]  # typed on a phone: "i led …"
    parts = [p.strip() for p in text.split(",") if p.strip()]
    first = _first_person(parts[0])
    if first is None:
        if not _reads_as_phrase(parts[0], names) or len(parts) > 1:
            return None
        phrase = _lower_first(parts[0])
        lead = phrase.split()[0].lower()
        # "five years of SQL", "my time at X" are brought; "WCAG audits" is experience.
        if lead in _PLAIN_STARTERS - _WH or lead[:1].isdigit() or lead == "my":
            return "I bring " + phrase
        return "I have experience with " + phrase
    return joined_clauses(
        first,
        parts[1:],
        clause=_and_clause,
        # An aside such as "128% of quota".
        is_aside=lambda part: _reads_as_phrase(part, names) and not past_form(part.split()[0]),
    )


def next_step_of(note: str, *, names: Collection[str] = ()) -> str | None:
    """A next step as something to look forward to ("the case study next week",
    "meeting the CFO"), or None: only a phrase that opens with an article, an owner word
    or a gerund reads after "I look forward to"."""
    topic = topic_of(note, names=names)
    if topic is None:
        return None
    first = topic.split()[0].lower()
    if first in ("the", "a", "an", "your") or (_is_gerund(first) and first != "during"):
        return topic
    return None
