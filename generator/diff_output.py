"""A diff report as a terminal table, as Markdown (for a pull request or a changelog), or as JSON."""

from __future__ import annotations

import json
from typing import Any

from .diff import AUDIENCE_TITLES, AUDIENCES, RULES, Change, Report

_SHORT = {"breaking": "BREAKING", "compatible": "compatible", "informational": "-"}
_SECTIONS = (
    ("breaking", "Breaking changes"),
    ("compatible", "Compatible changes"),
    ("informational", "Informational changes"),
)


def section(change: Change) -> str:
    """The worst impact a change has on any audience."""
    impacts = {change.verdict(a).impact for a in AUDIENCES}
    return "breaking" if "breaking" in impacts else "compatible" if "compatible" in impacts else "informational"


def grouped(report: Report) -> list[tuple[str, list[Change]]]:
    return [(title, [c for c in report.changes if section(c) == key]) for key, title in _SECTIONS]


def _mark(change: Change, audience: str) -> str:
    return _SHORT[change.verdict(audience).impact] + ("*" if audience == "implementers" and change.strict_only else "")


def headline(report: Report) -> str:
    broken = report.breaking
    parts = [f"{len(report.changes)} change(s)", f"{len(broken)} breaking"]
    if broken:
        parts.append(f"{len(report.unacknowledged)} not acknowledged")
    return ", ".join(parts)


def text(report: Report) -> str:
    lines = [f"spec diff: {report.old_label} ({report.old_version}) -> {report.new_label} ({report.new_version})"]
    if report.upgraded:
        lines.append(f"note: {report.old_label} is in an earlier shape of the format; {report.upgraded} key(s) it did not have "
                     "(requirement levels, conventions) were filled in to read it")
    if not report.changes:
        lines.append("no changes")
        return "\n".join(lines) + "\n"
    width = len("Implementers")
    for title, changes in grouped(report):
        if not changes:
            continue
        lines += ["", f"{title} ({len(changes)})", "  " + "  ".join(h.ljust(width) for h in ("TypeScript", "Python", "Implementers"))
                  + "  change"]
        for c in changes:
            marks = "  ".join(_mark(c, a).ljust(width) for a in AUDIENCES)
            ack = "  (acknowledged)" if c.id in report.acknowledged else ""
            lines.append(f"  {marks}  {c.path}: {c.message} [{c.rule}]{ack}")
    if any(_mark(c, "implementers").endswith("*") for c in report.changes):
        lines += ["", "* strict level only: the rule concerned is a reading, so the certificate (documented level) is unaffected"]
    used = sorted({c.rule for c in report.changes if section(c) != "informational"})
    if used:
        lines += ["", "Why (per rule: TypeScript / Python / implementers):"]
        for rule_id in used:
            rule = RULES[rule_id]
            lines.append(f"  {rule_id}: " + " / ".join(f"{rule.verdict(a).impact}, {rule.verdict(a).reason}" for a in AUDIENCES))
    lines += ["", headline(report)]
    return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def markdown(report: Report, heading: str = "##", title: str | None = None) -> str:
    lines = [f"{heading} {_md(title or f'Changes from {report.old_version} to {report.new_version}')}", ""]
    if report.upgraded:
        lines += [f"{report.old_version} was written in an earlier shape of the spec format, without requirement levels; "
                  "its rules are compared as its suite enforced them (all of them, as the strict level does now).", ""]
    if not report.changes:
        return "\n".join([*lines, "No changes.", ""])
    lines += [headline(report).capitalize() + ".", ""]
    sub = heading + "#"
    for section, changes in grouped(report):
        if not changes:
            continue
        lines += [f"{sub} {section}", "", "| Change | Where | TypeScript | Python | Implementers |", "|---|---|---|---|---|"]
        for c in changes:
            cells = [_cell(c, a) for a in AUDIENCES]
            ack = report.acknowledged.get(c.id)
            message = _md(c.message) + (f" *(acknowledged: {_md(ack)})*" if ack else "")
            lines.append(f"| {message} | `{_md(c.path)}` | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _cell(change: Change, audience: str) -> str:
    verdict = change.verdict(audience)
    word = f"**{verdict.impact}**" if verdict.impact == "breaking" else verdict.impact
    return f"{word}: {_md(verdict.reason)}"


def as_json(report: Report) -> str:
    data: dict[str, Any] = {
        "old": {"label": report.old_label, "version": report.old_version, "upgraded_keys": report.upgraded},
        "new": {"label": report.new_label, "version": report.new_version},
        "changes": [
            {
                "id": c.id,
                "rule": c.rule,
                "path": c.path,
                "message": c.message,
                "level": c.level,
                "acknowledged": report.acknowledged.get(c.id),
                "audiences": {a: {"impact": c.verdict(a).impact, "reason": c.verdict(a).reason} for a in AUDIENCES},
            }
            for c in report.changes
        ],
        "breaking": len(report.breaking),
        "unacknowledged": [c.id for c in report.unacknowledged],
        "audiences": AUDIENCE_TITLES,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": text, "markdown": markdown, "json": as_json}
