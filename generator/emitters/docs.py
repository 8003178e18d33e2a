"""Reference documentation: Markdown pages for MkDocs, and the ``mkdocs.yml`` that builds them.

Layout decisions live here (which page holds what, anchors, links, how spec text is escaped, how a
type or a signature is spelled); the templates in ``templates/docs/`` only arrange them.

Spec text is untrusted here: every piece of it goes through :func:`md` (the ``md`` filter), which
leaves well-formed code spans as code and turns every other Markdown or HTML character into
literal text, so a description cannot break a table, open a block or inject markup.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .. import prose
from .. import spec_format as fmt
from .. import type_expr as te
from ..diff import AUDIENCE_TITLES, RULES
from ..diff_output import grouped
from ..formats import FORMATS
from ..model import Event, GlobalMember, Member, Model, Option, Precondition, TypeDef
from ..naming import python_name
from ..outputs import OutputFile
from ..render import environment
from .typescript import TsView

DOCS_DIR = "docs"  # the MkDocs docs_dir, beside mkdocs.yml in the output folder
CONFIG = "mkdocs.yml"
SITE_DIR = "../site"  # relative to mkdocs.yml: the repository's git-ignored site/
GROUP_DIR = "members"  # one page per group: members/<group>.md
PAGES = {"index": "index.md", "events": "events.md", "types": "types.md", "options": "options.md", "matrix": "contexts.md",
         "changelog": "changelog.md"}
YES, NO = "✓", "✗"


# -- escaping -----------------------------------------------------------------------------------
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;"}
_BACKSLASHED = frozenset("\\`*_{}[]#|!")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LEADING_MARKER = re.compile(r"^(\d+)([.)])|^([-+=:])")


def _chars(text: str) -> str:
    return "".join(_ENTITIES.get(ch) or ("\\" + ch if ch in _BACKSLASHED else ch) for ch in text)


def _lead(text: str) -> str:
    """Neutralise a list, heading-underline or definition marker at the start of a line."""
    m = _LEADING_MARKER.match(text)
    if m is None:
        return text
    if m.group(1):
        return f"{m.group(1)}&#{ord(m.group(2))};{text[m.end():]}"
    return f"&#{ord(m.group(3))};{text[m.end():]}"


def escape_text(text: str) -> str:
    """Plain text as Markdown that renders exactly as the text, on one line, in any position.

    The one escape function of this emitter: ``&`` ``<`` ``>`` ``~`` become HTML entities (so no
    tag, comment or fence can open), the Markdown punctuation in ``_BACKSLASHED`` is
    backslash-escaped (no emphasis, code span, link, attribute list, heading or table cell can
    start), line breaks become spaces and a leading list or definition marker is neutralised.
    """
    return _lead(_chars(" ".join(text.split())))


def code(text: str) -> str:
    """Text shown as inline code; its content is escaped like any other text."""
    return f"<code>{escape_text(text)}</code>"


def md(text: str | None) -> str:
    """Spec prose as Markdown: its well-formed code spans stay code, everything else is literal text."""
    if not text:
        return ""
    text = " ".join(text.split())
    parts: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        parts.append(_chars(text[pos : m.start()]))
        parts.append(code(m.group(2)))
        pos = m.end()
    parts.append(_chars(text[pos:]))
    return _lead("".join(parts))


def fence(body: str, lang: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run in ``body``."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}{lang}\n{body.rstrip()}\n{marks}"


def tidy(text: str) -> str:
    """One blank line between blocks and no trailing spaces, outside fenced code (left as it is)."""
    out: list[str] = []
    fence_marks: str | None = None
    for line in text.split("\n"):
        if fence_marks is not None:
            out.append(line)
            if line == fence_marks:
                fence_marks = None
            continue
        line = line.rstrip()
        opening = re.match(r"^(`{3,})[\w-]*$", line)
        if opening:
            fence_marks = opening.group(1)
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def safe_url(url: str) -> str | None:
    """An http(s) URL made safe inside a Markdown link target, or None for any other scheme."""
    if not re.match(r"^https?://", url, re.I):
        return None
    return quote(url, safe="/:?#[]@!$&'*+,;=%-._~")


def yaml_str(text: str) -> str:
    """A YAML scalar for a value that MkDocs themes insert into HTML unescaped (site name, nav titles)."""
    for ch, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        text = text.replace(ch, entity)
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def nav_title(text: str) -> str:
    """A navigation title from spec text, for mkdocs.yml.

    Themes insert nav titles as HTML, and Material also puts them through ``striptags`` (which
    unescapes entities) into ``<title>``; so angle brackets become look-alike quotes, which no
    unescaping can turn back into markup, and the rest is escaped by :func:`yaml_str`.
    """
    return yaml_str(text.replace("<", "\u2039").replace(">", "\u203a"))


# -- anchors ------------------------------------------------------------------------------------
_ANCHOR_UNSAFE = re.compile(r"[^a-z0-9_-]")


def anchor(kind: str, name: str) -> str:
    """Stable ids derived from names: ``relocate``, ``event-message``, ``type-sessioninfo``...

    The loader only accepts identifiers as names; any other character would still become ``-``
    here, so an id can never close its attribute list or carry markup (a clash is reported by
    :class:`DocsView`).
    """
    return _ANCHOR_UNSAFE.sub("-", name.lower() if kind == "member" else f"{kind}-{name.lower()}")


# -- Python signatures --------------------------------------------------------------------------
def python_signature(model: Model, member: Member, name: str | None = None) -> list[str]:
    """The member's declaration in the Python client (``webfuse_session.client``), as the client writes it."""
    from .python import PyView  # the Python emitter imports this module's escaping

    return [line if line.startswith("@") else f"{line}: ..." for line in PyView(model).client_signature(member, name)]


