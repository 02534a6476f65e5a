"""A CSV or JSON file as numbered records of cells: (line, cells in header order, a problem).

CSV: the delimiter (, ; or tab) is the header's; an unclosed quote is an error at its
line. JSON: an array of objects (as `coachlog export --format json` writes), decoded one
object at a time so that a large export is read in flat memory. Nothing here knows what
a column means (cells.py) or what a row becomes (spreadsheet.py).
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from typing import IO

from coachlog.errors import UsageError

Cell = str | list[str]
Record = tuple[int, list[Cell], str | None]  # line where the record starts, cells in header order, a problem


class FileError(UsageError):
    """A problem with the whole file: it stops the import even with --skip-invalid.

    `line` is where it shows, when that is not the row being read (a date further down the file)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def listed(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def not_utf8(name: str) -> FileError:
    return FileError(
        f"{name} is not UTF-8 text: in Excel save it as 'CSV UTF-8 (Comma delimited)', in Sheets download it as CSV"
    )


def csv_records(handle: IO[str], name: str) -> tuple[list[str], Iterator[Record]]:
    """The header and the records of a CSV file; the delimiter (, ; or tab) is the header's."""
    try:
        first = handle.readline()
    except UnicodeDecodeError:
        raise not_utf8(name) from None
    if not first.strip():
        raise UsageError(f"{name} is empty: expected a header row (date, teacher, stance, minutes...)")
    delimiter = max((",", ";", "\t"), key=first.count)
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # a long note exported must come back
    # strict: an unclosed quote is an error at its line, not the rest of the file swallowed into one note
    reader = csv.reader(itertools.chain([first], handle), delimiter=delimiter, strict=True)
    header = [cell.strip() for cell in next(reader)]

    def records() -> Iterator[Record]:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise not_utf8(name) from None
            except csv.Error as exc:
                raise UsageError(f"{name} line {line}: unreadable CSV ({exc}); nothing was imported") from None
            yield line, list(cells), None

    return header, records()


def _json_value(key: str, value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):  # [["a"]] is no teacher named "['a']"
            raise UsageError(f"'{key}' holds {_shown(value)}: expected a list of texts such as [\"Ms. Rivera\"]")
        return list(value)
    if isinstance(value, dict):
        raise UsageError(f"'{key}' holds an object: expected text, a number or a list of texts")
    return str(value)


def _shown(value: object, width: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 3] + "..."


def _json_objects(handle: IO[str], name: str) -> Iterator[tuple[int, dict[str, object]]]:
    """The objects of a JSON array, decoded one at a time (an export can be large)."""
    decoder = json.JSONDecoder()
    buffer, position, line, ended = "", 0, 1, False

    def more() -> bool:
        nonlocal buffer, position, ended
        if ended:
            return False
        try:
            chunk = handle.read(1 << 20)
        except UnicodeDecodeError:
            raise not_utf8(name) from None
        buffer, position = buffer[position:] + chunk, 0
        ended = not chunk
        return bool(chunk)

    def skip_space() -> str:
        nonlocal position, line
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n":
                line += buffer[position] == "\n"
                position += 1
            if position < len(buffer) or not more():
                return buffer[position : position + 1]

    def invalid(what: str) -> UsageError:
        return UsageError(f"{name} line {line}: {what}; nothing was imported")

    if skip_space() != "[":
        raise invalid("not a JSON list of entries (as `coachlog export --format json` writes)")
    position += 1
    first = True
    while True:
        mark = skip_space()
        if mark == "]":
            return
        if not first:
            if mark != ",":
                raise invalid("expected ',' or ']' between entries")
            position += 1
            skip_space()
        first = False
        while True:
            try:
                value, end = decoder.raw_decode(buffer, position)
                break
            except json.JSONDecodeError as exc:
                if not more():
                    raise invalid(f"invalid JSON ({exc.msg})") from None
            except RecursionError:
                raise invalid("lists or objects nested too deeply to be an entry") from None
            except ValueError as exc:  # a number of more than 4,300 digits, which Python will not read
                raise invalid(f"unreadable JSON ({exc.args[0].split(';')[0]})") from None
        if not isinstance(value, dict):
            raise invalid("expected an object for each entry")
        yield line, value
        line += buffer.count("\n", position, end)
        position = end


def json_records(handle: IO[str], name: str) -> tuple[list[str], Iterator[Record]]:
    objects = _json_objects(handle, name)
    first = next(objects, None)
    if first is None:
        return [], iter(())
    header = list(first[1])

    def records() -> Iterator[Record]:
        for line, value in itertools.chain([first], objects):
            extra = [key for key in value if key not in header]
            if extra:
                yield line, [], f"keys the first entry does not have: {listed(extra)}"
                continue
            try:
                yield line, [_json_value(key, value.get(key)) for key in header], None
            except UsageError as exc:
                yield line, [], str(exc)

    return header, records()
