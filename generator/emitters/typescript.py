"""TypeScript declarations: an npm-style types package, plus type tests that tsc must accept.

Layout decisions live here (how a spec type is spelled in TypeScript, which declarations exist);
the templates in ``templates/typescript/`` only arrange them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .. import prose
from .. import type_expr as te
from ..model import GlobalMember, GlobalObject, ListenerArg, Member, Model, Param, SessionInterface, TypeDef
from ..outputs import OutputFile
from ..render import environment
from ..rules import pascal_path
from ..samples import Host, invalid_values, reserved_key_violations, valid_value

PACKAGE_DIR = "typescript"
TYPETEST_DIR = "typescript-typetests"
PACKAGE_NAME = "webfuse-session-api-types"
_SAFE_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
# What TypeScript finds on any object (its `Object` interface): a name that is always there.
OBJECT_MEMBERS = frozenset(
    ("constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable")
)


@dataclass(frozen=True)
class Interface:
    """A session interface of the model, with the name of its TypeScript event map."""

    base: SessionInterface
    event_map: str

    @property
    def name(self) -> str:
        return self.base.name

    @property
    def contexts(self) -> tuple[str, ...]:
        return self.base.contexts

    @property
    def members(self) -> tuple[Member, ...]:
        return self.base.members

    @property
    def events(self) -> tuple[str, ...]:
        return self.base.events

    @property
    def extends(self) -> str | None:
        return self.base.extends

    @property
    def is_base(self) -> bool:
        return self.base.base


@dataclass(frozen=True)
class NamespaceDecl:
    """The TypeScript interface of a namespace as one session interface sees it."""

    name: str
    member: Member
    owner: Interface  # whose contexts decide which of its members it has


@dataclass(frozen=True)
class GlobalsEntry:
    """An entry point of the package that declares the spec's global objects: ``<package>/<name>``.

    Each renders ``templates/typescript/globals.d.ts.j2`` from the same model; they differ only in where a
    global object is declared and in the types package they build on.
    """

    name: str
    purpose: str  # the first line of its doc comment
    use_with: str  # Markdown: the projects it is for (README)
    references: tuple[str, ...] = ()  # types packages it builds on, as `/// <reference types>`
    # Global objects declared in another namespace instead (global -> namespace): one that the referenced
    # types declare as a variable of the namespace's type, so its members are that variable's members.
    moved: tuple[tuple[str, str], ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.d.ts"

    def namespace(self, global_name: str) -> str:
        return dict(self.moved).get(global_name, global_name)


# @types/chrome declares `var browser: typeof chrome` (and `Window.browser`) since 0.3.0, so a
# `namespace browser` beside it is a second declaration of `browser` (TS2300, "Duplicate identifier
# 'browser'"). Members declared in `namespace chrome` are members of `typeof chrome`, hence of `browser`.
# @types/firefox-webext-browser declares `namespace browser.<api>` (a namespace merges with ours) and
# @types/webextension-polyfill declares no global, so both compile beside the plain `globals` entry.
GLOBALS_ENTRIES = (
    GlobalsEntry(
        "globals",
        "Global objects through which scripts reach a session.",
        "no WebExtension types, `@types/firefox-webext-browser` (its `namespace browser` merges with this one), "
        "`@types/webextension-polyfill` (a module: it declares no global), or `@types/chrome` before 0.3.0",
    ),
    GlobalsEntry(
        "globals-chrome",
        "Global objects through which scripts reach a session, for projects that use `@types/chrome` 0.3.0 or later.",
        "`@types/chrome` 0.3.0 or later, which declares `browser` itself (as `typeof chrome`); "
        "this entry brings `@types/chrome` in",
        references=("chrome",),
        moved=(("browser", "chrome"),),
    ),
)


# -- spelling ---------------------------------------------------------------------------------
def literal(value: Any) -> str:
    """A TypeScript literal; ensure_ascii keeps any text safe inside the source."""
    return json.dumps(value, ensure_ascii=True)


def prop_key(name: str) -> str:
    return name if _SAFE_KEY.match(name) else literal(name)


def doc_text(text: str) -> str:
    """Text that cannot end a comment early or start a JSDoc tag."""
    text = text.replace("*/", "*\\/")
    return re.sub(r"(^|\s)@", r"\1\\@", text)


class TsView:
    """Everything the templates need, computed from the model."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.interfaces = [Interface(i, i.name + "EventMap") for i in model.interfaces]
        self.interface_of = {c: i for i in self.interfaces if not i.is_base for c in i.contexts}
        self.by_name = {i.name: i for i in self.interfaces}
        self.namespace_names, self.namespaces = self._plan_namespaces()
        # Members of the common interface that another interface declares again (its event map, its
        # namespaces' interfaces differ): there, a result `Session` is the common interface, not `this`,
        # since the other interface's declaration (an event object, say) cannot say `this`.
        self.redeclared: dict[str, set[str]] = {}
        for iface in self.interfaces:
            parent = self.by_name.get(iface.extends or "")
            if parent is not None:
                self.redeclared[iface.name] = {
                    m.name for m in parent.members if self.signatures(m, iface) != self.signatures(m, parent, this="this")
                }
        # The type tests' name for the declarations module: `api`, unless a global object is named so.
        taken = set(model.globals) | {session_variable(c) for c in model.contexts} | {"space"}
        self.ns = next(n for n in (f"api{'_' * i}" for i in range(len(taken) + 1)) if n not in taken)

    # namespaces --------------------------------------------------------------------------------
    @staticmethod
    def visible(member: Member, iface: Interface) -> bool:
        """Does every context of ``iface`` offer ``member``?"""
        return set(iface.contexts) <= set(member.contexts)

    def _plan_namespaces(self) -> tuple[dict[tuple[str, str], str], list[NamespaceDecl]]:
        """A name for each namespace as each session interface sees it: its path in PascalCase (``AutomationAct``)
        when every interface sees the same members in it, else prefixed by the interface (``WidgetAutomation``)."""
        seen: dict[str, dict[tuple[str, ...], list[Interface]]] = {}
        found: dict[str, Member] = {}
        for iface in self.interfaces:
            for top in iface.members:
                for m in top.walk():
                    if m.kind == "namespace" and self.visible(m, iface):
                        key = tuple(x.path for x in m.walk()[1:] if self.visible(x, iface))
                        seen.setdefault(m.path, {}).setdefault(key, []).append(iface)
                        found[m.path] = m
        names: dict[tuple[str, str], str] = {}
        decls: list[NamespaceDecl] = []
        for path, variants in seen.items():
            for ifaces in variants.values():
                name = pascal_path(path) if len(variants) == 1 else ifaces[0].name.removesuffix("Session") + pascal_path(path)
                for iface in ifaces:
                    names[(path, iface.name)] = name
                decls.append(NamespaceDecl(name, found[path], ifaces[0]))
        return names, decls

    def namespace_members(self, decl: NamespaceDecl) -> list[Member]:
        return [m for m in decl.member.members if self.visible(m, decl.owner)]

    def namespace_doc(self, decl: NamespaceDecl) -> list[str]:
        lines = self.member_doc(decl.member)
        contexts = decl.owner.contexts
        lines = [f"`{decl.member.path}`: {lines[0]}", *lines[1:]]
        lines += ["", f"Available in the {', '.join(contexts)} context{'s' if len(contexts) > 1 else ''}."]
        return lines

    # types ----------------------------------------------------------------------------------
    def type(self, node: te.TypeNode, owner: str = "Session", ns: str = "") -> str:
        """The TypeScript spelling of a type; ``ns`` prefixes declared names (``api.`` in type tests)."""
        def sub(n: te.TypeNode) -> str:
            return self.type(n, owner, ns)

        if isinstance(node, te.Prim):
            return "number" if node.name == "integer" else node.name
        if isinstance(node, te.Lit):
            return literal(node.value)
        if isinstance(node, te.Named):
            typedef = self.model.types[node.name]
            return typedef.host["typescript"] if typedef.host else ns + node.name
        if isinstance(node, te.ArrayOf):
            return f"({sub(node.item)})[]" if isinstance(node.item, te.UnionOf) else f"{sub(node.item)}[]"
        if isinstance(node, te.PromiseOf):
            return f"Promise<{sub(node.item)}>"
        if isinstance(node, te.RecordOf):
            return f"Record<string, {sub(node.value)}>"
        if isinstance(node, te.UnionOf):
            tag = self.discriminant(node)
            return " | ".join(
                f"({sub(i)} & {{ readonly {prop_key(tag)}?: undefined }})" if tag and isinstance(i, te.Prim) else sub(i)
                for i in node.items
            )
        if isinstance(node, te.SessionRef):
            return owner if node.context is None else ns + self.interface_of[node.context].name
        raise ValueError(f"{node} has no TypeScript spelling outside a parameter list")

    def discriminant(self, node: te.UnionOf) -> str | None:
        """The field every object type of a union has with a literal type (``event_type``), when the union also
        holds primitives (a raw broadcast string): the primitives are then spelled without that field, so that
        code can read it on any member of the union and narrow on it, as it would in JavaScript."""
        objects = [self.model.types[i.name] for i in node.items if isinstance(i, te.Named) and self.model.types[i.name].kind == "object"]
        if not objects or not any(isinstance(i, te.Prim) and i.name in ("string", "number", "boolean") for i in node.items):
            return None
        tagged = [{f.name for f in t.fields if f.required and isinstance(f.type.node, te.Lit)} for t in objects]
        common = set.intersection(*tagged)
        return min(common) if common else None

    def typedefs(self) -> list[TypeDef]:
        return [t for t in self.model.types.values() if t.kind != "host"]

    def field_type(self, typedef: TypeDef, use: Any) -> str:
        return self.type(use.node)

    def index_type(self, typedef: TypeDef) -> str:
        """The index signature of an object type with ``additional`` keys: their type, widened by the type of
        every declared key (TypeScript checks each declared property against the index signature)."""
        assert typedef.additional is not None
        spelled = [self.type(typedef.additional.node)]
        if spelled == ["unknown"]:
            return "unknown"
        spelled += [self.type(f.type.node) for f in typedef.fields]
        if typedef.reserved_type is not None and typedef.reserved_keys:
            spelled.append(self.type(typedef.reserved_type.node))
        if typedef.reserved_keys or any(not f.required for f in typedef.fields):
            spelled.append("undefined")
        return " | ".join(dict.fromkeys(spelled))

    def accepts_any_value(self, node: te.TypeNode) -> bool:
        """Does the TypeScript spelling of ``node`` take any value but null and undefined? An object type
        without fields, reserved keys or additional keys is `{}` there."""
        if isinstance(node, te.UnionOf):
            return any(self.accepts_any_value(i) for i in node.items)
        if not isinstance(node, te.Named):
            return False
        typedef = self.model.types[node.name]
        if typedef.kind == "alias" and typedef.alias_of is not None:
            return self.accepts_any_value(typedef.alias_of.node)
        return typedef.kind == "object" and not (typedef.fields or typedef.reserved_keys or typedef.additional)

    # arguments typed by an interface -------------------------------------------------------------
    def open_object(self, node: te.TypeNode) -> TypeDef | None:
        """An object type that takes keys beyond its fields, of any type (``additional: unknown``)."""
        if isinstance(node, te.Named):
            typedef = self.model.types[node.name]
            if typedef.kind == "object" and typedef.additional is not None and typedef.additional.node == te.Prim("unknown"):
                return typedef
        return None

    def param_type(self, p: Param | Any, owner: str, ns: str = "") -> tuple[str, str | None]:
        """(spelling, type parameter) of a parameter. A plain object of any keys (``Record<string, unknown>``) is
        ``object``, and an open object type takes any object that also fits its fields (``T & KnownFields<X>``):
        TypeScript gives a value typed by an `interface` no index signature, so neither spelling may demand one."""
        node = p.type.node
        if node == te.RecordOf(te.Prim("unknown")):
            return "object", None
        typedef = self.open_object(node)
        if typedef is not None:
            var = f"T_{p.name}"
            return f"{var} & {ns}KnownFields<{ns}{typedef.name}>", f"{var} extends object"
        return self.type(node, owner, ns), None

    # signatures -----------------------------------------------------------------------------
    def is_subscription(self, member: Member | GlobalMember) -> bool:
        return any(isinstance(p.type.node, te.EventHandlerT) for p in member.params)

    def params(self, params: tuple[Param, ...], owner: str) -> str:
        return self.signature_params(params, owner)[0]

    def signature_params(self, params: tuple[Param, ...], owner: str) -> tuple[str, str]:
        """(parameter list, type parameter list or '') of a method."""
        spelled, generics = [], []
        for p in params:
            ts, generic = self.param_type(p, owner)
            spelled.append(f"{p.name}{'' if p.required else '?'}: {ts}")
            if generic:
                generics.append(generic)
        return ", ".join(spelled), f"<{', '.join(generics)}>" if generics else ""

    def callback(self, session: str, event: str) -> str:
        conv = self.model.conventions.callbacks
        args = {"session": f"session: {session}", "event": f"event: {event}"}
        this = f"this: {session}, " if conv.this == "session" else ""
        return f"({this}{', '.join(args[a] for a in conv.arguments)}) => void"

    def listener(self, args: tuple[ListenerArg, ...], owner: str) -> str:
        return "(" + ", ".join(f"{a.name}{'' if a.required else '?'}: {self.type(a.type.node, owner)}" for a in args) + ") => void"

    def has_event_object(self, member: Member | GlobalMember, owner: Interface) -> bool:
        form = member.event_object if isinstance(member, Member) else None
        return form is not None and set(owner.contexts) <= set(form.contexts)

    def signatures(self, member: Member | GlobalMember, owner: Interface, name: str | None = None, this: str | None = None) -> list[str]:
        """Declaration lines (without the doc comment) of a member in an interface or namespace; lines of a
        multi-line declaration carry their own indentation after the first."""
        name = name or member.name
        key = prop_key(name)
        if this is None:
            redeclared = owner.is_base and any(member.name in names for names in self.redeclared.values())
            this = owner.name if redeclared else "this"
        if member.kind == "namespace":
            assert isinstance(member, Member)
            return [f"readonly {key}: {self.namespace_names[(member.path, owner.name)]};"]
        if member.kind == "event_object":
            assert isinstance(member, Member)
            doc = ["Registers a listener, called with every message this event object delivers."]
            return [f"readonly {key}: {{", *self.add_listener(doc, member.listener, owner), "};"]
        if member.kind == "property":
            assert member.type is not None
            ts = self.type(member.type.node, owner.name)
            if isinstance(member, Member) and member.maybe_unavailable:
                ts += " | undefined"
            return [f"readonly {key}: {ts};"]
        assert member.returns is not None
        result = self.type(member.returns.node, this)
        if isinstance(member, GlobalMember) and result == "this":
            result = owner.name
        if not self.is_subscription(member):
            params, generics = self.signature_params(member.params, owner.name)
            if isinstance(member, Member) and self.has_event_object(member, owner):
                assert member.event_object is not None  # a type literal cannot say `this`: the declaring interface
                named = self.type(member.returns.node, owner.name if this == "this" else this)
                return [
                    f"readonly {key}: {{",
                    f"  {generics}({params}): {named};",
                    *self.add_listener(self.event_object_doc(member), member.event_object.listener, owner),
                    "};",
                ]
            return [f"{key}{generics}({params}): {result};"]
        event_param, handler = member.params[0].name, member.params[1].name
        events = self.global_event_map(member) if isinstance(member, GlobalMember) else owner.event_map
        if isinstance(member, Member) and self.has_event_object(member, owner):
            assert member.event_object is not None
            result = owner.name
            return [
                f"readonly {key}: {{",
                f"  <K extends keyof {events}>({event_param}: K, {handler}: {self.callback(owner.name, f'{events}[K]')}): {result};",
                f"  ({event_param}: string, {handler}: {self.callback(owner.name, 'unknown')}): {result};",
                *self.add_listener(self.event_object_doc(member), member.event_object.listener, owner),
                "};",
            ]
        return [
            f"{key}<K extends keyof {events}>({event_param}: K, "
            f"{handler}: {self.callback(owner.name, f'{events}[K]')}): {result};",
            f"{key}({event_param}: string, {handler}: {self.callback(owner.name, 'unknown')}): {result};",
        ]

    def add_listener(self, doc: list[str], args: tuple[ListenerArg, ...], owner: Interface) -> list[str]:
        """The ``addListener`` method of an event object, with its doc comment, indented for a type literal."""
        called = "; ".join(f"`{a.name}`{'' if a.required else ' (not always given)'}: {a.description.rstrip('.')}" for a in args)
        lines = jsdoc([*doc, "", f"@param listener - Called with {called or 'nothing'}."], 2).split("\n")
        return [*lines, f"  addListener(listener: {self.listener(args, owner.name)}): void;"]

    def event_object_doc(self, member: Member) -> list[str]:
        form = member.event_object
        assert form is not None
        lines = [prose.marked(form.summary, form.level)]
        where = _discrepancies_at(self.model, "member", member.path or member.name).replace("-discrepancies", "-event-object-discrepancies")
        notes = list(form.notes) + prose.disagreements([d.reading for d in form.discrepancies], where)
        return lines + ([""] + [f"- {n}" for n in notes] if notes else [])

    def global_event_map(self, member: GlobalMember) -> str:
        return self.global_maps[member.name][0] if member.name in self.global_maps else "SessionEventMap"

    @property
    def global_maps(self) -> dict[str, tuple[str, list[str]]]:
        """For each subscription member of a global object: the name of its event map and the events in it, those
        that can be listened to globally (``global_listener``) in its contexts."""
        out: dict[str, tuple[str, list[str]]] = {}
        for glob in self.model.globals.values():
            for gm in glob.members:
                if self.is_subscription(gm) and gm.name not in out:
                    events = [e.name for e in self.model.events.values() if e.global_listener and set(e.listeners) & set(gm.contexts)]
                    out[gm.name] = (pascal_path(glob.name) + "EventMap", events)
        return out

    def global_event_maps(self) -> list[tuple[str, list[str]]]:
        out: dict[str, list[str]] = {}
        for name, events in self.global_maps.values():
            out.setdefault(name, events)
        return list(out.items())

    @property
    def uses_known_fields(self) -> bool:
        """Does some parameter take an open object type (so that index.d.ts declares ``KnownFields``)?"""
        every = [*self.model.all_members(), *(m for t in self.model.types.values() for m in t.members)]
        every += [gm for g in self.model.globals.values() for gm in g.members]  # type: ignore[misc]
        return any(self.open_object(p.type.node) for m in every for p in m.params)

    def own_members(self, iface: Interface) -> list[Member]:
        """What an interface declares itself: everything, or for one that extends the common interface, the members
        the common one lacks and those it declares otherwise."""
        parent = self.by_name.get(iface.extends or "")
        if parent is None:
            return list(iface.members)
        redeclared = self.redeclared.get(iface.name, set())
        return [m for m in iface.members if m not in parent.members or m.name in redeclared]

    def member_doc(self, member: Member | GlobalMember) -> list[str]:
        lines = [member.summary]
        if member.description:
            lines += ["", member.description]
        if isinstance(member, Member):
            notes = prose.member_notes(self.model, member, _discrepancies_at(self.model, "member", member.path or member.name))
            if notes:
                lines.append("")
                lines += [f"- {n}" for n in notes]
        if member.params or member.examples or (member.kind == "method" and member.returns_description):
            lines.append("")
        for p in member.params:
            text = p.description
            if p.has_default:
                text += f" Defaults to `{prose.default(p.default)}`."
            lines.append(f"@param {p.name} - {text}")
        if member.kind == "method" and member.returns_description:
            lines.append(f"@returns {member.returns_description}")
        for ex in member.examples:
            lines += [f"@example {ex.title}", "```js", *ex.code.rstrip("\n").split("\n"), "```"]
        if isinstance(member, Member) and member.deprecated is not None:
            dep = member.deprecated
            text = f"Use {dep.replacement} instead." if dep.replacement else "No newer member replaces it."
            lines.append(f"@deprecated {text}" + (f" {dep.note}" if dep.note else ""))
        return lines

    def alias_doc(self, member: Member, alias: Any) -> list[str]:
        lines = [f"Another spelling of {{@link {member.name}}}, kept for compatibility."]
        if alias.note:
            lines += ["", alias.note]
        lines.append(f"@deprecated Use {{@link {member.name}}} instead.")
        return lines

    def globals_doc(self, entry: GlobalsEntry, package: str) -> list[str]:
        spec = f"{package}/{entry.name}"
        return [
            entry.purpose,
            "",
            f"Pick these up with `\"types\": [\"{spec}\"]` in tsconfig.json, or with",
            f"`/// <reference types=\"{spec}\" />` at the top of a script.",
        ]

    def global_doc(self, glob: GlobalObject, entry: GlobalsEntry) -> list[str]:
        lines = [glob.description]
        if (ns := entry.namespace(glob.name)) != glob.name:
            lines += [
                "",
                f"Declared in `namespace {ns}`: `@types/{ns}` declares `{glob.name}` as `typeof {ns}`, so {self.moved_uses(glob, ns)}.",
            ]
        return lines

    def moved_uses(self, glob: GlobalObject, ns: str) -> str:
        """How the members of a global object declared in namespace ``ns`` are reached (names are identifiers)."""
        def uses(owner: str) -> str:
            return ", ".join(f"`{owner}.{m.name}`" for m in glob.members) or "its members"
        verb = "type-checks" if len(glob.members) == 1 else "type-check"
        return f"{uses(glob.name)} {verb}, as documented (and so does {uses(ns)}, which is not documented)"

    def global_interface(self, member: GlobalMember) -> Interface:
        return self.interface_of[member.contexts[0]]

    def global_line(self, member: GlobalMember, line: str) -> str:
        """A signature line as a namespace declaration: `const` for properties, `function` for methods."""
        if member.kind == "property":
            return "const " + line.removeprefix("readonly ")
        return "function " + line

    def global_imports(self) -> list[str]:
        """The declarations globals.d.ts names: session interfaces, event maps and the types its members use."""
        names = {i.name for i in self.interfaces if not i.is_base} | {name for name, _ in self.global_event_maps()}
        for glob in self.model.globals.values():
            for gm in glob.members:
                for use in [gm.type, gm.returns, *(p.type for p in gm.params)]:
                    for n in te.walk(use.node) if use else ():
                        if isinstance(n, te.Named) and not self.model.types[n.name].host:
                            names.add(n.name)
                if any(self.open_object(p.type.node) for p in gm.params):
                    names.add("KnownFields")
        return sorted(names)

    def type_doc(self, typedef: TypeDef) -> list[str]:
        lines = [prose.type_description(typedef)]
        if typedef.kind == "enum":
            lines.append("")
            lines += [f"- `{literal(v.value)}`" + (f": {v.description}" if v.description else "") for v in typedef.values]
        if len(typedef.contexts) < len(self.model.contexts):
            lines += ["", f"Available in {prose.contexts(typedef.contexts)}."]
        lines += prose.disagreements([d.reading for d in typedef.discrepancies], _discrepancies_at(self.model, "type", typedef.name))
        return lines

    def type_owner(self, typedef: TypeDef) -> Interface:
        """The session interface whose contexts an interface type's members are spelled for."""
        return self.interface_of[typedef.contexts[0]]

    def field_doc(self, f: Any) -> list[str]:
        lines = [f.description]
        c = f.constraints
        if c is not None:
            if c.minimum is not None:
                lines.append(f"Minimum: {c.minimum}.")
            if c.pattern is not None:
                lines.append(f"Pattern: `{c.pattern}`.")
        return lines

    def event_doc(self, name: str) -> list[str]:
        event = self.model.events[name]
        lines = [prose.event_summary(event)]
        if event.emitted_by:
            lines.append("Sent by " + ", ".join(f"{{@link Session.{m}}}" for m in event.emitted_by) + ".")
        lines += prose.disagreements([d.reading for d in event.discrepancies], _discrepancies_at(self.model, "event", name))
        return lines

    def interface_doc(self, iface: Interface) -> list[str]:
        if iface.is_base:
            return [f"What the sessions of the {' and '.join(iface.contexts)} contexts have in common; each context's own "
                    "session type extends it.", "", "Its listeners are typed by the events any of these contexts receives."]
        return prose.interface_lines(self.model, iface.base)


