#!/usr/bin/python3
"""The truth, measured: every `fleetaudit assess --json` result of the real
recordings compared field by field with the recordings' .expected.json
(values asserted by the peers' own tests: LibreNMS, bieniu/brother).

Usage: truth.py DEVICES_DIR RESULTS_DIR

DEVICES_DIR holds NAME.expected.json (and NAME.snmprec); RESULTS_DIR holds,
per NAME, NAME.json (assess --json output) and NAME.rc (assess's exit
status).  Prints TAP: one "ok - NAME: N/M fields match" line per device, a
table of match rates per field kind, every explained difference and every
mismatch (both values), and a final "ok - overall match rate X% >= T%".
Exits 0 only when the overall rate reaches THRESHOLD and every device was
read.  The rules are in docs/truth.md.
"""
import glob
import json
import os
import re
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_expected import model_ok, norm, print_server_model, \
    vendor_ok  # noqa: E402

# Overall match rate, in percent, that the test requires.
THRESHOLD = 98.0
# Trays are measured and shown, but kept out of the overall rate (the peer
# turns most tray levels into 50 %); True counts them in.
TRAYS_IN_OVERALL = False

MATCH, MISMATCH, EXPLAINED = 'match', 'mismatch', 'explained'

# Field kinds and their fields, in the order of the table.
KINDS = [
    ('identity', ['vendor', 'model', 'serial']),
    ('supply', ['description', 'level', 'max']),
    ('counter', ['value']),
    ('state', ['device', 'errors']),
    ('brother', ['counter', 'percent']),
    ('tray', ['name', 'level', 'capacity']),
]

# hrDeviceStatus values (RFC 2790) as LibreNMS stores them.
DEVICE_STATUS = {1: 'unknown', 2: 'running', 3: 'warning', 4: 'testing',
                 5: 'down'}
# hrPrinterDetectedErrorState bits (RFC 3805 3.3), bit 0 first.  LibreNMS
# stores 0 for "no bit set" and N for bit N-1 (0x80 lowPaper = 1 "Paper
# Low", 0x20 lowToner = 3 "Toner Low").
ERROR_BITS = ['lowPaper', 'noPaper', 'lowToner', 'noToner', 'doorOpen',
              'jammed', 'offline', 'serviceRequested', 'inputTrayMissing',
              'outputTrayMissing', 'markerSupplyMissing', 'outputNearFull',
              'outputFull', 'inputTrayEmpty', 'overduePreventMaint']

# Brother sensors (bieniu/brother) that are page counters: our meter name.
BROTHER_METERS = {
    'page_counter': 'total',
    'bw_counter': 'mono',
    'color_counter': 'colour',
    'duplex_unit_pages_counter': 'duplex',
    'drum_counter': 'drum',
}
COLOURS = ('black', 'cyan', 'magenta', 'yellow')
# Parts of a Brother printer that have a remaining-life percentage: sensor
# name -> (words one of which our supply's text must hold, words it must
# not hold).
BROTHER_PARTS = {
    'drum_remaining_life': (('drum', 'opc'), ('waste',)),
    'belt_unit_remaining_life': (('belt',), ('waste',)),
    'fuser_remaining_life': (('fuser',), ()),
    'laser_remaining_life': (('laser',), ()),
    'pf_kit_1_remaining_life': (('pf kit 1', 'pfkit1', 'paper feeding kit 1',
                                 'paper feed kit 1'), ()),
    'pf_kit_mp_remaining_life': (('pf kit mp', 'pfkitmp',
                                  'paper feeding kit mp',
                                  'paper feed kit mp'), ()),
}


class Field:
    def __init__(self, dev, kind, field, what, status, ours, peer, why):
        self.dev, self.kind, self.field, self.what = dev, kind, field, what
        self.status, self.ours, self.peer, self.why = status, ours, peer, why