# -- the view -----------------------------------------------------------------------------------
def _type_names(node: te.TypeNode) -> list[str]:
    return [n.name for n in te.walk(node) if isinstance(n, te.Named)]


@dataclass(frozen=True)
class Usage:
    """Where a named type is used: members, events and other types."""

    members: tuple[str, ...]
    events: tuple[str, ...]
    types: tuple[str, ...]


class DocsView:
    """Everything the templates need that is the same on every page."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.ts = TsView(model)
        self.plain = model.plain()
        self.location: dict[tuple[str, str], tuple[str, str]] = {}  # (kind, name) -> (page, anchor)
        for top in model.members.values():
            page = self.group_page(top.group)
            for member in top.walk():
                self._place("member", member.path, page, anchor("member", member.path))
                prefix = member.path.rpartition(".")[0]
                for alias in member.aliases:
                    spelled = f"{prefix}.{alias.name}" if prefix else alias.name
                    self._place("member", spelled, page, anchor("member", spelled))
        for kind, names, page in (
            ("event", model.events, PAGES["events"]),
            ("type", model.types, PAGES["types"]),
            ("option", model.options, PAGES["options"]),
            ("context", model.contexts, PAGES["index"]),
            ("role", model.roles, PAGES["index"]),
            ("state", model.states, PAGES["index"]),
            ("source", model.sources, PAGES["index"]),
            ("error", model.errors, PAGES["index"]),
            ("group", model.groups, ""),
        ):
            for name in names:
                target = self.group_page(name) if kind == "group" else page
                self._place(kind, name, target, anchor(kind, name))
        for event in model.events.values():
            for alias in event.aliases:
                self._place("event", alias.name, PAGES["events"], anchor("event", alias.name))
        for glob in model.globals.values():
            self._place("globalobj", glob.name, PAGES["index"], anchor("globals", glob.name))
            for gm in glob.members:
                self._place("global", f"{glob.name}.{gm.name}", PAGES["index"], anchor("global", f"{glob.name}-{gm.name}"))
        seen: dict[tuple[str, str], str] = {}
        for (kind, name), spot in self.location.items():
            if spot in seen:
                raise ValueError(f"docs: {kind} '{name}' and {seen[spot]} would share the anchor #{spot[1]} on {spot[0]}")
            seen[spot] = f"{kind} '{name}'"
        self.usage = self._usage()

    def _place(self, kind: str, name: str, page: str, anchor_id: str) -> None:
        self.location[(kind, name)] = (page, anchor_id)

    @staticmethod
    def group_page(group: str) -> str:
        return f"{GROUP_DIR}/{group}.md"

    def _usage(self) -> dict[str, Usage]:
        members: dict[str, list[str]] = {}
        events: dict[str, list[str]] = {}
        types: dict[str, list[str]] = {}
        for m in self.model.all_members():
            listeners = m.listener + (m.event_object.listener if m.event_object else ())
            uses = [m.type, m.returns, m.additional, *(p.type for p in m.params), *(a.type for a in listeners)]
            for name in dict.fromkeys(n for u in uses if u for n in _type_names(u.node)):
                members.setdefault(name, []).append(m.path)
        for e in self.model.events.values():
            for name in dict.fromkeys(_type_names(e.payload.node)):
                events.setdefault(name, []).append(e.name)
        for t in self.model.types.values():
            uses = [*(f.type for f in t.fields), t.additional, t.reserved_type, t.alias_of]
            uses += [u for m in t.members for u in (m.type, m.returns, *(p.type for p in m.params))]
            for name in dict.fromkeys(n for u in uses if u for n in _type_names(u.node)):
                if name != t.name:
                    types.setdefault(name, []).append(t.name)
        return {
            name: Usage(tuple(members.get(name, ())), tuple(events.get(name, ())), tuple(types.get(name, ())))
            for name in self.model.types
        }

    # facts the templates show ------------------------------------------------------------------
    def groups(self) -> list[tuple[str, fmt.Group, list[Member]]]:
        return [(name, g, self.model.members_of_group(name)) for name, g in self.model.groups.items()]

    def ts_signature(self, member: Member, name: str | None = None) -> list[str]:
        """TypeScript declaration lines, from the TypeScript emitter; one block per interface when they differ."""
        blocks: dict[tuple[str, ...], list[str]] = {}
        for iface in self.ts.interfaces:
            if member in self.ts.own_members(iface):
                lines = tuple(self.ts.signatures(member, iface, name))
                blocks.setdefault(lines, []).append(iface.name)
        for decl in self.ts.namespaces:
            if member in self.ts.namespace_members(decl):
                lines = tuple(self.ts.signatures(member, decl.owner, name, this=decl.name))
                blocks.setdefault(lines, []).append(decl.name)
        for t in self.model.types.values():
            if member in t.members:
                blocks.setdefault(tuple(self.ts.signatures(member, self.ts.type_owner(t), name, this=t.name)), []).append(t.name)
        if len(blocks) == 1:
            return list(next(iter(blocks)))
        out: list[str] = []
        for lines, ifaces in blocks.items():
            out.append(f"// in {', '.join(ifaces)}")
            out += lines
        return out

    def ts_global_signature(self, member: GlobalMember) -> list[str]:
        iface = self.ts.global_interface(member)
        return [self.ts.global_line(member, line) for line in self.ts.signatures(member, iface)]

    def py_signature(self, member: Member, name: str | None = None) -> list[str]:
        """The member's Python declaration; empty for one the Python package does not cover yet (see Model.plain)."""
        if self.plain.members.get(member.name) is not member:
            return []
        return python_signature(self.model, member, name)

    def member_rows(self, members: list[Member]) -> list[Member]:
        """Members with, for a namespace, every member inside it."""
        return [m for top in members for m in top.walk()]

    def member_kind(self, member: Member) -> str:
        return {"method": "Method", "property": "Read-only property", "namespace": "Namespace",
                "event_object": "Event object"}[member.kind]

    def replacement(self, member: Member) -> Member | None:
        dep = member.deprecated
        return self.model.member_at(dep.replacement) if dep and dep.replacement else None

    def invalid_outcome(self, member: Member | GlobalMember) -> list[tuple[str, str]]:
        """(parameter, what an invalid argument does), for every parameter."""
        out = []
        for p in member.params:
            o = p.on_invalid
            out.append((p.name, prose.outcome(self.model, o.outcome, o.error)))
        return out

    def event_receivers(self, event: Event) -> list[tuple[str, str]]:
        """(member, sentence) for every emit of the event."""
        return [
            (m, prose.receivers(e))
            for m in event.emitted_by
            for e in self.model.members[m].emits
            if e.event == event.name
        ]

    def option_uses(self, option: Option) -> list[tuple[str, str]]:
        return [
            (m, prose.precondition(self.model, p))
            for m in option.used_by
            for p in self.model.members[m].preconditions
            if p.names == ("option", option.name)
        ]

    def json_example(self, value: Any) -> str:
        return json.dumps(value, indent=2, ensure_ascii=False)

    def public_contexts(self) -> list[str]:
        return [name for name, c in self.model.contexts.items() if c.exposes == "public-members"]

    def subscription_members(self) -> list[str]:
        return [m.name for m in self.model.members.values() if self.ts.is_subscription(m)]

    def global_subscriptions(self) -> list[tuple[str, GlobalMember]]:
        return [(g.name, gm) for g in self.model.globals.values() for gm in g.members if self.ts.is_subscription(gm)]

    def events_for(self, context: str) -> list[str]:
        return [e.name for e in self.model.events.values() if context in e.listeners]

    def globals_for(self, context: str) -> list[tuple[str, GlobalMember]]:
        return [(g.name, gm) for g in self.model.globals.values() for gm in g.members if context in gm.contexts]

    def formats_used(self) -> set[str]:
        """The string formats some constraint names."""
        found: list[fmt.Constraints | None] = [m.constraints for m in self.model.all_members()]
        found += [p.constraints for m in self.model.all_members() for p in m.params]
        found += [f.constraints for t in self.model.types.values() for f in t.fields] + [t.constraints for t in self.model.types.values()]
        return {c.format for c in found if c is not None and c.format is not None}

    def type_kind(self, typedef: TypeDef) -> str:
        return {"object": "Object", "enum": "Enumeration", "alias": "Alias", "host": "Browser object",
                "interface": "Interface"}[typedef.kind]

    def constraints(self, c: fmt.Constraints | None) -> list[str]:
        """Constraints as short Markdown phrases (already escaped)."""
        if c is None:
            return []
        out = []
        if c.format:
            out.append(escape_text(FORMATS[c.format].phrase))
        if c.minimum is not None:
            out.append(f"minimum {code(str(c.minimum))}")
        if c.maximum is not None:
            out.append(f"maximum {code(str(c.maximum))}")
        if c.pattern is not None:
            out.append(f"matches {code(c.pattern)}")
        if c.json_ == "plain-object":
            out.append("a plain JSON object")
        elif c.json_ == "serialisable":
            out.append("JSON-serialisable")
        return out


