"""The string formats a constraint can name (``format: absolute-url``), defined once.

Each format has its definition in words (the docs print it), its JSON Schema counterpart, a sample
that fits, and test vectors: strings it accepts and strings it rejects, each rejection with what is
wrong with it. Every implementation of a format must agree with the vectors: the generated Python
client's validators, both reference implementations, and the conformance suite, whose checks of
invalid arguments try each rejected vector (``tests/test_formats.py`` holds them all to it).

The definitions are the spec's reading: the documents only say "a URL" or "an origin".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    phrase: str  # a few words, for a parameter's constraints in the docs
    definition: str  # in words, for the docs: what a string must be to fit
    json_schema: str | None  # the JSON Schema "format" closest to it, if any
    sample: str  # a string that fits, for examples and tests
    accepts: tuple[str, ...]
    rejects: tuple[tuple[str, str], ...]  # (what is wrong with it, the string)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format(
        "absolute-url",
        "an absolute URL, with its scheme",
        "An absolute URL: a scheme (letters, digits, +, - or . after a first letter) and a colon, then the rest with no "
        "whitespace; http, https, ws, wss and ftp URLs also need // and a host, and a port, if any, is a number up to 65535",
        "uri",
        "https://example.com/",
        accepts=("https://example.com/", "https://example.com:8443/a/b?c=d#e", "http://localhost", "HTTPS://EXAMPLE.COM/",
                 "about:blank", "file:///tmp/report.html", "mailto:someone@example.com", "https://xn--bcher-kva.example/"),
        rejects=(
            ("empty text", ""),
            ("a URL without a scheme", "example.com/no-scheme"),
            ("a relative path", "/relative/path"),
            ("an https URL without a host", "https://"),
            ("an https URL without a host, with a path", "https:///path"),
            ("a URL with a space in its host", "https://a b.com/"),
            ("a URL with leading whitespace", " https://example.com/"),
            ("a port above 65535", "https://example.com:99999/"),
            ("a scheme starting with a digit", "1http://example.com/"),
        ),
    ),
    Format(
        "url",
        "a URL",
        "A URL, absolute or relative: not empty, and with no whitespace",
        "uri-reference",
        "https://example.com/done",
        accepts=("https://example.com/done", "/thanks", "done.html?from=session", "#top", "https://example.com:8080/x"),
        rejects=(
            ("empty text", ""),
            ("text with spaces", "not a url"),
            ("a URL with a space in its host", "https://a b.com/"),
            ("a URL with a tab", "https://example.com/\tx"),
        ),
    ),
    Format(
        "origin-or-wildcard",
        "an origin, or * for any",
        "`*` (any origin), or an origin: a scheme, ://, a host and an optional port (a number up to 65535), with at most "
        "a trailing / and nothing else: no path, query or fragment",
        None,
        "*",
        accepts=("*", "https://example.com", "https://example.com/", "http://localhost:8080", "https://app.example"),
        rejects=(
            ("empty text", ""),
            ("two wildcards", "**"),
            ("a URL with a path, not an origin", "https://example.com/some/path"),
            ("a URL with a query, not an origin", "https://example.com/?x=1"),
            ("a URL with a fragment, not an origin", "https://example.com#top"),
            ("a host without a scheme", "example.com"),
            ("a scheme without a host", "https://"),
            ("an origin with a space in its host", "https://a b.com"),
            ("a port above 65535", "https://example.com:99999"),
        ),
    ),
)}
