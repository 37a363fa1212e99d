"""Security scans against a live, seeded portal (run by .ci/scan, not by pytest)."""
