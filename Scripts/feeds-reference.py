#!/usr/bin/env python3
"""Independent reference reading of the shared feed fixtures (../shared/fixtures/feeds).

Writes Tests/PlanWatchFeedsTests/Reference/expected.json: per payload, either the documented error
kind (provider / malformed / mapping) with a fragment of its message, or the observation count, the
missing count, the sum of the non-missing values (unit multipliers applied) and sample cells
{coordinates: {dimension id: code}, value}. Written with the standard library (json, csv) and pandas
for the CSV formats, independently of the Swift decoders. pyjstat is used as a cross-check of the
JSON-stat counts where it can read the file (it fails on several samples; see BENCHMARKS.md).

Usage: python3 Scripts/feeds-reference.py [path/to/shared/fixtures/feeds]
"""
import csv, io, json, math, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FEEDS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "fixtures", "feeds")
OUT = os.path.join(ROOT, "Tests", "PlanWatchFeedsTests", "Reference", "expected.json")
FORMATS = {"jsonstat": "jsonstat", "pxweb": "pxweb", "sdmx-json": "sdmx-json", "sdmx-csv": "sdmx-csv",
           "worldbank": "worldbank", "eurostat": "eurostat", "nbs-china": "nbs-easyquery", "csv-cn": "csv"}
MISSING = {"", "..", "...", "-", "—", "–", ":", "x", "X", "NaN", "nan", "#N/A", "#NA", "NA", "N/A", "…", "……"}


