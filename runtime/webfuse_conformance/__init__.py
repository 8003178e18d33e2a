"""Conformance suite for implementations of the Webfuse Session API.

Run it against an implementation with
``pytest <the suite's folder> --session-impl package.module:factory`` (see README.md); the factory
returns an object with the methods of :class:`webfuse_conformance.adapter.Implementation`.

The modules of this package are ordinary code (``runtime/webfuse_conformance/`` in the project);
only ``spec_data.py``, the API as the checks need it, is generated from the spec.
"""

from .adapter import Delivery, Implementation, Outcome, Situation, Snapshot

__all__ = ["Delivery", "Implementation", "Outcome", "Situation", "Snapshot"]
