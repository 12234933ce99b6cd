#!/usr/bin/python3
"""check_fleet.py PREFIX EXPECTED RESULT.json: one TAP line per device and
field of the sample fleet (tests/data/fleet.expected)."""
import json
import sys

prefix, exp_path, res_path = sys.argv[1:4]
res = json.load(open(res_path))
by_addr = {d['address']: d for d in res['devices']}
failed = 0


def check(cond, name, detail=''):
    global failed
    print('%sok - %s' % ('' if cond else 'not ', name))
    if not cond:
        failed = 1
        print('#   ' + detail)


rows = [l.rstrip('\n').split('|') for l in open(exp_path)
        if l.strip() and not l.startswith('#')]
check(len(by_addr) == len(rows), 'fleet: %d printers read' % len(rows),
      'got %s' % sorted(by_addr))
for octet, vendor, model, serial, total, ns, nt, na, errs, cred in rows:
    a = '%s.%s' % (prefix, octet)
    d = by_addr.get(a)
    if d is None:
        check(False, '%s read' % a)
        continue
    meters = {m['name']: m['value'] for m in d['meters']}
    got = [d['vendor'], d['model'], d['serial'], str(meters.get('total')),
           str(len(d['supplies'])), str(len(d['trays'])),
           str(len(d['alerts'])), ','.join(d['status']['errors']),
           d['credential']]
    want = [vendor, model, serial, total, ns, nt, na, errs, cred]
    names = ['vendor', 'model', 'serial', 'total', 'supplies', 'trays',
             'alerts', 'errors', 'credential']
    for n, g, w in zip(names, got, want):
        check(g == w, '%s %s' % (a, n), 'got %r, want %r' % (g, w))
    check(d['error'] is None, '%s complete read' % a, str(d['error']))
sys.exit(failed)
