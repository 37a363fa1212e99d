"""Thank-you letters drafted from an interview debrief, one per interviewer.

The candidate records who they met, the key points discussed and the qualifications they
want to reinforce; this module turns that into a short, personal draft for each person,
checks a draft against simple guidance (name, a specific point, length, spelling, the
24-hour mark) and packages it as a mailto link, an unsent .eml message or a file name.

Drafting is deterministic and local: the same debrief always yields the same drafts.
Variety is seeded, never random: a hash of the candidate picks where each list of
phrasings starts and the person's place on the panel rotates from there (so one panel's
letters differ), and a hash of candidate and interviewer picks the role sentence and the
sign-off (so two candidates writing to the same person do not send the same letter).

What a reader must be able to believe: a person is greeted by first name; a key point is
named only in the letter to the person the candidate says raised it (or when they met
one person); notes are set inside whole sentences ("their data quality problems" becomes
"your data quality problems"); the stated interest sets the wording (3 of 5 is never "very
interested"); nothing that overlaps the candidate's concerns is put in a letter.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import quote

from portal.services.errors import ServiceError
from portal.services.mail import headers
from portal.services.vocabulary import DEFAULT_ROLE, INTERVIEWER_ROLES

if TYPE_CHECKING:
    from spellchecker import SpellChecker

TONES = ("formal", "warm")

# Calibrated on compose_drafts output: letters to one panel of 2-5 people score at most
# about 0.57 on `similarity` (0.62 for panels of up to 8), while a copy with a word or two
# changed scores 0.97 or more. 0.8 sits well clear of both: it flags copies, not siblings.
ALIKE_THRESHOLD = 0.8

MIN_WORDS = 100
MAX_WORDS = 200
SEND_WITHIN = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Person:
    """Someone the candidate met; `role` is one of INTERVIEWER_ROLES (others sort last)."""

    name: str
    title: str = ""
    role: str = "peer"
    email: str = ""
    point: str = ""  # the key point the candidate says they discussed with this person


@dataclass(frozen=True)
class LetterContext:
    """What every letter from one debrief shares; `ended_at` is naive UTC."""

    candidate_name: str
    position_title: str
    client_name: str
    key_points: str = ""
    qualifications: str = ""
    ended_at: dt.datetime | None = None
    candidate_key: str = ""  # seeds the choice of phrasings (the candidate's id)
    interest: int | None = None  # the candidate's interest, 1-5, as stated in the debrief
    concerns: str = ""  # never quoted: points overlapping it are left out
    panel_size: int = 0  # one person met: every key point was discussed with them


@dataclass(frozen=True)
class Draft:
    """A drafted letter: subject line and plain-text body."""

    subject: str
    body: str


@dataclass(frozen=True)
class Check:
    """One piece of guidance about a draft; `ok` False means worth a look, not a block."""

    key: str
    ok: bool
    message: str


# ---------------------------------------------------------------------------
# People and points
# ---------------------------------------------------------------------------


def _role_key(role: str) -> str:
    # Forms and imports spell roles loosely ("Decision maker", "decision-maker").
    return re.sub(r"[\s\-]+", "_", (role or "").strip().lower())


def _role_rank(role: str) -> int:
    key = _role_key(role)
    ranked = list(INTERVIEWER_ROLES)
    return ranked.index(key) if key in ranked else len(ranked)


def role_rank(role: str) -> int:
    """Where a role sorts: decision makers 0, influencers 1, peers 2, HR 3, unknown 4."""
    return _role_rank(role)


def order_people(people: Iterable[Person]) -> list[Person]:
    """People by role: decision makers, influencers, peers, HR, then unknown roles.

    Order within a role is kept as given.
    """
    # sorted() is stable, so equal ranks keep the order the candidate entered them in.
    return sorted(people, key=lambda p: _role_rank(p.role))


# A bullet at the start of a line or segment: -, *, •, ·, –, —, or "1." / "1)" numbering
# (followed by a space, so "1.5 years of Python" keeps its number).
_BULLET = re.compile(r"^\s*(?:[-*•·–—]+|\d{1,2}[.)](?=\s))\s*")
_SEPARATORS = re.compile(r"[\n\r;•]+")


def split_points(text: str) -> list[str]:
    """Short points from free text: one per line, or separated by ';' or bullets.

    Leading bullet marks ("-", "*", "•", "1.") and surrounding whitespace are stripped and
    empty entries dropped. A hyphen inside a point ("day-to-day") is left alone.
    """
    points: list[str] = []
    for segment in _SEPARATORS.split(text or ""):
        point = _BULLET.sub("", segment).strip()
        if point:
            points.append(point)
    return points


# ---------------------------------------------------------------------------
# Composing
# ---------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# First words that are ordinary lower-case words at the start of a typed point; anything
# else (a product, a place, a person) keeps its capital when placed mid-sentence.
_LOWER_STARTERS = _wordset(
    """
    a an the our their your my his her its this that these those some several many more most
    each every how why what when where which who whether about around over with in on for to
    from through across into we they you he she it there new next current upcoming recent
    possible strong solid deep broad proven fluent native extensive practical excellent
    good first full direct daily close experienced certified hands plans plan team teams
    years year experience growth hiring expansion moving scaling budget budgets one two
    three four five six seven eight nine ten twelve fifteen twenty led built ran grew won
    cut drove wrote taught set made took brought
    """
)


def _fragment(text: str) -> str:
    """A typed point made fit to sit after a colon or dash inside a sentence."""
    fragment = text.strip().rstrip(".;:,!? ").strip()
    words = fragment.split()
    if not words:
        return ""
    first = words[0]
    # Only a plain Title-case word ("Fluent", "Migrating") loses its capital; "SQL",
    # "iOS" or "McKinsey" are left as typed.
    if not (first[:1].isupper() and (len(first) == 1 or first[1:].islower())):
        return fragment
    if first == "I":
        return fragment
    lower = first.lower()
    looks_common = lower in _LOWER_STARTERS
    if not looks_common and len(lower) > 4 and lower.endswith(("ing", "ed")):
        # "Migrating billing" reads as a verb phrase; "United Nations" (two capitals in a
        # row) reads as a name and keeps its capital.
        second = words[1] if len(words) > 1 else ""
        looks_common = not second[:1].isupper()
    if looks_common:
        return first[:1].lower() + fragment[1:]
    return fragment


_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame"})


def _first_name(name: str) -> str:
    parts = [w for w in name.split() if w.lower().rstrip(".") not in _HONORIFICS]
    return parts[0] if parts else name.strip()


# Each template list is indexed by the person's position on the panel, so people on a panel
# of up to five get different sentences throughout; role sentences (two per role) are
# the exception, since one panel rarely has more than two people in the same role.
_FORMAL = {
    "greeting": ("Dear {name},",),
    "opening": (
        (
            "Thank you for taking the time to meet with me to discuss the {position} position"
            "{at_client}. I appreciated the opportunity to learn more about the team and its "
            "priorities."
        ),
        (
            "Thank you for speaking with me during my interview for the {position} role"
            "{at_client}. Our conversation gave me a much clearer picture of the work and of "
            "the people behind it."
        ),
        (
            "I am grateful for the time you set aside to interview me for the {position} "
            "position{at_client}. It was a pleasure to hear your perspective on the role."
        ),
        (
            "I would like to thank you for meeting with me about the {position} role"
            "{at_client}. I valued our candid and thoughtful discussion."
        ),
        (
            "Thank you for the time you gave me during the interview for the {position} "
            "position{at_client}. I found our conversation both informative and encouraging."
        ),
    ),
    "point": (
        (
            "I especially valued our discussion of {point}; it is exactly the kind of "
            "challenge I would like to take on."
        ),
        (
            "I was glad we had the chance to talk about {point}. It helped me understand "
            "what matters most in this role."
        ),
        "Talking about {point} was, for me, the most useful part of the interview.",
        "I have continued to reflect on what you said about {point}.",
        ("Hearing your view on {point} confirmed that the role matches the work I do best."),
    ),
    "point_generic": (
        (
            "It was valuable to hear how the team works and what it hopes to achieve over the "
            "coming year."
        ),
        (
            "Learning about the team's current priorities was especially valuable, and it gave "
            "me a clear sense of where I could contribute."
        ),
        (
            "Our discussion of the role's main challenges was the most useful part of the "
            "interview for me, and it has stayed with me since."
        ),
        (
            "I valued your honest account of what the role involves, and I have continued to "
            "reflect on it since we spoke."
        ),
        "Hearing your perspective on the work ahead made the role much more concrete for me.",
    ),
    "qualification": (
        "I would also like to underline that {clause}, which I believe fits this role well.",
        "As you consider the next steps, I hope you will keep in mind that {clause}.",
        "Part of my background seems especially relevant here, since {clause}.",
        "It may help your assessment to know that {clause}.",
        "I believe it is worth repeating that {clause}.",
    ),
    "qualification_generic": (
        (
            "I believe my experience and the way I approach my work would be a strong fit for "
            "what you described."
        ),
        (
            "I am confident that my background has prepared me well for the responsibilities "
            "we discussed."
        ),
        (
            "My experience to date matches the needs you described, and I would bring the "
            "same care and energy to this role."
        ),
        "I believe the skills I have built so far would let me contribute from the start.",
        (
            "I would bring both relevant experience and a steady, careful approach to the "
            "challenges you outlined."
        ),
    ),
    "decision_maker": (
        (
            "From what you shared about your goals for the team, I am confident that my "
            "experience would help deliver results that matter to the business."
        ),
        (
            "I believe I could make a measurable contribution early on and support the "
            "priorities you set out for the team."
        ),
    ),
    "influencer": (
        (
            "I would value the opportunity to work closely with you and your colleagues, and I "
            "believe my approach would make our collaboration straightforward and productive."
        ),
        (
            "It was helpful to understand how your work connects with this role, and I would "
            "look forward to partnering with you on shared projects."
        ),
    ),
    "peer": (
        (
            "It was good to get a sense of how the team works together day to day, and I would "
            "look forward to sharing the workload and learning from you."
        ),
        (
            "I appreciated hearing what a typical week looks like on the team; it sounds like "
            "an environment in which I would work well alongside you."
        ),
    ),
    "hr": (
        (
            "Thank you as well for explaining the process and the next steps so clearly; "
            "please let me know if you need any further information from me, such as "
            "references."
        ),
        (
            "I appreciated your clear overview of the hiring process and timeline, and I am "
            "happy to provide references or any documents you may need."
        ),
    ),
    "interest": (
        (
            "I remain very interested in this opportunity and would welcome the chance to move "
            "forward."
        ),
        (
            "Our discussion strengthened my interest in the position, and I would be glad to "
            "continue to the next stage."
        ),
        "I am enthusiastic about this role and hope to take the next step in the process.",
        "I am keen to move forward and would be delighted to join your team.",
        (
            "I would welcome the opportunity to move forward and to contribute to the work "
            "we discussed."
        ),
    ),
    "interest_measured": (
        "I would welcome a further conversation to learn more about the role.",
        "I would be glad to continue the conversation and to hear about the next steps.",
        "I would appreciate the chance to discuss the role in more depth.",
        "I look forward to learning more about how the role develops.",
        "I would be happy to answer any further questions you may have.",
    ),
    "interest_low": (
        "I appreciated the clear picture of the role and the team.",
        "It was useful to understand the role and its priorities so clearly.",
        "I valued the chance to learn about the role first-hand.",
        "Thank you for giving me such an honest view of the position.",
        "I am grateful for the time you took to explain the position.",
    ),
    "closing": (
        "Thank you again for your time and consideration.",
        "I look forward to hearing from you.",
        "Please do not hesitate to contact me if any further information would be helpful.",
        "Thank you once more; I look forward to the next steps.",
        "Thank you for considering my application.",
    ),
    "signoff": (
        "Kind regards,",
        "Best regards,",
        "Sincerely,",
        "With best regards,",
        "Yours sincerely,",
    ),
}

_WARM = {
    "greeting": ("Hi {name},",),
    "opening": (
        (
            "Thank you so much for taking the time to talk with me about the {position} role"
            "{at_client}. I really enjoyed our conversation and came away with a great "
            "impression of the team."
        ),
        (
            "Thanks so much for meeting with me about the {position} position{at_client}. It "
            "was great to hear how you and the team approach the work."
        ),
        (
            "I wanted to say a quick thank you for your time during my interview for the "
            "{position} role{at_client}. It was a genuinely enjoyable conversation."
        ),
        (
            "It was a real pleasure to meet you during my interview for the {position} "
            "position{at_client}, and thank you for being so generous with your time."
        ),
        (
            "Thank you for such a friendly and open conversation about the {position} role"
            "{at_client}. I left with a much better feel for the team and the work."
        ),
    ),
    "point": (
        "I really enjoyed talking about {point} with you, and I have been thinking about it since.",
        "Getting into {point} with you made the role feel very real to me.",
        "Our chat about {point} was a real highlight of the conversation for me.",
        "I keep coming back to what you said about {point}.",
        "It was great to hear your take on {point}; it helped a lot.",
    ),
    "point_generic": (
        (
            "I really enjoyed hearing how the team works and what you are hoping to achieve "
            "this year."
        ),
        (
            "It was great to hear about the team's priorities, and I could easily picture "
            "where I would fit in."
        ),
        (
            "Talking through the main challenges of the role was the best part of the "
            "conversation for me."
        ),
        "I appreciated how honestly you described the role, and it has stayed on my mind since.",
        "Hearing your take on the work ahead made the role feel very real to me.",
    ),
    "qualification": (
        "I also wanted to mention again that {clause}, and I would bring that to the team.",
        "One more thing from my side is that {clause}.",
        "I think it fits especially well here that {clause}.",
        "If it helps, it is worth knowing that {clause}.",
        "I am also proud that {clause}.",
    ),
    "qualification_generic": (
        (
            "I think my experience and the way I like to work would fit really well with what "
            "you described."
        ),
        "I feel my background has set me up well for the kind of work we talked about.",
        (
            "What you described lines up nicely with what I have been doing so far, and I "
            "would bring the same energy to it."
        ),
        "I am confident the skills I have built so far would let me hit the ground running.",
        (
            "I think the experience I bring, plus real enthusiasm for the work, would make me a "
            "good addition to the team."
        ),
    ),
    "decision_maker": (
        (
            "I appreciated hearing your perspective as the person who leads the team, and "
            "it gave me a much clearer sense of what the role needs."
        ),
        (
            "From what you told me about where the team is heading, I really believe I could "
            "help it get there and make a real difference early on."
        ),
        (
            "I would love the chance to help the team reach the goals you described and to "
            "show results early on."
        ),
    ),
    "influencer": (
        (
            "I would really enjoy working with you and your colleagues, and I think we would "
            "collaborate well on shared work."
        ),
        "It sounds like we would work together often, which I would genuinely look forward to.",
    ),
    "peer": (
        (
            "I loved hearing what a normal day on the team looks like, and I would enjoy "
            "working alongside you and learning from you."
        ),
        "Your description of how the team works day to day made me even more keen to join you.",
    ),
    "hr": (
        (
            "Thanks, too, for walking me through the process and the next steps; just let me "
            "know if you need anything else from me."
        ),
        (
            "I really appreciated your clear overview of the process and timeline, and I am "
            "happy to send references whenever they are useful."
        ),
    ),
    "interest": (
        "I am genuinely excited about this opportunity and would love to move forward.",
        (
            "Our conversation made me even more excited about the role, and I would be "
            "thrilled to take the next step."
        ),
        "I am very keen on this role and hope to move on to the next stage.",
        "I would be delighted to move forward and join the team.",
        "I would be really glad to keep moving forward with the process.",
    ),
    "interest_measured": (
        "I would be glad to keep talking and to hear more about the role.",
        "I would like to learn a bit more about how the role would shape up.",
        "I am happy to keep the conversation going and to hear about next steps.",
        "I would be glad to chat again whenever it suits you.",
        "Let me know if there is anything more you would like to hear from me.",
    ),
    "interest_low": (
        "It was really useful to get such a clear picture of the role.",
        "Thanks for being so open about what the role involves.",
        "I appreciated hearing about the role first-hand.",
        "It helped a lot to understand the team and its priorities.",
        "Thanks for giving me an honest view of the position.",
    ),
    "closing": (
        "Thanks again for your time, and I hope to speak with you soon.",
        "I look forward to hearing from you.",
        "Please reach out if there is anything else I can share.",
        "Thank you again, and have a great rest of your week.",
        "Thanks again for your time and your openness.",
    ),
    "signoff": ("Best wishes,", "All the best,", "Warm regards,", "Kind regards,", "Many thanks,"),
}

_TEMPLATES = {"formal": _FORMAL, "warm": _WARM}


def _pick(options: Sequence[str], index: int, shift: int = 0) -> str:
    """The option for the `index`-th letter, rotating through `options`.

    Past the end of the list each component moves on by its own `shift`, so on a panel
    larger than the list, letter 5 does not repeat letter 0's exact mix of sentences.
    """
    n = len(options)
    return options[(index + shift * (index // n)) % n]


def check_tone(tone: str) -> str:
    """`tone` as one of TONES (any case, spaces ignored); ServiceError for any other."""
    clean = (tone or "").strip().lower()
    if clean not in TONES:
        raise ServiceError("Choose formal or warm.", field="tone")
    return clean


_STRONG = re.compile(
    r"\b(very interested|excited|thrilled|delighted|enthusiastic|keen|love to|would love|"
    r"really believe)\b",
    re.IGNORECASE,
)
# Leading words of the candidate's shorthand, as the letter's reader should read them.
_TOPIC_OWNER = re.compile(r"^(their|the team's|the company's|our)\s+", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"^(i|i'm|i've|me|we|we're|my)\b", re.IGNORECASE)
_PAST_VERB = _wordset(
    "led built ran grew won cut drove wrote taught set made took brought managed shipped "
    "delivered designed launched owned migrated scaled created developed reduced improved"
)


def _seed(*parts: str) -> bytes:
    """Stable bytes from `parts`: the same candidate and person always draw the same."""
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


def _options(t: dict, name: str, mild: bool) -> Sequence[str]:
    """The phrasings of one part; with `mild`, those that do not overstate interest."""
    options = t[name]
    if mild:
        calm = tuple(o for o in options if not _STRONG.search(o))
        return calm or options
    return options


def _topic(point: str) -> str:
    """A key point as a noun phrase in the letter, or "" when it cannot be one.

    "their data quality problems" -> "your data quality problems"; a note in the
    first person ("I think the team is small") is not a topic to thank someone for.
    """
    text = _fragment(point)
    if not text or _FIRST_PERSON.match(text):
        return ""
    return _TOPIC_OWNER.sub("your ", text)


def _clause(qualification: str) -> str:
    """A qualification as a clause in the first person: "I led a dbt migration",
    "I bring five years of Python"; "" when it reads as a note about the employer."""
    text = _fragment(qualification)
    if not text or _TOPIC_OWNER.match(text):
        return ""
    first = text.split()[0].lower()
    if first in ("i", "i'm", "i've"):
        return "I" + text[1:]
    if first == "my":
        return "I bring " + text
    if first in _PAST_VERB:
        return "I " + text[:1].lower() + text[1:]
    return "I bring " + text


def _overlaps(text: str, concerns: str) -> bool:
    """Whether `text` shares a distinctive word (4+ letters, not filler) with `concerns`."""
    worry = {w for w in _norm_words(concerns) if len(w) >= 4 and w not in _STOPWORDS}
    return bool(worry & set(_norm_words(text)))


def letter_points(context: LetterContext) -> list[str]:
    """The key points a letter may name: those that do not overlap the concerns."""
    return [p for p in split_points(context.key_points) if not _overlaps(p, context.concerns)]


def compose_letter(
    *, person: Person, context: LetterContext, tone: str = "formal", index: int = 0
) -> Draft:
    """Draft the thank-you letter for `person`, the `index`-th on the panel.

    `tone` is "formal" or "warm" (ServiceError otherwise). The candidate's seed picks where
    each list of phrasings starts and `index` rotates from there, so letters to one panel
    differ; the role sentence and sign-off are seeded by candidate and person.
    """
    tone = check_tone(tone)
    t = _TEMPLATES[tone]
    index = max(index, 0)
    seed = _seed(context.candidate_key)
    own = _seed(context.candidate_key, (person.email or person.name).strip().lower())

    def pick(name: str, part: int, mild: bool = False) -> str:
        return _pick(_options(t, name, mild), index + seed[part])

    interest = context.interest
    mild = interest is None or interest <= 3
    name = _first_name(person.name.strip())
    greeting = t["greeting"][0].format(name=name) if name else "Hello,"

    position = context.position_title.strip() or "open"
    client = context.client_name.strip()
    at_client = f" at {client}" if client else ""
    opening = pick("opening", 0, mild).format(position=position, at_client=at_client)

    allowed = letter_points(context)
    chosen = person.point.strip()
    if chosen and not _overlaps(chosen, context.concerns):
        topic = _topic(chosen)
    elif context.panel_size == 1 and allowed:
        topic = _topic(allowed[0])
    else:
        topic = ""  # never credit someone with a topic they may not have raised
    point = pick("point", 1, mild).format(point=topic) if topic else pick("point_generic", 1)

    quals = [
        c
        for c in (_clause(q) for q in split_points(context.qualifications))
        if c and not _overlaps(c, context.concerns)
    ]
    if quals:
        clause = _pick(quals, index)
        qualification = pick("qualification", 2, mild).format(clause=clause)
    else:
        qualification = pick("qualification_generic", 2, mild)

    role_key = _role_key(person.role)
    # Unknown roles get the peer sentence: it assumes the least about who they are.
    every = t[role_key if role_key in INTERVIEWER_ROLES else DEFAULT_ROLE]
    roles = tuple(o for o in every if not _STRONG.search(o)) if mild else every
    role_sentence = _pick(roles, own[0]) if roles else ""

    if interest is not None and interest <= 2:
        stance = pick("interest_low", 3)
    elif mild:
        stance = pick("interest_measured", 3)
    else:
        stance = pick("interest", 3, interest == 4)
    closing = pick("closing", 4)
    signoff = _pick(t["signoff"], own[1])

    paragraphs = [
        greeting,
        f"{opening} {point}",
        f"{qualification} {role_sentence}".strip(),
        f"{stance} {closing}",
        f"{signoff}\n{context.candidate_name.strip()}".rstrip(),
    ]
    subject = (
        f"Thank you — {context.position_title.strip()} interview"
        if context.position_title.strip()
        else "Thank you for the interview"
    )
    return Draft(subject=subject, body="\n\n".join(paragraphs) + "\n")


def compose_drafts(
    *, people: Iterable[Person], context: LetterContext, tone: str = "formal"
) -> list[tuple[Person, Draft]]:
    """One draft per person, in order_people order, each with its own point and wording."""
    check_tone(tone)  # fail fast even for an empty panel
    return [
        (person, compose_letter(person=person, context=context, tone=tone, index=i))
        for i, person in enumerate(order_people(people))
    ]


# ---------------------------------------------------------------------------
# Comparing and counting
# ---------------------------------------------------------------------------

# Words for matching and spelling: letters and digits, with inner apostrophes ("don't").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words for counting also join on hyphens, as word processors do ("day-to-day" is one).
_COUNTED_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def word_count(text: str) -> int:
    """Number of words; "day-to-day" and "don't" each count as one, dashes and numbers too."""
    return len(_COUNTED_WORD.findall(text or ""))


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0.0 (nothing shared) to 1.0 (same words, same order).

    difflib.SequenceMatcher ratio over the lower-cased word lists: order-aware, so two
    letters sharing a greeting and sign-off but saying different things score low, while a
    copy with a word or two swapped scores close to 1.
    """
    wa = [w.lower() for w in _words(a)]
    wb = [w.lower() for w in _words(b)]
    if not wa and not wb:
        return 1.0
    # autojunk off: letters are short, and junking common words would make scores depend
    # on text length in ways that are hard to explain.
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def too_alike(drafts: Sequence[str], threshold: float = ALIKE_THRESHOLD) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of drafts whose similarity is at least `threshold`."""
    return [
        (i, j)
        for i in range(len(drafts))
        for j in range(i + 1, len(drafts))
        if similarity(drafts[i], drafts[j]) >= threshold
    ]


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

_STOPWORDS = _wordset(
    """
    a an the and or but of to in on at for with by from as is are was were be been being it
    its this that these those my our your their his her we i you they he she me us them so
    if than then about into over how what when where which who why not no do does did have
    has had will would can could should may might
    """
)


def _norm_words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _words(text)]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return False
    # Padding with spaces makes this a whole-word match on the joined word lists.
    return f" {' '.join(needle)} " in f" {' '.join(haystack)} "


def _mentions(body_words: list[str], point: str) -> bool:
    words = _norm_words(point)
    if _contains(body_words, words):
        return True
    # A reworded point still counts if a distinctive pair of its words survives, such as
    # "billing migration"; pairs of filler words ("of the") do not.
    for a, b in pairwise(words):
        distinctive = (a not in _STOPWORDS or b not in _STOPWORDS) and max(len(a), len(b)) >= 4
        if distinctive and _contains(body_words, [a, b]):
            return True
    return False


def _check_name(body: str, person: Person) -> Check:
    parts = [w for w in _norm_words(person.name) if w.rstrip(".") not in _HONORIFICS]
    if not parts:
        return Check("name", False, "Add the interviewer's name")
    body_words = _norm_words(body)
    if any(_contains(body_words, [part]) for part in parts):
        return Check("name", True, f"Addresses {person.name.strip()} by name")
    return Check("name", False, f"Mention {person.name.strip()} by name")


def _check_point(body: str, context: LetterContext) -> Check:
    key_points = split_points(context.key_points)
    quals = split_points(context.qualifications)
    if not key_points and not quals:
        return Check(
            "point", False, "No specific point — add a key point or qualification to the debrief"
        )
    body_words = _norm_words(body)
    has_point = any(_mentions(body_words, p) for p in key_points)
    has_qual = any(_mentions(body_words, q) for q in quals)
    if has_point and has_qual:
        return Check("point", True, "Mentions a key point and a qualification")
    if has_point:
        missing = "no qualification mentioned" if quals else "no qualifications in the debrief"
        return Check("point", True, f"Mentions a key point; {missing}")
    if has_qual:
        missing = "no key point mentioned" if key_points else "no key points in the debrief"
        return Check("point", True, f"Mentions a qualification; {missing}")
    return Check(
        "point", False, "No specific point — mention a key point or qualification you discussed"
    )


def _check_length(body: str) -> Check:
    count = word_count(body)
    if MIN_WORDS <= count <= MAX_WORDS:
        return Check("length", True, f"{count} words — good")
    return Check("length", False, f"{count} words — aim for {MIN_WORDS} to {MAX_WORDS}")


@lru_cache(maxsize=1)
def _spellchecker() -> SpellChecker:
    # Loading the English word list takes a noticeable fraction of a second; do it once,
    # on first use, rather than at import time or per request.
    from spellchecker import SpellChecker

    return SpellChecker(language="en")


def _own_words(person: Person, context: LetterContext) -> set[str]:
    # Names, titles and what the candidate typed are theirs to spell; a product name or a
    # surname is not a typo.
    texts = (
        person.name,
        person.title,
        context.candidate_name,
        context.position_title,
        context.client_name,
        context.key_points,
        context.qualifications,
    )
    return {w for text in texts for w in _norm_words(text)}


def _check_spelling(body: str, person: Person, context: LetterContext) -> Check:
    ignore = _own_words(person, context)
    candidates: list[str] = []
    for raw in _words(body):
        word = raw.replace("’", "'")
        word = word.removesuffix("'s")
        # Capitalised words are mostly names; digits and very short words are noise.
        if (
            len(word) <= 2
            or any(c.isupper() or c.isdigit() for c in word)
            or not word.isascii()
            or word in ignore
        ):
            continue
        if word not in candidates:
            candidates.append(word)
    unknown_set = _spellchecker().unknown(candidates)
    unknown = [w for w in candidates if w in unknown_set]
    if not unknown:
        return Check("spelling", True, "No spelling problems found")
    return Check("spelling", False, "Check: " + ", ".join(unknown[:5]))


def _naive_utc(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is None:
        return when
    return when.astimezone(dt.UTC).replace(tzinfo=None)


def _check_deadline(context: LetterContext, now: dt.datetime) -> Check:
    if context.ended_at is None:
        return Check("deadline", True, "Send within 24 hours of the interview")
    left = _naive_utc(context.ended_at) + SEND_WITHIN - _naive_utc(now)
    seconds = min(left, SEND_WITHIN).total_seconds()
    if seconds <= 0:
        return Check("deadline", False, "Past the 24-hour mark — send today anyway")
    # Round down so the promise is never later than the real mark.
    if seconds >= 3600:
        window = f"{int(seconds // 3600)} h"
    else:
        window = f"{max(1, math.floor(seconds / 60))} min"
    return Check("deadline", True, f"Send within {window} (by the 24-hour mark)")


# Shorthand pasted from notes: "…: their data quality problems", "…: I think …", or a
# "their" (the employer in the third person, in a letter written to the employer).
_NOTE_FRAGMENT = re.compile(r"(:\s*(?:I|my|our|we|me)\b|\btheir\b)", re.IGNORECASE)


def _check_fragments(body: str) -> Check:
    found = _NOTE_FRAGMENT.search(body)
    if found is None:
        return Check("fragments", True, "Reads as sentences, not notes")
    start = max(0, found.start() - 20)
    excerpt = " ".join(body[start : found.end() + 25].split())
    return Check("fragments", False, f"Reads like a note: “…{excerpt}…” — rewrite it for them")


@lru_cache(maxsize=1)
def _drafting_words() -> frozenset[str]:
    """Every word of the drafting's own phrasings: those are ours, not the candidate's."""
    texts = [o for t in _TEMPLATES.values() for options in t.values() for o in options]
    return frozenset(w for text in texts for w in _norm_words(text))


def _check_concerns(body: str, context: LetterContext) -> Check:
    worry = {
        w
        for w in _norm_words(context.concerns)
        if len(w) >= 4 and w not in _STOPWORDS and w not in _drafting_words()
    }
    leaked = [w for w in dict.fromkeys(_norm_words(body)) if w in worry]
    if not leaked:
        return Check("concerns", True, "Keeps your concerns out of the letter")
    return Check(
        "concerns", False, "Mentions what you noted as a concern: " + ", ".join(leaked[:3])
    )


def check_letter(
    *, body: str, person: Person, context: LetterContext, now: dt.datetime
) -> list[Check]:
    """Guidance on a draft: name, point, length, spelling, deadline, note-like fragments
    and concerns leaking in, in that order.

    `now` is naive UTC, like `context.ended_at`. Every check is advice; none blocks sending.
    """
    return [
        _check_name(body, person),
        _check_point(body, context),
        _check_length(body),
        _check_spelling(body, person, context),
        _check_deadline(context, now),
        _check_fragments(body),
        _check_concerns(body, context),
    ]


# ---------------------------------------------------------------------------
# Packaging
# ---------------------------------------------------------------------------


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto_url(*, to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the draft in the user's mail program.

    Spaces become %20 (never "+", which mail programs show literally) and line breaks
    become %0D%0A.
    """
    # RFC 6068 lets "@" and "," (address separator) stand unencoded in the address part;
    # everything else outside the unreserved set is percent-encoded.
    address = quote(to.strip(), safe="@,")
    query = f"subject={quote(subject, safe='')}&body={quote(_crlf(body), safe='')}"
    return f"mailto:{address}?{query}"