class Device:
    """The fields of one device, as they are compared."""

    def __init__(self, name):
        self.name = name
        self.fields = []
        self.not_compared = []
        self.read_error = None

    def add(self, kind, field, what, status, ours=None, peer=None, why=''):
        self.fields.append(Field(self.name, kind, field, what, status, ours,
                                 peer, why))

    def eq(self, kind, field, what, ours, peer, missing='not read'):
        """Match when ours == peer; a missing value of ours is "not read"."""
        if ours is None:
            self.add(kind, field, what, MISMATCH, ours, peer, missing)
        elif ours == peer:
            self.add(kind, field, what, MATCH, ours, peer)
        else:
            self.add(kind, field, what, MISMATCH, ours, peer, 'differs')


def counted(f):
    return TRAYS_IN_OVERALL or f.kind != 'tray'


def oid_of(s):
    return (s or '').lstrip('.')


# --- identity ---------------------------------------------------------

def cmp_identity(dv, d, exp):
    ok = vendor_ok(d.get('vendor'), exp['vendor'])
    dv.add('identity', 'vendor', 'vendor', MATCH if ok else MISMATCH,
           d.get('vendor'), exp['vendor'],
           '' if ok else ('differs' if d.get('vendor') else 'not read'))
    ok = model_ok(d.get('model'), exp['model'])
    if not ok and print_server_model(d.get('model'), exp['model'],
                                     d.get('sys_descr')):
        dv.add('identity', 'model', 'model', EXPLAINED, d.get('model'),
               exp['model'], 'the peer names the print server (its '
               'sysDescr); ours is the printer behind it, from the '
               "printer's own model object")
    else:
        dv.add('identity', 'model', 'model', MATCH if ok else MISMATCH,
               d.get('model'), exp['model'],
               '' if ok else ('differs' if d.get('model') else
                              'not read'))
    serial = (exp.get('identity') or {}).get('serial')
    if serial:
        dv.eq('identity', 'serial', 'serial', d.get('serial'), serial)


# --- supplies ---------------------------------------------------------

def cmp_supplies(dv, d, exp):
    ours = {s['index']: s for s in d.get('supplies') or []}
    for e in exp.get('supplies') or []:
        what = 'supply %s (%s)' % (e['index'], e['descr'])
        s = ours.get(e['index'])
        if s is None:
            for f in ('description', 'level', 'max'):
                dv.add('supply', f, what + ' ' + f, MISMATCH, None,
                       e['descr'] if f == 'description' else
                       e.get('level_percent' if f == 'level' else 'capacity'),
                       'not read: no supply with this index')
            continue
        ed = norm(e['descr'])
        desc = s.get('description')
        dv.add('supply', 'description', what + ' description',
               MATCH if desc is not None and norm(desc).startswith(ed)
               else MISMATCH, desc, e['descr'],
               'not read' if desc is None else 'differs')
        cmp_max(dv, 'supply', what, s, e.get('capacity'))
        cmp_level(dv, 'supply', what, s, e.get('level_percent'))
    ours_only(dv, 'supply', d.get('supplies'), exp.get('supplies'),
              'description')


def ours_only(dv, kind, ours, peer, label):
    """Rows we read that the peer's list lacks (only when it has a list):
    the peer drops a row whose level is -2 (explained); any other is shown
    as not compared."""
    if not peer:
        return
    have = {e['index'] for e in peer}
    for s in ours or []:
        if s['index'] in have:
            continue
        what = '%s %s (%s)' % (kind, s['index'], s.get(label))
        if s.get('state') in ('unknown', 'other'):
            dv.add(kind, 'level', what + ' level', EXPLAINED, s['state'],
                   None, 'device says %s (%s); the peer omits the %s' %
                   ('-2' if s['state'] == 'unknown' else '-1', s['state'],
                    kind))
        else:
            dv.not_compared.append('%s (ours only, state %s)' %
                                   (what, s.get('state')))


