#!/usr/bin/env python3
"""The peer for Benchmarks/store: Python's sqlite3 inserting the same 1,000,000 rows (3,000 regions x
34 series x 10 years, same value shapes) into one table with executemany in one transaction, WAL mode,
no vintage check: the floor for writing that many rows through SQLite from a scripting language.
Usage: peer.py DIR"""
import os, random, sqlite3, sys, time

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
path = os.path.join(d, "peer.sqlite")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
rnd = random.Random(20261202)
rows = []
for r in range(3000):
    region = str(110000 + r * 100)
    for s in range(34):
        for year in range(2015, 2025):
            x = rnd.random()
            v = None if x < 0.07 else (round(rnd.random() * 100000) if x < 0.3 else round(rnd.random() * 1e6) / 100 if x < 0.6 else rnd.random() * 1e9)
            rows.append(("census", "K%02d" % s, region, str(year), v, ".." if v is None else None, 1, 0.0))
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE vintage (id INTEGER PRIMARY KEY, source_id TEXT, series TEXT, region TEXT, period TEXT, value REAL, status TEXT, run_id INTEGER, delivered_at REAL)")
t = time.perf_counter()
c = time.process_time()
with db:
    db.executemany("INSERT INTO vintage (source_id, series, region, period, value, status, run_id, delivered_at) VALUES (?,?,?,?,?,?,?,?)", rows)
print("peer_insert_s %.3f rows %d" % (time.perf_counter() - t, len(rows)))
print("peer_insert_cpu_s %.3f" % (time.process_time() - c))
