"""Generator for the Webfuse Session API: spec -> load and validate -> model -> emitters -> generated."""

__version__ = "0.1.0"
NAME = "webfuse-spec-gen"
