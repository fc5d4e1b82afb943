"""Testing helpers: the pytest plugin (`personae.testing.plugin`, a pytest11 entry point)."""