def cmp_max(dv, kind, what, s, cap):
    if s.get('max') is None:
        if cap == 100:
            dv.add(kind, 'max', what + ' max', EXPLAINED, None, cap,
                   'capacity unknown on the device; the peer shows 100')
        else:
            dv.add(kind, 'max', what + ' max', MISMATCH, None, cap,
                   'not read')
    else:
        dv.eq(kind, 'max', what + ' max', s['max'], cap)


def cmp_level(dv, kind, what, s, lp, field='level'):
    """Our percent against the peer's level_percent, the peer's on-purpose
    differences explained."""
    w = what + ' ' + field
    state = s.get('state')
    if state == 'some_remaining':
        if lp == 50:
            dv.add(kind, field, w, EXPLAINED, 'some_remaining', lp,
                   'device says -3 (some remaining); the peer shows 50 %')
        else:
            dv.add(kind, field, w, MISMATCH, 'some_remaining', lp,
                   'differs: -3 (some remaining), peer neither 50 nor '
                   'omitted')
        return
    if state in ('unknown', 'other'):
        if lp in (None, 0):
            dv.add(kind, field, w, EXPLAINED, state, lp,
                   'device says %s (%s); the peer %s' %
                   ('-2' if state == 'unknown' else '-1', state,
                    'omits the level' if lp is None else 'shows 0 %'))
        else:
            dv.add(kind, field, w, MISMATCH, state, lp,
                   'differs: %s level, peer shows a number' % state)
        return
    pct = s.get('percent')
    if pct is None and s.get('level') is not None and s.get('max') is None:
        # No capacity: we give the level and no percent; the peer divides
        # the level by its assumed capacity of 100.
        if lp == s['level']:
            dv.add(kind, field, w, EXPLAINED, 'level %d, max unknown' %
                   s['level'], lp, 'capacity unknown on the device; the peer '
                   'shows the raw level as a percentage of 100')
        else:
            dv.add(kind, field, w, MISMATCH, 'level %d, max unknown' %
                   s['level'], lp, 'differs')
        return
    if pct is None:
        dv.add(kind, field, w, MISMATCH, 'state %s' % state, lp,
               'not read: no percent')
        return
    dv.eq(kind, field, w, pct, lp)


# --- trays ------------------------------------------------------------

def cmp_trays(dv, d, exp):
    ours = {t['index']: t for t in d.get('trays') or []}
    for e in exp.get('trays') or []:
        what = 'tray %s (%s)' % (e['index'], e['descr'])
        t = ours.get(e['index'])
        if t is None:
            for f in ('name', 'level', 'capacity'):
                dv.add('tray', f, what + ' ' + f, MISMATCH, None,
                       e['descr'] if f == 'name' else
                       e.get('level_percent' if f == 'level' else 'capacity'),
                       'not read: no tray with this index')
            continue
        nm = t.get('name')
        dv.add('tray', 'name', what + ' name',
               MATCH if nm is not None and norm(nm).startswith(norm(
                   e['descr'])) else MISMATCH, nm, e['descr'],
               'not read' if nm is None else 'differs')
        dv.eq('tray', 'capacity', what + ' capacity', t.get('capacity'),
              e.get('capacity'))
        tt = dict(t)
        tt['max'] = t.get('capacity')
        cmp_level(dv, 'tray', what, tt, e.get('level_percent'))
    ours_only(dv, 'tray', d.get('trays'), exp.get('trays'), 'name')


# --- counters and states ----------------------------------------------

def cmp_counters(dv, d, exp):
    by_oid = {}
    for m in d.get('meters') or []:
        by_oid.setdefault(oid_of(m.get('source_oid')), m)
    for c in exp.get('counters') or []:
        oid = oid_of(c['oid'])
        what = 'counter %s (%s)' % (c['descr'], oid)
        m = by_oid.get(oid)
        if m is None:
            dv.add('counter', 'value', what, MISMATCH, None, c['value'],
                   'not read: no meter with this source_oid')
        else:
            dv.eq('counter', 'value', what + ' as meter ' + m['name'],
                  m.get('value'), c['value'])