def _discrepancies_at(model: Model, kind: str, name: str) -> str:
    from .docs import discrepancies_at  # the docs emitter imports this module's view

    return discrepancies_at(model, kind, name)


_TAG = re.compile(r"^(@(?:param [A-Za-z_$][\w$]* -|returns|example|deprecated|packageDocumentation))(.*)$", re.S)


def jsdoc(lines: list[str], indent: int = 0) -> str:
    """A doc comment; the tags the emitter writes stay tags, everything else is escaped text."""
    pad = " " * indent
    body = []
    for line in lines:
        tag = _TAG.match(line)
        text = tag.group(1) + doc_text(tag.group(2)) if tag else doc_text(line)
        for part in text.split("\n"):
            body.append(f"{pad} * {part}".rstrip())
    return "\n".join([f"{pad}/**", *body, f"{pad} */"])


# -- type tests -------------------------------------------------------------------------------
@dataclass
class TypeTests:
    """Statements for the generated type-test file; ``expect_error`` ones carry a reason."""

    host_samples: dict[str, str] = field(default_factory=dict)  # variable -> TypeScript type
    cases: list[tuple[str, str | None]] = field(default_factory=list)  # (statement, expect-error reason)

    def ok(self, statement: str) -> None:
        self.cases.append((statement, None))

    def fails(self, statement: str, why: str) -> None:
        self.cases.append((statement, why))


