"""Thank-you letters drafted from an interview debrief, one per interviewer.

The candidate records who they met (and how to address them), what they talked about
with each, the key points and the qualifications they want to reinforce; this package
turns that into a short, personal draft for each person and helps them finish it:

  people       who was met, how to address them (nameparser), in what order
  notes        which typed notes can go into a sentence, and as what (lemminflect)
  phrases      the phrase banks, one per language (phrases_en), each with two tones
  composing    a letter from those: deterministic, local, seeded per candidate
  checks       guidance on a letter as it is edited, and how alike two letters are
  packaging    a mailto: link, an unsent .eml draft, a .txt file name

Callers import from here; the modules are the package's own rooms.
"""

from portal.services.letters.drafting.checks import (
    ALIKE_THRESHOLD,
    SEND_WITHIN,
    Check,
    check_letter,
    similarity,
    too_alike,
)
from portal.services.letters.drafting.composing import (
    MAX_WORDS,
    MIN_WORDS,
    TONES,
    Draft,
    LetterContext,
    check_tone,
    compose_drafts,
    compose_letter,
    letter_points,
    word_count,
)
from portal.services.letters.drafting.packaging import (
    eml_bytes,
    mailto_url,
    text_filename,
)
from portal.services.letters.drafting.people import (
    NameParts,
    Person,
    greeting_name,
    name_parts,
    name_words,
    order_people,
    role_rank,
    split_points,
)

__all__ = [
    "ALIKE_THRESHOLD",
    "MAX_WORDS",
    "MIN_WORDS",
    "SEND_WITHIN",
    "TONES",
    "Check",
    "Draft",
    "LetterContext",
    "NameParts",
    "Person",
    "check_letter",
    "check_tone",
    "compose_drafts",
    "compose_letter",
    "eml_bytes",
    "greeting_name",
    "letter_points",
    "mailto_url",
    "name_parts",
    "name_words",
    "order_people",
    "role_rank",
    "similarity",
    "split_points",
    "text_filename",
    "too_alike",
    "word_count",
]
