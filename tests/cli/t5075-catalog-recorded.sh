#!/bin/sh
# t5075-catalog-recorded: the catalog entries of the real recordings'
# models (export/catalog/recorded.catalog) hold only what each device
# states in its recording.  A small reader re-derives colour, duplex, A3
# and label from the .snmprec files: every "FIELD_source = the device's
# own answer: recording NAME, OBJECT OID = VALUE" must name a recording
# whose OID has that VALUE and whose value gives the entry's field by the
# documented rules; every recording whose Printer-MIB objects give its
# colour or A3 must have an entry that says so; no entry gives a figure
# (launch year, speed, volumes, duty cycle, power).  Then one recording is
# assessed and reported: the report carries the entry's fields, its
# per-field source and "not known" for the utilisation.  A bad per-field
# key stops the report with one line.
. "$(dirname "$0")/../lib/common.sh"
EP=127.77.2.6:11161
CAT=$top/export/catalog/recorded.catalog
[ -d "$SHARED/devices" ] || { not_ok "real device recordings"; finish; }
$PY - "$CAT" "$SHARED/devices" <<'PYEOF'
import os, re, sys
cat, D = sys.argv[1], sys.argv[2]
bad = [0]
def ok(c, n):
    print(("ok - " if c else "not ok - ") + n)
    if not c: bad[0] = 1

RAW = {}
def load(name):
    r = {}
    for l in open(os.path.join(D, name + ".snmprec"), encoding="utf-8",
                  errors="replace"):
        p = l.rstrip("\n").split("|", 2)
        if len(p) < 3: continue
        oid, t, v = p[0].lstrip("."), p[1], p[2]
        if t == "4x":
            RAW[(name, oid)] = v
            try: v = bytes.fromhex(v).decode("utf-8", "replace")
            except ValueError: pass
        r[oid] = " ".join(v.split())
    return r

# a Brother counter map (code, 0x01, length, value ..., 0xff): {code: n}
def brother_counters(h):
    b, i, out = bytes.fromhex(h), 0, {}
    while i + 2 < len(b) and b[i] != 0xff:
        n = b[i + 2]
        out[b[i]] = int.from_bytes(b[i + 3:i + 3 + n], "big")
        i += 3 + n
    return out
BROTHER = "1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.10.0"

def key(o): return [int(x) for x in o.split(".")]
def column(r, pre):
    return [r[o] for o in sorted((o for o in r if o.startswith(pre + ".")), key=key)]

COLOUR = re.compile(r"\b(cyan|magenta|yellow)\b", re.I)
PRT_COLORANTS = "1.3.6.1.2.1.43.10.2.1.6"
PRT_COLORANT_VALUE = "1.3.6.1.2.1.43.12.1.1.4"
PRT_SUPPLY_DESCR = "1.3.6.1.2.1.43.11.1.1.6"

# the field a cited value gives (None: it gives none)
def derive(field, label, oid, value, whole, code=None):
    if code is not None:
        if oid != BROTHER: return None
        want = {"colour": 0x02, "duplex": 0x06}.get(field)
        return "yes" if code == want and int(value) > 0 else None
    if field == "colour":
        if oid.startswith(PRT_COLORANTS + "."):
            n = int(value)
            return "no" if n == 1 else "yes" if n >= 3 else None
        if oid.startswith(PRT_COLORANT_VALUE) or oid.startswith(PRT_SUPPLY_DESCR):
            if COLOUR.search(value): return "yes"
            if whole and re.search(r"\bblack\b", value, re.I): return "no"
        return None
    if field == "duplex":
        if re.search(r"\bduplex\b", value, re.I): return "yes"
        return None
    if field == "label":
        return "yes" if value.strip().lower() == "zpl" else None
    return None

# the entries
ents, cur = [], None
for line in open(cat, encoding="utf-8"):
    line = line.strip()
    if not line or line.startswith("#"): continue
    if line.startswith("["):
        cur = {"_name": line[1:-1]}
        ents.append(cur)
        continue
    k, v = [x.strip() for x in line.split("=", 1)]
    cur[k] = v
