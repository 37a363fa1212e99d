"""Sharing and the client: client employers and their positions, the read-only share
links and what they show, the client's side (recorded by the recruiter or answered
through the link), and both sides against the three tests."""