def cmp_states(dv, d, exp):
    st = d.get('status') or {}
    for s in exp.get('states') or []:
        typ, val = s.get('type'), s.get('value')
        if typ == 'hrDeviceStatus':
            dv.eq('state', 'device', 'hrDeviceStatus (status.device)',
                  st.get('device'), DEVICE_STATUS.get(val, 'value %r' % val))
        elif typ == 'hrPrinterDetectedErrorState':
            errs = st.get('errors')
            w = 'hrPrinterDetectedErrorState (status.errors)'
            if val == 0:
                peer = '0 (no errors)'
                good = errs == []
            elif isinstance(val, int) and 1 <= val <= len(ERROR_BITS):
                peer = '%d (%s: %s)' % (val, s.get('meaning'),
                                        ERROR_BITS[val - 1])
                good = errs is not None and ERROR_BITS[val - 1] in errs
            else:
                peer, good = '%r (%s)' % (val, s.get('meaning')), False
            dv.add('state', 'errors', w, MATCH if good else MISMATCH, errs,
                   peer, '' if good else
                   ('not read' if errs is None else 'differs'))
        else:
            dv.not_compared.append('state %s' % typ)


# --- Brother sensors --------------------------------------------------

def supply_text(s):
    return ' '.join(x for x in (s.get('description'), s.get('colorant'),
                                s.get('type')) if x).lower()


def has_any(text, words):
    t = re.sub(r'[^0-9a-z]+', ' ', text)
    return any(w in t or w.replace(' ', '') in t.replace(' ', '')
               for w in words)


def find_supply(supplies, colour, words, unless=()):
    """Our supply whose description (or colorant, or type) names COLOUR (if
    given) and one of WORDS, and none of UNLESS.  A mono device's supply
    that names no colour stands for black."""
    cands = [s for s in supplies if has_any(supply_text(s), words) and
             not has_any(supply_text(s), unless)]
    if colour:
        named = [s for s in cands if colour in supply_text(s)]
        if named:
            return named[0]
        if colour == 'black':
            plain = [s for s in cands if not any(
                c in supply_text(s) for c in COLOURS)]
            if plain:
                return plain[0]
        return None
    if len(cands) > 1:
        black = [s for s in cands if 'black' in supply_text(s)]
        if black:
            return black[0]
    return cands[0] if cands else None


def brother_part(key):
    """(colour, words, unless) for a percentage sensor, or None."""
    m = re.match(r'(%s)_(toner|ink)(_remaining)?$' % '|'.join(COLOURS), key)
    if m:
        return m.group(1), (m.group(2),), ('waste', 'drum')
    m = re.match(r'(%s)_drum_remaining_life$' % '|'.join(COLOURS), key)
    if m:
        return m.group(1), ('drum', 'opc'), ('waste',)
    if key in BROTHER_PARTS:
        return (None,) + BROTHER_PARTS[key]
    return None


