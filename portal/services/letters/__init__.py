"""Thank-you letters: drafted from a debrief, one per interviewer, and kept as the
candidate edits, copies and sends them."""
