"""Property-based differential tests: random programs of the subset, engine vs CPython.

A package (not loose modules) so that its `oracle` does not collide with the
conformance suite's `oracle` module under pytest's default import mode.
"""
