#!/usr/bin/python3
"""Compare one `fleetaudit assess --json` result with a recording's
<name>.expected.json (values asserted by the peer project's own tests).

Prints one TAP line per check ("ok - ..." / "not ok - ...") and a "#" note
wherever the peer's value differs from ours on purpose (it turns "some
remaining" into 50 %, an unknown capacity into 100, and drops unknown
levels; we keep the device's own answer as a state).
Usage: check_expected.py NAME RESULT.json EXPECTED.json
"""
import json
import re
import sys


def norm(s):
    return re.sub(r'[^0-9a-z]', '', (s or '').lower())


def tokens(s):
    return [t for t in re.split(r'[^0-9A-Za-z-]+', s or '') if t]


def model_ok(ours, expected):
    """Our model and the label agree when one contains the other, or they
    share the model-number token (a word with a digit)."""
    if not ours:
        return False
    a, b = norm(ours), norm(re.sub(r'\(.*\)', '', expected))
    if a and b and (a in b or b in a):
        return True
    num = [norm(t) for t in tokens(expected) if re.search(r'\d', t)]
    return any(n and n in a for n in num)


def print_server_model(ours, expected, sys_descr):
    """The peer labels a print server ("ZebraNet Wired PS (label printer
    print server)"): its sysDescr names the server, and ours is the model of
    the printer behind it, read from the printer's own model object (a
    model the sysDescr does not hold).  An explained difference, not a
    match."""
    return bool(ours) and 'print server' in (expected or '').lower() and \
        norm(ours) not in norm(sys_descr or '')


def vendor_ok(ours, expected):
    if not ours:
        return False
    return norm(ours) in norm(expected) or norm(expected.split(' (')[0]) \
        in norm(ours)


class Tap:
    def __init__(self, name):
        self.name = name
        self.failed = 0

    def check(self, cond, what, detail=''):
        print('%sok - %s: %s' % ('' if cond else 'not ', self.name, what))
        if not cond:
            self.failed += 1
            if detail:
                print('#   ' + detail)

    def note(self, s):
        print('# %s: %s' % (self.name, s))


def main():
    name, res_path, exp_path = sys.argv[1:4]
    t = Tap(name)
    exp = json.load(open(exp_path))
    res = json.load(open(res_path))
    devs = res.get('devices', [])
    t.check(len(devs) == 1, 'assessed as one device',
            'got %d devices' % len(devs))
    if len(devs) != 1:
        return 1
    d = devs[0]
    t.check(d.get('error') is None, 'read without error', str(d.get('error')))
    t.check(vendor_ok(d.get('vendor'), exp['vendor']), 'vendor',
            'ours %r, label %r' % (d.get('vendor'), exp['vendor']))
    t.check(model_ok(d.get('model'), exp['model']) or
            print_server_model(d.get('model'), exp['model'],
                               d.get('sys_descr')), 'model',
            'ours %r, label %r' % (d.get('model'), exp['model']))
    ident = exp.get('identity') or {}
    serial = ident.get('serial')
    if serial:
        t.check(d.get('serial') == serial, 'serial',
                'ours %r, expected %r' % (d.get('serial'), serial))
    ours = {s['index']: s for s in d.get('supplies', [])}
    for e in exp.get('supplies', []):
        s = ours.get(e['index'])
        what = 'supply %s' % e['index']
        t.check(s is not None, what + ' present')
        if s is None:
            continue
        ed = norm(e['descr'])
        t.check(norm(s['description']).startswith(ed), what + ' description',
                'ours %r, expected %r' % (s['description'], e['descr']))
        cap = e.get('capacity')
        if s['max'] is None:
            t.check(cap == 100, what + ' max',
                    'ours unknown, expected %r' % cap)
            t.note('%s: max unknown on the device; peer shows 100' % what)
        else:
            t.check(s['max'] == cap, what + ' max',
                    'ours %r, expected %r' % (s['max'], cap))
        lp = e.get('level_percent')
        if s['state'] == 'some_remaining':
            t.check(s['level'] is None and s['percent'] is None,
                    what + ' some-remaining kept as a state')
            t.note('%s: device says "some remaining"; peer shows %r %%, '
                   'we keep the state and no number' % (what, lp))
        elif s['percent'] is None:
            t.check(s['level'] is not None or s['state'] in
                    ('unknown', 'other'), what + ' level',
                    'no level and no state')
            t.note('%s: no percent (level %r, max %r); peer shows %r' %
                   (what, s['level'], s['max'], lp))
        else:
            t.check(s['percent'] == lp, what + ' level',
                    'ours %r %% (level %r of %r), expected %r' %
                    (s['percent'], s['level'], s['max'], lp))
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
