#!/usr/bin/env python3
"""Read a PlanWatch CSV back with Python's csv module and with pandas, and compare with the expected values.

usage: csv-roundtrip.py FILE EXPECTED.json

EXPECTED.json:
  {"encoding": "utf-8-sig" | "gb18030",
   "rows": [["header", ...], ["cell", ...], ...],      # every field as text, exactly as a reader sees it
   "numeric": {"column header": [1.5, null, ...]}}       # columns pandas must read as numbers (null = NaN)

Exit status 0 when both readers agree with EXPECTED; 1 with a message otherwise. The pandas part is
skipped (with a note on stderr) when pandas cannot be imported.
"""
import csv
import json
import math
import sys


def fail(message):
    print(f"csv-roundtrip: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        fail("usage: csv-roundtrip.py FILE EXPECTED.json")
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    encoding = expected.get("encoding", "utf-8-sig")
    rows = expected["rows"]

    raw = open(path, "rb").read()
    if encoding == "utf-8-sig" and not raw.startswith(b"\xef\xbb\xbf"):
        fail("UTF-8 file without a byte-order mark")
    if encoding == "gb18030" and raw.startswith(b"\xef\xbb\xbf"):
        fail("GB18030 file starts with a UTF-8 byte-order mark")
    if not raw.endswith(b"\r\n"):
        fail("the last record does not end with CRLF (RFC 4180)")

    with open(path, encoding=encoding, newline="") as f:
        got = list(csv.reader(f, strict=True))
    if got != rows:
        for i, (a, b) in enumerate(zip(got, rows)):
            if a != b:
                fail(f"csv module: row {i} is {a!r}, expected {b!r}")
        fail(f"csv module: {len(got)} rows, expected {len(rows)}")

    try:
        import pandas as pd
    except ImportError:
        print("csv-roundtrip: pandas not importable, skipped the pandas check", file=sys.stderr)
        print("ok (csv module)")
        return

    frame = pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False)
    if list(frame.columns) != rows[0]:
        fail(f"pandas: header {list(frame.columns)!r}, expected {rows[0]!r}")
    values = frame.values.tolist()
    if values != rows[1:]:
        fail(f"pandas: values {values!r}, expected {rows[1:]!r}")

    # round_trip: pandas' default float parser may miss the last bit; the CSV holds shortest round-trip text.
    typed = pd.read_csv(path, encoding=encoding, float_precision="round_trip")
    for column, numbers in expected.get("numeric", {}).items():
        if not pd.api.types.is_numeric_dtype(typed[column]):
            fail(f"pandas: column {column!r} read as {typed[column].dtype}, expected numbers")
        for i, (a, b) in enumerate(zip(typed[column].tolist(), numbers)):
            if b is None:
                if not (isinstance(a, float) and math.isnan(a)):
                    fail(f"pandas: {column!r} row {i} is {a!r}, expected empty")
            elif a != b:
                fail(f"pandas: {column!r} row {i} is {a!r}, expected {b!r}")
    print("ok (csv module and pandas)")


if __name__ == "__main__":
    main()
