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
PAGES = {"index": "index.md", "overview": "overview.md", "events": "events.md", "types": "types.md", "options": "options.md",
         "matrix": "contexts.md", "changelog": "changelog.md"}
GUIDE_DIR = "start"  # the getting-started pages: start/<context>.md, and two whose names hold a "-" (no context can)
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


def discrepancies_at(model: Model, kind: str, name: str) -> str:
    """Where the reference documentation lists the discrepancies of a member (by its path), type or event:
    ``page#anchor`` (doc comments in the other targets point there instead of repeating sources)."""
    if kind == "member":
        top = name.split(".")[0]
        if top in model.members:
            return f"{DocsView.group_page(model.members[top].group)}#{anchor(kind, name)}-discrepancies"
        return f"{PAGES['types']}#{anchor('type', top)}"  # a member of an interface type: its type's section
    return f"{PAGES[{'type': 'types', 'event': 'events'}[kind]]}#{anchor(kind, name)}-discrepancies"


# -- Python signatures --------------------------------------------------------------------------
def python_signature(model: Model, member: Member, name: str | None = None, view: Any = None) -> list[str]:
    """The member's declaration in the Python client (``webfuse_session.client``), as the client writes it; for an
    event object (or a method that is one too), the ``add_listener`` of the object it gives back as well."""
    from .python import PyView  # the Python emitter imports this module's escaping

    py = view if view is not None else PyView(model)
    lines = [line if line.startswith("@") else f"{line}: ..." for line in py.client_signature(member, name)]
    if name is None and (member.kind == "event_object" or member.event_object is not None):
        if member.event_object is not None:
            lines += ["", "# the event-object form (" + ", ".join(member.event_object.contexts) + ")"]
            lines += [line if line.startswith("@") else f"{line}: ..." for line in py.form_signature(member, is_async=False, flavour="client")]
        lines += ["", f"# {py.class_name(py.listeners_class(member), 'client')}", py.add_listener_signature(member, is_async=False) + ": ..."]
    return lines


# -- getting started ----------------------------------------------------------------------------
# Facts about the tooling, not the API: where the generator writes each package, what they are called, and the
# test doubles beside them. The packages' own names come from their emitters (see :func:`tooling`).
OUT_DIR = "generated"  # the default --out of `python -m generator generate`
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium, which `make test` installs; Playwright is pointed at it
JS_DOUBLE = "reference/js/dist/webfuse-reference.js"  # the JavaScript test double (reference/js/README.md)
JS_DOUBLE_README = "reference/js/README.md"
PY_DOUBLE = "reference/python"  # the Python test double, the package webfuse_reference
PY_DOUBLE_PACKAGE = "webfuse_reference"
PY_DOUBLE_ADAPTER = "webfuse_reference.adapter:factory"  # its conformance adapter


def tooling() -> dict[str, str]:
    """Names and paths of the generated packages, from the emitters that write them."""
    from . import conformance, python, typescript  # the Python emitter imports this module's escaping

    return {
        "out": OUT_DIR,
        "ts_dir": f"{OUT_DIR}/{typescript.PACKAGE_DIR}",
        "ts_package": typescript.PACKAGE_NAME,
        "py_dir": f"{OUT_DIR}/{python.ROOT}",
        "py_package": python.PACKAGE,
        "py_dist": python.DIST,
        "conformance_dir": f"{OUT_DIR}/{conformance.ROOT}",
        "conformance_package": conformance.PACKAGE,
        "chromium": CHROMIUM,
        "js_double": JS_DOUBLE,
        "js_double_readme": JS_DOUBLE_README,
        "py_double": PY_DOUBLE,
        "py_double_package": PY_DOUBLE_PACKAGE,
        "py_double_adapter": PY_DOUBLE_ADAPTER,
    }


@dataclass(frozen=True)
class Guide:
    """A getting-started page: one per context (for whoever writes scripts there), one for Python tests, one for
    implementers. Context pages are named after the context; the other two hold a ``-``, which no context name can."""

    kind: str  # context | python | implementers: the template is start_<kind>.md.j2
    path: str
    title: str  # plain text (a context's title is spec text: escape it)
    anchor: str
    context: str | None = None

    @property
    def template(self) -> str:
        return f"start_{self.kind}.md.j2"


def guides(model: Model) -> list[Guide]:
    out = [
        Guide("context", f"{GUIDE_DIR}/{name}.md", ctx.title, f"start-{anchor('member', name)}", name)
        for name, ctx in model.contexts.items()
    ]
    out.append(Guide("python", f"{GUIDE_DIR}/python-tests.md", "Python tests", "start-python-tests"))
    out.append(Guide("implementers", f"{GUIDE_DIR}/conformance-certificate.md", "Implementers: the conformance certificate",
                     "start-conformance-certificate"))
    return out


