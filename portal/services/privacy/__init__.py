"""Candidates' data: what each table holds about a person, their export, erasure, and
retention of inactive accounts."""
