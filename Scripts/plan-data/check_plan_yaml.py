import yaml, sys, re, collections
IND_KEYS={'id','zh','en','module','attribute','seed','notes','unit','direction','baseline','target','series'}
SER_KEYS={'id','zh','en','unit','direction','baseline','target'}
TGT_KEYS={'kind','value','year','text','limit','cumulative'}
BL_KEYS={'year','value','estimated'}
KINDS={'level','growth','ceiling','floor','maintain','qualitative','direction'}
MODS={'industry-chains','ecology','livelihood','safety'}
def chk_series(s, where, errs):
    for k in s:
        if k not in SER_KEYS|{'notes'} : errs.append(f"{where}: unknown key {k}")
    for k in ('unit','target'):
        if k not in s: errs.append(f"{where}: missing {k}")
    t=s.get('target',{})
    for k in t:
        if k not in TGT_KEYS: errs.append(f"{where}: unknown target key {k}")
    for k in ('kind','year','text'):
        if k not in t: errs.append(f"{where}: target missing {k}")
    kind=t.get('kind')
    if kind not in KINDS: errs.append(f"{where}: bad kind {kind}")
    needs = kind not in ('qualitative','direction')
    if needs and t.get('value') is None: errs.append(f"{where}: no value for {kind}")
    if not needs and 'value' in t: errs.append(f"{where}: value on {kind}")
    d=s.get('direction',1)
    if d not in (1,-1): errs.append(f"{where}: bad direction")
    if d==-1 and kind=='floor': errs.append(f"{where}: -1 with floor")
    if d==1 and kind=='ceiling': errs.append(f"{where}: +1 with ceiling")
    b=s.get('baseline')
    if b is not None:
        for k in b:
            if k not in BL_KEYS: errs.append(f"{where}: unknown baseline key {k}")
        if 'year' not in b: errs.append(f"{where}: baseline no year")
        if t.get('year',9999) < b.get('year',0): errs.append(f"{where}: target before baseline")
    if not isinstance(t.get('text'),str): errs.append(f"{where}: text not str")
p=yaml.safe_load(open(sys.argv[1]))
errs=[]
ids=set(); sids=set()
cnt=collections.Counter(); scnt=collections.Counter()
for ind in p['indicators']:
    w=ind.get('id')
    for k in ind:
        if k not in IND_KEYS: errs.append(f"{w}: unknown key {k}")
    for k in ('id','zh','en','module','attribute','seed'):
        if k not in ind: errs.append(f"{w}: missing {k}")
    if w in ids: errs.append(f"dup {w}")
    ids.add(w)
    if ind['module'] not in MODS: errs.append(f"{w}: module")
    if ind['attribute'] not in ('expected','binding'): errs.append(f"{w}: attribute")
    cnt[ind['module']]+=1
    if 'series' in ind:
        for k in ('unit','target','baseline','direction'):
            if k in ind: errs.append(f"{w}: inline {k} with series")
        for s in ind['series']:
            if not s['id'].startswith(w+'.'): errs.append(f"{s['id']}: prefix")
            if not re.fullmatch(r'[A-Z]+\d+\.[a-z0-9-]+', s['id']): errs.append(f"{s['id']}: suffix form")
            if s['id'] in sids: errs.append(f"dup {s['id']}")
            sids.add(s['id']); chk_series(s, s['id'], errs); scnt[ind['module']]+=1
    else:
        chk_series({k:v for k,v in ind.items() if k in SER_KEYS and k not in ('id','zh','en')}|{'id':w}, w, errs)
        sids.add(w); scnt[ind['module']]+=1
print("errors:", *errs, sep="\n  ")
print("indicators", len(ids), dict(cnt)); print("series", len(sids), dict(scnt))
json_out = sys.argv[2] if len(sys.argv)>2 else None
if json_out: open(json_out,'w').write("\n".join(sorted(sids)))
