"""Type again only the lines DuckDB's CSV reader refused, and put them back in their place.

A streamed CSV's plain number and date columns are parsed by DuckDB's reader. A cell it
cannot parse ("3995.18.5" as a number) makes it refuse the whole line into its rejects
table, so the strict typed write holds every row but those. Instead of reading and
writing the whole file again from text (`typing.write_lenient_parquet`), the refused
lines are read again, alone, exactly as that lenient write would read them, and the
checks see the strict file and those few rows merged by position.

A refused line's position among the rows follows from its line number only when every
line of the file is one row. That is proved by counting, not assumed: the file's lines
after the header (`RawSource.line_count`, counted when the file was opened) must be
exactly the rows written plus the lines refused, each refused line's text must be a whole
line of the file where DuckDB says it starts, and no carriage return may end a line on
its own. A blank line, a quoted value over several lines, a row of missing values only
or a footnote after the table breaks the count, and the caller then writes the whole
file leniently, as before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

import duckdb

from satudata.ingest.source import RawSource
from satudata.ingest.typing import lenient_select, list_bad_cells
from satudata.tableschema.model import TableSchema
from satudata.tableschema.parsing import quote_ident, sql_str

MAX_REFUSED_LINES = 4096  # more, and the whole file is written leniently
STEP = 8192  # keys of strict rows are this far apart (> MAX_REFUSED_LINES, see Merged)
REFUSED = "telaah_baris_ditolak"  # the refused lines, typed leniently, with their `_ord`


@dataclass
class Merged:
    """The strict file and the refused rows, as one table for the checks.

    The table's `_ord` orders its rows as the file does, but is a key, not the position:
    the strict file's row `i` has the key `(i + 1) * STEP`, and refused rows take keys
    just below that of the strict row after them. A multiplication costs the checks
    nothing, where computing each strict row's position cost them 0.25 s per 1M rows;
    `position` gives the position of a key, for the rows a report lists.
    """

    rows: int  # rows of the file: the strict file's and the refused ones kept
    bad: dict[str, int]  # misfits per field (listed in `validate.context.BAD_CELLS`)
    table_sql: str  # SELECT of `_ord` and the fields
    starts: list[int]  # for each refused row kept, in order: the strict rows before it
    refused: dict[int, int]  # key of a refused row -> its position among all rows

    def position(self, key: int) -> int:
        """Return the 0-based position in the file's rows of the row with this `_ord`."""
        if key % STEP:
            return self.refused[key]
        strict = key // STEP - 1
        return strict + bisect_right(self.starts, strict)