@dataclass(frozen=True)
class FirstRead:
    """A call to show first: a method with no required argument and a result (an object type's model, if any)."""

    member: Member
    result_type: str | None  # the object type the (awaited) result is, which names its Python model


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
        self.python_model = model.python()
        from .python import PyView  # the Python emitter imports this module's escaping

        self.py = PyView(model)
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
            ("context", model.contexts, PAGES["overview"]),
            ("role", model.roles, PAGES["overview"]),
            ("state", model.states, PAGES["overview"]),
            ("source", model.sources, PAGES["overview"]),
            ("error", model.errors, PAGES["overview"]),
            ("group", model.groups, ""),
        ):
            for name in names:
                target = self.group_page(name) if kind == "group" else page
                self._place(kind, name, target, anchor(kind, name))
        for event in model.events.values():
            for alias in event.aliases:
                self._place("event", alias.name, PAGES["events"], anchor("event", alias.name))
        for glob in model.globals.values():
            self._place("globalobj", glob.name, PAGES["overview"], anchor("globals", glob.name))
            for gm in glob.members:
                self._place("global", f"{glob.name}.{gm.name}", PAGES["overview"], anchor("global", f"{glob.name}-{gm.name}"))
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
        """The member's Python declaration; empty for one the Python package does not cover (see Model.python)."""
        top = self.python_model.members.get((member.path or member.name).split(".")[0])
        if top is None or member not in top.walk():
            return []
        return python_signature(self.model, member, name, self.py)

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

    # getting started ----------------------------------------------------------------------------
    def guides(self) -> list[Guide]:
        return guides(self.model)

    def guide(self, kind: str) -> Guide:
        """The getting-started page of a kind that has one page (``python``, ``implementers``)."""
        return next(g for g in self.guides() if g.kind == kind)

    def members_in(self, context: str) -> list[tuple[str, fmt.Group, list[Member]]]:
        """The groups with members in a context, and those members."""
        out = []
        for name, group, members in self.groups():
            here = [m for m in members if context in m.contexts]
            if here:
                out.append((name, group, here))
        return out

    def context_examples(self, context: str, subscriptions: bool = False) -> list[tuple[str, str, fmt.Example]]:
        """(kind, name, example) for the spec's examples written for a context, globals first, in spec order:
        those of subscription members (``on``) when ``subscriptions``, else all the others."""
        out: list[tuple[str, str, fmt.Example]] = []
        for glob in self.model.globals.values():
            for gm in glob.members:
                if self.ts.is_subscription(gm) == subscriptions:
                    out += [("global", f"{glob.name}.{gm.name}", ex) for ex in gm.examples if ex.context == context]
        for m in self.model.members.values():
            if context in m.contexts and self.ts.is_subscription(m) == subscriptions:
                out += [("member", m.name, ex) for ex in m.examples if ex.context == context]
        return out

    @staticmethod
    def owners(examples: list[tuple[str, str, fmt.Example]]) -> list[tuple[str, str]]:
        """(kind, name) of the members and globals those examples belong to, once each, in order."""
        return list(dict.fromkeys((kind, name) for kind, name, _ in examples))

    def result_name(self, first: FirstRead) -> str:
        """The variable the Python guide keeps a first call's result in: the result type's name in snake_case."""
        name = python_name(first.result_type) if first.result_type else "result"
        return "result" if name in ("vs", "session", "models", "browser", "page", "pw") else name

    def subscriptions_in(self, context: str) -> list[tuple[str, str]]:
        """(kind, name) of the members and globals that register listeners in a context."""
        out = [("global", f"{g}.{gm.name}") for g, gm in self.global_subscriptions() if context in gm.contexts]
        return out + [("member", m) for m in self.subscription_members() if context in self.model.members[m].contexts]

    def python_context(self) -> str:
        """The context the Python guide's examples use: the first that exposes every member."""
        full = [name for name, c in self.model.contexts.items() if c.exposes == "all-members"]
        return (full or list(self.model.contexts))[0]

    def interface_name(self, context: str) -> str:
        """The TypeScript interface (and Python Protocol) of a context's session object."""
        return next(i.name for i in self.model.interfaces if context in i.contexts)

    def client_class(self, context: str, is_async: bool = False) -> str:
        """The Python client class of a context (``client.py.j2`` names them ``[Async]<interface>Client``)."""
        return f"{'Async' if is_async else ''}{self.interface_name(context)}Client"

    def first_read(self, context: str) -> FirstRead | None:
        """The call the Python guide shows first: a method of the context that takes no required argument and
        returns a value, preferring one whose (awaited) result is an object type; None if the context has none."""
        found: list[FirstRead] = []
        for m in self.model.members.values():
            if context not in m.contexts or m.kind != "method" or m.returns is None or m.chainable:
                continue
            if self.ts.is_subscription(m) or any(p.required for p in m.params):
                continue
            node = m.returns.node.item if isinstance(m.returns.node, te.PromiseOf) else m.returns.node
            if isinstance(node, te.Prim) and node.name in ("void", "null", "unknown"):
                continue
            obj = node.name if isinstance(node, te.Named) and self.model.types[node.name].kind == "object" else None
            found.append(FirstRead(m, obj))
        return next((f for f in found if f.result_type), found[0] if found else None)

    def rule_levels(self) -> dict[str, int]:
        """How many rules an implementation can break are documented, and how many are readings."""
        from ..levels import rules

        counts = {"documented": 0, "reading": 0}
        for rule in rules(self.model).values():
            counts[rule.level] += 1
        return counts

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

    def ts_interface(self, context: str) -> str:
        """The TypeScript interface of a context's own session object (``WidgetSession``, not the shared base)."""
        return self.model.interface_of(context).name

    def entry_types(self, context: str) -> list[TypeDef]:
        """The interface types a context's globals hand out (the widget's space), in spec order: the steps between
        a global and the session."""
        named = {n for _, gm in self.globals_for(context) for u in (gm.type, gm.returns) if u for n in _type_names(u.node)}
        return [t for t in self.model.types.values() if t.kind == "interface" and t.name in named]

    def only_in(self, context: str) -> list[Member]:
        """The members a context's session has beyond the interface it shares with other contexts (those narrowed
        to it, its namespaces and event objects); none for a context whose session extends nothing."""
        iface = self.model.interface_of(context)
        if iface.extends is None:
            return []
        shared = {m.name for i in self.model.interfaces if i.name == iface.extends for m in i.members}
        return [m for m in iface.members if m.name not in shared]

    def ts_block(self, members: Iterable[Member | GlobalMember], context: str | None = None) -> list[str]:
        """The TypeScript declarations of several members (or globals), one after another; with ``context``, as
        that context's own session interface declares them."""
        out: list[str] = []
        for m in members:
            if isinstance(m, GlobalMember):
                out += self.ts_global_signature(m)
                continue
            own = [i for i in self.ts.interfaces if context and i.name == self.ts_interface(context) and m in self.ts.own_members(i)]
            out += self.ts.signatures(m, own[0]) if own else self.ts_signature(m)
        return out

    def sharing(self, context: str) -> list[str]:
        """The other contexts whose sessions share the interface a context's session extends."""
        iface = self.model.interface_of(context)
        return [c for i in self.model.interfaces if i.name == iface.extends for c in i.contexts if c != context]

    def event_objects_in(self, context: str) -> list[Member]:
        """The event objects a context has: members that are one, and methods that are also one there."""
        return [m for m in self.model.members_in(context) if m.kind == "event_object"] + self.listener_forms(context)

    def listener_forms(self, context: str) -> list[Member]:
        """The methods that are also event objects in a context (``on.addListener``)."""
        return [m for m in self.model.members_in(context) if m.event_object and context in m.event_object.contexts]

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
        """The link to a named item; a name the spec does not have fails generation (no link goes stale)."""
        spot = self.view.location.get((kind, name))
        if spot is None:
            raise ValueError(f"docs: {self.path} links to {kind} '{name}', which the spec does not have")
        page, anchor_id = spot
        if page == self.path:
            return f"#{anchor_id}"
        return f"{quote(posixpath.relpath(page, posixpath.dirname(self.path) or '.'))}#{anchor_id}"

    def attrs(self, kind: str, name: str) -> str:
        """The attribute list that gives a heading its stable id."""
        return "{#" + self.anchor_of(kind, name) + "}"

    def anchor_of(self, kind: str, name: str) -> str:
        self.href(kind, name)  # the same check
        return self.view.location[(kind, name)][1]

    def page(self, path: str, anchor_id: str = "") -> str:
        """Relative link to any generated page (a guide, say), optionally to an anchor on it."""
        if path == self.path and anchor_id:
            return f"#{anchor_id}"
        rel = quote(posixpath.relpath(path, posixpath.dirname(self.path) or "."))
        return f"{rel}#{anchor_id}" if anchor_id else rel

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

    def source_named(self, name: str) -> str:
        """A link to a source whose text is the source's title, not its key (for sentences a user reads)."""
        return f"[{escape_text(self.model.sources[name].title)}]({self.href('source', name)})"

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
                return f"[Session]({self.to('overview', 'contexts')})"
            return f"Session&lt;[{escape_text(node.context)}]({self.href('context', node.context)})&gt;"
        if isinstance(node, te.EventNameT):
            return f"[EventName]({self.to('events')})"
        return f"[EventHandler]({self.to('overview', 'conventions')})"

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
    env.globals.update(prose=prose, YES=YES, NO=NO, hid=lambda name: "{#" + name + "}", tool=tooling())

    def render(template: str, path: str, **extra: Any) -> OutputFile:
        text = env.get_template(template).render(v=view, model=model, p=Page(view, path), **extra)
        return OutputFile(f"{DOCS_DIR}/{path}", tidy(text))

    outputs = [
        render("index.md.j2", PAGES["index"]),
        render("overview.md.j2", PAGES["overview"]),
        *(render(g.template, g.path, guide=g) for g in view.guides()),
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
        v=view, model=model, docs_dir=DOCS_DIR, site_dir=SITE_DIR, pages=PAGES, group_page=view.group_page, guides=view.guides()
    )
    outputs.append(OutputFile(CONFIG, config))
    return outputs