class Page:
    """Link and type rendering for one page: links are relative to it, so MkDocs can check them."""

    def __init__(self, view: DocsView, path: str) -> None:
        self.view = view
        self.model = view.model
        self.path = path

    def href(self, kind: str, name: str) -> str:
        page, anchor_id = self.view.location[(kind, name)]
        if page == self.path:
            return f"#{anchor_id}"
        return f"{quote(posixpath.relpath(page, posixpath.dirname(self.path) or '.'))}#{anchor_id}"

    def attrs(self, kind: str, name: str) -> str:
        """The attribute list that gives a heading its stable id."""
        return "{#" + self.view.location[(kind, name)][1] + "}"

    def to(self, page_key: str, anchor_id: str = "") -> str:
        """Relative link to one of the fixed pages (``PAGES``), optionally to an anchor on it."""
        target = PAGES[page_key]
        if target == self.path and anchor_id:
            return f"#{anchor_id}"
        rel = posixpath.relpath(target, posixpath.dirname(self.path) or ".")
        return f"{rel}#{anchor_id}" if anchor_id else rel

    def link(self, kind: str, name: str, text: str | None = None) -> str:
        label = code(text if text is not None else name) if kind not in ("context", "role", "state", "group", "source") else escape_text(text or name)
        return f"[{label}]({self.href(kind, name)})"

    def member(self, name: str) -> str:
        return self.link("member", name)

    def event(self, name: str) -> str:
        return self.link("event", name)

    def option(self, name: str) -> str:
        return self.link("option", name)

    def type_(self, name: str) -> str:
        return self.link("type", name)

    def context(self, name: str) -> str:
        return self.link("context", name)

    def source(self, name: str) -> str:
        return self.link("source", name)

    def sources(self, names: Iterable[str]) -> str:
        return ", ".join(self.source(n) for n in names)

    def group(self, name: str) -> str:
        return self.link("group", name, self.model.groups[name].title)

    def badges(self, contexts: Iterable[str]) -> str:
        """A badge for every context: on where ``contexts`` has it, off elsewhere."""
        on = set(contexts)
        out = []
        for name in self.model.contexts:
            state = "on" if name in on else "off"
            mark = YES if name in on else NO
            out.append(f"[{escape_text(name)} {mark}]({self.href('context', name)}){{ .wf-ctx .wf-{state} }}")
        return " ".join(out)

    def type(self, node: te.TypeNode) -> str:
        """A type in the spec's own notation, named types linked, as inline code."""
        return f"<code>{self._type(node)}</code>"

    def _type(self, node: te.TypeNode) -> str:
        if isinstance(node, te.Prim):
            return node.name
        if isinstance(node, te.Lit):
            return escape_text(f"'{node.value}'" if isinstance(node.value, str) else json.dumps(node.value))
        if isinstance(node, te.Named):
            return f"[{escape_text(node.name)}]({self.href('type', node.name)})"
        if isinstance(node, te.ArrayOf):
            inner = self._type(node.item)
            return (f"({inner})" if isinstance(node.item, te.UnionOf) else inner) + "\\[\\]"
        if isinstance(node, te.PromiseOf):
            return f"Promise&lt;{self._type(node.item)}&gt;"
        if isinstance(node, te.RecordOf):
            return f"Record&lt;string, {self._type(node.value)}&gt;"
        if isinstance(node, te.UnionOf):
            return " \\| ".join(self._type(i) for i in node.items)
        if isinstance(node, te.SessionRef):
            if node.context is None:
                return f"[Session]({self.to('index', 'contexts')})"
            return f"Session&lt;[{escape_text(node.context)}]({self.href('context', node.context)})&gt;"
        if isinstance(node, te.EventNameT):
            return f"[EventName]({self.to('events')})"
        return f"[EventHandler]({self.to('index', 'conventions')})"

    def errors_of(self, member: Member | GlobalMember) -> str:
        """Links to the errors an invalid argument of the member raises, as a trailing sentence."""
        names = dict.fromkeys(p.on_invalid.error for p in member.params if p.on_invalid.outcome == "error" and p.on_invalid.error)
        return (" See " + ", ".join(self.link("error", n) for n in names) + ".") if names else ""

    def precondition(self, pre: Precondition) -> str:
        """The shared sentence, a link to what it names, and the spec's note."""
        text = md(prose.precondition(self.model, pre))
        target = pre.names
        if target:
            text += f" See {self.link(*target, text=self._title(*target))}."
        if pre.note:
            text += f" {md(pre.note)}"
        return text

    def _title(self, kind: str, name: str) -> str:
        if kind == "role":
            return self.model.roles[name].title
        if kind == "state":
            return self.model.states[name].title
        return name


