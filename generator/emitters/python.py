"""The Python package ``webfuse_session``: pydantic models, typed Protocols and a Playwright client.

Models come from datamodel-code-generator, called as a library on the JSON Schema that
:mod:`generator.json_schema` derives from the model. Protocols, the client and the runtime table
of members are rendered from ``templates/python/``.
"""

from __future__ import annotations

import json
import keyword
import re
from typing import Any

from .. import prose, python_style
from .. import type_expr as te
from ..json_schema import data_schema
from ..model import GlobalMember, Member, Model, Param, SessionInterface, TypeDef
from ..naming import python_alias, python_name
from ..outputs import OutputFile
from ..render import environment, py_doc_text
from ..rules import pascal_path
from .docs import discrepancies_at, escape_text

PACKAGE = "webfuse_session"
DIST = "webfuse-session"
ROOT = "python"
_SCHEMA_ROOT = "WebfuseSessionDataTypes"


# -- models through datamodel-code-generator --------------------------------------------------
def models_source(model: Model) -> str:
    """The pydantic models, as datamodel-code-generator writes them from the data schema."""
    from datamodel_code_generator import InputFileType, LiteralType, PythonVersion, generate
    from datamodel_code_generator.enums import DataModelType
    from datamodel_code_generator.format import Formatter

    schema = data_schema(model, tolerant=True)
    schema["title"] = _SCHEMA_ROOT
    aliases = {f.name: f.python_name for t in model.types.values() for f in t.fields if f.python_name != f.name}
    for t in model.types.values():
        aliases.update({k: k for k in t.reserved_keys})
    source = generate(
        json.dumps(schema),
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        base_class=f"{PACKAGE}._base.WireModel",
        aliases=aliases,
        disable_timestamp=True,
        field_constraints=True,
        formatters=[Formatter.BUILTIN],
        builtin_format_line_length=100,  # fixed: otherwise read from whatever pyproject.toml the cwd has
        use_annotated=True,
        use_field_description=True,
        use_schema_description=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_double_quotes=True,
        use_title_as_name=True,
        use_type_alias=True,
        enum_field_as_literal=LiteralType.All,
        keep_model_order=True,
    )
    assert isinstance(source, str)
    return _tidy_models(source)


def _tidy_models(source: str) -> str:
    """Drop datamodel-code-generator's own header and the alias it makes for the schema's root."""
    lines = source.split("\n")
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    blocks = "\n".join(lines).strip("\n").split("\n\n\n")
    kept = [b for b in blocks if not b.startswith((f"{_SCHEMA_ROOT} =", f"class {_SCHEMA_ROOT}("))]
    kept[0] = '"""Pydantic models of the API\'s data types and event payloads (made by datamodel-code-generator)."""\n\n' + kept[0]
    text = "\n\n\n".join(kept)
    # `extra="allow"` models get an `__annotations__` override that type checkers reject; pydantic
    # needs no annotation for the extra dict, so it goes.
    text = re.sub(r'\n    __annotations__ = \{\n        "__pydantic_extra__": Dict\[str, Any\],\n    \}', "", text)
    # Typed additional keys: the annotation pydantic documents for them, which type checkers accept too.
    text, typed = re.subn(r'\n    __annotations__ = \{\n        "__pydantic_extra__": Dict\[str, (.*?)\],\n    \}',
                          r"\n    __pydantic_extra__: dict[str, \1] = Field(init=False)", text, flags=re.S)
    text = re.sub(r"^(from typing import .*)\bDict, |^(from typing import .*), Dict\b", r"\1\2", text, count=1, flags=re.M)
    if typed and not re.search(r"^from pydantic import .*\bField\b", text, flags=re.M):
        text = re.sub(r"^from pydantic import (.*)$", r"from pydantic import \1, Field", text, count=1, flags=re.M)
    # Annotated like the base class declares it, so type checkers need not infer it.
    text = text.replace("    model_config = ConfigDict(", "    model_config: ClassVar[ConfigDict] = ConfigDict(")
    text = text.replace("from typing import Annotated,", "from typing import Annotated, ClassVar,", 1)
    return text + "\n"


# -- spelling ---------------------------------------------------------------------------------
def _literal_type(values: list[Any]) -> str:
    """``Literal[...]`` of JSON values (``True``, not ``true``); a float, which Literal cannot hold, is a float."""
    exact = [repr(v) if isinstance(v, bool) else json.dumps(v, ensure_ascii=True) for v in values if not isinstance(v, float)]
    parts = [f"Literal[{', '.join(exact)}]"] if exact else []
    return " | ".join(parts + (["float"] if len(exact) < len(values) else []))


_JSON_VALUE = "str | int | float | bool | list[Any] | dict[str, Any] | None"


def _is_unknown(node: te.TypeNode) -> bool:
    """Is the type `unknown`, or a union with `unknown` in it (which is `unknown` too)?"""
    if isinstance(node, te.PromiseOf):
        node = node.item
    items = node.items if isinstance(node, te.UnionOf) else (node,)
    return te.Prim("unknown") in items


