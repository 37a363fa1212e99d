"""Recruiter pages for client share links: make, preview, list, revoke."""