def cmp_brother(dv, d, exp):
    bs = exp.get('brother_sensors')
    if not bs:
        return
    meters = {m['name']: m for m in d.get('meters') or []}
    supplies = d.get('supplies') or []
    for key in sorted(bs):
        val = bs[key]
        if key in BROTHER_METERS:
            name = BROTHER_METERS[key]
            m = meters.get(name)
            what = 'brother %s -> meter %s' % (key, name)
            if m is None:
                dv.add('brother', 'counter', what, MISMATCH, None, val,
                       'not read: no meter %s' % name)
            elif m.get('value') == val:
                dv.add('brother', 'counter', what, MATCH, m['value'], val)
            else:
                dv.add('brother', 'counter', what, MISMATCH,
                       '%s (from %s)' % (m.get('value'), m.get('source_oid')),
                       val, 'differs')
            continue
        part = brother_part(key)
        if part is None:
            dv.not_compared.append('brother %s' % key)
            continue
        m = re.match(r'(\w+)_(toner|ink)$', key)
        if m and (key + '_remaining') in bs:
            # The front-panel gauge (coarse steps) of a cartridge whose
            # remaining-life percentage the peer gives too: one supply,
            # compared once, with the finer figure.
            dv.not_compared.append('brother %s (gauge; %s_remaining '
                                   'compared)' % (key, key))
            continue
        colour, words, unless = part
        s = find_supply(supplies, colour, words, unless)
        what = 'brother %s -> supply %%' % key
        if s is None:
            dv.add('brother', 'percent', what, MISMATCH, None, val,
                   'not read: no supply matches')
            continue
        what = 'brother %s -> supply %s (%s) %%' % (key, s['index'],
                                                    s.get('description'))
        if s.get('percent') is None:
            dv.add('brother', 'percent', what, MISMATCH,
                   'state %s' % s.get('state'), val, 'not read: no percent')
        else:
            dv.eq('brother', 'percent', what, s['percent'], val)


# --- one device, all devices ------------------------------------------

def compare(name, exp, res_dir):
    dv = Device(name)
    res_path = os.path.join(res_dir, name + '.json')
    rc_path = os.path.join(res_dir, name + '.rc')
    d = None
    try:
        rc = int(open(rc_path).read().strip())
    except (OSError, ValueError):
        rc = None
    try:
        devs = json.load(open(res_path)).get('devices') or []
        if len(devs) == 1:
            d = devs[0]
        else:
            dv.read_error = 'assessed as %d devices' % len(devs)
    except (OSError, ValueError) as e:
        dv.read_error = 'no result: %s' % e
    if rc != 0 and dv.read_error is None:
        dv.read_error = 'assess exit status %r' % rc
    if d is None:
        d = {}
    cmp_identity(dv, d, exp)
    cmp_supplies(dv, d, exp)
    cmp_trays(dv, d, exp)
    cmp_counters(dv, d, exp)
    cmp_states(dv, d, exp)
    cmp_brother(dv, d, exp)
    if dv.read_error:
        for f in dv.fields:
            if f.status == MISMATCH:
                f.why = dv.read_error
    return dv


def tally(fields):
    n = len(fields)
    m = sum(f.status == MATCH for f in fields)
    e = sum(f.status == EXPLAINED for f in fields)
    return m, e, n - m - e, n


def rate(m, e, n):
    return 100.0 * m / (n - e) if n - e else None


def pct(r):
    return '   -  ' if r is None else '%5.1f%%' % r


