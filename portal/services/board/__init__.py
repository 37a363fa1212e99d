"""The recruiter's desk: the attention board (who needs me now), the interview,
candidate and audit lists, and the CSV export."""