ok(len(ents) >= 31, "recorded.catalog has %d entries (31 models)" % len(ents))
for e in ents:
    figs = [k for k in ("launched", "end_of_life", "speed", "recommended",
                        "duty", "tec") if k in e]
    ok(not figs and "not published in a source we hold" in e.get("source", ""),
       "%s: no figure, \"not published in a source we hold\"" % e["_name"])

cited = {}		# recording -> {field: value}
OWN = "the device's own answer: recording "
for e in ents:
    for k, v in e.items():
        if not k.endswith("_source"): continue
        f = k[:-7]
        if not v.startswith(OWN):
            ok(False, "%s: %s starts '%s'" % (e["_name"], k, OWN)); continue
        rec, _, rest = v[len(OWN):].partition(", ")
        if not os.path.exists(os.path.join(D, rec + ".snmprec")):
            ok(False, "%s: %s names recording %s" % (e["_name"], k, rec)); continue
        r = load(rec)
        got = None
        for c in rest.split(" and "):
            m = re.match(r"(.*?)\s*((?:\d+\.)+\d+)(?: code 0x([0-9a-f]{2}) \(.*\))? = (.*)$", c)
            if not m:
                ok(False, "%s: %s cites OBJECT OID = VALUE: %s" % (e["_name"], k, c)); continue
            lab, oid, code, val = m.groups()
            whole = oid not in r
            have = "; ".join(column(r, oid)) if whole else r[oid]
            if code is not None:
                code = int(code, 16)
                have = str(brother_counters(RAW.get((rec, oid), "")).get(code, ""))
            same = have.startswith(val[:-3]) if val.endswith("...") else have == val
            ok(same and have != "", "%s: %s %s in %s is '%s'" % (e["_name"], lab, oid, rec, val))
            d = derive(f, lab, oid, have, whole, code)
            if d is not None: got = d
        ok(got is not None and got == e.get(f),
           "%s: %s = %s re-derived from %s (%s)" % (e["_name"], f, e.get(f), rec, got))
        cited.setdefault(rec, {})[f] = e.get(f)
        cited[rec]["_entry"] = e
    for f in ("colour", "a3", "duplex", "label"):
        if f in e and f + "_source" not in e:
            ok(False, "%s: %s has its own source" % (e["_name"], f))

# every recording whose Printer-MIB objects state colour or A3 is entered
for fn in sorted(os.listdir(D)):
    if not fn.endswith(".snmprec"): continue
    rec = fn[:-8]
    r = load(rec)
    col = None
    pc = column(r, PRT_COLORANTS)
    if pc: col = derive("colour", "", PRT_COLORANTS + ".1", pc[0], False)
    for pre in (PRT_COLORANT_VALUE, PRT_SUPPLY_DESCR):
        vals = column(r, pre)
        if col is None and vals:
            col = derive("colour", "", pre, "; ".join(vals), True)
    bc = brother_counters(RAW[(rec, BROTHER)]) if (rec, BROTHER) in RAW else {}
    if col is None and bc.get(0x02, 0) > 0: col = "yes"
    if bc.get(0x06, 0) > 0:
        ok(cited.get(rec, {}).get("duplex") == "yes", "%s: duplex yes from its Brother duplex counter, entered" % rec)
    # A3: yes when a tray declares media of A3 or larger loaded
    # (prtInputMediaDimFeedDirDeclared/XFeedDirDeclared, in
    # prtInputDimUnit) or a media path's maximum reaches it
    # (prtMediaPathMaxMediaFeedDir/XFeedDir, in prtMediaPathMediaSizeUnit);
    # no only when every media path states its maximum and none does
    def a3size(unit, fd, xd):
        if fd < 0 or xd < 0 or unit not in ("3", "4"): return None
        mm = (lambda x: x * 25.4 / 10000) if unit == "3" else (lambda x: x / 1000)
        a, b = mm(fd), mm(xd)
        return (a >= 419 and b >= 296) or (a >= 296 and b >= 419)
    a3, trays, paths, pknown = None, 0, 0, 0
    for o in sorted((o for o in r if o.startswith("1.3.6.1.2.1.43.8.2.1.4.")), key=key):
        ix = o[len("1.3.6.1.2.1.43.8.2.1.4."):]
        trays += 1
        if a3size(r.get("1.3.6.1.2.1.43.8.2.1.3." + ix), int(r[o]),
                  int(r.get("1.3.6.1.2.1.43.8.2.1.5." + ix, "-2"))):
            a3 = "yes"
    for o in sorted((o for o in r if o.startswith("1.3.6.1.2.1.43.13.4.1.5.")), key=key):
        ix = o[len("1.3.6.1.2.1.43.13.4.1.5."):]
        paths += 1
        big = a3size(r.get("1.3.6.1.2.1.43.13.4.1.3." + ix), int(r[o]),
                     int(r.get("1.3.6.1.2.1.43.13.4.1.6." + ix, "-2")))
        if big is not None: pknown += 1
        if big: a3 = "yes"
    if a3 is None and paths and pknown == paths: a3 = "no"
    have = cited.get(rec, {})
    if col is not None:
        ok(have.get("colour") == col, "%s: colour %s from its recording, entered" % (rec, col))
    ok(have.get("a3") == a3, "%s: A3 %s (from %d trays, %d media paths)" % (rec, a3 or "not stated", trays, paths))
