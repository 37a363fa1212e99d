"""Benchmarks, load and fault scripts, run by hand (pytest does not collect them)."""
