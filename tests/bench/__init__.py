"""Benchmarks and load scripts (run by hand or by .ci/bench; pytest does not collect them)."""