def num(v):
    """A cell value as float, or None when missing / not a number."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).strip().replace(",", "")
    if s in MISSING:
        return None
    try:
        f = float(s)
        return f if math.isfinite(f) else None
    except ValueError:
        return None


def summarise(cells):
    """cells: list of (coords dict, value or None) in payload order."""
    present = [(c, v) for c, v in cells if v is not None]
    samples = present[:3] + present[-1:] if len(present) > 3 else present
    return {"observations": len(cells), "missing": len(cells) - len(present),
            "sum": sum(v for _, v in present),
            "samples": [{"coordinates": c, "value": v} for c, v in samples]}


# ---------- JSON-stat ----------
def jsonstat_datasets(doc):
    if doc.get("class") == "dataset" or ("dimension" in doc and "value" in doc and "class" not in doc and "version" in doc):
        return [doc]
    if doc.get("class") == "collection":
        return [i for i in doc.get("link", {}).get("item", []) if "dimension" in i]
    return [v for v in doc.values() if isinstance(v, dict) and "dimension" in v]


def jsonstat_cells(ds):
    dims = ds["dimension"]
    ids = ds.get("id") or dims["id"]
    role = ds.get("role") or dims.get("role") or {}
    cats = []
    for i in ids:
        cat = dims[i]["category"]
        idx = cat.get("index")
        if isinstance(idx, list):
            codes = list(idx)
        elif isinstance(idx, dict):
            codes = [k for k, _ in sorted(idx.items(), key=lambda kv: kv[1])]
        else:
            codes = list(cat.get("label", {}).keys())
        cats.append(codes)
    sizes = [len(c) for c in cats]
    total = math.prod(sizes)
    values = ds["value"]
    if isinstance(values, list) and not values and total > 0:
        return [], ids, cats
    if isinstance(values, dict):
        dense = [None] * total
        for k, v in values.items():
            dense[int(k)] = v
        values = dense
    assert len(values) == total, (len(values), total)
    metric = (role.get("metric") or [None])[0]
    mult = {}
    if metric is not None:
        units = dims[metric]["category"].get("unit", {})
        mult = {code: int(u.get("multiplier", 0) or 0) for code, u in units.items()}
    cells = []
    for n, v in enumerate(values):
        coords, rest = {}, n
        for k in range(len(ids) - 1, -1, -1):
            coords[ids[k]] = cats[k][rest % sizes[k]]
            rest //= sizes[k]
        x = num(v)
        if x is not None and metric is not None and mult.get(coords[metric], 0):
            x *= 10 ** mult[coords[metric]]
        cells.append(({i: coords[i] for i in ids}, x))
    return cells, ids, cats


def read_jsonstat(path):
    doc = json.load(open(path, encoding="utf-8"))
    if isinstance(doc, dict) and "error" in doc:
        return {"error": "provider", "message": doc["error"][0]["label"][:40]}
    if isinstance(doc, dict) and "query" in doc and "response" in doc:
        return {"error": "malformed", "message": "query"}
    if isinstance(doc, dict) and "maxDataCells" in doc:
        return {"error": "malformed", "message": "config"}
    if isinstance(doc, dict) and "variables" in doc:
        return dict(summarise([]), dimensions=len(doc["variables"]))
    sets = jsonstat_datasets(doc)
    all_cells = []
    for ds in sets:
        cells, ids, cats = jsonstat_cells(ds)
        if any(len(c) == 0 for c in cats):
            return {"error": "mapping", "message": "no categories"}
        all_cells += cells
    out = summarise(all_cells)
    out["datasets"] = len(sets) if sets else 1
    if not sets:
        out["warning"] = "href"
    return out


# ---------- SDMX-JSON ----------
def read_sdmx_json(path):
    doc = json.load(open(path, encoding="utf-8"))
    if "data" in doc:
        data = doc["data"]
        structure = data["structures"][0] if "structures" in data else data["structure"]
        datasets = data["dataSets"]
    else:
        structure, datasets = doc["structure"], doc["dataSets"]
    dims = structure["dimensions"]
    attrs = structure.get("attributes", {})
    ds_d, se_d, ob_d = dims.get("dataSet", []), dims.get("series", []), dims.get("observation", [])
    ob_a = attrs.get("observation", [])
    se_a = attrs.get("series", [])

    def mult_of(comps, entries):
        for comp, e in zip(comps, entries):
            if comp["id"] == "UNIT_MULT" and e is not None:
                return int(comp["values"][e]["id"]) if comp.get("values") else int(e)
        return None

    cells = []
    for ds in datasets:
        base = {d["id"]: d["values"][0]["id"] for d in ds_d}

        def obs(key_dims, key, arr, series_mult):
            parts = key.split(":") if key else []
            if len(parts) != len(key_dims):
                raise ValueError("key length")
            coords = dict(base)
            for d, p in zip(key_dims, parts):
                coords[d["id"]] = d["values"][int(p)]["id"]
            m = mult_of(ob_a, arr[1:])
            m = m if m is not None else series_mult
            x = num(arr[0])
            if x is not None and m:
                x *= 10 ** m
            return coords, x

        if "series" in ds:
            for sk, s in ds["series"].items():
                sp = sk.split(":")
                if len(sp) != len(se_d):
                    raise ValueError("series key length")
                sc = {d["id"]: d["values"][int(p)]["id"] for d, p in zip(se_d, sp)}
                sm = mult_of(se_a, s.get("attributes", []))
                for ok, arr in s.get("observations", {}).items():
                    c, x = obs(ob_d, ok, arr, sm)
                    c.update(sc)
                    cells.append((c, x))
        else:
            for ok, arr in ds.get("observations", {}).items():
                cells.append(obs(se_d + ob_d, ok, arr, None))
    return summarise(cells)


def read_sdmx_json_checked(path):
    try:
        return read_sdmx_json(path)
    except (ValueError, IndexError, KeyError):
        return {"error": "malformed", "message": "positions"}


# ---------- SDMX-CSV ----------
def read_sdmx_csv(path):
    import pandas as pd
    text = open(path, encoding="utf-8-sig").read()
    sep = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    df.columns = [c.split(": ", 1)[0] for c in df.columns]
    structural = {"DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "ACTION", "SERIES_KEY", "OBS_KEY"}
    rest = [c for c in df.columns if c.upper() not in structural]
    measure = "OBS_VALUE" if "OBS_VALUE" in df.columns else rest[-1]
    attrs = {"OBS_STATUS", "OBS_CONF", "OBS_COMMENT", "DECIMALS", "UNIT_MULT", "UNIT_MEASURE", "TITLE", "COLLECTION", "AVAILABILITY", "TIME_FORMAT"}
    dimcols = [c for c in rest if c != measure and c not in attrs and not c.startswith("ATT")]
    if "ACTION" in df.columns:
        df = df[df["ACTION"] != "D"]
    cells = []
    for _, row in df.iterrows():
        raw = row[measure].split(": ", 1)[0].strip()
        if sep == ";":
            raw = raw.replace(",", ".")
        x = None if raw in {"", "NaN", "#N/A", "#NA"} else float(raw)
        if x is not None and "UNIT_MULT" in df.columns and row["UNIT_MULT"].strip():
            x *= 10 ** int(row["UNIT_MULT"])
        cells.append(({c: row[c].split(": ", 1)[0] for c in dimcols}, x))
    return summarise(cells)


# ---------- World Bank ----------
def read_worldbank(path):
    raw = open(path, "rb").read()
    if raw.lstrip(b"\xef\xbb\xbf").lstrip().lower().startswith(b"<"):
        return {"error": "malformed", "message": "HTML"}
    doc = json.loads(raw)
    if isinstance(doc[0], dict) and "message" in doc[0]:
        return {"error": "provider", "message": doc[0]["message"][0]["key"]}
    cells = []
    for row in doc[1] or []:
        country = row["countryiso3code"] or row["country"]["id"]
        cells.append(({"indicator": row["indicator"]["id"], "country": country, "date": row["date"]}, num(row["value"])))
    return summarise(cells)


# ---------- NBS easyquery ----------
def read_nbs(path):
    doc = json.load(open(path, encoding="utf-8"))
    if isinstance(doc, list):
        return dict(summarise([]), dimensions=1)
    if doc["returncode"] != 200:
        return {"error": "provider", "message": doc["returndata"][:6]}
    cells = []
    for node in doc["returndata"]["datanodes"]:
        coords = {w["wdcode"]: w["valuecode"] for w in node["wds"]}
        d = node["data"]
        cells.append((coords, float(d["data"]) if d.get("hasdata") else None))
    return summarise(cells)


# ---------- office CSV (NBS exports) ----------
def read_office_csv(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    rows = list(csv.reader(io.StringIO(text)))
    pre = {}
    k = 0
    while k < len(rows) and len([f for f in rows[k] if f.strip()]) <= 1:
        if rows[k] and "：" in rows[k][0]:
            key, val = rows[k][0].split("：", 1)
            pre[key] = val
        k += 1
    header = rows[k]
    body = []
    for r in rows[k + 1:]:
        if not r or not any(f.strip() for f in r):
            continue
        if r[0].startswith(("注：", "数据来源：")) or r[0].startswith("\u3000"):
            break
        body.append(r)
    years = [j for j in range(1, len(header)) if header[j].endswith("年") or header[j].isdigit()]
    cells = []
    for r in body:
        for j in years:
            v = r[j] if j < len(r) else ""
            coords = {header[0]: r[0].strip(), "时间": header[j]}
            if "指标" in pre:
                coords["指标"] = pre["指标"]
            cells.append((coords, num(v)))
    return summarise(cells)


def pyjstat_count(path):
    try:
        from pyjstat import pyjstat
        return len(pyjstat.Dataset.read(open(path).read()).write("dataframe"))
    except Exception:
        return None


READERS = {"jsonstat": read_jsonstat, "pxweb": read_jsonstat, "eurostat": read_jsonstat, "sdmx-json": read_sdmx_json_checked,
           "sdmx-csv": read_sdmx_csv, "worldbank": read_worldbank, "nbs-easyquery": read_nbs, "csv": read_office_csv}


def main():
    if not os.path.isdir(FEEDS):
        sys.exit(f"no fixtures at {FEEDS}")
    expected = {}
    for folder, fmt in sorted(FORMATS.items()):
        d = os.path.join(FEEDS, folder)
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            entry = READERS[fmt](path)
            entry["format"] = fmt
            if fmt in ("jsonstat", "pxweb") and "error" not in entry:
                n = pyjstat_count(path)
                if n is not None:
                    entry["pyjstat_rows"] = n
            expected[f"{folder}/{name}"] = entry
            print(f"{folder}/{name}: " + (f"error {entry['error']}" if "error" in entry else f"{entry['observations']} obs, {entry['missing']} missing"))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
