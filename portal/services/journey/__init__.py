"""The candidate's journey through an interview: scheduling and its prep checklist
(from the recruiters' templates), the debrief drafted and sent, the call asked for,
and the momentum clock that says what is due now."""
