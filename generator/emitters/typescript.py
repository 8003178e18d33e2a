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
from ..model import GlobalMember, GlobalObject, Member, Model, Param, SessionInterface, TypeDef
from ..outputs import OutputFile
from ..render import environment
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
        self.interface_of = {c: i for i in self.interfaces for c in i.contexts}
        # The type tests' name for the declarations module: `api`, unless a global object is named so.
        taken = set(model.globals) | {session_variable(c) for c in model.contexts}
        self.ns = next(n for n in (f"api{'_' * i}" for i in range(len(taken) + 1)) if n not in taken)

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
            return " | ".join(sub(i) for i in node.items)
        if isinstance(node, te.SessionRef):
            return "this" if node.context is None else ns + self.interface_of[node.context].name
        raise ValueError(f"{node} has no TypeScript spelling outside a parameter list")

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

    # signatures -----------------------------------------------------------------------------
    def is_subscription(self, member: Member | GlobalMember) -> bool:
        return any(isinstance(p.type.node, te.EventHandlerT) for p in member.params)

    def params(self, params: tuple[Param, ...], owner: str) -> str:
        return ", ".join(f"{p.name}{'' if p.required else '?'}: {self.type(p.type.node, owner)}" for p in params)

    def callback(self, session: str, event: str) -> str:
        conv = self.model.conventions.callbacks
        args = {"session": f"session: {session}", "event": f"event: {event}"}
        this = f"this: {session}, " if conv.this == "session" else ""
        return f"({this}{', '.join(args[a] for a in conv.arguments)}) => void"

    def signatures(self, member: Member | GlobalMember, owner: Interface, name: str | None = None) -> list[str]:
        """Declaration lines (without the doc comment) of a member in an interface or namespace."""
        name = name or member.name
        if member.kind == "property":
            assert member.type is not None
            ts = self.type(member.type.node, owner.name)
            if isinstance(member, Member) and member.maybe_unavailable:
                ts += " | undefined"
            return [f"readonly {prop_key(name)}: {ts};"]
        assert member.returns is not None
        result = self.type(member.returns.node, owner.name)
        if isinstance(member, GlobalMember) and result == "this":
            result = owner.name
        if not self.is_subscription(member):
            return [f"{name}({self.params(member.params, owner.name)}): {result};"]
        event_param, handler = member.params[0].name, member.params[1].name
        return [
            f"{name}<K extends keyof {owner.event_map}>({event_param}: K, "
            f"{handler}: {self.callback(owner.name, f'{owner.event_map}[K]')}): {result};",
            f"{name}({event_param}: string, {handler}: {self.callback(owner.name, 'unknown')}): {result};",
        ]

    def member_doc(self, member: Member | GlobalMember) -> list[str]:
        lines = [member.summary]
        if member.description:
            lines += ["", member.description]
        if isinstance(member, Member):
            notes = prose.member_notes(self.model, member, _discrepancies_at(self.model, "member", member.name))
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

    def type_doc(self, typedef: TypeDef) -> list[str]:
        lines = [prose.type_description(typedef)]
        if typedef.kind == "enum":
            lines.append("")
            lines += [f"- `{literal(v.value)}`" + (f": {v.description}" if v.description else "") for v in typedef.values]
        if len(typedef.contexts) < len(self.model.contexts):
            lines += ["", f"Available in {prose.contexts(typedef.contexts)}."]
        lines += prose.disagreements([d.reading for d in typedef.discrepancies], _discrepancies_at(self.model, "type", typedef.name))
        return lines

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
        return "{ " + ", ".join(f"{prop_key(k)}: {ts_value(view, tests, v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(ts_value(view, tests, v) for v in value) + "]"
    return literal(value)


def session_variable(context: str) -> str:
    """The variable that stands for a session of ``context`` in the type tests."""
    return f"{context}Session"