def merge_refused(con: duckdb.DuckDBPyConnection, source: RawSource, schema: TableSchema,
                  typed: Path, typed_rows: int, native: dict[str, str],
                  work: Path) -> Merged | None:  # fmt: skip
    """Type the lines the strict write of `typed` refused; None when that cannot be proved.

    `native` names the fields the lenient write would let DuckDB's reader parse (those in
    which it refused no cell). Call it right after the strict write, with its rejects.
    """
    if source.lines_scan is None or source.csv_path is None or source.line_count is None:
        return None
    refused, shaped = _refused_lines(con)
    if not refused or len(refused) > MAX_REFUSED_LINES:
        return None
    after_header = source.row_offset
    tail = {int(a["row"]) for a in source.set_aside if int(a["row"]) > after_header}
    if tail - set(refused) - shaped:
        return None  # footnotes DuckDB read and left out: lines the counts cannot place
    if source.line_count - after_header != typed_rows + len(refused) + len(shaped):
        return None
    texts = _texts(source.csv_path, refused)
    if texts is None:
        return None
    lines = work / "refused.csv"
    delim = source.delimiter.encode()
    lines.write_bytes(b"".join(str(n).encode() + delim + texts[n] + b"\n" for n in sorted(refused)))
    missing = sorted({"", *schema.missing_values})
    select, bad = lenient_select(schema, source.lines_scan(lines, native, missing), native,
                                 keep=("_line",))  # fmt: skip
    con.execute(f"CREATE OR REPLACE TEMP TABLE {REFUSED}_text AS {select}")
    try:
        read = con.execute(f"SELECT _line FROM {REFUSED}_text").fetchall()
        kept = sorted(int(r[0]) for r in read)
        again = con.execute("SELECT count(*) FROM lines_rejects").fetchone()
        if again and again[0]:
            return None  # refused again when read this way: the whole file from text
        # A kept line's position: the lines before it after the header, less those that
        # are no row (refused for their shape, or left out once read as text).
        dropped = sorted(shaped | (set(refused) - set(kept)))
        ords = [n - after_header - 1 - bisect_left(dropped, n) for n in kept]
        starts, keys = _order_keys(ords)
        pairs = ", ".join(f"({n}, {k})" for n, k in zip(kept, keys, strict=True)) or "(NULL, NULL)"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {REFUSED} AS SELECT p._ord, t.* EXCLUDE (_line) "
            f"FROM {REFUSED}_text t JOIN (VALUES {pairs}) p(_line, _ord) USING (_line)"
        )
    finally:
        con.execute(f"DROP TABLE IF EXISTS {REFUSED}_text")
        con.execute("DROP TABLE IF EXISTS lines_rejects")
        con.execute("DROP TABLE IF EXISTS lines_rejects_scan")
    counts = list_bad_cells(con, REFUSED, bad)
    # The refused rows go to a small Parquet file of the strict file's types, and the
    # checks read both files as one: over a UNION ALL of the file and a table, a key check
    # ran out of memory at 256MB where the same check over the file alone did not.
    strict = f"read_parquet({sql_str(typed.as_posix())})"
    described = con.execute(f"DESCRIBE SELECT * FROM {strict}").fetchall()
    types = {str(r[0]): str(r[1]) for r in described}
    back = work / "refused.parquet"
    cast = ", ".join(f"CAST({quote_ident(f.name)} AS {types[f.name]}) AS {quote_ident(f.name)}"
                     for f in schema.fields)  # fmt: skip
    con.execute(f"COPY (SELECT _ord AS _key, {cast} FROM {REFUSED} ORDER BY _ord) "
                f"TO {sql_str(back.as_posix())} (FORMAT parquet)")  # fmt: skip
    fields = ", ".join(quote_ident(f.name) for f in schema.fields)
    both = f"[{sql_str(typed.as_posix())}, {sql_str(back.as_posix())}]"
    table_sql = (
        f"SELECT coalesce(_key, (file_row_number + 1) * {STEP}) AS _ord, {fields} FROM "
        f"read_parquet({both}, file_row_number = true, union_by_name = true)"
    )
    return Merged(rows=typed_rows + len(kept), bad=counts, table_sql=table_sql, starts=starts,
                  refused=dict(zip(keys, ords, strict=True)))  # fmt: skip


def _refused_lines(
    con: duckdb.DuckDBPyConnection,
) -> tuple[dict[int, tuple[int, str]], set[int]]:
    """Return the lines refused only for a cast (where they start, their text) and those
    refused for their shape."""
    try:
        found = con.execute(
            "SELECT line, bool_and(error_type = 'CAST'), min(line_byte_position), min(csv_line) "
            "FROM rejects GROUP BY line"
        ).fetchall()
    except duckdb.Error:
        return {}, set()
    refused = {int(n): (int(at), str(text or "")) for n, cast, at, text in found if cast}
    return refused, {int(n) for n, cast, _, _ in found if not cast}


def _texts(path: Path, refused: dict[int, tuple[int, str]]) -> dict[int, bytes] | None:
    """Return the text of each refused line, as DuckDB read it, checked against the file.

    DuckDB gives a refused line's text (after the line end before it, on "\\r\\n" files)
    and about where it starts. The text must be a whole line of the file there: between
    two line ends, and not cut short (DuckDB keeps 10,000 characters of a line).
    """
    texts: dict[int, bytes] = {}
    with path.open("rb") as fh:
        for n, (at, text) in refused.items():
            line = text.lstrip("\r\n").encode()
            if len(text) >= 10_000:
                return None
            start = max(0, at - 3)
            fh.seek(start)
            window = fh.read(len(line) + 8)
            if not any(_whole_line(window, i, line, at_start=start + i == 0) for i in range(5)):
                return None
            texts[n] = line
    return texts


def _whole_line(window: bytes, i: int, line: bytes, *, at_start: bool) -> bool:
    """Is `line` a whole line of `window`, starting at `i`?"""
    before = at_start or (i > 0 and window[i - 1 : i] == b"\n")
    after = window[i + len(line) : i + len(line) + 2]
    ends = after[:1] == b"\n" or after == b"\r\n" or after == b""
    return before and ends and window[i : i + len(line)] == line


def _order_keys(ords: list[int]) -> tuple[list[int], list[int]]:
    """Return, for refused rows at sorted positions `ords`: the strict rows before each, and
    its key (refused rows between the same strict rows take the keys just below the next)."""
    starts = [o - k for k, o in enumerate(ords)]
    keys = [(s + 1) * STEP - (bisect_right(starts, s) - k) for k, s in enumerate(starts)]
    return starts, keys