def docstring(lines: list[str], indent: int = 4) -> str:
    """A triple-quoted docstring that no quote, backslash, control or non-ASCII character can break."""
    pad = " " * indent
    body = "\n".join((pad + py_doc_text(line)).rstrip() for line in "\n".join(lines).split("\n"))
    return f'{pad}"""\n{body}\n{pad}"""'


class PyView:
    """Everything the Python templates need, computed from the model."""

    def __init__(self, model: Model) -> None:
        # The package covers every member of the session but those that use an interface type (see Model.python),
        # and groups the Protocols by members alone (see Model.member_interfaces).
        model = model.python()
        self.model = model
        self.interfaces = model.member_interfaces()
        self.interface_of = {c: i for i in self.interfaces if not i.base for c in i.contexts}
        self.by_name = {i.name: i for i in self.interfaces}
        self.model_names = [t.name for t in model.types.values() if t.kind != "host"]
        self.namespace_names, self.namespaces = self._plan_namespaces()

    # namespaces and event objects ---------------------------------------------------------------
    @staticmethod
    def visible(member: Member, iface: SessionInterface) -> bool:
        """Does every context of ``iface`` offer ``member``?"""
        return set(iface.contexts) <= set(member.contexts)

    @staticmethod
    def form_visible(member: Member, iface: SessionInterface) -> bool:
        """Does every context of ``iface`` offer the event-object form of a method?"""
        return member.event_object is not None and set(iface.contexts) <= set(member.event_object.contexts)

    @staticmethod
    def is_mapping(member: Member) -> bool:
        """A namespace that lists no member but takes other keys (``env``): a read-only mapping in Python."""
        return member.kind == "namespace" and not member.members and member.additional is not None

    def _plan_namespaces(self) -> tuple[dict[tuple[str, str], str], list[tuple[str, Member, SessionInterface]]]:
        """A name for each namespace as each interface sees it: its path in PascalCase (``AutomationAct``) when every
        interface sees the same members in it, else prefixed by the interface (``ExtensionAutomation``); and the
        Protocols to declare, as (name, namespace, interface whose contexts decide its members)."""
        seen: dict[str, dict[tuple[str, ...], list[SessionInterface]]] = {}
        found: dict[str, Member] = {}
        for iface in self.interfaces:
            for top in iface.members:
                for m in top.walk():
                    if m.kind == "namespace" and not self.is_mapping(m) and self.visible(m, iface):
                        key = tuple(x.path + ("()" if self.form_visible(x, iface) else "") for x in m.walk()[1:] if self.visible(x, iface))
                        seen.setdefault(m.path, {}).setdefault(key, []).append(iface)
                        found[m.path] = m
        names: dict[tuple[str, str], str] = {}
        decls: list[tuple[str, Member, SessionInterface]] = []
        for path, variants in seen.items():
            for ifaces in variants.values():
                name = pascal_path(path) if len(variants) == 1 else ifaces[0].name.removesuffix("Session") + pascal_path(path)
                for iface in ifaces:
                    names[(path, iface.name)] = name
                decls.append((name, found[path], ifaces[0]))
        return names, decls

    def namespace_parent(self, name: str, namespace: Member, owner: SessionInterface) -> str | None:
        """The variant of a namespace that the shared Protocol sees, when ``owner`` extends it and sees another one:
        a client's variant subclasses it, as its session client subclasses the shared one."""
        parent = self.by_name.get(owner.extends or "")
        if parent is None or not self.visible(namespace, parent):
            return None
        shared = self.namespace_names[(namespace.path, parent.name)]
        return shared if shared != name else None

    def namespace_members(self, namespace: Member, owner: SessionInterface) -> list[Member]:
        return [m for m in namespace.members if self.visible(m, owner)]

    def own_members(self, iface: SessionInterface) -> list[Member]:
        """What a Protocol declares itself: everything, or for one that extends the common Protocol, the members the
        common one lacks and the namespaces it sees otherwise."""
        parent = self.by_name.get(iface.extends or "")
        if parent is None:
            return list(iface.members)
        return [m for m in iface.members if m not in parent.members
                or m.kind == "namespace" and self.namespace_names.get((m.path, iface.name)) != self.namespace_names.get((m.path, parent.name))]

    def listener_forms(self, members: list[Member], owner: SessionInterface, parent: SessionInterface | None = None) -> list[Member]:
        """Methods among ``members`` whose event-object form ``owner`` offers (and ``parent``, which declares it, does not)."""
        return [m for m in members if m.kind == "method" and self.form_visible(m, owner)
                and not (parent is not None and self.form_visible(m, parent))]

    def form_members(self, iface: SessionInterface) -> list[Member]:
        """The methods whose event-object form a session Protocol declares itself."""
        parent = self.by_name.get(iface.extends or "")
        return self.listener_forms(list(iface.members), iface, parent)

    @staticmethod
    def form_name(member: Member) -> str:
        """The Python attribute of a method's event-object form: ``on.addListener`` is ``on_listeners.add_listener``."""
        return f"{member.python_name}_listeners"

    @staticmethod
    def listeners_class(member: Member) -> str:
        """The base name of an event object's class (``OnMessageListeners``), for an event object or a method's form."""
        return pascal_path(member.path or member.name) + "Listeners"

    def event_objects(self) -> list[Member]:
        """Every event object and method with an event-object form, in spec order (each gets a Protocol per shape)."""
        return [m for m in self.model.all_members() if m.kind == "event_object" or m.event_object is not None]

    def listener_args(self, member: Member) -> tuple[Any, ...]:
        return member.listener if member.kind == "event_object" else member.event_object.listener if member.event_object else ()

    def listener_type(self, member: Member, is_async: bool = False) -> str:
        """The type of a listener of an event object: its arguments as the models give them, None for one left out."""
        args = ", ".join(self.api_type(a.type.node, param=False) + ("" if a.required else " | None") for a in self.listener_args(member))
        return f"Callable[[{args}], {'object | Awaitable[object]' if is_async else 'object'}]"

    def listener_doc(self, member: Member) -> list[str]:
        form = member.event_object
        summary = member.summary if member.kind == "event_object" else form.summary if form else ""
        called = "; ".join(f"``{python_name(a.name)}``{'' if a.required else ' (None when not given)'}: {a.description.rstrip('.')}"
                           for a in self.listener_args(member))
        js = member.path or member.name
        lines = [summary, "", f"JavaScript: ``{js}.addListener(listener)``; here ``add_listener(listener)``, the listener called with {called or 'nothing'}."]
        if member.kind != "event_object":
            lines += ["", f"In Python ``{member.python_name}(...)`` stays a method and its event-object form is ``{self.form_name(member)}``: "
                      "a method that also had ``add_listener`` would have to be a property of a callable type, which pyright does "
                      "not accept where a Protocol declares a method."]
        return lines

    def class_name(self, base: str, flavour: str, is_async: bool = False) -> str:
        """A namespace's or event object's class in a flavour: ``protocol`` (the Python API's Protocol), ``object`` (the
        JavaScript-shaped Protocol), ``client`` or ``double``."""
        prefix = "Async" if is_async and flavour != "object" else ""
        suffix = {"protocol": "", "object": "Object", "client": "Client", "double": "Double"}[flavour]
        return f"{prefix}{base}{suffix}"

    def namespace_class(self, member: Member, owner: SessionInterface, flavour: str, is_async: bool = False) -> str:
        return self.class_name(self.namespace_names[(member.path, owner.name)], flavour, is_async)

    def mapping_type(self, member: Member) -> str:
        assert member.additional is not None
        return f"Mapping[str, {self.api_type(member.additional.node, param=False)}]"

    def type(self, node: te.TypeNode, validate: bool = False, host: str | None = None) -> str:
        """Python spelling; ``validate`` spells host types as the client's validator, ``host`` as a given type."""
        def sub(n: te.TypeNode) -> str:
            return self.type(n, validate, host)

        if isinstance(node, te.Prim):
            return {"string": "str", "integer": "int", "number": "float", "boolean": "bool",
                    "null": "None", "void": "None", "unknown": "Any"}[node.name]
        if isinstance(node, te.Lit):
            return _literal_type([node.value])
        if isinstance(node, te.Named):
            typedef = self.model.types[node.name]
            if typedef.host:
                return "_rt.HostValue" if validate else host or typedef.host["python"]
            return f"models.{node.name}"
        if isinstance(node, te.ArrayOf):
            return f"list[{sub(node.item)}]"
        if isinstance(node, te.RecordOf):
            return f"dict[str, {sub(node.value)}]"
        if isinstance(node, te.PromiseOf):
            return f"Awaitable[{sub(node.item)}]"
        if isinstance(node, te.UnionOf):
            if all(isinstance(i, te.Lit) for i in node.items):
                return _literal_type([i.value for i in node.items if isinstance(i, te.Lit)])
            return " | ".join(sub(i) for i in node.items)
        if isinstance(node, te.SessionRef):
            return "Self" if node.context is None else self.interface_of[node.context].name
        if isinstance(node, te.EventNameT):  # an alias of a subscription member: the plain overload's types
            return "str"
        if isinstance(node, te.EventHandlerT):
            return "Callable[[Self, Any], object]"
        raise ValueError(f"{node} has no Python spelling outside a parameter list")

    def is_event_param(self, p: Param) -> bool:
        return isinstance(p.type.node, (te.EventNameT, te.EventHandlerT))

    def interface_doc(self, iface: SessionInterface) -> list[str]:
        return prose.interface_lines(self.model, iface, quote="``")

    _SHAPES = {"sync": "{}", "async": "Async{}", "object": "{}Object"}

    def protocol_name(self, iface: SessionInterface, shape: str) -> str:
        return self._SHAPES[shape].format(iface.name)

    def protocol_names(self) -> list[str]:
        """Every Protocol: the sessions', then their namespaces' and event objects' (each in every shape)."""
        return sorted(self.protocol_name(i, shape) for shape in self._SHAPES for i in self.interfaces) + self.part_names("protocol")

    def part_names(self, flavour: str) -> list[str]:
        """The classes of namespaces and event objects in a flavour (and for protocol, object: every shape)."""
        bases = [name for name, _, _ in self.namespaces] + [self.listeners_class(m) for m in self.event_objects()]
        shapes = {"protocol": [("protocol", False), ("protocol", True), ("object", False)], "client": [("client", False)],
                  "async_client": [("client", True)], "double": [("double", False), ("double", True)]}[flavour]
        return sorted(self.class_name(b, f, a) for f, a in shapes for b in bases)

    def namespace_doc(self, namespace: Member, owner: SessionInterface, shape: str) -> list[str]:
        where = ", ".join(owner.contexts)
        lead = {"sync": "the Python API", "async": "the Python API, asynchronous", "object": "the JavaScript shape",
                "client": "driven in a Playwright page", "double": "a test double"}[shape]
        return [f"``{namespace.path}`` ({lead}): {namespace.summary}", "", f"Available in: {where}."]

    def protocol_doc(self, iface: SessionInterface, shape: str) -> list[str]:
        lead = {
            "sync": "The session in Python, synchronous: satisfied by ``client.{c}`` and by the reference's test double.",
            "async": "The session in Python, asynchronous (every member awaited): satisfied by ``async_client.Async{c}``"
                     " and by the reference's async test double.",
            "object": "The session object as JavaScript shapes it (Promise results are awaitables), for implementations in Python.",
        }[shape].format(c=f"{iface.name}Client")
        return [lead, ""] + self.interface_doc(iface)

    # -- the Python API: Protocols, clients and test doubles -------------------------------------
    # One spelling serves the sync and async Protocols, both Playwright clients and the test doubles, so that
    # each client and double satisfies its Protocol by construction; only browser objects differ (`flavour`).
    def api_type(self, node: te.TypeNode, *, param: bool, flavour: str = "protocol", inputs: str = "inputs.") -> str:
        """A type as the Python API spells it: a Promise is its value, inputs take dicts and mappings.

        ``flavour`` says how a browser object is spelled: ``protocol`` (``Any`` in, ``object`` out: each
        implementation has its own kind of handle), ``client`` (a Playwright handle) or ``object`` (the
        JavaScript-shaped Protocol's spelling). A host whose ``python_value`` is ``png`` comes back as PNG bytes.
        """
        def sub(n: te.TypeNode) -> str:
            return self.api_type(n, param=param, flavour=flavour, inputs=inputs)

        if isinstance(node, te.PromiseOf):
            return sub(node.item)
        if isinstance(node, te.Named):
            typedef = self.model.types[node.name]
            if typedef.host:
                if not param and typedef.host.get("python_value") == "png" and flavour != "object":
                    return "bytes"
                if flavour == "client":
                    return "JSHandle"
                return typedef.host["python"] if flavour == "object" or not param else "Any"
            if param and typedef.kind == "object":
                return " | ".join([f"models.{node.name}", f"{inputs}{self.input_name(typedef)}"]
                                  + (["Mapping[str, object]"] if self.is_open(typedef) else []))
            if param and typedef.alias_of is not None:
                return sub(typedef.alias_of.node)
            return f"models.{node.name}"
        if param and isinstance(node, te.RecordOf):
            return f"Mapping[str, {'object' if _is_unknown(node.value) else sub(node.value)}]"
        if param and isinstance(node, te.ArrayOf):
            return f"Sequence[{sub(node.item)}]"
        if isinstance(node, te.ArrayOf):
            return f"list[{sub(node.item)}]"
        if isinstance(node, te.RecordOf):
            return f"dict[str, {sub(node.value)}]"
        if isinstance(node, te.UnionOf) and not all(isinstance(i, te.Lit) for i in node.items):
            return " | ".join(dict.fromkeys(sub(i) for i in node.items))
        if not param and _is_unknown(node):
            return _JSON_VALUE
        return self.type(node)

    @staticmethod
    def is_open(typedef: TypeDef) -> bool:
        """Does an object type take keys beyond its fields (and reserved keys)?"""
        return typedef.additional is not None

    @staticmethod
    def input_name(typedef: TypeDef) -> str:
        return f"{typedef.name}Dict"

    def input_types(self) -> list[TypeDef]:
        """Object types a call takes (directly or inside another input), in spec order: each gets a TypedDict."""
        wanted: set[str] = set()

        def visit(node: te.TypeNode) -> None:
            for n in te.walk(node):
                if isinstance(n, te.Named) and n.name not in wanted:
                    typedef = self.model.types[n.name]
                    if typedef.alias_of is not None:
                        visit(typedef.alias_of.node)
                    elif typedef.kind == "object":
                        wanted.add(n.name)
                        for f in typedef.fields:
                            visit(f.type.node)
                        for extra in (typedef.additional, typedef.reserved_type):
                            if extra is not None:
                                visit(extra.node)

        for member in self.model.all_members():
            for p in member.params:
                if not self.is_event_param(p):
                    visit(p.type.node)
        return [t for t in self.model.types.values() if t.name in wanted]

    @staticmethod
    def identifier_keys(fields: list[tuple[str, str, bool, str]]) -> bool:
        """Can a TypedDict with these keys be written as a class (every key a Python identifier)?"""
        return all(key.isidentifier() and not keyword.iskeyword(key) for key, *_ in fields)

    def input_doc(self, typedef: TypeDef) -> list[str]:
        lines = ([typedef.description, ""] if typedef.description.strip() else []) + [f"The dict form of :class:`models.{typedef.name}`."]
        if typedef.reserved_keys:
            keys = f"``{typedef.reserved_keys[0]}`` to ``{typedef.reserved_keys[-1]}``"
            lines += ["", f"Keys {keys}: {typedef.reserved_description or 'reserved keys.'}"]
        if self.is_open(typedef):
            lines += ["", "Other keys are allowed."]
        return lines

    def input_fields(self, typedef: TypeDef) -> list[tuple[str, str, bool, str]]:
        """(wire key, annotation, required, description) of a TypedDict: fields, then reserved keys."""
        out = [(f.name, self.api_type(f.type.node, param=True, inputs=""), f.required, f.description) for f in typedef.fields]
        if typedef.reserved_type is not None:
            ann = self.api_type(typedef.reserved_type.node, param=True, inputs="")
            out += [(k, ann, False, "") for k in typedef.reserved_keys]
        return out

    def api_params(self, member: Member, flavour: str = "protocol") -> str:
        """Parameter list after ``self``: required first as written, optional ones with defaults."""
        out = []
        for p in member.params:
            ann = self.api_type(p.type.node, param=True, flavour=flavour)
            if p.required:
                out.append(f"{p.python_name}: {ann}")
            elif p.has_default:
                out.append(f"{p.python_name}: {ann} = {self.default(p.type.node, p.default)}")
            else:
                out.append(f"{p.python_name}: {ann} | None = None")
        return ", ".join(out)

    def api_result(self, member: Member, flavour: str = "protocol") -> str:
        """What a method gives back (a Promise's value) or a property reads as."""
        if member.kind == "property":
            assert member.type is not None
            spelled = self.api_type(member.type.node, param=False, flavour=flavour)
            return spelled + (" | None" if member.maybe_unavailable and not _is_unknown(member.type.node) else "")
        assert member.returns is not None
        return self.api_type(member.returns.node, param=False, flavour=flavour)

    def png_members(self) -> list[Member]:
        return [m for m in self.model.members.values() if self.png_result(m)]

    def readme_example(self, browser: bool = True) -> list[str]:
        """A first call for the README: in a browser, the spec's first Python example; else (or without one) a
        Promise member that takes nothing, printed."""
        for member in self.model.members.values() if browser else ():
            for example in member.examples:
                code = example.python
                if code and "session" in code and set(self.interfaces[0].contexts) & set(member.contexts):
                    return code.rstrip("\n").split("\n")
        full = next((i.members for i in self.interfaces if i.members), ())
        if not full:  # no context offers a member the package has
            return ["print(session)"]
        member = next((m for m in full if m.kind == "method" and m.is_async and not m.params), full[0])
        call = member.python_name + ("" if member.kind == "property" else "()")
        return [f"print(session.{call})"]

    def png_result(self, member: Member) -> bool:
        """Does the member give back an image that the Python API hands over as PNG bytes?"""
        node = member.returns.node if member.returns else member.type.node if member.type else None
        return node is not None and self.api_type(node, param=False) == "bytes"

    def api_signature(self, member: Member, *, is_async: bool, flavour: str = "protocol", name: str | None = None,
                      owner: SessionInterface | None = None) -> list[str]:
        """A member's declaration in the Python API, as lines without the body (Protocols, clients, doubles and docs);
        ``owner`` is the session interface that sees it (by default the first that does)."""
        asy = "async " if is_async else ""
        pyname = name or member.python_name
        decorators = self.deprecation(member) if flavour != "object" else []  # implementations still provide it
        if member.kind == "namespace":
            if self.is_mapping(member):
                return decorators + ([] if is_async else ["@property"]) + [f"{asy}def {pyname}(self) -> {self.mapping_type(member)}"]
            owner = owner or self.owner_of(member)
            return decorators + ["@property", f"def {pyname}(self) -> {self.namespace_class(member, owner, flavour, is_async)}"]
        if member.kind == "event_object":
            return decorators + ["@property", f"def {pyname}(self) -> {self.class_name(self.listeners_class(member), flavour, is_async)}"]
        result = self.api_result(member, flavour)
        if member.kind == "property":
            return decorators + ([] if is_async else ["@property"]) + [f"{asy}def {pyname}(self) -> {result}"]
        if self.is_subscription(member):
            event, handler = (p.python_name for p in member.params[:2])
            returns = "object | Awaitable[object]" if is_async else "object"
            return [f"{asy}def {pyname}(self, {event}: str, {handler}: Callable[[Self, Any], {returns}]) -> Self"]
        params = self.api_params(member, flavour)
        return decorators + [f"{asy}def {pyname}(self{', ' if params else ''}{params}) -> {result}"]

    def form_signature(self, member: Member, *, is_async: bool, flavour: str = "protocol") -> list[str]:
        """The declaration of a method's event-object form (``on_listeners``)."""
        return ["@property", f"def {self.form_name(member)}(self) -> {self.class_name(self.listeners_class(member), flavour, is_async)}"]

    def add_listener_signature(self, member: Member, *, is_async: bool, flavour: str = "protocol") -> str:
        asy = "async " if is_async and flavour != "object" else ""
        return f"{asy}def add_listener(self, listener: {self.listener_type(member, is_async and flavour != 'object')}) -> None"

    def owner_of(self, member: Member) -> SessionInterface:
        """The first session interface that sees a member (the docs show its declaration there)."""
        return next((i for i in self.interfaces if self.visible(member, i)), self.interfaces[0])

    @staticmethod
    def deprecation(member: Member) -> list[str]:
        """``@deprecated(...)`` for a deprecated member, naming its replacement by its Python path."""
        text = PyView.deprecation_text(member)
        return [f"@deprecated({json.dumps(text, ensure_ascii=True)})"] if text else []

    @staticmethod
    def deprecation_text(member: Member) -> str:
        dep = member.deprecated
        if dep is None:
            return ""
        return (f"Use {'.'.join(python_name(p) for p in dep.replacement.split('.'))} instead." if dep.replacement
                else "No newer member replaces it.") + (f" {dep.note}" if dep.note else "")

    def listener_names(self, member: Member) -> str:
        return ", ".join(python_name(a.name) for a in self.listener_args(member))

    def double_body(self, member: Member, is_async: bool, owner: SessionInterface | None = None) -> str:
        """The statement of a test double's method: forward to the JavaScript-shaped object, settle, convert."""
        if member.kind == "namespace":
            value = f"self._target.{member.python_name}"
            if self.is_mapping(member):
                return f"return MappingProxyType(dict({value}))"
            return f"return {self.namespace_class(member, owner or self.owner_of(member), 'double', is_async)}({value})"
        if member.kind == "event_object":
            return f"return {self.class_name(self.listeners_class(member), 'double', is_async)}(self._target.{member.python_name})"
        if member.kind == "property":
            value = f"self._target.{member.python_name}"
            if self.png_result(member):
                return f"return None if {value} is None else png({value})" if member.maybe_unavailable else f"return png({value})"
            assert member.type is not None
            if _is_unknown(member.type.node):  # the JavaScript-shaped object's Any, as the JSON value promised
                return f"return cast({json.dumps(self.api_result(member))}, {value})"
            return f"return {value}"
        call = f"self._target.{member.python_name}({', '.join(p.python_name for p in member.params)})"
        assert member.returns is not None
        node = member.returns.node
        if isinstance(node, te.PromiseOf):
            call = f"await {call}" if is_async else f"settle({call})"
            node = node.item
        if node == te.Prim("void"):
            return call
        if isinstance(node, te.SessionRef):
            return f"{call}\n        return self"
        if self.png_result(member):
            return f"return png({call})"
        if _is_unknown(node):  # the JavaScript-shaped object's Any, as the JSON value the Python API promises
            return f"return cast({json.dumps(self.api_result(member))}, {call})"
        return f"return {call}"

    def subscription_line(self, member: Member, is_async: bool, event: str | None = None, payload: str = "object") -> str:
        """A subscription member's declaration, for one event (its payload typed) or for any name."""
        asy, returns = ("async ", "object | Awaitable[object]") if is_async else ("", "object")
        name, handler = (p.python_name for p in member.params[:2])
        if event is not None:
            name_type, payload = f"Literal[{json.dumps(event, ensure_ascii=True)}]", self.event_payload(event)
        else:
            name_type = "str"
        return f"{asy}def {member.python_name}(self, {name}: {name_type}, {handler}: Callable[[Self, {payload}], {returns}]) -> Self"

    def events_of(self, iface: SessionInterface) -> tuple[str, ...]:
        """The events a subscription member is typed for: for a Protocol that extends the shared one, the shared
        one's (it inherits the member, so its clients and doubles must take every event the shared one takes)."""
        parent = self.by_name.get(iface.extends or "")
        return parent.events if parent is not None else iface.events

    def event_overloads(self, iface: SessionInterface, member: Member, is_async: bool) -> list[str]:
        """The ``@overload`` lines of a subscription member: one per event the interface receives, then any name
        (none at all when it receives no event: a single overload is an error)."""
        lines: list[str] = []
        for event in self.events_of(iface):
            lines += ["@overload", self.subscription_line(member, is_async, event) + ": ..."]
        if self.events_of(iface):
            lines += ["@overload", self.subscription_line(member, is_async) + ": ..."]
        return lines

    def client_signature(self, member: Member, name: str | None = None, is_async: bool = False,
                         owner: SessionInterface | None = None) -> list[str]:
        """The Playwright client's declaration of a member (the client and the docs both print it)."""
        return self.api_signature(member, is_async=is_async, flavour="client", name=name, owner=owner)

    def client_attributes(self, iface: SessionInterface) -> list[str]:
        """The Python names a client has: its members, their aliases and the event-object forms."""
        out = [m.python_name for m in iface.members] + [self.form_name(m) for m in self.listener_forms(list(iface.members), iface)]
        return sorted(out)

    def result_type(self, member: Member | GlobalMember, awaited: bool = False) -> str:
        assert member.returns is not None
        node = member.returns.node
        if awaited and isinstance(node, te.PromiseOf):
            node = node.item
        return self.type(node)

    def property_type(self, member: Member) -> str:
        assert member.type is not None
        return self.type(member.type.node) + (" | None" if member.maybe_unavailable else "")

    def is_subscription(self, member: Member) -> bool:
        return any(isinstance(p.type.node, te.EventHandlerT) for p in member.params)

    def params(self, member: Member) -> str:
        """The JavaScript-shaped Protocol's parameter list (inputs as the Python API takes them)."""
        return self.api_params(member, flavour="object")

    def literal(self, value: Any) -> str:
        return repr(value) if not isinstance(value, str) else json.dumps(value, ensure_ascii=True)

    def _holds(self, node: te.TypeNode, value: Any) -> bool:
        """Can ``node`` hold a list or dict ``value``, by its shape (the union item a default belongs to)?"""
        if isinstance(node, te.Named):
            typedef = self.model.types[node.name]
            if typedef.alias_of is not None:
                return self._holds(typedef.alias_of.node, value)
            return typedef.kind == "object" and isinstance(value, dict)
        if isinstance(node, te.UnionOf):
            return any(self._holds(i, value) for i in node.items)
        return isinstance(node, te.ArrayOf) and isinstance(value, list) or isinstance(node, te.RecordOf) and isinstance(value, dict)

    def default(self, node: te.TypeNode, value: Any) -> str:
        """A default as a Python expression of its parameter's type: an object is a model instance there."""
        if isinstance(node, te.Named) and self.model.types[node.name].kind in ("object", "alias"):
            typedef = self.model.types[node.name]
            if typedef.alias_of is not None:
                return self.default(typedef.alias_of.node, value)
            if isinstance(value, dict):
                return f"models.{node.name}.model_validate({self.literal(value)})"
        if isinstance(node, te.ArrayOf) and isinstance(value, list):
            return "[" + ", ".join(self.default(node.item, v) for v in value) + "]"
        if isinstance(node, te.RecordOf) and isinstance(value, dict):
            return "{" + ", ".join(f"{self.literal(k)}: {self.default(node.value, v)}" for k, v in value.items()) + "}"
        if isinstance(node, te.UnionOf) and isinstance(value, (dict, list)):
            item = next((i for i in node.items if self._holds(i, value)), None)
            if item is not None:
                return self.default(item, value)
        return self.literal(value)

    def param_annotation(self, p: Param) -> str:
        """The annotation the client validates an argument with: type plus constraints."""
        return self.constrained(self.type(p.type.node, validate=True), p.constraints)

    def result_annotation(self, member: Member) -> str:
        """The annotation a JSON result is validated with (a property's constraints included)."""
        if member.kind == "method":
            return self.result_type(member, awaited=True)
        assert member.type is not None
        value = self.constrained(self.type(member.type.node), member.constraints)
        return f"_rt.Nullable[{value}]" if member.maybe_unavailable else value

    @staticmethod
    def constrained(base: str, c: Any) -> str:
        extras = []
        if c is not None:
            if c.minimum is not None:
                extras.append(f"Field(ge={c.minimum})")
            if c.maximum is not None:
                extras.append(f"Field(le={c.maximum})")
            if c.pattern is not None:
                extras.append(f"Field(pattern={json.dumps(c.pattern)})")
            if c.format is not None:
                extras.append(f"AfterValidator(_rt.FORMATS[{json.dumps(c.format)}])")
            if c.json_ is not None:
                extras.append(f"AfterValidator(_rt.JSON_CHECKS[{json.dumps(c.json_)}])")
        return f"Annotated[{base}, {', '.join(extras)}]" if extras else base

    def result_kind(self, member: Member) -> str:
        """How the client brings a result back: nothing, JSON data, or a handle to a browser object."""
        node = member.returns.node if member.returns else member.type.node if member.type else None
        if node is None or node in (te.Prim("void"), te.PromiseOf(te.Prim("void"))):
            return "none"
        if isinstance(node, te.SessionRef):
            return "self"
        hosts = [n for n in te.walk(node) if isinstance(n, te.Named) and self.model.types[n.name].kind == "host"]
        return "handle" if hosts else "json"

    def event_payload(self, name: str) -> str:
        return self.type(self.model.events[name].payload.node)

    # docs -----------------------------------------------------------------------------------
    def js_signature(self, member: Member) -> str:
        path = member.path or member.name
        if member.kind != "method":
            return path
        return f"{path}({', '.join(p.name for p in member.params)})"

    @staticmethod
    def pythonic(member: Member, text: str) -> str:
        """Spec text in Python's words: parameters by their Python names (`newUrl` is `new_url`), `True` for `true`."""
        for p in member.params:
            if p.python_name != p.name:
                text = text.replace(f"`{p.name}`", f"`{p.python_name}`")
        for js, py in (("`true`", "`True`"), ("`false`", "`False`"), ("`null`", "`None`")):
            text = text.replace(js, py)
        return text

    def member_doc(self, member: Member, is_async: bool = False) -> list[str]:
        lines = [self.pythonic(member, member.summary)]
        if member.description:
            lines += ["", self.pythonic(member, member.description)]
        lines += ["", f"JavaScript: ``{self.js_signature(member)}``."]
        if is_async and member.kind == "property":
            lines.append(f"A property in JavaScript; here a coroutine method: ``await session.{member.python_name}()``.")
        if self.png_result(member):
            lines.append("The image comes back as PNG bytes.")
        if self.is_mapping(member):
            lines.append("A read-only mapping of its keys to their values" + (", read from the page each time." if not is_async else "."))
        if member.deprecated is not None:
            lines.append("Deprecated: " + self.deprecation_text(member))
        for alias in member.aliases:
            lines.append(f"JavaScript also accepts the deprecated spelling ``{alias.name}``.")
        notes = prose.member_notes(self.model, member, discrepancies_at(self.model, "member", member.path or member.name))
        if notes:
            lines += [""] + [f"- {self.pythonic(member, n)}" for n in notes]
        if member.params:
            lines += ["", "Args:"]
            for p in member.params:
                text = self.pythonic(member, p.description) + (f" Defaults to ``{self.literal(p.default)}``." if p.has_default else "")
                lines.append(f"    {p.python_name}: {text}")
        if member.kind == "method" and member.returns_description:
            lines += ["", "Returns:", f"    {member.returns_description}"]
        for ex in member.examples:  # the Python counterpart; the JavaScript only where there is none
            label, code = (f"Example ({ex.title})::", ex.python) if ex.python else (f"Example ({ex.title}), in JavaScript::", ex.code)
            lines += ["", label, ""] + ["    " + line for line in code.rstrip("\n").split("\n")]
        return lines

    def alias_members(self, member: Member) -> list[str]:
        """Aliases that get their own Python name (a JavaScript alias may snake_case to the member's name)."""
        return [python_alias(a.name) for a in member.aliases if python_alias(a.name) != member.python_name]

    def type_doc(self, typedef: TypeDef) -> list[str]:
        return [typedef.description]


