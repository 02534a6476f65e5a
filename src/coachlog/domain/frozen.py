"""Frozen: what a frozen dataclass gives its values (immutability, equality, hashing, repr, replace), without the
`dataclasses` module, for the values `add`, `log`, `report` and `export` build (issue 17).

Importing `dataclasses` loads `inspect` (and with it ast, dis, tokenize, linecache), and creating each class writes
and compiles its methods: together a fifth of `coachlog report --term`'s start-up. A subclass lists its fields in
FIELDS and writes its own __init__ (straight-line code, filling `self.__dict__`); the rest is here, as a frozen
dataclass behaves: equal only to a value of the same class with equal fields, hashed by its fields, shown as
`Name(field=value, ...)`, assigning or deleting an attribute raises FrozenInstanceError (an AttributeError), and
`value.replace(field=...)` is `dataclasses.replace(value, field=...)`: a new value through __init__.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self


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
