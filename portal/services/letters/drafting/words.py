"""Words as drafting and its checks read them: splitting, normalising, whole-word search."""

from __future__ import annotations

import re

# Words for matching and spelling: letters and digits, with inner apostrophes ("don't").
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words for counting also join on hyphens, as word processors do ("day-to-day" is one).
COUNTED_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set (for word lists kept as text)."""
    return frozenset(text.split())


# Words of one language that the other never writes in a sentence: a note or a sentence
# with them is in that language (a letter's reader must not meet the other one).
ENGLISH_ONLY = wordset(
    """
    the and of to with for our their my is are was were how what why when where which this
    that these those from about they we you your i it be been have has had will would can
    could should on at in by an thank thanks
    """
)
SPANISH_ONLY = wordset(
    """
    de del la las el los que en por para con una unos unas y su sus muy más cómo qué también
    pero como está están es gracias estimado estimada saludo saludos usted nos mi mis tu tus
    """
)

STOPWORDS = wordset(
    """
    a an the and or but of to in on at for with by from as is are was were be been being it
    its this that these those my our your their his her we i you they he she me us them so
    if than then about into over how what when where which who why not no do does did have
    has had will would can could should may might
    """
)


def words(text: str) -> list[str]:
    """The words of `text`, as typed."""
    return WORD.findall(text or "")


def norm_words(text: str) -> list[str]:
    """The words of `text`, lower-cased, with typographic apostrophes made plain."""
    return [w.lower().replace("’", "'") for w in words(text)]


def contains(haystack: list[str], needle: list[str]) -> bool:
    """Whether the word list `needle` occurs, whole words, inside `haystack`."""
    if not needle:
        return False
    # Padding with spaces makes this a whole-word match on the joined word lists.
    return f" {' '.join(needle)} " in f" {' '.join(haystack)} "


# Titles written with a dot ("Dra. Osei", "Mr. Doe"): no sentence ends after them.
_TITLES = wordset("dr dra sr sra srta d dña prof profa mr mrs ms mx lic lcda ing")


def sentences(text: str) -> list[str]:
    """The sentences of `text`: split after . ! ? (not after a title such as "Dra.") and
    at line breaks."""
    out: list[str] = []
    for line in (text or "").split("\n"):
        pieces: list[str] = []
        for piece in re.split(r"(?<=[.!?])\s+", line):
            if pieces and pieces[-1].endswith(".") and _title_at_end(pieces[-1]):
                pieces[-1] += " " + piece
            elif piece.strip():
                pieces.append(piece)
        out += pieces
    return [s.strip() for s in out if s.strip()]


def _title_at_end(text: str) -> bool:
    return text.split()[-1][:-1].lower() in _TITLES