def emit(model: Model) -> list[OutputFile]:
    model = model.python()
    view = PyView(model)
    env = environment("python", {"docstring": docstring, "pyjson": lambda v: json.dumps(v, ensure_ascii=True), "md_text": escape_text,
                                 "python_name": python_name})
    ctx = {"v": view, "model": model, "package": PACKAGE, "dist": DIST, "ruff_config": python_style.ruff_config()}
    pkg = f"{ROOT}/{PACKAGE}"
    files = [
        OutputFile(f"{ROOT}/pyproject.toml", env.get_template("pyproject.toml.j2").render(ctx)),
        OutputFile(f"{ROOT}/README.md", env.get_template("README.md.j2").render(ctx)),
        OutputFile(f"{pkg}/py.typed", ""),
        OutputFile(f"{pkg}/models.py", models_source(model)),
    ]
    for name in ("__init__.py", "_base.py", "_runtime.py", "spec_runtime.py", "errors.py", "inputs.py", "protocols.py", "testing.py"):
        files.append(OutputFile(f"{pkg}/{name}", env.get_template(f"{name}.j2").render(ctx)))
    client = env.get_template("client.py.j2")
    files.append(OutputFile(f"{pkg}/client.py", client.render(ctx, is_async=False)))
    files.append(OutputFile(f"{pkg}/async_client.py", client.render(ctx, is_async=True)))
    return python_style.tidy(files, ROOT)
