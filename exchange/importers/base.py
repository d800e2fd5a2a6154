"""What every import shares: reading the CSV, row errors, the plan and its result.

An import reads the whole file, validates every row against the database with a handful
of set-based queries, and only then writes, in one transaction, with bulk statements.
Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from apl.spreadsheet import read_cell

SAMPLE_SIZE = 10
LOOKUP_CHUNK = 900  # stays under SQLite's limit on query parameters

# A score the file does not give (it has no score column): the stored score is kept.
NO_SCORE = object()


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.reason}"


@dataclass(slots=True)
class Row:
    """One data row: its spreadsheet number and its cells by column (missing = "")."""

    number: int
    cells: dict[str, str]
    extra: str = ""

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class ImportResult:
    """What an import found (errors) or did, or would do on a dry run."""

    kind: str
    filename: str
    dry_run: bool = False
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_samples: list[dict] = field(default_factory=list)
    updated_samples: list[dict] = field(default_factory=list)
    # Refused because the records changed under it (a unique key taken meanwhile).
    conflict: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def counts(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"

    @property
    def summary(self) -> str:
        if not self.ok:
            return (
                f"{self.filename} rejected: {len(self.errors)} error"
                f"{'s' if len(self.errors) != 1 else ''} in {self.bad_rows} of "
                f"{self.rows} row{'s' if self.rows != 1 else ''}; nothing was written."
            )
        if self.dry_run:
            return f"dry run, nothing written: {self.counts}"
        return self.counts

    def audit_detail(self) -> dict:
        """Counts for the audit log; never the file's content."""
        return {
            "filename": self.filename,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
        }


