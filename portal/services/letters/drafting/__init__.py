"""Thank-you letters drafted from an interview debrief, one per interviewer.

The candidate records who they met (and how to address them), what they talked about
with each, the key points and the qualifications they want to reinforce; this package
turns that into a short, personal draft for each person and helps them finish it:

  people       who was met, how to address them (nameparser), in what order
  languages    the languages letters are drafted in, each a `language.Language` of its
               own phrases and rules: `english` (phrases_en, notes: lemminflect) and
               `spanish` (phrases_es, notes_es: simplemma), written, not translated
  phrases      the phrase banks by language, each with two tones
  composing    a letter from those: deterministic, local, seeded per candidate, in the
               language its context names (one engine for every language)
  checks       guidance on a letter as it is edited, and how alike two letters are
  packaging    a mailto: link, an unsent .eml draft, a .txt file name

Callers import from here; the modules are the package's own rooms.
"""

from portal.services.letters.drafting.checks import ALIKE_THRESHOLD
from portal.services.letters.drafting.checks import SEND_WITHIN
from portal.services.letters.drafting.checks import Check
from portal.services.letters.drafting.checks import check_letter
from portal.services.letters.drafting.checks import similarity
from portal.services.letters.drafting.checks import too_alike
from portal.services.letters.drafting.composing import MAX_WORDS
from portal.services.letters.drafting.composing import MIN_WORDS
from portal.services.letters.drafting.composing import TONES
from portal.services.letters.drafting.composing import Draft
from portal.services.letters.drafting.composing import LetterContext
from portal.services.letters.drafting.composing import check_tone
from portal.services.letters.drafting.composing import compose_drafts
from portal.services.letters.drafting.composing import compose_letter
from portal.services.letters.drafting.composing import letter_points
from portal.services.letters.drafting.composing import word_count
from portal.services.letters.drafting.languages import DEFAULT_LANGUAGE
from portal.services.letters.drafting.languages import LANGUAGES
from portal.services.letters.drafting.languages import check_language
from portal.services.letters.drafting.packaging import eml_bytes
from portal.services.letters.drafting.packaging import mailto_url
from portal.services.letters.drafting.packaging import text_file
from portal.services.letters.drafting.packaging import text_filename
from portal.services.letters.drafting.people import NameParts
from portal.services.letters.drafting.people import Person
from portal.services.letters.drafting.people import greeting_name
from portal.services.letters.drafting.people import name_parts
from portal.services.letters.drafting.people import name_words
from portal.services.letters.drafting.people import order_people
from portal.services.letters.drafting.people import role_rank
from portal.services.letters.drafting.people import split_points

__all__ = [
    "ALIKE_THRESHOLD",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "MAX_WORDS",
    "MIN_WORDS",
    "SEND_WITHIN",
    "TONES",
    "Check",
    "Draft",
    "LetterContext",
    "NameParts",
    "Person",
    "check_language",
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
    "text_file",
    "text_filename",
    "too_alike",
    "word_count",
]
