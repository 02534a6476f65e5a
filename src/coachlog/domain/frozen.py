"""Frozen: what a frozen dataclass gives its values (immutability, equality, hashing, repr, replace), without the
`dataclasses` module, for the values `add`, `log`, `report` and `export` build (issue 17).

Importing `dataclasses` loads `inspect` (and with it ast, dis, tokenize, linecache), and creating each class writes
and compiles its methods: together a fifth of `coachlog report --term`'s start-up. A subclass lists its fields in
FIELDS and writes its own __init__ (straight-line code, filling `self.__dict__`); the rest is here, as a frozen
dataclass behaves: equal only to a value of the same class with equal fields, hashed by its fields, shown as
`Name(field=value, ...)`, assigning or deleting an attribute raises FrozenInstanceError (an AttributeError), and
`value.replace(field=...)` is `dataclasses.replace(value, field=...)`: a new value through __init__.

NamedTuple is typing.NamedTuple for mypy, and at run time the same class built for less: typing's turns each
field's annotation (a string, under `from __future__ import annotations`) into a ForwardRef, compiling it, about
half a million instructions a field. This one keeps the strings; the class is otherwise the one typing builds
(collections.namedtuple with the defaults, the docstring and methods copied over, the same errors).
"""

from __future__ import annotations

import collections
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NamedTuple as NamedTuple
    from typing import Self
else:
    # attributes a NamedTuple class may not set, and those not copied onto it (as typing has them)
    _PROHIBITED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace",
         "_asdict", "_source"}
    )  # fmt: skip
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _NamedTupleMeta(type):
        """typing.NamedTupleMeta (Python 3.11) without ForwardRef: the annotations stay as written."""

        def __new__(cls, typename: str, bases: tuple[type, ...], ns: dict[str, Any]) -> type:
            if not bases:  # NamedTuple itself
                return super().__new__(cls, typename, bases, ns)
            if any(base is not NamedTuple for base in bases):
                raise TypeError("can only inherit from a NamedTuple type and Generic")
            types = ns.get("__annotations__", {})
            default_names: list[str] = []
            for field_name in types:
                if field_name in ns:
                    default_names.append(field_name)
                elif default_names:
                    raise TypeError(
                        f"Non-default namedtuple field {field_name} cannot follow default field"
                        f"{'s' if len(default_names) > 1 else ''} {', '.join(default_names)}"
                    )
            made = collections.namedtuple(
                typename, list(types), defaults=[ns[n] for n in default_names], module=ns["__module__"]
            )
            made.__annotations__ = made.__new__.__annotations__ = dict(types)
            for key in ns:
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in made._fields:
                    setattr(made, key, ns[key])
            return made

    class NamedTuple(metaclass=_NamedTupleMeta):
        """The base a value's class names, as typing.NamedTuple: the class it gives is a collections.namedtuple."""


V = TypeVar("V")


class FrozenInstanceError(AttributeError):
    """An attempt to assign or delete a field of a frozen value (as dataclasses.FrozenInstanceError)."""


class Frozen:
    """The base of a frozen value: see the module's docstring. A subclass sets FIELDS, in __init__'s order."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[str, ...]] = ()
    _key: ClassVar[Callable[[Any], tuple[object, ...]]]

    def __init_subclass__(cls) -> None:
        getter = attrgetter(*cls.FIELDS)
        cls._key = getter if len(cls.FIELDS) > 1 else lambda value: (getter(value),)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            key = type(self)._key  # through the class: a function there is not bound to the value
            return bool(key(self) == key(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(type(self)._key(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes`, made (and checked) by __init__ as dataclasses.replace makes it."""
        return type(self)(**{**{name: getattr(self, name) for name in self.FIELDS}, **changes})


def replace(value: V, /, **changes: Any) -> V:
    """dataclasses.replace for every kind of value: a NamedTuple (its `_replace`), a Frozen value (its `replace`), or
    a dataclass; code that replaces the first two loads no `dataclasses` (issue 17: start-up)."""
    made: Any
    if isinstance(value, tuple):
        made = getattr(value, "_replace")(**changes)  # noqa: B009 (a NamedTuple's: tuple has none)
    elif isinstance(value, Frozen):
        made = value.replace(**changes)
    else:
        from dataclasses import replace as dataclass_replace

        made = dataclass_replace(cast(Any, value), **changes)
    return cast(V, made)