class FileRejected(Exception):
    """The file cannot be read as a table at all (encoding, header, empty)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass(slots=True)
class Table:
    """The file's non-blank data rows, as read: raw cells, each row exactly header-wide.

    ``numbers`` holds each row's spreadsheet number; ``extra`` the reason for a row that
    has more (non-empty) cells than the header. Cells are not yet stripped: ``cell``
    does that, as every importer sees them.
    """

    names: list[str]
    numbers: list[int]
    records: list[list[str]]
    extra: dict[int, str]

    def __len__(self) -> int:
        return len(self.numbers)

    def column(self, name: str) -> list[str] | None:
        """The raw cells of one column, or None where the header lacks it."""
        if name not in self.names:
            return None
        j = self.names.index(name)
        return [cells[j] for cells in self.records]

    def row(self, i: int) -> Row:
        """The i-th data row as a Row of cleaned cells."""
        cells = zip(self.names, self.records[i], strict=True)
        values = {name: cell(raw) for name, raw in cells if name}
        number = self.numbers[i]
        return Row(number, values, self.extra.get(number, ""))

    def rows(self) -> list[Row]:
        return [self.row(i) for i in range(len(self.numbers))]


def cell(raw: str) -> str:
    """A cell as importers read it: stripped, a spreadsheet-safety quote undone."""
    text = raw.strip()
    return read_cell(text) if text[:1] == "'" else text


def read_table(
    data: bytes, *, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[Table, set[str]]:
    """Decode and split the file: its rows as raw lists of cells, and the columns it has.

    UTF-8 with or without a byte-order mark, CRLF or LF, any column order; or an XLSX
    workbook's first sheet (exchange.importers.xlsx). Raises
    FileRejected for problems of the file as a whole.
    """
    reader = _workbook_or_csv_records(data)
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise FileRejected([RowError(1, "-", "the file is empty; row 1 must be the header")])
    names = [cell.strip().lower() for cell in header]
    present = _check_header(names, columns=columns, required=required)
    table = Table(names, [], [], {})
    _split(reader, table)
    if not table.numbers:
        raise FileRejected([RowError(2, "-", "the file has a header but no rows")])
    return table, present


def _workbook_or_csv_records(data: bytes) -> Iterator[list[str]]:
    """An XLSX workbook's first sheet, or the CSV text's records: one validation for both."""
    from exchange.importers.xlsx import is_xlsx, xlsx_records

    if is_xlsx(data):
        return iter(xlsx_records(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRejected(
            [RowError(line, "-", "the file is not UTF-8 text; save it as 'CSV UTF-8'")]
        ) from None
    if "\x00" in text:
        raise FileRejected([RowError(1, "-", "the file is not a CSV text file")])
    return _records(csv.reader(io.StringIO(text, newline="")))


def _records(reader) -> Iterator[list[str]]:
    """The reader's records; one it cannot parse (a cell over csv's 128 KiB limit, a stray
    quote in strict mode) rejects the file naming its row, header = row 1."""
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = (
                f"a cell is longer than {csv.field_size_limit():,} characters"
                if "field larger than field limit" in str(exc)
                else f"the row cannot be read as CSV ({exc})"
            )
            raise FileRejected([RowError(number + 1, "-", reason)]) from None
        number += 1
        yield cells


def _check_header(names: list[str], *, columns, required) -> set[str]:
    errors = []
    seen: set[str] = set()
    for name in names:
        if not name:
            continue
        if name in seen:
            errors.append(RowError(1, name, "this column appears twice in the header"))
        elif name not in columns:
            errors.append(
                RowError(1, name, f"unknown column; the columns are {', '.join(columns)}")
            )
        seen.add(name)
    for name in required:
        if name not in seen:
            errors.append(RowError(1, name, "required column is missing from the header"))
    if errors:
        raise FileRejected(errors)
    return seen & set(columns)


def _split(reader: Iterable[list[str]], table: Table) -> None:
    """Fill ``table`` from ``reader``: skip blank rows, pad short ones, note long ones."""
    width = len(table.names)
    numbers, records, extra = table.numbers, table.records, table.extra
    append_number, append_record = numbers.append, records.append
    for number, cells in enumerate(reader, start=2):
        # blank lines and rows of empty cells, as spreadsheets leave them, are skipped
        if not (cells and cells[0].strip()) and not "".join(cells).strip():
            continue
        if len(cells) != width:
            if len(cells) > width:
                if "".join(cells[width:]).strip():
                    extra[number] = f"{len(cells)} cells, but the header has {width} columns"
                cells = cells[:width]
            else:
                cells = cells + [""] * (width - len(cells))
        append_number(number)
        append_record(cells)


@dataclass
class Plan:
    """The writes an import will make, worked out before any is made."""

    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    created_samples: list[dict] = field(default_factory=list)
    updated_samples: list[dict] = field(default_factory=list)
    # Refused because the records changed under it (a unique key taken meanwhile).
    conflict: bool = False

    def add_create(self, item, row: Row, key_columns: tuple[str, ...]) -> None:
        self.creates.append(item)
        if len(self.created_samples) < SAMPLE_SIZE:
            self.created_samples.append(sample(row, key_columns))

    def add_update(self, item, row: Row, key_columns: tuple[str, ...], changes: list[str]):
        self.updates.append(item)
        if len(self.updated_samples) < SAMPLE_SIZE:
            self.updated_samples.append(sample(row, key_columns, changes))


def chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Importer:
    """One CSV format. Subclasses validate rows in bulk and apply the resulting plan."""

    kind: str = ""
    columns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    key_columns: tuple[str, ...] = ()

    def __init__(self, *, filename: str):
        self.filename = filename
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def error(self, row: Row, column: str, reason: str) -> None:
        self.errors.append(RowError(row.number, column, reason))

    def warn(self, row: Row, column: str, reason: str) -> None:
        """Something the import accepts but the LAC should see listed after it."""
        self.warnings.append(RowError(row.number, column, reason))

    def required_cell(self, row: Row, column: str) -> str:
        value = row[column]
        if not value:
            self.error(row, column, "is required")
        return value

    def too_long(self, row: Row, column: str, limit: int) -> bool:
        if len(row[column]) > limit:
            self.error(row, column, f"is longer than {limit} characters")
            return True
        return False

    def check_extra_cells(self, row: Row) -> None:
        if row.extra:
            self.error(row, "-", row.extra)

    def check_duplicate(self, row: Row, key, seen: dict) -> bool:
        """A key seen on an earlier row of the same file is an error on this row."""
        if key in seen:
            self.error(
                row,
                self.key_columns[0],
                f"the same {' + '.join(self.key_columns)} is on row {seen[key]}",
            )
            return True
        seen[key] = row.number
        return False

    def validate_table(self, table: Table, present: set[str]):
        """Return a plan for the whole file; by default row by row through ``validate``."""
        return self.validate(table.rows(), present)

    def validate(self, rows: list[Row], present: set[str]):
        """Return a plan (importer-specific); record errors in self.errors."""
        raise NotImplementedError

    def apply(self, plan, *, by, reason: str) -> None:
        raise NotImplementedError


def sample(row: Row, columns: tuple[str, ...], changes: list[str] | None = None) -> dict:
    return {
        "row": row.number,
        "key": " · ".join(row[c] for c in columns),
        "changes": "; ".join(changes or []),
    }