def show(v):
    if v is None:
        return 'none'
    return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) \
        else repr(v)


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    dev_dir, res_dir = sys.argv[1:3]
    devices = []
    for p in sorted(glob.glob(os.path.join(dev_dir, '*.expected.json'))):
        name = os.path.basename(p)[:-len('.expected.json')]
        devices.append(compare(name, json.load(open(p)), res_dir))
    if not devices:
        print('not ok - no .expected.json in %s' % dev_dir)
        return 1

    failed = 0
    for dv in devices:
        m, e, _, n = tally([f for f in dv.fields if counted(f)])
        tm, te, _, tn = tally([f for f in dv.fields if f.kind == 'tray'])
        extra = []
        if e:
            extra.append('%d explained' % e)
        if tn and not TRAYS_IN_OVERALL:
            extra.append('trays %d/%d' % (tm, tn - te))
        line = '%s: %d/%d fields match%s' % (
            dv.name, m, n - e, ' (%s)' % ', '.join(extra) if extra else '')
        if dv.read_error:
            print('not ok - %s; %s' % (line, dv.read_error))
            failed = 1
        else:
            print('ok - ' + line)

    allf = [f for dv in devices for f in dv.fields]
    cf = [f for f in allf if counted(f)]
    om, oe, ox, on = tally(cf)
    overall = rate(om, oe, on)
    kinds = []
    for kind, _ in KINDS:
        km, ke, _, kn = tally([f for f in allf if f.kind == kind])
        if kn:
            kinds.append('%s %s%s' % (
                kind, pct(rate(km, ke, kn)).strip(),
                ' (apart)' if kind == 'tray' and not TRAYS_IN_OVERALL
                else ''))
    # The summary first: tests/run.sh shows the first "#" lines of a
    # failed test.
    print('# overall %s (%d/%d fields, %d explained; threshold %g%%): %s' %
          (pct(overall).strip(), om, on - oe, oe, THRESHOLD, ', '.join(kinds)))
    print('#')
    print('# Match rate per field kind (rate = matched / (fields - '
          'explained))')
    print('# %-22s %6s %7s %9s %10s %7s' % ('kind.field', 'fields',
                                           'matched', 'explained',
                                           'mismatched', 'rate'))
    for kind, names in KINDS:
        kf = [f for f in allf if f.kind == kind]
        if not kf:
            continue
        for fld in names:
            ff = [f for f in kf if f.field == fld]
            if not ff:
                continue
            m, e, x, n = tally(ff)
            print('#   %-20s %6d %7d %9d %10d %7s' % (
                kind + '.' + fld, n, m, e, x, pct(rate(m, e, n))))
        m, e, x, n = tally(kf)
        note = '' if TRAYS_IN_OVERALL or kind != 'tray' else \
            '  (not in the overall rate)'
        print('# %-22s %6d %7d %9d %10d %7s%s' % (kind, n, m, e, x,
                                                 pct(rate(m, e, n)), note))
    print('# %-22s %6d %7d %9d %10d %7s' % ('OVERALL', on, om, oe, ox,
                                           pct(overall)))

    expl = [f for f in allf if f.status == EXPLAINED]
    print('#')
    print('# Explained differences (the peer differs on purpose; left out '
          'of the rates): %d, %d of them in the overall rate' %
          (len(expl), sum(counted(f) for f in expl)))
    for why in sorted({f.why for f in expl}):
        ff = [f for f in expl if f.why == why]
        print('#   %s: %d' % (why, len(ff)))
        for f in ff:
            print('#     %s: %s: ours %s, peer %s' % (f.dev, f.what,
                                                      show(f.ours),
                                                      show(f.peer)))

    mis = [f for f in allf if f.status == MISMATCH]
    print('#')
    print('# Mismatches: %d (%d in the overall rate)' % (
        len(mis), sum(counted(f) for f in mis)))
    for kind, _ in KINDS:
        kf = [f for f in mis if f.kind == kind]
        if not kf:
            continue
        print('#   %s: %d' % (kind, len(kf)))
        for f in kf:
            print('#     %s: %s: ours %s, peer %s [%s]' % (
                f.dev, f.what, show(f.ours), show(f.peer), f.why))

    nc = [(dv.name, x) for dv in devices for x in dv.not_compared]
    if nc:
        print('#')
        print('# Peer values not compared (no counterpart in these rules): '
              '%d' % len(nc))
        for dv in devices:
            if dv.not_compared:
                print('#   %s: %s' % (dv.name, ', '.join(dv.not_compared)))

    print('#')
    if overall is not None and overall >= THRESHOLD:
        print('ok - overall match rate %.1f%% >= %g%% (%d/%d fields, %d '
              'explained)' % (overall, THRESHOLD, om, on - oe, oe))
    else:
        print('not ok - overall match rate %s < %g%% (%d/%d fields, %d '
              'explained)' % ('%.1f%%' % overall if overall is not None
                              else 'n/a', THRESHOLD, om, on - oe, oe))
        failed = 1
    return failed


if __name__ == '__main__':
    sys.exit(main())