def eml_bytes(*, to: str, subject: str, body: str) -> bytes:
    """An unsent draft as .eml bytes (UTF-8, header X-Unsent: 1) that mail programs open.

    No From header is set (the mail program fills it in); `to` may be empty, and is
    left out when it is not one plain address. Headers go through the portal's one
    header guard (`portal.services.mail.headers`), as every outgoing email's do.
    """
    message = EmailMessage(policy=SMTP)
    headers.write_headers(
        message,
        {
            "To": headers.parse_mailbox(to),
            "Subject": subject,
            # Outlook and others open a message with X-Unsent: 1 as a draft ready to send.
            "X-Unsent": "1",
        },
    )
    # Quoted-printable keeps the file 7-bit clean, which every mail program opens intact.
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    # CRLF line endings: what .eml files conventionally use and what Outlook expects.
    return headers.checked_bytes(message, policy=SMTP)


_SPELL_OUT = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
    }
)


def text_filename(*, person: Person, ext: str) -> str:
    """A safe ASCII file name such as "thank-you-jane-doe.txt" for `person`'s letter."""
    # NFKD splits "ë" into "e" plus an accent; letters it cannot split ("ø", "ß") are
    # spelled out first so they are not simply lost.
    spelled = person.name.translate(_SPELL_OUT)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    extension = re.sub(r"[^a-z0-9]+", "", ext.lower())[:10] or "txt"
    return f"thank-you-{slug or 'interviewer'}.{extension}"
