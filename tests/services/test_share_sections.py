"""The share form's section names and the model's list of sections are the same set."""

from portal.models import SHARE_SECTIONS
from portal.services.sharing.share_links import SECTION_LABELS


def test_every_share_section_has_a_label_and_every_label_a_section():
    """A section added on one side only would show unlabelled or never be offered."""
    assert set(SECTION_LABELS) == set(SHARE_SECTIONS)