def build_type_tests(view: TsView) -> TypeTests:
    model = view.model
    tests = TypeTests()
    reach = {name: session_variable(name) for name in model.contexts}
    for member in model.members.values():
        for context, expr in reach.items():
            iface = view.interface_of[context]
            names = [member.name] + [a.name for a in member.aliases]
            if context not in member.contexts:
                for name in names:
                    if name not in OBJECT_MEMBERS:  # every object has these, exposed or not
                        tests.fails(f"void {expr}.{name};", f"'{name}' is not exposed in the {context} context")
                continue
            for name in names:
                _member_cases(view, tests, member, name, expr, iface)
    for glob in model.globals.values():
        for gm in glob.members:
            _global_cases(view, tests, f"{glob.name}.{gm.name}", gm)
    for iface in view.interfaces:
        expr = reach[iface.contexts[0]]
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
        for event_name in [e for e in model.events if e not in iface.events][:1]:
            tests.fails(
                f"{expr}.{subscribe}({literal(event_name)}, (session, event) => {{ void event.notAPayloadField; }});",
                f"'{event_name}' cannot be listened to in the {', '.join(iface.contexts)} context",
            )
    return tests


def _global_cases(view: TsView, tests: TypeTests, path: str, member: GlobalMember) -> None:
    iface = view.global_interface(member)
    if member.kind == "property":
        assert member.type is not None
        tests.ok(f"{{ const value: {view.type(member.type.node, iface.name, view.ns + '.')} = {path}; void value; }}")
        return
    assert member.returns is not None
    result = view.type(member.returns.node, iface.name, view.ns + ".")
    if view.is_subscription(member):
        event = iface.events[0] if iface.events else "a_custom_event"
        tests.ok(f"{path}({literal(event)}, function (session, event) {{ void this; void session; void event; }});")
        if iface.events:
            _unknown_field_case(view, tests, path, event)
        return
    args = [ts_value(view, tests, valid_value(view.model, p.type.node, p.constraints)) for p in member.params]
    tests.ok(f"{{ const result: {result} = {path}({', '.join(args)}); void result; }}")


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


def _member_cases(view: TsView, tests: TypeTests, member: Member, name: str, expr: str, iface: Interface) -> None:
    model = view.model
    if member.kind == "property":
        assert member.type is not None
        ts = view.type(member.type.node, iface.name, view.ns + ".") + (" | undefined" if member.maybe_unavailable else "")
        tests.ok(f"{{ const value: {ts} = {expr}.{name}; void value; }}")
        try:
            sample = valid_value(model, member.type.node, member.constraints)
        except ValueError:  # a type the sampler cannot fill (a recursive one): the read-only check needs any value
            sample = None
        tests.fails(f"{expr}.{name} = {ts_value(view, tests, sample)};", f"'{name}' is read-only")
        return
    if view.is_subscription(member):
        first, second = (iface.events[0], iface.events[-1]) if iface.events else ("a_custom_event", "another_event")
        tests.ok(
            f"{{ const chained: {view.ns}.{iface.name} = {expr}.{name}({literal(first)}, () => {{}})"
            f".{name}({literal(second)}, () => {{}}); void chained; }}"
        )
        tests.fails(f"{expr}.{name}({literal(first)});", f"'{name}' needs a callback")
        return
    args = [ts_value(view, tests, valid_value(model, p.type.node, p.constraints)) for p in member.params]
    assert member.returns is not None
    result = view.type(member.returns.node, iface.name, view.ns + ".")
    call = f"{expr}.{name}({', '.join(args)})"
    if result == "this":
        tests.ok(f"{{ const same: {view.ns}.{iface.name} = {call}; void same; }}")
    elif result == "void":
        tests.ok(f"{call};")
    else:
        tests.ok(f"{{ const result: {result} = {call}; void result; }}")
    required = [p for p in member.params if p.required]
    if required:
        tests.fails(f"{expr}.{name}();", f"'{name}' needs its required argument '{required[0].name}'")
    else:
        tests.ok(f"{expr}.{name}();")
    tests.fails(f"{expr}.{name}({', '.join([*args, '0'])});", f"'{name}' takes at most {len(args)} argument(s)")
    for i, p in enumerate(member.params):
        if view.accepts_any_value(p.type.node):
            continue  # TypeScript takes any value there (see accepts_any_value)
        for reason, value in invalid_values(model, p.type.node) + reserved_key_violations(model, p.type.node):
            bad = list(args)
            bad[i] = ts_value(view, tests, value)
            tests.fails(f"{expr}.{name}({', '.join(bad)});", f"'{p.name}' of '{name}' rejects {reason}")


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