# -- emit ---------------------------------------------------------------------------------------
def emit(model: Model) -> list[OutputFile]:
    view = DocsView(model)
    env = environment("docs", {"md": md, "code": code, "fence": fence, "esc": escape_text, "yaml_str": yaml_str, "nav_title": nav_title,
                               "safe_url": safe_url, "default": prose.default, "python_name": python_name,
                               "json": lambda value: json.dumps(value, ensure_ascii=False)})
    env.globals.update(prose=prose, YES=YES, NO=NO, hid=lambda name: "{#" + name + "}")

    def render(template: str, path: str, **extra: Any) -> OutputFile:
        text = env.get_template(template).render(v=view, model=model, p=Page(view, path), **extra)
        return OutputFile(f"{DOCS_DIR}/{path}", tidy(text))

    outputs = [
        render("index.md.j2", PAGES["index"]),
        *(
            render("group.md.j2", view.group_page(name), name=name, group=group, members=members)
            for name, group, members in view.groups()
        ),
        render("events.md.j2", PAGES["events"]),
        render("types.md.j2", PAGES["types"], formats=[f for f in FORMATS.values() if f.name in view.formats_used()]),
        render("options.md.j2", PAGES["options"]),
        render("contexts.md.j2", PAGES["matrix"]),
        render("changelog.md.j2", PAGES["changelog"], rules=RULES, audiences=AUDIENCE_TITLES, grouped=grouped),
        OutputFile(f"{DOCS_DIR}/stylesheets/extra.css", env.get_template("extra.css.j2").render()),
    ]
    config = env.get_template("mkdocs.yml.j2").render(
        v=view, model=model, docs_dir=DOCS_DIR, site_dir=SITE_DIR, pages=PAGES, group_page=view.group_page
    )
    outputs.append(OutputFile(CONFIG, config))
    return outputs
