"""Mutants of the Python reference: each breaks exactly one documented rule (see :mod:`.gallery`)."""
