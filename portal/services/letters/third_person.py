"""A candidate's words about themselves ("I led the migration", "my SQL is strong"),
rewritten in the third person for a client to read ("Ana led the migration", "Ana's SQL
is strong").

Deterministic and local. The first mention in a point uses the candidate's first name,
later ones "they"/"their"; the verb after "I" agrees ("I manage" -> "Ana manages").
Points with no first person ("Led a 40-dashboard migration") are left as written.
"""

from __future__ import annotations

import re

# Verbs that stay as they are after a third-person subject: modals and common past forms.
_UNCHANGED_WORDS = """can could will would shall should may might must
    led built ran made took wrote grew drove won cut set taught brought sold saw met gave
    got spent kept found began became knew thought did had was put shipped hired"""
_UNCHANGED = frozenset(_UNCHANGED_WORDS.split())
_IRREGULAR = {"am": "is", "have": "has", "do": "does", "go": "goes", "were": "was"}
# Words that may sit between "I" and its verb ("I also manage").
_ADVERB_WORDS = """also really recently successfully personally previously currently often
    always never already still just usually"""
_ADVERBS = frozenset(_ADVERB_WORDS.split())
# Contractions and their expansions as (subject's verb) — "I'm" is "I am".
_CONTRACTIONS = {"i'm": "am", "i've": "have", "i'd": "would", "i'll": "will"}
_WORD = re.compile(r"[A-Za-z’']+|[^A-Za-z’']+")


def _agree(verb: str) -> str:
    """The verb as it follows he/she/a name: 'manage' -> 'manages', 'led' stays."""
    lower = verb.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower in _UNCHANGED or lower.endswith("ed") or not lower.isalpha():
        return verb
    if lower.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def rewrite(point: str, *, name: str) -> str:
    """One point in the third person, `name` being the candidate's first name."""
    tokens = _WORD.findall(point)
    words = [i for i, t in enumerate(tokens) if t[0].isalpha() or t[0] in "’'"]
    named = False
    out = list(tokens)

    def subject() -> str:
        nonlocal named
        if named:
            return "they"
        named = True
        return name

    for position, index in enumerate(words):
        lower = tokens[index].lower().replace("’", "'")
        following = [words[k] for k in range(position + 1, len(words))]
        if lower in _CONTRACTIONS:
            who = subject()
            verb = _CONTRACTIONS[lower]
            out[index] = f"{who} {_agree(verb) if who == name else {'am': 'are'}.get(verb, verb)}"
        elif lower == "i":
            who = subject()
            out[index] = who
            if who != name:
                continue  # "they manage": the verb is right as written
            for k in following:
                if tokens[k].lower() in _ADVERBS:
                    continue
                out[k] = _agree(tokens[k])
                break
        elif lower in ("my", "mine"):
            out[index] = f"{name}'s" if not named else "their"
            named = True
        elif lower == "me":
            out[index] = "them" if named else subject()
        elif lower == "myself":
            out[index] = "themselves"
    text = "".join(out)
    return text[:1].upper() + text[1:]
