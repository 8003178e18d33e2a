"""Rules that need the whole document: references, identifiers, type expressions, ordering.

Each check reports a :class:`Diagnostic` with a stable rule id (README: "Validation rules").
``check_rules`` also fills ``parsed`` with every type expression it parsed, keyed by its path.
"""

from __future__ import annotations

import ast
import difflib
import fnmatch
import keyword
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import spec_format as fmt
from . import type_expr as te
from .diagnostics import Diagnostic, Path, format_path
from .limits import MAX_NAME_LENGTH, MAX_RESERVED_KEYS
from .naming import (
    DOM_GLOBAL_VALUES,
    IDENTIFIER,
    JS_RESERVED,
    PY_SHADOWING,
    SNAKE,
    TYPE_RESERVED,
    python_alias,
    python_name,
)
from .values import constraint_problem, explain_mismatch, is_reserved_key
from .yaml_source import Located

PRECONDITION_KEYS = ("option", "role", "not_role", "state", "not_state", "participant")


@dataclass(frozen=True)
class TypeSite:
    path: Path  # path of the type expression string
    text: str
    role: str  # param | result | property | field | payload | option | additional | alias
    contexts: tuple[str, ...]  # contexts in which the type is used


AnyMember = fmt.Member | fmt.NestedMember


def default_contexts(spec: fmt.Spec, member: AnyMember, parent: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The contexts ``member`` would have without its own ``contexts``: its parent's (a namespace's, an interface
    type's), or for a member of the session those its exposure rule gives."""
    if parent is not None:
        return parent
    return tuple(
        name
        for name, ctx in spec.contexts.items()
        if ctx.exposes == "all-members" or (ctx.exposes == "public-members" and getattr(member, "public", False))
    )


def member_contexts(spec: fmt.Spec, member: AnyMember, parent: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The contexts that expose ``member``: the default ones (:func:`default_contexts`), narrowed by its own
    ``contexts`` when it lists them (a context it lists beyond the default is reported by the rules)."""
    default = default_contexts(spec, member, parent)
    if member.contexts is None:
        return default
    return tuple(c for c in default if c in member.contexts)


@dataclass(frozen=True)
class MemberSite:
    """A member anywhere in the spec: of the session (top level or inside a namespace) or of an interface type."""

    path: Path  # its spec path, as ("members", "automation", "members", "act", "members", "click")
    dotted: str  # its path from the session (or the interface type), as "automation.act.click"
    member: AnyMember
    contexts: tuple[str, ...]
    depth: int  # 0 for the session's own members and an interface type's


def member_sites(spec: fmt.Spec) -> Iterator[MemberSite]:
    """Every member of the session, namespaces' members included, parents before children, in spec order."""

    def walk(base: Path, prefix: str, members: dict[str, Any], parent: tuple[str, ...] | None, depth: int) -> Iterator[MemberSite]:
        for name, member in members.items():
            path = (*base, name)
            contexts = member_contexts(spec, member, parent)
            yield MemberSite(path, prefix + name, member, contexts, depth)
            if member.members:
                yield from walk((*path, "members"), f"{prefix}{name}.", member.members, contexts, depth + 1)

    yield from walk(("members",), "", spec.members, None, 0)


def interface_type_sites(spec: fmt.Spec) -> Iterator[MemberSite]:
    """The members of every interface type, with the type's contexts (or fewer)."""
    for tname, typedef in spec.types.items():
        if isinstance(typedef, fmt.InterfaceType):
            used = type_contexts(spec, typedef)
            for name, member in typedef.members.items():
                yield MemberSite(("types", tname, "members", name), f"{tname}.{name}", member, member_contexts(spec, member, used), 0)


def type_contexts(spec: fmt.Spec, typedef: Any) -> tuple[str, ...]:
    return tuple(typedef.contexts) if typedef.contexts is not None else tuple(spec.contexts)


class _Checker:
    def __init__(self, spec: fmt.Spec, located: Located, declared: dict[str, set[str]], filename: str) -> None:
        self.spec = spec
        self.located = located
        self.declared = declared
        self.filename = filename
        self.out: list[Diagnostic] = []
        self.parsed: dict[Path, te.TypeNode] = {}
        self.dotted: dict[str, MemberSite] = {}  # every member of the session by its dotted path, namespaces' included

    # -- reporting -------------------------------------------------------------------------
    def error(self, path: Path, rule: str, message: str, *, key: bool = False, offset: int | None = None) -> None:
        line, col = self.located.key_pos(path) if key else self.located.value_pos(path)
        if offset is not None and path in self.located.text_start:
            line, col = self.located.text_start[path]
            col += offset
        self.out.append(Diagnostic(line, col, rule, format_path(path), message, self.filename))

    def error_in_block(self, path: Path, rule: str, message: str, line: int, col: int) -> None:
        """An error at line ``line``, column ``col`` (1-based) of the text at ``path``, where the file
        shows it (a literal block scalar), else at the value."""
        if path in self.located.block_start:
            first, indent = self.located.block_start[path]
            where = (first + line - 1, indent + col - 1)
        else:
            where = self.located.value_pos(path)
        self.out.append(Diagnostic(*where, rule, format_path(path), message, self.filename))

    def ref(self, path: Path, collection: str, name: str | None, what: str) -> bool:
        if name is None:
            return True
        if name in self.declared.get(collection, set()):
            return True
        self.error(path, f"unknown-{what}", f"no {what} named '{name}'; {_expected(name, self.declared.get(collection, set()))}")
        return False

    # -- type expressions ------------------------------------------------------------------
    def type_sites(self) -> Iterator[TypeSite]:
        spec = self.spec
        every = tuple(spec.contexts)
        for name, option in spec.options.items():
            yield TypeSite(("options", name, "type"), option.type, "option", every)
        for name, event in spec.events.items():
            yield TypeSite(("events", name, "payload"), event.payload, "payload", tuple(event.listeners))
        for name, var in spec.state.items():
            yield TypeSite(("state", name, "type"), var.type, "field", ())
        for name, typedef in spec.types.items():
            used = type_contexts(spec, typedef)
            base: Path = ("types", name)
            if isinstance(typedef, fmt.ObjectType):
                for fname, field in typedef.fields.items():
                    yield TypeSite((*base, "fields", fname, "type"), field.type, "field", used)
                if typedef.additional is not None:
                    yield TypeSite((*base, "additional"), typedef.additional, "additional", used)
                if typedef.reserved_keys is not None:
                    yield TypeSite((*base, "reserved_keys", "type"), typedef.reserved_keys.type, "field", used)
            elif isinstance(typedef, fmt.AliasType):
                yield TypeSite((*base, "type"), typedef.type, "alias", used)
        for gname, glob in spec.globals.items():
            for mname, gm in glob.members.items():
                yield from self.signature_sites(("globals", gname, "members", mname), gm, tuple(gm.contexts))
        for site in [*member_sites(spec), *interface_type_sites(spec)]:
            yield from self.signature_sites(site.path, site.member, site.contexts)

    def signature_sites(self, base: Path, member: AnyMember | fmt.GlobalMember, used: tuple[str, ...]) -> Iterator[TypeSite]:
        if member.type is not None:
            yield TypeSite((*base, "type"), member.type, "property", used)
        for i, param in enumerate(member.params):
            yield TypeSite((*base, "params", i, "type"), param.type, "param", used)
        if member.returns is not None:
            yield TypeSite((*base, "returns", "type"), member.returns.type, "result", used)
        if isinstance(member, (fmt.Member, fmt.NestedMember)):
            if member.additional is not None:
                yield TypeSite((*base, "additional"), member.additional, "property", used)
            for i, arg in enumerate(member.listener):
                yield TypeSite((*base, "listener", i, "type"), arg.type, "payload", used)
            form = member.event_object
            if form is not None:
                narrowed = tuple(c for c in used if form.contexts is None or c in form.contexts)
                for i, arg in enumerate(form.listener):
                    yield TypeSite((*base, "event_object", "listener", i, "type"), arg.type, "payload", narrowed)

    def check_type_site(self, site: TypeSite) -> None:
        try:
            node = te.parse(site.text)
        except te.TypeSyntaxError as exc:
            shown = site.text if len(site.text) <= 80 else site.text[:77] + "..."
            self.error(site.path, exc.rule, f"{exc.message} in '{shown}'", offset=exc.offset)
            return
        self.parsed[site.path] = node
        self.check_placement(site, node)
        reported: set[str] = set()
        for sub in te.walk(node):
            if isinstance(sub, te.Named):
                if sub.name in reported:
                    continue
                reported.add(sub.name)
                if sub.name not in self.declared.get("types", set()):
                    choices = self.declared.get("types", set()) | set(te.PRIMITIVES)
                    self.error(site.path, "unknown-type", f"no type named '{sub.name}'; {_expected(sub.name, choices)}")
                elif sub.name in self.spec.types:
                    available = type_contexts(self.spec, self.spec.types[sub.name])
                    # contexts that are unknown or invalid are reported where they are named
                    missing = [c for c in site.contexts if c in self.spec.contexts and c not in available]
                    if missing:
                        self.error(
                            site.path, "context-type",
                            f"type '{sub.name}' is defined only for {', '.join(available)}, "
                            f"but it is used in {', '.join(missing)}; expected a type available wherever it is used",
                        )
            elif isinstance(sub, te.SessionRef) and sub.context is not None:
                self.ref(site.path, "contexts", sub.context, "context")

    def check_placement(self, site: TypeSite, node: te.TypeNode) -> None:
        top = node
        inner = [n for n in te.walk(node) if n is not top]
        where = {"param": "a parameter", "result": "a result", "property": "a property",
                 "field": "a field", "payload": "an event payload", "option": "an option",
                 "additional": "additional keys", "alias": "a type alias"}[site.role]
        # void and Promise only as a result (void also as Promise<void>)
        promise_item = top.item if isinstance(top, te.PromiseOf) else None
        for sub in te.walk(node):
            if sub == te.Prim("void") and not (site.role == "result" and (sub is top or sub is promise_item)):
                self.error(site.path, "misplaced-type", f"'void' cannot describe {where}; expected it only as a result")
            if isinstance(sub, te.PromiseOf) and not (site.role == "result" and sub is top):
                self.error(site.path, "misplaced-type", f"a Promise cannot describe {where}; expected it only as the whole result")
            if isinstance(sub, (te.EventNameT, te.EventHandlerT)) and not (site.role == "param" and sub is top):
                self.error(site.path, "misplaced-type", f"EventName and EventHandler can only be the whole type of a parameter, not {where}")
            if isinstance(sub, te.SessionRef) and site.role not in ("result", "property"):
                self.error(site.path, "misplaced-type", f"Session cannot describe {where}; expected it only as a result or property")
            if (isinstance(sub, te.Named) and isinstance(self.spec.types.get(sub.name), fmt.InterfaceType)
                    and site.role not in ("result", "property")):
                self.error(site.path, "misplaced-type", f"the interface type '{sub.name}' (an object with methods, which never "
                           f"travels as JSON) cannot describe {where}; expected it only as a result or property")
        del inner

    # -- references ------------------------------------------------------------------------
    def check_sources(self, path: Path, sources: list[str]) -> None:
        for i, src in enumerate(sources):
            self.ref((*path, i), "sources", src, "source")

    def check_discrepancies(self, path: Path, items: list[fmt.Discrepancy]) -> None:
        seen: set[str] = set()
        for i, d in enumerate(items):
            if d.id in seen:
                self.error((*path, i, "id"), "duplicate-name", f"discrepancy {d.id} is recorded twice here; expected one record per discrepancy")
            seen.add(d.id)
            for j, claim in enumerate(d.claims):
                self.ref((*path, i, "claims", j, "source"), "sources", claim.source, "source")

    def check_outcome(self, path: Path, outcome: fmt.Outcome | None) -> None:
        if outcome is None:
            return
        if outcome.outcome == "error" and outcome.error is None:
            self.error(path, "missing-key", "missing required key 'error' (outcome: error names the error it raises)")
        if outcome.outcome != "error" and outcome.error is not None:
            self.error((*path, "error"), "invalid-value", "an 'error' is only meaningful with outcome: error")
        if outcome.outcome == "error" and outcome.error_level is None:
            self.error(path, "missing-key", "missing required key 'error_level' (how sure the spec is of the error's name)")
        if outcome.outcome != "error" and outcome.error_level is not None:
            self.error((*path, "error_level"), "invalid-value", "an 'error_level' is only meaningful with outcome: error")
        self.ref((*path, "error"), "errors", outcome.error, "error")
        self.check_evidence((*path, "evidence"), outcome.evidence)

    def check_evidence(self, path: Path, evidence: fmt.Evidence | None) -> None:
        """Evidence cites a known source, and only documentation can make a rule documented."""
        if evidence is None or not self.ref((*path, "source"), "sources", evidence.source, "source"):
            return
        kind = self.spec.sources[evidence.source].kind
        if kind != "documentation":
            self.error((*path, "source"), "level-evidence",
                       f"'{evidence.source}' is {kind}, not documentation; expected a documentation source as evidence")

    def check_identifier(self, path: Path, name: str, what: str, *, key: bool = True, binding: bool = False) -> None:
        if len(name) > MAX_NAME_LENGTH:
            self.error(path, "too-long", f"a {what} name of {len(name):,} characters ('{name[:20]}...'); expected at most {MAX_NAME_LENGTH}", key=key)
        elif not IDENTIFIER.match(name):
            self.error(path, "invalid-identifier", f"'{name}' is not a valid {what} name; expected letters, digits and _ (not starting with a digit)", key=key)
        elif binding and name in JS_RESERVED:
            self.error(path, "reserved-word", f"'{name}' is a reserved word in JavaScript and cannot name a {what}", key=key)

    def check_constraints(self, path: Path, constraints: fmt.Constraints | None, type_path: Path) -> None:
        if constraints is None:
            return
        self.check_evidence((*path, "evidence"), constraints.evidence)
        node = self.parsed.get(type_path)
        if node is None:
            return
        base = self.base_kinds(node)
        if (constraints.format or constraints.pattern) and not base & {"string"}:
            self.error(path, "constraint-mismatch", "format and pattern apply to strings; expected a string type")
        if (constraints.minimum is not None or constraints.maximum is not None) and not base & {"number", "integer"}:
            self.error(path, "constraint-mismatch", "minimum and maximum apply to numbers; expected a number or integer type")
        if constraints.json_ is not None and not base & {"object", "unknown"}:
            self.error(path, "constraint-mismatch", "json applies to objects; expected an object, record or unknown type")
        if constraints.pattern is not None:
            try:
                re.compile(constraints.pattern)
            except re.error as exc:
                self.error((*path, "pattern"), "invalid-pattern", f"not a valid regular expression: {exc}")
            else:
                problem = _pydantic_pattern_problem(constraints.pattern)
                if problem:
                    self.error((*path, "pattern"), "invalid-pattern",
                               f"the generated Python package checks patterns with pydantic, whose regular expressions cannot "
                               f"hold this one ({problem}); expected a pattern without look-around or backreferences")
        if constraints.minimum is not None and constraints.maximum is not None and constraints.minimum > constraints.maximum:
            self.error(path, "constraint-mismatch", f"minimum {constraints.minimum} is above maximum {constraints.maximum}")

    def base_kinds(self, node: te.TypeNode, depth: int = 0) -> set[str]:
        """The JSON kinds a type can take: string, number, integer, boolean, null, object, array, unknown."""
        if depth > 20:
            return set()
        if isinstance(node, te.Prim):
            return {"unknown"} if node.name == "unknown" else {node.name}
        if isinstance(node, te.Lit):
            return {"boolean" if isinstance(node.value, bool) else "string" if isinstance(node.value, str) else "number"}
        if isinstance(node, te.UnionOf):
            return set().union(*(self.base_kinds(i, depth + 1) for i in node.items))
        if isinstance(node, te.ArrayOf):
            return {"array"}
        if isinstance(node, te.RecordOf):
            return {"object"}
        if isinstance(node, te.Named) and node.name in self.spec.types:
            typedef = self.spec.types[node.name]
            if isinstance(typedef, fmt.EnumType):
                return {"string"}
            if isinstance(typedef, fmt.AliasType):
                alias_node = self.parsed.get(("types", node.name, "type"))
                return self.base_kinds(alias_node, depth + 1) if alias_node else set()
            return {"object"}
        return set()

    # -- sections ----------------------------------------------------------------------------
    def run(self) -> None:
        spec = self.spec
        for site in self.type_sites():
            self.check_type_site(site)
        for name, ctx in spec.contexts.items():
            self.check_identifier(("contexts", name), name, "context")
            self.check_sources(("contexts", name, "sources"), ctx.sources)
            self.check_discrepancies(("contexts", name, "discrepancies"), ctx.discrepancies)
            self.check_evidence(("contexts", name, "evidence"), ctx.evidence)
        for name, role in spec.roles.items():
            if role.initial is not None:
                self.error(("roles", name, "initial"), "invalid-value", "'initial' describes a state; expected 'holder' (or nothing) on a role")
        for name, state in spec.states.items():
            if state.holder is not None:
                self.error(("states", name, "holder"), "invalid-value", "'holder' describes a role; expected 'initial' (or nothing) on a state")
        self.check_sources(("conventions", "callbacks", "sources"), spec.conventions.callbacks.sources)
        self.check_evidence(("conventions", "callbacks", "evidence"), spec.conventions.callbacks.evidence)
        self.check_outcome(("conventions", "invalid_arguments"), spec.conventions.invalid_arguments)
        self.check_outcome(("conventions", "after_end"), spec.conventions.after_end)
        for name, var in spec.state.items():
            spath: Path = ("state", name)
            self.check_identifier(spath, name, "state variable")
            if "initial" in var.model_fields_set:
                self.check_value((*spath, "initial"), (*spath, "type"), var.initial, "initial value")
            for i, observer in enumerate(var.observed_by):
                if observer not in spec.members:
                    self.error((*spath, "observed_by", i), "unknown-member",
                               f"no member named '{observer}'; {_expected(observer, set(spec.members))}")
        for name, option in spec.options.items():
            path: Path = ("options", name)
            self.check_identifier(path, name, "option")
            self.check_sources((*path, "sources"), option.sources)
            if isinstance(option.default, fmt.KnownDefault):
                self.ref((*path, "default", "source"), "sources", option.default.source, "source")
                self.check_value((*path, "default", "value"), (*path, "type"), option.default.value, "default")
        for name, event in spec.events.items():
            self.check_event(name, event)
        for name, typedef in spec.types.items():
            self.check_typedef(name, typedef)
        for gname, glob in spec.globals.items():
            self.check_discrepancies(("globals", gname, "discrepancies"), glob.discrepancies)
            for mname, gm in glob.members.items():
                path = ("globals", gname, "members", mname)
                for i, c in enumerate(gm.contexts):
                    self.ref((*path, "contexts", i), "contexts", c, "context")
                self.check_signature(path, mname, gm)
        py_names: dict[Path, dict[str, str]] = {}
        alias_names: dict[Path, dict[str, Path]] = {}
        self.dotted = {member.dotted: member for member in member_sites(spec)}
        for member in [*member_sites(spec), *interface_type_sites(spec)]:
            self.check_member(member, py_names.setdefault(member.path[:-1], {}), alias_names.setdefault(member.path[:-1], {}))
        self.check_discrepancies(("discrepancies",), spec.discrepancies)
        self.check_changelog()
        self.check_target_names()
        self.check_literals()
        self.check_numbers((), self.located.data)

    def check_changelog(self) -> None:
        from .diff import RULES, version_key  # imported here, as the diff reads the model this module helps build

        entries = self.spec.changelog
        if entries and entries[0].version != self.spec.api.version:
            self.error(("changelog", 0, "version"), "changelog-version",
                       f"the newest entry is {entries[0].version}, but api.version is {self.spec.api.version}; "
                       "expected the newest entry first, for the version the spec describes")
        for i, entry in enumerate(entries):
            path: Path = ("changelog", i)
            if i and version_key(entry.version) >= version_key(entries[i - 1].version):
                self.error((*path, "version"), "changelog-order",
                           f"{entry.version} follows {entries[i - 1].version}; expected releases newest first, each version once")
            for j, ack in enumerate(entry.acknowledged):
                if not any(fnmatch.fnmatchcase(rule, ack.rule) for rule in RULES):
                    self.error((*path, "acknowledged", j, "rule"), "unknown-rule",
                               f"no rule of the diff's table matches '{ack.rule}'; {_expected(ack.rule, set(RULES))}")

    def check_event(self, name: str, event: fmt.Event) -> None:
        path: Path = ("events", name)
        if not SNAKE.match(name):
            self.error(path, "invalid-identifier", f"event name '{name}' is not snake_case; expected lower-case letters, digits and _", key=True)
        for i, c in enumerate(event.listeners):
            self.ref((*path, "listeners", i), "contexts", c, "context")
        self.check_sources((*path, "sources"), event.sources)
        self.check_evidence((*path, "evidence"), event.evidence)
        self.check_discrepancies((*path, "discrepancies"), event.discrepancies)
        if event.sent_on is not None:
            spath = (*path, "sent_on")
            self.check_evidence((*spath, "evidence"), event.sent_on.evidence)
            for j, receiver in enumerate(event.sent_on.to):
                if self.ref((*spath, "to", j, "context"), "contexts", receiver.context, "context") and receiver.context not in event.listeners:
                    self.error((*spath, "to", j, "context"), "receiver-not-listening",
                               f"event '{name}' cannot be listened to in {receiver.context}; expected one of its listeners: {', '.join(event.listeners)}")
            payload = self.spec.types.get(event.payload)
            fields = list(payload.fields) if isinstance(payload, fmt.ObjectType) else []
            if event.sent_on.index_field is not None and event.sent_on.index_field not in fields:
                self.error((*spath, "index_field"), "unknown-field",
                           f"the payload {event.payload} of '{name}' has no field '{event.sent_on.index_field}'; expected one of: {', '.join(fields) or '(none)'}")
        for i, alias in enumerate(event.aliases):
            self.ref((*path, "aliases", i, "source"), "sources", alias.source, "source")
            if alias.name in self.spec.events:
                self.error((*path, "aliases", i, "name"), "alias-collision", f"alias '{alias.name}' is already the name of an event; expected a name of its own")

    def check_typedef(self, name: str, typedef: Any) -> None:
        path: Path = ("types", name)
        if name in TYPE_RESERVED:
            self.error(path, "reserved-word", f"'{name}' is a built-in type name; expected another name", key=True)
        elif keyword.iskeyword(name):
            self.error(path, "reserved-word", f"'{name}' is a keyword in Python and cannot name the type's model class; expected another name", key=True)
        else:
            self.check_identifier(path, name, "type", binding=True)
        for i, c in enumerate(typedef.contexts or []):
            self.ref((*path, "contexts", i), "contexts", c, "context")
        self.check_sources((*path, "sources"), typedef.sources)
        self.check_discrepancies((*path, "discrepancies"), typedef.discrepancies)
        if isinstance(typedef, fmt.ObjectType):
            seen: dict[str, str] = {}
            for fname, field in typedef.fields.items():
                fpath = (*path, "fields", fname)
                self.check_identifier(fpath, fname, "field")
                py = python_name(fname)
                if py in seen:
                    self.error(fpath, "name-collision", f"field '{fname}' and field '{seen[py]}' both become '{py}' in Python; expected distinct names", key=True)
                seen[py] = fname
                self.check_constraints((*fpath, "constraints"), field.constraints, (*fpath, "type"))
            rk = typedef.reserved_keys
            if rk is not None:
                if rk.first > rk.last:
                    self.error((*path, "reserved_keys", "last"), "invalid-value", f"expected last >= first ({rk.first}), found {rk.last}")
                elif rk.last - rk.first >= MAX_RESERVED_KEYS:
                    self.error((*path, "reserved_keys", "last"), "too-many",
                               f"{rk.first}..{rk.last} stands for {rk.last - rk.first + 1:,} keys; expected at most {MAX_RESERVED_KEYS:,}")
                for fname in typedef.fields:
                    if is_reserved_key(rk, fname):
                        self.error((*path, "reserved_keys"), "name-collision", f"reserved key '{fname}' is also a field; expected one or the other")
            for i, example in enumerate(typedef.examples):
                problem = explain_mismatch(te.Named(name), example, self.spec, self.parsed)
                if problem:
                    self.error((*path, "examples", i), "example-mismatch", f"example does not fit type {name}: {problem}")
        elif isinstance(typedef, fmt.EnumType):
            values: set[str] = set()
            names: set[str] = set()
            for i, v in enumerate(typedef.values):
                if v.value in values:
                    self.error((*path, "values", i, "value"), "duplicate-name", f"value '{v.value}' is listed twice; expected unique values")
                if v.name in names:
                    self.error((*path, "values", i, "name"), "duplicate-name", f"name '{v.name}' is given twice; expected unique names")
                self.check_identifier((*path, "values", i, "name"), v.name, "enum value", key=False)
                values.add(v.value)
                names.add(v.name)
        elif isinstance(typedef, fmt.AliasType):
            self.check_constraints((*path, "constraints"), typedef.constraints, (*path, "type"))
            cycle = self.alias_cycle(name)
            if cycle:
                self.error((*path, "type"), "alias-cycle", f"type alias '{name}' refers to itself through {' -> '.join(cycle)} (directly, or through unions and Record values, "
                           "which TypeScript cannot write); expected an alias that ends in a real type, or an object type in the cycle")

    def alias_cycle(self, start: str) -> list[str]:
        """The chain of aliases (directly, or through unions and Record values) that leads from ``start`` back to it, if any."""

        def direct(node: te.TypeNode | None) -> list[str]:
            # unions and Record values: TypeScript resolves those eagerly (it defers array items and fields)
            if isinstance(node, te.Named):
                return [node.name]
            if isinstance(node, te.UnionOf):
                return [name for item in node.items for name in direct(item)]
            if isinstance(node, te.RecordOf):
                return direct(node.value)
            return []

        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            name, chain = stack.pop()
            for ref in direct(self.parsed.get(("types", name, "type"))):
                if ref == start:
                    return [*chain, ref]
                if ref not in seen and isinstance(self.spec.types.get(ref), fmt.AliasType):
                    seen.add(ref)
                    stack.append((ref, [*chain, ref]))
        return []

    def check_python_example(self, path: Path, code: str) -> None:
        """A Python example must at least parse (tests/test_examples.py runs it)."""
        try:
            ast.parse(code, filename="<example>")
        except SyntaxError as exc:
            line, col = exc.lineno or 1, exc.offset or 1
            self.error_in_block(path, "example-syntax", f"the Python example does not parse: {exc.msg} (line {line} of the example); "
                                "expected Python 3 code", line, max(col, 1))
        except (RecursionError, MemoryError):
            self.error(path, "example-syntax", "the Python example is nested too deeply to parse; expected ordinary Python 3 code")

    def check_signature(self, path: Path, name: str, member: AnyMember | fmt.GlobalMember) -> None:
        self.check_sources((*path, "sources"), member.sources)
        self.check_discrepancies((*path, "discrepancies"), member.discrepancies)
        for i, ex in enumerate(member.examples):
            self.ref((*path, "examples", i, "context"), "contexts", ex.context, "context")
            self.ref((*path, "examples", i, "source"), "sources", ex.source, "source")
            if ex.python is not None:
                self.check_python_example((*path, "examples", i, "python"), ex.python)
        if isinstance(member, (fmt.Member, fmt.NestedMember)):
            allowed = KIND_KEYS[member.kind]
            for key in sorted(KIND_ONLY_KEYS - allowed, key=list(fmt.Member.model_fields).index):
                if (member.kind, key) in KIND_SPECIFIC:
                    continue  # reported with its own message (by check_member)
                if key in member.model_fields_set:
                    self.error((*path, key), "kind-mismatch", f"a{'n' if member.kind[0] in 'aeio' else ''} "
                               f"{member.kind.replace('_', ' ')} has no '{key}'; expected {KIND_HINT[member.kind]}", key=True)
        if member.kind == "property":
            if isinstance(member, fmt.GlobalMember):
                for key in ("params", "returns"):
                    if key in member.model_fields_set:
                        self.error((*path, key), "kind-mismatch", f"a property has no '{key}'; expected 'type' only (or kind: method)", key=True)
            if member.type is None:
                self.error(path, "missing-key", "missing required key 'type' (every property has a type)")
        elif member.kind == "method":
            if isinstance(member, fmt.GlobalMember) and member.type is not None:
                self.error((*path, "type"), "kind-mismatch", "a method has no 'type'; expected 'returns' (or kind: property)", key=True)
            if member.returns is None:
                self.error(path, "missing-key", "missing required key 'returns' (every method says what it returns, void included)")
        seen: set[str] = set()
        optional_seen: str | None = None
        for i, param in enumerate(member.params):
            ppath = (*path, "params", i)
            self.check_identifier((*ppath, "name"), param.name, "parameter", key=False, binding=True)
            if param.name in seen:
                self.error((*ppath, "name"), "duplicate-name", f"parameter '{param.name}' is declared twice; expected unique parameter names")
            seen.add(param.name)
            has_default = "default" in param.model_fields_set
            if param.required and has_default:
                self.error((*ppath, "default"), "default-on-required", f"parameter '{param.name}' is required but has a default; expected required: false, or no default", key=True)
            if has_default:
                self.check_value((*ppath, "default"), (*ppath, "type"), param.default, "default", param.constraints)
            if param.required and optional_seen is not None:
                self.error((*ppath, "name"), "required-after-optional", f"required parameter '{param.name}' follows optional parameter '{optional_seen}'; expected optional parameters last")
            if not param.required and optional_seen is None:
                optional_seen = param.name
            self.check_constraints((*ppath, "constraints"), param.constraints, (*ppath, "type"))
            self.check_outcome((*ppath, "on_invalid"), param.on_invalid)

    def check_value(self, path: Path, type_path: Path, value: Any, what: str, constraints: fmt.Constraints | None = None) -> None:
        node = self.parsed.get(type_path)
        if node is None:
            return
        problem = explain_mismatch(node, value, self.spec, self.parsed) or constraint_problem(constraints, value)
        if problem:
            self.error(path, "value-mismatch", f"the {what} does not fit type '{te_text(self.located, type_path)}': {problem}")

    def sibling_names(self, path: Path) -> set[str]:
        """Names of the members in the map that holds the member at ``path`` (a namespace's or a type's)."""
        node: Any = self.spec
        for part in path[:-1]:
            node = node.get(part) if isinstance(node, dict) else getattr(node, str(part), None)
        return set(node) if isinstance(node, dict) else set()

    def check_member_contexts(self, site: MemberSite) -> None:
        """A member's own contexts exist and only narrow those it would have (its parent's, or its exposure rule's)."""
        member = site.member
        if member.contexts is None:
            return
        parent = None
        if site.depth > 0 or site.path[0] == "types":
            parent = self.parent_contexts(site)
        default = default_contexts(self.spec, member, parent)
        for i, c in enumerate(member.contexts):
            cpath = (*site.path, "contexts", i)
            if not self.ref(cpath, "contexts", c, "context"):
                continue
            if c not in default:
                whose = "its namespace" if site.depth > 0 else "its type" if site.path[0] == "types" else "its exposure rule"
                self.error(cpath, "context-mismatch", f"'{site.dotted}' cannot be offered in {c}, where {whose} is not; "
                           f"expected some of: {', '.join(default) or '(none)'}")

    def parent_contexts(self, site: MemberSite) -> tuple[str, ...]:
        if site.path[0] == "types":
            return type_contexts(self.spec, self.spec.types[str(site.path[1])])
        parent = site.dotted.rsplit(".", 1)[0]
        return self.dotted[parent].contexts

    def check_listener(self, path: Path, params: list[fmt.ListenerParam]) -> None:
        seen: set[str] = set()
        for i, arg in enumerate(params):
            apath = (*path, i, "name")
            self.check_identifier(apath, arg.name, "parameter", key=False, binding=True)
            if arg.name in seen:
                self.error(apath, "duplicate-name", f"parameter '{arg.name}' is declared twice; expected unique parameter names")
            seen.add(arg.name)

    def check_effect(self, path: Path, effect: fmt.Effect, params: dict[str, fmt.Param]) -> None:
        """One of set/toggle/move_role/append/tabs; every variable, role and parameter it names exists."""
        kinds = [k for k in EFFECT_KEYS if getattr(effect, k) is not None]
        if len(kinds) != 1:
            self.error(path, "effect-shape", f"expected exactly one of {', '.join(EFFECT_KEYS)}; found {', '.join(kinds) or 'none'}")
            return
        kind = kinds[0]
        self.check_evidence((*path, "evidence"), effect.evidence)
        for key in ("param", "to_param", *effect.when):
            name = key if key in effect.when else getattr(effect, key)
            if name is not None and name not in params:
                where = (*path, "when", key) if key in effect.when else (*path, key)
                self.error(where, "unknown-parameter", f"no parameter named '{name}'; expected one of: {', '.join(params) or '(none)'}")
        for name in effect.when_state:
            self.ref((*path, "when_state", name), "states", name, "state")
        state = self.spec.state
        if kind in ("set", "append"):
            self.ref((*path, kind), "state", getattr(effect, kind), "state")
            if ("value" in effect.model_fields_set) == (effect.param is not None) and kind == "set":
                self.error(path, "effect-shape", "set needs exactly one of 'value' and 'param'")
            if kind == "append" and effect.param is None:
                self.error(path, "effect-shape", "append needs 'param', the argument that is appended")
        elif kind == "toggle":
            name = effect.toggle or ""
            if name in self.spec.states:
                return
            if self.ref((*path, "toggle"), "state", name, "state") and state[name].type != "boolean":
                self.error((*path, "toggle"), "effect-shape", f"'{name}' is not a boolean; only a boolean or a state can be toggled")
        elif kind == "move_role":
            self.ref((*path, "move_role"), "roles", effect.move_role, "role")
            self.ref((*path, "to_role"), "roles", effect.to_role, "role")
            if (effect.to_param is None) == (effect.to_role is None):
                self.error(path, "effect-shape", "move_role needs exactly one of 'to_param' and 'to_role'")
        elif kind == "tabs" and effect.param is None and effect.tabs == "activate":
            self.error(path, "effect-shape", "tabs: activate needs 'param', the ssid of the tab to activate")

    def check_member(self, site: MemberSite, py_names: dict[str, str], alias_names: dict[str, Path]) -> None:
        spec = self.spec
        path, member, name = site.path, site.member, str(site.path[-1])
        session_member = path[0] == "members"
        top = session_member and site.depth == 0
        self.check_identifier(path, name, "member")
        py = python_name(name)
        if py in py_names:
            self.error(path, "name-collision", f"members '{py_names[py]}' and '{name}' both become '{py}' in Python; expected distinct names", key=True)
        py_names.setdefault(py, name)
        self.ref((*path, "group"), "groups", member.group, "group")
        if not session_member and member.kind == "namespace":
            self.error((*path, "kind"), "kind-mismatch", "an interface type has properties and methods; expected kind: property or method")
        if member.kind == "namespace" and member.additional is not None and member.members:
            self.error((*path, "additional"), "kind-mismatch",
                       "a namespace with members the spec does not list ('additional') lists none of its own (in TypeScript "
                       "the index signature of the unlisted ones would have to cover them); expected one or the other", key=True)
        self.check_member_contexts(site)
        self.check_signature(path, name, member)
        if member.kind == "method" and member.constraints is not None:
            self.error((*path, "constraints"), "kind-mismatch", "a method has no 'constraints'; expected them on its parameters (or kind: property)", key=True)
        self.check_constraints((*path, "constraints"), member.constraints, (*path, "type"))
        form = member.event_object
        if form is not None and member.kind == "method":
            fpath = (*path, "event_object")
            self.check_sources((*fpath, "sources"), form.sources)
            self.check_discrepancies((*fpath, "discrepancies"), form.discrepancies)
            for i, c in enumerate(form.contexts or []):
                if self.ref((*fpath, "contexts", i), "contexts", c, "context") and c not in site.contexts:
                    self.error((*fpath, "contexts", i), "context-mismatch",
                               f"'{site.dotted}' is not exposed in {c}; expected one of: {', '.join(site.contexts) or '(none)'}")
            self.check_listener((*fpath, "listener"), form.listener)
        self.check_listener((*path, "listener"), member.listener)
        if member.deprecated is not None and member.deprecated.replacement is not None:
            replacement = member.deprecated.replacement
            target = self.dotted.get(replacement) if session_member else None
            if target is None:
                choices = set(self.dotted) if session_member else set()
                self.error((*path, "deprecated", "replacement"), "unknown-member",
                           f"no member at '{replacement}'; {_expected(replacement, choices)}")
            elif target.path == path:
                self.error((*path, "deprecated", "replacement"), "unknown-member",
                           f"'{replacement}' is the deprecated member itself; expected the member that replaces it")
        params = {p.name: p for p in member.params}
        for i, pre in enumerate(getattr(member, "preconditions", [])):
            ppath = (*path, "preconditions", i)
            set_keys = [k for k in PRECONDITION_KEYS if getattr(pre, k) is not None]
            if len(set_keys) != 1:
                found = ", ".join(set_keys) or "none"
                self.error(ppath, "precondition-shape", f"expected exactly one of {', '.join(PRECONDITION_KEYS)}; found {found}")
            self.ref((*ppath, "option"), "options", pre.option, "option")
            for key in ("role", "not_role"):
                self.ref((*ppath, key), "roles", getattr(pre, key), "role")
            for key in ("state", "not_state"):
                self.ref((*ppath, key), "states", getattr(pre, key), "state")
            if pre.participant is not None:
                param = params.get(pre.participant)
                if param is None:
                    self.error((*ppath, "participant"), "unknown-parameter", f"no parameter named '{pre.participant}'; expected one of: {', '.join(params) or '(none)'}")
                else:
                    node = self.parsed.get((*path, "params", member.params.index(param), "type"))
                    if node is not None and self.base_kinds(node) != {"integer"}:
                        self.error((*ppath, "participant"), "constraint-mismatch", f"parameter '{pre.participant}' must be an integer client index")
            if pre.otherwise == "error" and pre.error is None:
                self.error(ppath, "missing-key", "missing required key 'error' (otherwise: error names the error it raises)")
            if pre.otherwise != "error" and pre.error is not None:
                self.error((*ppath, "error"), "invalid-value", "an 'error' is only meaningful with otherwise: error")
            self.ref((*ppath, "error"), "errors", pre.error, "error")
            self.check_evidence((*ppath, "evidence"), pre.evidence)
            if pre.otherwise == "unavailable" and member.kind != "property":
                self.error((*ppath, "otherwise"), "kind-mismatch", "only a property can be unavailable; expected ignored or error for a method")
        for i, effect in enumerate(getattr(member, "effects", [])):
            self.check_effect((*path, "effects", i), effect, params)
        contexts = site.contexts
        for i, emit in enumerate(getattr(member, "emits", [])):
            epath = (*path, "emits", i)
            self.check_evidence((*epath, "evidence"), emit.evidence)
            if not self.ref((*epath, "event"), "events", emit.event, "event"):
                continue
            for j, c in enumerate(emit.from_context or []):
                if self.ref((*epath, "from_context", j), "contexts", c, "context") and c not in contexts:
                    self.error((*epath, "from_context", j), "context-mismatch", f"'{name}' is not exposed in {c}; expected one of: {', '.join(contexts)}")
            if emit.origin_param is not None and emit.origin_param not in params:
                self.error((*epath, "origin_param"), "unknown-parameter", f"no parameter named '{emit.origin_param}'; expected one of: {', '.join(params) or '(none)'}")
            event = spec.events.get(emit.event)
            if emit.carries and event is not None:
                payload = spec.types.get(event.payload)
                fields = list(payload.fields) if isinstance(payload, fmt.ObjectType) else []
                for field_name, carried in emit.carries.items():
                    if field_name not in fields:
                        self.error((*epath, "carries", field_name), "unknown-field",
                                   f"the payload {event.payload} of '{emit.event}' has no field '{field_name}'; expected one of: {', '.join(fields) or '(none)'}")
                    if carried not in params:
                        self.error((*epath, "carries", field_name), "unknown-parameter",
                                   f"no parameter named '{carried}'; expected one of: {', '.join(params) or '(none)'}")
            for j, receiver in enumerate(emit.to):
                if self.ref((*epath, "to", j, "context"), "contexts", receiver.context, "context") and event is not None:
                    if receiver.context not in event.listeners:
                        self.error(
                            (*epath, "to", j, "context"), "receiver-not-listening",
                            f"event '{emit.event}' cannot be listened to in {receiver.context}; expected one of its listeners: {', '.join(event.listeners)}",
                        )
        if member.kind == "property" and member.aliases:
            self.error((*path, "aliases"), "kind-mismatch",
                       "a property has no aliases (the Python package spells every alias as a deprecated method); "
                       "expected aliases only on methods", key=True)
        for i, alias in enumerate(member.aliases):
            apath = (*path, "aliases", i, "name")
            self.check_identifier(apath, alias.name, "alias", key=False)
            self.ref((*path, "aliases", i, "source"), "sources", alias.source, "source")
            siblings = spec.members if top else self.sibling_names(path)
            if alias.name in siblings:
                self.error(apath, "alias-collision", f"alias '{alias.name}' is already the name of a member; expected a name of its own")
            elif alias.name in alias_names:
                self.error(apath, "alias-collision", f"alias '{alias.name}' is also declared at {format_path(alias_names[alias.name])}; expected each alias once")
            alias_names.setdefault(alias.name, apath)
        for i, ex in enumerate(member.examples):
            if ex.context is not None and ex.context not in contexts and ex.context in spec.contexts:
                self.error((*path, "examples", i, "context"), "context-mismatch", f"'{name}' is not exposed in {ex.context}; expected one of: {', '.join(contexts)}")

    # -- what the targets can represent ------------------------------------------------------
    def check_target_names(self) -> None:
        """Names the generated code or docs cannot tell apart, or cannot write (each rule says which target)."""
        spec = self.spec
        # names that become anchors or Python attributes: not private in Python, not emphasis in Markdown
        anchored: list[tuple[Path, str]] = [(("contexts", n), n) for n in spec.contexts]
        anchored += [((section, n), n) for section in ("groups", "roles", "states", "sources", "errors", "options", "state", "types")
                     for n in getattr(spec, section)]
        anchored += [(("globals", g), g) for g in spec.globals]
        anchored += [(("globals", g, "members", m), m) for g, glob in spec.globals.items() for m in glob.members]
        anchored += [(site.path, str(site.path[-1])) for site in [*member_sites(spec), *interface_type_sites(spec)]]
        anchored += [(("types", t, "fields", f), f) for t, td in spec.types.items() if isinstance(td, fmt.ObjectType) for f in td.fields]
        for path, name in anchored:
            if name.startswith("_"):
                self.error(path, "invalid-identifier",
                           f"'{name}' starts with an underscore, which makes it private in Python and emphasis in a Markdown "
                           "anchor; expected a name that starts with a letter", key=True)
        aliases = [(("members", n, "aliases", i, "name"), a.name) for n, m in spec.members.items() for i, a in enumerate(m.aliases)]
        aliases += [(("events", n, "aliases", i, "name"), a.name) for n, e in spec.events.items() for i, a in enumerate(e.aliases)]
        for path, name in aliases:
            if name.startswith("_"):
                self.error(path, "invalid-identifier",
                           f"'{name}' starts with an underscore, which makes it private in Python and emphasis in a "
                           "Markdown anchor; expected a name that starts with a letter")
        for name, typedef in spec.types.items():
            rk = typedef.reserved_keys if isinstance(typedef, fmt.ObjectType) else None
            if rk is not None and rk.prefix.startswith("_"):
                self.error(("types", name, "reserved_keys", "prefix"), "invalid-identifier",
                           f"'{rk.prefix}' starts with an underscore, which makes the keys private in Python; expected a prefix that starts with a letter")
        self.check_case_collisions()
        self.check_type_names()
        self.check_python_names()
        for gname, glob in spec.globals.items():  # a namespace and its members in globals.d.ts
            if gname in JS_RESERVED:
                self.error(("globals", gname), "reserved-word", f"'{gname}' is a reserved word in JavaScript and cannot name a global object", key=True)
            elif gname in DOM_GLOBAL_VALUES:
                self.error(("globals", gname), "name-collision",
                           f"'{gname}' is a global the browser already declares (TypeScript's lib.dom), which globals.d.ts "
                           "cannot declare again; expected another name", key=True)
            for mname in glob.members:
                if mname in JS_RESERVED:
                    self.error(("globals", gname, "members", mname), "reserved-word",
                               f"'{mname}' is a reserved word in JavaScript and cannot name a member of a global object (a declaration in globals.d.ts)", key=True)

    def check_case_collisions(self) -> None:
        """Names that differ only in case share an anchor in the docs (``#url``), or a file name on a
        case-insensitive file system (``members/Tabs.md``)."""
        spec = self.spec
        spaces: dict[tuple[str, str], list[tuple[Path, str, str]]] = {}  # (page, kind) -> (path, name, what)

        def add(space: tuple[str, str], path: Path, name: str, what: str) -> None:
            spaces.setdefault(space, []).append((path, name, what))

        groups: dict[str, str | None] = {}
        for site in member_sites(spec):
            top = site.dotted.split(".")[0]
            group = groups.setdefault(top, site.member.group)  # a namespace's members are shown on its group's page
            add(("group", group or ""), site.path, site.dotted, "member")
            for i, alias in enumerate(site.member.aliases):
                prefix = site.dotted.rpartition(".")[0]
                add(("group", group or ""), (*site.path, "aliases", i, "name"), f"{prefix}.{alias.name}" if prefix else alias.name, "alias")
        for name, event in spec.events.items():
            add(("events", ""), ("events", name), name, "event")
            for i, alias in enumerate(event.aliases):
                add(("events", ""), ("events", name, "aliases", i, "name"), alias.name, "event alias")
        for section, what in (("types", "type"), ("options", "option"), ("contexts", "context"), ("roles", "role"),
                              ("states", "state"), ("sources", "source"), ("errors", "error"), ("groups", "group"),
                              ("globals", "global object")):
            for name in getattr(spec, section):
                add((section, ""), (section, name), name, what)
        for space in spaces.values():
            first: dict[str, tuple[str, str]] = {}
            for path, name, what in space:
                folded = name.lower()
                if folded in first and first[folded][0] != name:
                    other_name, other_what = first[folded]
                    shared = ("their docs pages share a file name on a case-insensitive file system" if what == "group"
                              else f"they share the anchor #{folded} in the reference docs")
                    self.error(path, "name-collision",
                               f"{what} '{name}' and {other_what} '{other_name}' differ only in case, so {shared}; "
                               "expected names that differ in more than case", key=path[-1] != "name")
                first.setdefault(folded, (name, what))

    def check_type_names(self) -> None:
        """Type names as the generated Python (a class each) and TypeScript (a declaration each) can write them."""
        spec = self.spec
        declared = declared_ts_names(spec)
        hosts = {td.typescript: name for name, td in spec.types.items() if isinstance(td, fmt.HostType)}
        for name, typedef in spec.types.items():
            path: Path = ("types", name)
            if name in TYPE_RESERVED or keyword.iskeyword(name) or not IDENTIFIER.match(name) or name.startswith("_"):
                continue  # reported already
            if isinstance(typedef, fmt.HostType):
                continue  # declares nothing: each target spells it its own way
            if name in declared:
                self.error(path, "name-collision", f"type '{name}' has the name of {declared[name]} the TypeScript declarations "
                           "declare themselves; expected another name", key=True)
            if name in hosts and hosts[name] != name:
                self.error(path, "name-collision", f"type '{name}' would hide the browser's {name} in the TypeScript declarations, "
                           f"where host type '{hosts[name]}' is spelled {name}; expected another name", key=True)
            if not PASCAL.match(name):
                self.error(path, "invalid-identifier",
                           f"'{name}' is not a PascalCase type name; expected an upper-case letter, then letters and digits "
                           "(it names a Python class, which the model generator would otherwise rename)", key=True)
            elif name in PY_MODEL_RESERVED:
                self.error(path, "reserved-word", f"'{name}' is a name the generated Python models import; expected another name", key=True)
        for site in member_sites(spec):  # a namespace is an interface (TypeScript) and a class (Python) named after its path
            if site.member.kind != "namespace" or site.path[0] != "members":
                continue
            own = pascal_path(site.dotted)
            if own in TYPE_RESERVED or own in PY_SHADOWING:
                self.error(site.path, "reserved-word", f"namespace '{site.dotted}' would declare '{own}', a built-in name of the "
                           "TypeScript declarations or the generated Python; expected another name", key=True)
            elif own in hosts:
                self.error(site.path, "name-collision", f"namespace '{site.dotted}' would declare '{own}', which hides the browser's "
                           f"{own} (host type '{hosts[own]}') in the TypeScript declarations; expected another name", key=True)

    def check_python_names(self) -> None:
        """Parameters of one signature, and members with the aliases of every member, need distinct Python names."""
        spec = self.spec
        signatures: list[tuple[Path, fmt.Member | fmt.GlobalMember]] = [(("members", n), m) for n, m in spec.members.items()]
        signatures += [(("globals", g, "members", n), m) for g, glob in spec.globals.items() for n, m in glob.members.items()]
        for base, member in signatures:
            seen: dict[str, str] = {}
            for i, param in enumerate(member.params):
                py = python_name(param.name)
                if py in seen and seen[py] != param.name:
                    self.error((*base, "params", i, "name"), "name-collision",
                               f"parameters '{seen[py]}' and '{param.name}' both become '{py}' in Python; expected distinct names")
                seen.setdefault(py, param.name)
        owners = {python_name(n): n for n in spec.members}
        for name, member in spec.members.items():
            for i, alias in enumerate(member.aliases):
                py = python_alias(alias.name)
                owner = owners.get(py)
                if owner is not None and owner != name and alias.name not in spec.members:
                    self.error(("members", name, "aliases", i, "name"), "name-collision",
                               f"alias '{alias.name}' of '{name}' and member '{owner}' both become '{py}' in Python; expected distinct names")
                elif owner is None:
                    owners[py] = name

    def check_literals(self) -> None:
        """Number literal types that a target cannot write: fractions (Python's Literal holds none), and integers
        beyond what a JavaScript number holds exactly."""
        for path, node in self.parsed.items():
            for sub in te.walk(node):
                if not isinstance(sub, te.Lit) or isinstance(sub.value, (bool, str)):
                    continue
                if isinstance(sub.value, float):
                    self.error(path, "literal-type", f"the literal type {sub.value!r} has a fraction, which Python's typing.Literal "
                               "cannot hold; expected an integer, string or boolean literal, or the type number")
                elif abs(sub.value) > MAX_SAFE_INTEGER:
                    self.error(path, "literal-type", f"the literal type {sub.value} is beyond ±(2^53 - 1), where JavaScript numbers "
                               "stop being exact; expected a smaller integer literal, or the type integer")

    def check_numbers(self, path: Path, value: Any) -> None:
        """Every number is one JSON can carry: the generated packages, tests and docs write values as JSON."""
        if isinstance(value, float) and not math.isfinite(value):
            shown = ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
            self.error(path, "invalid-value", f"{shown} is not a number JSON can carry, and the generated code writes values "
                       "as JSON; expected a finite number")
        elif isinstance(value, dict):
            for key, item in value.items():
                self.check_numbers((*path, key), item)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.check_numbers((*path, i), item)

    def check_samples(self) -> None:
        """The generated tests (the conformance suite, the TypeScript type tests) call every member with a valid
        argument for each parameter, made by :mod:`generator.samples`: each parameter needs one."""
        from .model import build_model
        from .samples import _PATTERN_CANDIDATES, valid_value

        try:
            model = build_model(self.spec, self.parsed)
        except Exception:  # noqa: BLE001 - a spec other rules rejected; they said why
            return
        def path_of(dotted: str) -> Path:
            parts: list[str | int] = ["members"]
            for part in dotted.split("."):
                parts += [part, "members"]
            return tuple(parts[:-1])

        signatures: list[tuple[Path, Any]] = [(path_of(m.path), m) for m in model.all_members()]
        signatures += [(("types", t.name, "members", m.name), m) for t in model.types.values() for m in t.members]
        signatures += [(("globals", g.name, "members", m.name), m) for g in model.globals.values() for m in g.members]
        for base, member in signatures:
            for i, param in enumerate(member.params):
                if isinstance(param.type.node, (te.EventNameT, te.EventHandlerT)):
                    continue
                try:
                    valid_value(model, param.type.node, param.constraints)
                except ValueError as exc:  # what the sampler cannot do
                    text = str(exc)
                    if text.startswith("no sample string matches"):
                        tried = ", ".join(f"'{c}'" for c in _PATTERN_CANDIDATES)
                        why = (f"no sample string the generator tries ({tried}) matches the pattern "
                               f"{text.removeprefix('no sample string matches ')}; expected a pattern one of them matches")
                    elif "too deeply nested" in text:
                        why = ("its type refers to itself through required fields, arrays or unions; expected an example "
                               "on the object type that recurses (the sample is taken from its first example)")
                    else:
                        why = text
                    self.error((*base, "params", i, "type"), "no-sample",
                               f"the generated tests need a valid value of parameter '{param.name}', and none can be made: {why}")
                except Exception:  # noqa: BLE001 - a reference other rules reported (an entry that failed validation)
                    continue


def _pydantic_pattern_problem(pattern: str) -> str | None:
    """Why pydantic's regex engine (Rust's `regex`, which has no look-around or backreferences) rejects
    ``pattern``, or None."""
    from pydantic_core import SchemaError, SchemaValidator, core_schema

    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except SchemaError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip().startswith("error:")]
        return lines[-1].removeprefix("error:").strip() if lines else str(exc).splitlines()[-1].strip()
    return None


@dataclass(frozen=True)
class InterfacePlan:
    """One session interface the targets declare: its name, the contexts it stands for, and the interface it
    extends (the one of the members common to every full context, when they differ)."""

    name: str
    contexts: tuple[str, ...]
    extends: str | None = None
    base: bool = False  # the common interface other interfaces extend (no context has it as its own)


def plan_interfaces(
    contexts: list[tuple[str, bool]], members: dict[str, tuple[str, ...]], events: dict[str, tuple[str, ...]]
) -> list[InterfacePlan]:
    """Session interfaces from each context's members and the events it receives: contexts with the same of
    both share one. ``contexts`` is (name, exposes all members) in spec order.

    One group of full contexts is ``Session``; when full contexts differ (a member only the widget has, an event
    only the extension receives), ``Session`` holds what they have in common and each group gets its own
    interface, ``WidgetSession``, ``ExtensionSession``, that extends it. Other groups are named after their
    contexts (``PublicSession``).
    """
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    full = dict(contexts)
    for name, _ in contexts:
        groups.setdefault((members[name], events[name]), []).append(name)
    full_groups = [g for g in groups.values() if all(full[c] for c in g)]
    out: list[InterfacePlan] = []
    split = len(full_groups) > 1
    if split:
        out.append(InterfacePlan("Session", tuple(c for g in full_groups for c in g), base=True))
    for group in groups.values():
        is_full = all(full[c] for c in group)
        if is_full and not split:
            out.append(InterfacePlan("Session", tuple(group)))
        else:
            out.append(InterfacePlan("".join(c.capitalize() for c in group) + "Session", tuple(group),
                                     "Session" if is_full and split else None))
    return out


def interface_names(spec: fmt.Spec) -> list[tuple[str, tuple[str, ...]]]:
    """The session interfaces the targets declare, as :attr:`generator.model.Model.interfaces` names them."""
    sites = list(member_sites(spec))
    members = {c: tuple(site.dotted for site in sites if site.depth == 0 and c in site.contexts) for c in spec.contexts}
    events = {c: tuple(e for e, event in spec.events.items() if c in event.listeners) for c in spec.contexts}
    plan = plan_interfaces([(n, c.exposes == "all-members") for n, c in spec.contexts.items()], members, events)
    return [(p.name, p.contexts) for p in plan]


def declared_ts_names(spec: fmt.Spec) -> dict[str, str]:
    """Names the TypeScript declarations declare themselves (beside the spec's types), and what each names."""
    interfaces = [name for name, _ in interface_names(spec)]
    out = {**{i: "an interface" for i in interfaces}, **{f"{i}EventMap": "an event map" for i in interfaces}}
    for site in member_sites(spec):
        if site.member.kind == "namespace":
            own = pascal_path(site.dotted)
            out[own] = "a namespace's interface"
            for i in interfaces:
                out[i.removesuffix("Session") + own] = "a namespace's interface"
    for gname, glob in spec.globals.items():
        if any(p.type == "EventHandler" for gm in glob.members.values() for p in gm.params):
            out[pascal_path(gname) + "EventMap"] = "an event map"
    out["KnownFields"] = "a helper type"
    return out


def pascal_path(dotted: str) -> str:
    """``automation.act`` -> ``AutomationAct``: the TypeScript name of a namespace's interface."""
    return "".join(part[:1].upper() + part[1:] for part in dotted.split("."))


MAX_SAFE_INTEGER = 2**53 - 1
PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
# Names the generated models.py imports, or datamodel-code-generator may import there: a model class of the
# same name would be renamed by it (Field -> FieldModel), and the packages' references would miss it.
PY_MODEL_RESERVED = frozenset(
    """
    Annotated Any ClassVar Literal Optional Union Dict List Set Tuple Type Field ConfigDict RootModel BaseModel AnyUrl
    AwareDatetime NaiveDatetime Enum IntEnum StrEnum TypeAliasType TypeAlias WireModel UUID Decimal Json Path Callable
    Sequence Mapping
    """.split()
)


def _expected(name: str, choices: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(choices), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + (", ".join(sorted(choices)) or "(none declared)")


def te_text(located: Located, path: Path) -> str:
    cur = located.data
    for part in path:
        cur = cur[part]
    return str(cur)


EFFECT_KEYS = ("set", "toggle", "move_role", "append", "tabs")

# Keys of a member that only some kinds have, and which kinds have each.
KIND_KEYS: dict[str, frozenset[str]] = {
    "property": frozenset({"type", "constraints", "preconditions", "platforms"}),
    "method": frozenset({"params", "returns", "emits", "effects", "ends_session", "aliases", "event_object", "preconditions",
                         "platforms"}),
    "namespace": frozenset({"members", "additional"}),
    "event_object": frozenset({"listener"}),
}
KIND_ONLY_KEYS = frozenset().union(*KIND_KEYS.values())
KIND_SPECIFIC = frozenset({("method", "constraints"), ("property", "aliases")})
KIND_HINT = {
    "property": "'type' only (or kind: method)",
    "method": "'params' and 'returns' (or kind: property)",
    "namespace": "'members' (and 'additional'), the namespace's own members",
    "event_object": "'listener', the arguments its listeners receive",
}


def check_rules(
    spec: fmt.Spec, located: Located, declared: dict[str, set[str]], filename: str, parsed: dict[Path, Any]
) -> list[Diagnostic]:
    checker = _Checker(spec, located, declared, filename)
    checker.run()
    if not checker.out:  # needs a spec every other rule accepts
        checker.check_samples()
    parsed.update(checker.parsed)
    return checker.out