sys.exit(bad[0])
PYEOF
[ $? -eq 0 ] || _failed=1

# the report carries a recorded entry: Sharp MX-3570N
real_devices_bed "$EP"
H=$T/h
mkdir -p "$H"
chmod 700 "$H"
fa assess -q --home "$H" --port 11161 -c sharp-mx-3570n 127.77.2.6 \
    >/dev/null 2>"$T/a.err"
fa report -q --home "$H" --csv "$T/csv" --html "$T/r.html" >/dev/null \
    2>>"$T/a.err"
$PY - "$T/csv/utilisation.csv" <<'PYEOF' || _failed=1
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], newline="")))
d = r[0] if r else {}
def ok(c, n):
    print(("ok - " if c else "not ok - ") + n)
    return c
a = ok(d.get("model") == "MX-3570N", "report: the Sharp MX-3570N assessed")
a &= ok(d.get("colour") == "1" and d.get("duplex") == "1" and d.get("a3") == "",
        "report: colour yes, duplex yes, A3 empty, from the catalog (%s/%s/%s)" % (d.get("colour"), d.get("duplex"), d.get("a3")))
a &= ok(d.get("recommended_monthly") == "" and d.get("use") == "" and d.get("launched") == "",
        "report: recommended volume, use and launch year left empty")
s = d.get("source", "")
a &= ok("not published in a source we hold" in s and
        "colour: the device's own answer: recording sharp-mx-3570n, prtMarkerProcessColorants" in s and
        "duplex: the device's own answer: recording sharp-mx-3570n" in s,
        "report: the source names each field's: %s" % s)
sys.exit(0 if a else 1)
PYEOF
check "report HTML: the model in the catalog, its utilisation 'not known'" \
    sh -c "grep -q 'MX-3570N' '$T/r.html' &&
    grep -q '<span class=\"none\">not known</span>' '$T/r.html' &&
    ! grep -q '<span class=\"none\">not in the catalog</span>' '$T/r.html'"

# a bad per-field key: one line naming file, line and key; exit 1
mkdir -p "$H/catalog"
printf '[Sharp / MX-3570N]\ncolour = yes\ncolr_source = x\nsource = y\n' \
    >"$H/catalog/bad.catalog"
expect 1 "bad.catalog line 3: unknown key 'colr_source'" \
    "a misspelt FIELD_source key stops the report" -- \
    report -q --home "$H" --csv "$T/csv2"
finish
