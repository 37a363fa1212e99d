"""Accounts: users and their passwords, one-time links (invite, reset), sign-in
throttling, the recruiters' team, and the append-only audit log."""
