"""Arrow schemas derived from dataclasses, so a record type is declared once."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date

import pyarrow as pa

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(), int: pa.int32(), float: pa.float64(), bool: pa.bool_(), date: pa.date32()
}


def _arrow_type(hint: object) -> pa.DataType:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _arrow_type(inner)
    if origin in (tuple, list):
        return pa.list_(_arrow_type(typing.get_args(hint)[0]))
    return _SCALARS[hint]


def struct_for(record: type) -> pa.StructType:
    """The Arrow struct type of a dataclass whose fields are str, int, float, bool, date, optionals or tuples."""
    hints = typing.get_type_hints(record)
    return pa.struct([(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(record)])