def ts_value(view: TsView, tests: TypeTests, value: Any) -> str:
    if isinstance(value, Host):
        typedef = view.model.types[value.name]
        var = f"sample{value.name}"
        tests.host_samples[var] = typedef.host["typescript"] if typedef.host else value.name
        return var
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{prop_key(k)}: {ts_value(view, tests, v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(ts_value(view, tests, v) for v in value) + "]"
    return literal(value)


def session_variable(context: str) -> str:
    """The variable that stands for a session of ``context`` in the type tests."""
    return f"{context}Session"


def build_type_tests(view: TsView) -> TypeTests:
    model = view.model
    ns = view.ns
    tests = TypeTests()
    reach = {name: session_variable(name) for name in model.contexts}
    for iface in view.interfaces:
        if iface.extends and not iface.is_base:
            tests.ok(f"{{ const common: {ns}.{iface.extends} = {reach[iface.contexts[0]]}; void common; }}")
    for member in model.members.values():
        for context, expr in reach.items():
            iface = view.interface_of[context]
            names = [member.name] + [a.name for a in member.aliases]
            if context not in member.contexts:
                for name in names:
                    if name not in OBJECT_MEMBERS:  # every object has these, exposed or not
                        tests.fails(f"void {expr}.{name};", f"'{name}' is not exposed in the {context} context")
                continue
            _walk_cases(view, tests, member, expr, iface, context)
    for glob in model.globals.values():
        for gm in glob.members:
            _global_cases(view, tests, f"{glob.name}.{gm.name}", gm)
    for typedef in model.types.values():
        if typedef.kind == "interface":
            var = f"sample{typedef.name}"
            tests.host_samples[var] = f"{ns}.{typedef.name}"
            owner = view.type_owner(typedef)
            for member in typedef.members:
                _member_cases(view, tests, member, member.name, f"{var}.{member.name}", owner, typedef.name)
    done: set[str] = set()
    for context, expr in reach.items():
        iface = view.interface_of[context]
        if iface.name in done:
            continue
        done.add(iface.name)
        subscribe = next((m.name for m in iface.members if view.is_subscription(m)), None)
        if subscribe is None:
            continue
        for event_name in iface.events:
            event = model.events[event_name]
            payload = model.types.get(getattr(event.payload.node, "name", ""))
            reads = "; ".join(f"void event.{prop_key(f.name)}" for f in payload.fields) if payload else ""
            tests.ok(
                f"{expr}.{subscribe}({literal(event_name)}, function (session, event) "
                f"{{ {reads}; void this.{subscribe}; void session.{subscribe}; }});"
            )
            _unknown_field_case(view, tests, f"{expr}.{subscribe}", event_name)
        tests.ok(f"{expr}.{subscribe}(\"a_custom_event\", (session, event: unknown) => {{ void session; void event; }});")
        for event_name in [e for e in model.events if e not in iface.events]:
            tests.fails(
                f"{expr}.{subscribe}({literal(event_name)}, (session, event) => {{ void event.notAPayloadField; }});",
                f"'{event_name}' never reaches a listener in the {', '.join(iface.contexts)} context, so its payload is untyped there",
            )
    return tests


def _walk_cases(view: TsView, tests: TypeTests, member: Member, parent: str, iface: Interface, context: str) -> None:
    """Cases for a member reached from ``parent`` (a session, or a namespace in one), and for what is inside it."""
    ns = view.ns
    expr = f"{parent}.{member.name}"
    if member.kind == "namespace":
        tests.ok(f"{{ const value: {ns}.{view.namespace_names[(member.path, iface.name)]} = {expr}; void value; }}")
        tests.fails(f"{expr} = {expr};", f"'{member.path}' is read-only")
        for child in member.members:
            if view.visible(child, iface):
                _walk_cases(view, tests, child, expr, iface, context)
            else:
                tests.fails(f"void {expr}.{child.name};", f"'{child.path}' is not exposed in the {context} context")
        if member.additional is not None:
            ts = view.type(member.additional.node, iface.name, ns + ".")
            tests.ok(f"{{ const value: {ts} = {expr}.ANY_KEY; void value; }}")
            sample = valid_value(view.model, member.additional.node)
            tests.fails(f"{expr}.ANY_KEY = {ts_value(view, tests, sample)};", f"the members of '{member.path}' are read-only")
        return
    if member.kind == "event_object":
        _listener_cases(view, tests, expr, member.path, member.listener, iface)
        tests.fails(f"{expr} = {expr};", f"'{member.path}' is read-only")
        return
    owner = view.namespace_names.get((member.path.rpartition(".")[0], iface.name), iface.name)
    for name in [member.name] + [a.name for a in member.aliases]:
        _member_cases(view, tests, member, name, f"{parent}.{name}", iface, owner)
    if member.event_object is not None:
        if view.has_event_object(member, iface):
            _listener_cases(view, tests, expr, member.path, member.event_object.listener, iface)
        else:
            where = ", ".join(member.event_object.contexts)
            tests.fails(f"{expr}.addListener(() => {{}});", f"'{member.path}' is an event object only in the {where} context")


def _listener_cases(view: TsView, tests: TypeTests, expr: str, path: str, args: tuple[ListenerArg, ...], iface: Interface) -> None:
    """An event object's listener: it gets its arguments typed, and code can narrow a union of messages on its tag."""
    ns = view.ns
    names = [a.name for a in args]
    reads = "".join(f" void {n};" for n in names)
    tests.ok(f"{expr}.addListener(({', '.join(names)}) => {{{reads} }});")
    typed = ", ".join(f"{a.name}{'' if a.required else '?'}: {view.type(a.type.node, iface.name, ns + '.')}" for a in args)
    tests.ok(f"{expr}.addListener(({typed}) => {{{reads} }});")
    tests.fails(f"{expr}.addListener();", f"'{path}.addListener' needs a listener")
    if args:
        tests.fails(f"{expr}.addListener((value: symbol) => {{ void value; }});",
                    f"the listener of '{path}' receives {args[0].type.text}, not a symbol")
        first = _resolve_alias(view, args[0].type.node)
        tag = view.discriminant(first) if isinstance(first, te.UnionOf) else None
        if tag is not None and isinstance(first, te.UnionOf):
            for item in first.items:
                if isinstance(item, te.Prim):
                    ts = view.type(item)
                    tests.ok(f"{expr}.addListener(({names[0]}) => {{ if (typeof {names[0]} === {literal(ts)}) "
                             f"{{ const value: {ts} = {names[0]}; void value; }} }});")
                    continue
                typedef = view.model.types[item.name] if isinstance(item, te.Named) else None
                if typedef is None or typedef.kind != "object":
                    continue
                value = next(f.type.node for f in typedef.fields if f.name == tag)
                assert isinstance(value, te.Lit)
                other = next((f for f in typedef.fields if f.name != tag and f.required), None)
                read = (f"const value: {view.type(other.type.node, iface.name, ns + '.')} = {names[0]}.{prop_key(other.name)}; void value;"
                        if other else f"void {names[0]};")
                tests.ok(f"{expr}.addListener(({names[0]}) => {{ if ({names[0]}.{tag} === {literal(value.value)}) {{ {read} }} }});")


def _resolve_alias(view: TsView, node: te.TypeNode) -> te.TypeNode:
    while isinstance(node, te.Named):
        typedef = view.model.types[node.name]
        if typedef.kind != "alias" or typedef.alias_of is None:
            break
        node = typedef.alias_of.node
    return node


def _global_cases(view: TsView, tests: TypeTests, path: str, member: GlobalMember) -> None:
    iface = view.global_interface(member)
    if member.kind == "property":
        assert member.type is not None
        tests.ok(f"{{ const value: {view.type(member.type.node, iface.name, view.ns + '.')} = {path}; void value; }}")
        return
    assert member.returns is not None
    result = view.type(member.returns.node, iface.name, view.ns + ".")
    if view.is_subscription(member):
        _, events = view.global_maps[member.name]
        event = events[0] if events else "a_custom_event"
        tests.ok(f"{path}({literal(event)}, function (session, event) {{ void this; void session; void event; }});")
        if events:
            _unknown_field_case(view, tests, path, event)
        for other in [e for e in view.model.events if e not in events]:
            tests.fails(f"{path}({literal(other)}, (session, event) => {{ void event.notAPayloadField; }});",
                        f"'{other}' never reaches a global listener, so its payload is untyped there")
        return
    args = [ts_value(view, tests, valid_value(view.model, p.type.node, p.constraints)) for p in member.params]
    tests.ok(f"{{ const result: {result} = {path}({', '.join(args)}); void result; }}")
    _interface_typed_cases(view, tests, path, member, args)


def _unknown_field_case(view: TsView, tests: TypeTests, subscribe: str, event_name: str) -> None:
    """A payload field the spec does not know: absent from a closed payload, `unknown` in an open one."""
    payload = view.model.types.get(getattr(view.model.events[event_name].payload.node, "name", ""))
    if payload is None or payload.kind != "object":
        return  # a payload of another type: no field is absent from it for certain
    if payload.additional is not None and payload.additional.node != te.Prim("unknown"):
        return  # an unknown field has the additional keys' type
    if payload.additional is not None:
        tests.fails(
            f"{subscribe}({literal(event_name)}, (session, event) => {{ const text: string = event.notAPayloadField; void text; }});",
            f"'{event_name}' payloads are open: a field the spec does not know is unknown, not a string",
        )
        return
    tests.fails(
        f"{subscribe}({literal(event_name)}, (session, event) => {{ void event.notAPayloadField; }});",
        f"'{event_name}' payloads have no field 'notAPayloadField'",
    )


def _interface_typed_cases(view: TsView, tests: TypeTests, expr: str, member: Member | GlobalMember, args: list[str]) -> None:
    """A parameter that takes any object (or an open object type without required fields) also takes a value typed
    by a TypeScript `interface`, which has no index signature."""
    for i, p in enumerate(member.params):
        typedef = view.open_object(p.type.node)
        takes_any = p.type.node == te.RecordOf(te.Prim("unknown"))
        if not takes_any and (typedef is None or any(f.required for f in typedef.fields)):
            continue
        typed = list(args)
        typed[i] = "typed"
        tests.ok(f"{{ interface Typed {{ readonly note: string; readonly count: number }} const typed: Typed = "
                 f"{{ note: \"text\", count: 1 }}; {expr}({', '.join(typed)}); }}")


def _member_cases(view: TsView, tests: TypeTests, member: Member, name: str, expr: str, iface: Interface, owner: str | None = None) -> None:
    """Cases for a property or method at ``expr`` (its name already in it); ``owner`` is the declaring interface."""
    model = view.model
    owner = owner or iface.name
    this = f"{view.ns}.{owner}"
    if member.kind == "property":
        assert member.type is not None
        ts = view.type(member.type.node, this, view.ns + ".") + (" | undefined" if member.maybe_unavailable else "")
        tests.ok(f"{{ const value: {ts} = {expr}; void value; }}")
        try:
            sample = valid_value(model, member.type.node, member.constraints)
        except ValueError:  # a type the sampler cannot fill (a recursive one): the read-only check needs any value
            sample = None
        tests.fails(f"{expr} = {ts_value(view, tests, sample)};", f"'{name}' is read-only")
        return
    if view.is_subscription(member):
        first, second = (iface.events[0], iface.events[-1]) if iface.events else ("a_custom_event", "another_event")
        tests.ok(
            f"{{ const chained: {view.ns}.{iface.name} = {expr}({literal(first)}, () => {{}})"
            f".{name}({literal(second)}, () => {{}}); void chained; }}"
        )
        tests.fails(f"{expr}({literal(first)});", f"'{name}' needs a callback")
        return
    args = [ts_value(view, tests, valid_value(model, p.type.node, p.constraints)) for p in member.params]
    assert member.returns is not None
    result = view.type(member.returns.node, "this", view.ns + ".")
    call = f"{expr}({', '.join(args)})"
    if result == "this":
        tests.ok(f"{{ const same: {this} = {call}; void same; }}")
    elif result == "void":
        tests.ok(f"{call};")
    else:
        tests.ok(f"{{ const result: {result} = {call}; void result; }}")
    required = [p for p in member.params if p.required]
    if required:
        tests.fails(f"{expr}();", f"'{name}' needs its required argument '{required[0].name}'")
    else:
        tests.ok(f"{expr}();")
    tests.fails(f"{expr}({', '.join([*args, '0'])});", f"'{name}' takes at most {len(args)} argument(s)")
    for i, p in enumerate(member.params):
        if view.accepts_any_value(p.type.node):
            continue  # TypeScript takes any value there (see accepts_any_value)
        for reason, value in invalid_values(model, p.type.node) + reserved_key_violations(model, p.type.node):
            bad = list(args)
            bad[i] = ts_value(view, tests, value)
            tests.fails(f"{expr}({', '.join(bad)});", f"'{p.name}' of '{name}' rejects {reason}")
    _interface_typed_cases(view, tests, expr, member, args)


# -- emit -------------------------------------------------------------------------------------
def emit(model: Model) -> list[OutputFile]:
    from .docs import escape_text  # imported here: docs builds on this module

    view = TsView(model)
    env = environment("typescript", {"jsdoc": jsdoc, "literal": literal, "prop_key": prop_key, "md_text": escape_text})
    context = {
        "v": view, "model": model, "package": PACKAGE_NAME, "session_variable": session_variable, "entries": GLOBALS_ENTRIES,
    }
    tests = build_type_tests(view)
    package_json = {
        "name": PACKAGE_NAME,
        "version": model.api.version,
        "description": f"TypeScript declarations for the {model.api.name}.",
        "types": "index.d.ts",
        "exports": {
            ".": {"types": "./index.d.ts"},
            **{f"./{e.name}": {"types": f"./{e.file}"} for e in GLOBALS_ENTRIES},
        },
        "files": ["index.d.ts", *(e.file for e in GLOBALS_ENTRIES), "README.md"],
        "sideEffects": False,
    }
    return [
        OutputFile(f"{PACKAGE_DIR}/package.json", package_json),
        OutputFile(f"{PACKAGE_DIR}/index.d.ts", env.get_template("index.d.ts.j2").render(context)),
        *(
            OutputFile(f"{PACKAGE_DIR}/{e.file}", env.get_template("globals.d.ts.j2").render(context, entry=e))
            for e in GLOBALS_ENTRIES
        ),
        OutputFile(f"{PACKAGE_DIR}/README.md", env.get_template("README.md.j2").render(context)),
        OutputFile(f"{TYPETEST_DIR}/members.ts", env.get_template("typetests.ts.j2").render(context, tests=tests)),
    ]
