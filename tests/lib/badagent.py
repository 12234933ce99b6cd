#!/usr/bin/python3
"""badagent.py: a misbehaving SNMP agent for tests (v1/v2c, loopback only).

    /usr/bin/python3 tests/lib/badagent.py --addr 127.78.0.2 --port 16161 \
        --mode MODE [--name NAME] [--pidfile FILE] [--lifetime 120]

Serves a small printer for community "public": the system group, ifTable,
hrDeviceTable (hrDeviceType printer), hrPrinterTable and Printer-MIB rows
(general, input, marker, 4 supplies with colorants, console, 1 alert).
MODE picks one misbehaviour:

  normal     a healthy agent
  malformed  system-group GETs answered; every other request gets a burst of
             broken datagrams: truncated, bad lengths, random bytes, an empty
             datagram, overlong integers, OIDs and counters, odd PDU types
  wrongtype  numbers as OCTET STRINGs ("81"), OID values as INTEGERs,
             sysObjectID as an OCTET STRING
  huge       a 60 KB sysDescr (multi-byte UTF-8), a 60 KB supply description,
             a Latin-1 sysLocation, 2,500 supply rows
  loop       GETNEXT/GETBULK go backwards in the supplies table and repeat
             the asked OID in the alert table
  stall      answers GETs of the system group, nothing else ever
  endless    prtMarkerSuppliesTable never ends (ever-increasing rows)
  wrongid    every answer carries a wrong request-id (0, far off)
  stray      every answer carries the request-id of a neighbouring request
             (id +-1, +-2, +3), 0.1 s late, as an answer meant for another
             device would be
  slow       every answer 0.5 s late (--delay; any mode takes --delay)
  toobig     GETBULK answered with error-status tooBig, GET normally

--loss F drops that fraction of requests (any mode; --seed for the
draws), as a lossy network would; with --delay, a slow and lossy one.

--drop-vbs N drops, unanswered, every request that asks for more than N
varbinds (a GETBULK asks non-repeaters + repeaters x max-repetitions);
--drop-bytes N drops every request whose answer would be over N bytes (any
mode): an agent that silently drops wide requests and answers small ones.
--droplog FILE gets one line per request so dropped ("dropped VBS BYTES").

--snmprec FILE serves FILE (lines OID|TAG|VALUE) instead of the built-in
printer, in mode normal; the file is read again whenever its modification
time changes, so a test can change a device's values (or swap it for
another) while a collector watches it.

One request gets at most MAX_VBS varbinds and one datagram at most
MAX_MSG bytes.  The main loop ends at --lifetime seconds whatever happens;
SIGTERM and SIGINT end it at once.  --pidfile is written once the socket
is bound (ready) and removed on exit.  BER is encoded by hand below.
"""
import argparse
import bisect
import heapq
import os
import random
import select
import signal
import socket
import sys
import time

MAX_VBS = 2048          # varbinds in one answer
MAX_MSG = 65000         # bytes in one datagram (UDP/IPv4 max is 65507)
MAX_REPS = 256          # GETBULK max-repetitions honoured

# BER tags
INTEGER, OCTETS, NULL, OID, SEQ = 0x02, 0x04, 0x05, 0x06, 0x30
IPADDR, COUNTER32, GAUGE32, TICKS, COUNTER64 = 0x40, 0x41, 0x42, 0x43, 0x46
NOSUCHOBJ, NOSUCHINST, ENDOFMIB = 0x80, 0x81, 0x82
GET, GETNEXT, RESPONSE, GETBULK = 0xA0, 0xA1, 0xA2, 0xA5
NUMERIC = (INTEGER, COUNTER32, GAUGE32, TICKS, COUNTER64)


# --- BER encoding -----------------------------------------------------------

def enc_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + enc_len(len(body)) + body


def enc_int(tag, v):
    if tag == INTEGER:
        n = 1
        while not -(1 << (8 * n - 1)) <= v < (1 << (8 * n - 1)):
            n += 1
        return tlv(tag, v.to_bytes(n, 'big', signed=True))
    # unsigned application types: minimal, with a leading 0 if the top bit
    return tlv(tag, v.to_bytes(v.bit_length() // 8 + 1, 'big'))


def enc_subid(x):
    out = [x & 0x7f]
    x >>= 7
    while x:
        out.append(0x80 | (x & 0x7f))
        x >>= 7
    return bytes(reversed(out))


def enc_oid_body(o):
    return enc_subid(40 * o[0] + o[1]) + b''.join(enc_subid(x) for x in o[2:])


def enc_value(tag, v):
    if tag in NUMERIC:
        return enc_int(tag, v)
    if tag == OID:
        return tlv(OID, enc_oid_body(v))
    if tag in (NULL, NOSUCHOBJ, NOSUCHINST, ENDOFMIB):
        return tlv(tag, b'')
    return tlv(tag, v)          # OCTETS, IPADDR: bytes


def enc_vb(o, tag, v):
    return tlv(SEQ, tlv(OID, enc_oid_body(o)) + enc_value(tag, v))


def enc_msg(ver, comm, pdutype, reqid, errstat, errindex, vbs_bytes):
    pdu = tlv(pdutype, enc_int(INTEGER, reqid) + enc_int(INTEGER, errstat) +
              enc_int(INTEGER, errindex) + tlv(SEQ, vbs_bytes))
    return tlv(SEQ, enc_int(INTEGER, ver) + tlv(OCTETS, comm) + pdu)


# --- BER decoding (requests only; anything odd raises ValueError) -----------

def dec_tlv(b, i):
    if i + 2 > len(b):
        raise ValueError('short')
    tag, n = b[i], b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7f
        if k == 0 or k > 3 or i + k > len(b):
            raise ValueError('bad length')
        n = int.from_bytes(b[i:i + k], 'big')
        i += k
    if i + n > len(b):
        raise ValueError('overrun')
    return tag, b[i:i + n], i + n


def dec_int(body):
    if not 1 <= len(body) <= 8:
        raise ValueError('bad integer')
    return int.from_bytes(body, 'big', signed=True)


def dec_oid(body):
    arcs, x = [], 0
    for c in body:
        x = (x << 7) | (c & 0x7f)
        if not c & 0x80:
            arcs.append(x)
            x = 0
    if not arcs or len(arcs) > 128:
        raise ValueError('bad OID')
    first = arcs[0]
    a = min(first // 40, 2)
    return (a, first - 40 * a) + tuple(arcs[1:])


def dec_request(b):
    tag, msg, _ = dec_tlv(b, 0)
    if tag != SEQ:
        raise ValueError('not a message')
    _, v, i = dec_tlv(msg, 0)
    ver = dec_int(v)
    _, comm, i = dec_tlv(msg, i)
    pdutype, pdu, _ = dec_tlv(msg, i)
    _, r, i = dec_tlv(pdu, 0)
    _, e1, i = dec_tlv(pdu, i)
    _, e2, i = dec_tlv(pdu, i)
    _, vbl, _ = dec_tlv(pdu, i)
    oids, j = [], 0
    while j < len(vbl) and len(oids) < MAX_VBS:
        _, vb, j = dec_tlv(vbl, j)
        _, ob, _ = dec_tlv(vb, 0)
        oids.append(dec_oid(ob))
    return ver, comm, pdutype, dec_int(r), dec_int(e1), dec_int(e2), oids


# --- the MIB -------------------------------------------------------------

SYS = (1, 3, 6, 1, 2, 1, 1)
HRDEV = (1, 3, 6, 1, 2, 1, 25, 3, 2, 1)
HRPRT = (1, 3, 6, 1, 2, 1, 25, 3, 5, 1)
PRT = (1, 3, 6, 1, 2, 1, 43)
SUPPLIES = PRT + (11, 1, 1)
ALERTS = PRT + (18, 1, 1)
ENTERPRISE_OID = (1, 3, 6, 1, 4, 1, 641, 1, 1)    # a printer maker, no hints


def printer(name, mode, mac, nsupplies=4):
    """{oid: (tag, value)} of a healthy printer."""
    m = {}

    def put(o, tag, v):
        m[tuple(o)] = (tag, v)
    put(SYS + (1, 0), OCTETS, b'BadAgent Laser 1000 (%s)' % mode.encode())
    put(SYS + (2, 0), OID, ENTERPRISE_OID)
    put(SYS + (3, 0), TICKS, 7777777)
    put(SYS + (4, 0), OCTETS, b'ops@example.com')
    put(SYS + (5, 0), OCTETS, name.encode())
    put(SYS + (6, 0), OCTETS, b'Lab')
    put((1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 1), INTEGER, 1)
    put((1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 1), INTEGER, 6)
    put((1, 3, 6, 1, 2, 1, 2, 2, 1, 6, 1), OCTETS, mac)
    put(HRDEV + (1, 1), INTEGER, 1)
    put(HRDEV + (2, 1), OID, (1, 3, 6, 1, 2, 1, 25, 3, 1, 5))
    put(HRDEV + (3, 1), OCTETS, b'BadAgent Laser 1000')
    put(HRDEV + (5, 1), INTEGER, 2)
    put(HRPRT + (1, 1), INTEGER, 3)
    put(HRPRT + (2, 1), OCTETS, b'\x00')
    put(PRT + (5, 1, 1, 17, 1), OCTETS, b'BA-' + name.encode())
    for col, tag, v in ((2, INTEGER, 4), (9, INTEGER, 500), (10, INTEGER, 251),
                        (11, INTEGER, 0), (12, OCTETS, b'A4'),
                        (13, OCTETS, b'Tray 1')):
        put(PRT + (8, 2, 1, col, 1, 1), tag, v)
    put(PRT + (10, 2, 1, 3, 1, 1), INTEGER, 7)
    put(PRT + (10, 2, 1, 4, 1, 1), COUNTER32, 123457)
    colours = (b'black', b'cyan', b'magenta', b'yellow')
    for i in range(1, nsupplies + 1):
        c = colours[(i - 1) % 4]
        for col, tag, v in ((3, INTEGER, (i - 1) % 4 + 1), (4, INTEGER, 3),
                            (5, INTEGER, 3), (6, OCTETS, b'Toner ' + c),
                            (7, INTEGER, 19), (8, INTEGER, 1000),
                            (9, INTEGER, 1000 - 10 * (i % 97) - 3)):
            put(SUPPLIES + (col, 1, i), tag, v)
    for i, c in enumerate(colours, 1):
        put(PRT + (12, 1, 1, 4, 1, i), OCTETS, c)
    put(PRT + (16, 5, 1, 2, 1, 1), OCTETS, b'Ready')
    for col, tag, v in ((2, INTEGER, 4), (3, INTEGER, 4), (4, INTEGER, 11),
                        (5, INTEGER, 1), (6, INTEGER, 1), (7, INTEGER, 1104),
                        (8, OCTETS, b'Toner low'), (9, TICKS, 555)):
        put(ALERTS + (col, 1, 1), tag, v)
    return m


def wrongtype(m):
    """Numbers as their decimal text, OID values as INTEGERs, sysObjectID as
    an OCTET STRING."""
    out = {}
    for o, (tag, v) in m.items():
        if o == SYS + (2, 0):
            out[o] = (OCTETS, '.'.join(map(str, v)).encode())
        elif tag in NUMERIC:
            out[o] = (OCTETS, str(v).encode())
        elif tag == OID:
            out[o] = (INTEGER, v[-1])
        else:
            out[o] = (tag, v)
    return out


def huge(m):
    # 1 + 2-byte characters: no cap at a byte count can land on a boundary
    # every time, so a cap that cuts UTF-8 sequences shows.
    m[SYS + (1, 0)] = (OCTETS, ('H' + '\u00e9' * 30720).encode())
    m[SYS + (6, 0)] = (OCTETS, 'B\u00fcro 3'.encode('latin-1'))
    m[SUPPLIES + (6, 1, 1)] = (OCTETS, b'D' * 61000)
    return m


class Mib:
    def __init__(self, m):
        self.m = m
        self.keys = sorted(m)

    def get(self, o):
        return self.m.get(o, (NOSUCHINST, None))

    def next(self, o):
        """(oid, tag, value) after o, or None at the end of the MIB."""
        k = bisect.bisect_right(self.keys, o)
        if k == len(self.keys):
            return None
        return (self.keys[k],) + self.m[self.keys[k]]


class LoopMib(Mib):
    """Backwards at the supplies' level column, standing still in alerts."""
    def next(self, o):
        if o[:len(ALERTS)] == ALERTS and len(o) > len(ALERTS):
            return (o,) + self.get(o) if o in self.m else \
                (o, OCTETS, b'again')
        n = Mib.next(self, o)
        if n is not None and n[0][:len(SUPPLIES) + 1] == SUPPLIES + (9,):
            first = SUPPLIES + (3, 1, 1)
            return (first,) + self.m[first]
        return n


class EndlessMib(Mib):
    """prtMarkerSuppliesDescription.1.K for every K: the table never ends."""
    FIRST = SUPPLIES + (6, 1, 1)

    def next(self, o):
        p = SUPPLIES + (6, 1)
        if o[:len(p)] == p and len(o) > len(p):
            k = min(o[len(p)] + 1, 0xffffffff)
            return (p + (k,), OCTETS, b'Endless supply %d' % k)
        n = Mib.next(self, o)
        if o < self.FIRST and (n is None or n[0] > self.FIRST):
            return (self.FIRST, OCTETS, b'Endless supply 1')
        return n


def load_snmprec(path):
    """{oid: (tag, value)} of a .snmprec file (tags as snmpsim's)."""
    m = {}
    with open(path, 'rb') as f:
        for line in f:
            line = line.rstrip(b'\r\n')
            if not line or line.startswith(b'#'):
                continue
            o, tag, v = line.split(b'|', 2)
            o = tuple(int(x) for x in o.split(b'.'))
            hexed = tag.endswith(b'x')
            t = int(tag.rstrip(b'x'))
            if hexed:
                v = bytes.fromhex(v.decode())
            if t in NUMERIC:
                m[o] = (t, int(v))
            elif t == OID:
                m[o] = (t, tuple(int(x) for x in v.split(b'.')))
            elif t == IPADDR and not hexed:
                m[o] = (t, bytes(int(x) for x in v.split(b'.')))
            elif t == NULL:
                m[o] = (t, None)
            else:
                m[o] = (t, v)
    return m


class FileMib(Mib):
    """A .snmprec file, read again when it changes."""
    def __init__(self, path):
        self.path, self.mtime = path, None
        Mib.__init__(self, {})
        self.fresh()

    def fresh(self):
        try:
            t = os.stat(self.path).st_mtime_ns
        except OSError:
            return
        if t != self.mtime:
            self.mtime = t
            self.m = load_snmprec(self.path)
            self.keys = sorted(self.m)

    def get(self, o):
        self.fresh()
        return Mib.get(self, o)

    def next(self, o):
        self.fresh()
        return Mib.next(self, o)


def build(mode, name, addr):
    mac = bytes.fromhex('02badbad') + bytes(map(int, addr.split('.')[2:]))
    if mode == 'huge':
        return Mib(huge(printer(name, mode, mac, nsupplies=2500)))
    m = printer(name, mode, mac)
    if mode == 'wrongtype':
        return Mib(wrongtype(m))
    if mode == 'loop':
        return LoopMib(m)
    if mode == 'endless':
        return EndlessMib({o: v for o, v in m.items()
                           if o[:len(SUPPLIES)] != SUPPLIES})
    return Mib(m)


# --- answering -----------------------------------------------------------

def answer(mib, ver, pdutype, oids, nonrep, maxrep):
    """(errstat, errindex, encoded varbinds) for a request."""
    vbs, size = [], 0

    def add(o, tag, v):
        nonlocal size
        b = enc_vb(o, tag, v)
        if vbs and (size + len(b) > MAX_MSG - 200 or len(vbs) >= MAX_VBS):
            return False
        vbs.append(b)
        size += len(b)
        return True

    if pdutype == GET:
        for i, o in enumerate(oids, 1):
            tag, v = mib.get(o)
            if ver == 0 and tag == NOSUCHINST:
                return 2, i, b''.join(enc_vb(o, NULL, None) for o in oids)
            vbs.append(enc_vb(o, tag, v))
        if sum(map(len, vbs)) > MAX_MSG - 200:
            return 1, 0, b''         # tooBig
        return 0, 0, b''.join(vbs)
    if pdutype == GETNEXT or ver == 0:
        nonrep, maxrep = len(oids), 0
    nonrep = max(0, min(nonrep, len(oids)))
    maxrep = max(0, min(maxrep, MAX_REPS))
    for i, o in enumerate(oids[:nonrep], 1):
        n = mib.next(o)
        if n is None:
            if ver == 0:
                return 2, i, b''.join(enc_vb(o, NULL, None) for o in oids)
            n = (o, ENDOFMIB, None)
        add(*n)
    cur = list(oids[nonrep:])
    for _ in range(maxrep if cur else 0):
        ended = True
        for j, o in enumerate(cur):
            n = mib.next(o)
            if n is None:
                n = (o, ENDOFMIB, None)
            else:
                ended = False
            if not add(*n):
                return 0, 0, b''.join(vbs)
            cur[j] = n[0]
        if ended:
            break
    return 0, 0, b''.join(vbs)


def garbage(ver, comm, reqid, good):
    """Broken datagrams for one request: most carry the right request-id so
    that they get past the first checks."""
    rnd = random.Random(reqid)
    vb_ok = enc_vb(SYS + (5, 0), OCTETS, b'x')

    def msg(vbs, pdutype=RESPONSE, errstat=0, errindex=0):
        return enc_msg(ver, comm, pdutype, reqid, errstat, errindex, vbs)

    def raw_vb(oid_body, value):
        return tlv(SEQ, tlv(OID, oid_body) + value)
    name = enc_oid_body(SYS + (5, 0))
    out = [
        good[:len(good) // 2],                          # truncated
        good[:-1],                                      # one byte short
        b'',                                            # empty datagram
        bytes(rnd.getrandbits(8) for _ in range(80)),   # noise
        b'\x30\x84\xff\xff\xff\xf0' + good[2:],         # length 4 GB
        b'\x30\x80' + good[2:] + b'\x00\x00',           # indefinite length
        b'\x30\x8a' + b'\xff' * 10 + good[2:],          # 10-byte length
        # the right envelope, broken inside:
        msg(raw_vb(name, b'\x04\x7f' + b'x' * 4)),      # value overruns
        msg(b'\x30\x7f' + vb_ok),                       # varbind overruns
        msg(raw_vb(b'\x2b' + b'\xff' * 12 + b'\x01',    # subid > 2^64
                   tlv(NULL, b''))),
        msg(raw_vb(b'', tlv(NULL, b''))),               # empty OID
        msg(raw_vb(b'\x2b\x06' * 70, tlv(NULL, b''))),  # 141-arc OID
        msg(raw_vb(name, tlv(INTEGER, b'\x01' * 9))),   # 9-byte integer
        msg(raw_vb(name, tlv(INTEGER, b''))),           # 0-byte integer
        msg(raw_vb(name, tlv(COUNTER64, b'\x01' * 12))),  # 12-byte counter64
        msg(raw_vb(name, tlv(IPADDR, b'\x7f\x00'))),    # 2-byte IpAddress
        msg(raw_vb(name, tlv(0x47, b'\x00\x01'))),      # unknown app type
        msg(raw_vb(name, tlv(OID, b'\x80'))),           # OID value cut
        msg(enc_int(INTEGER, 5)),                       # varbind not a SEQ
        msg(vb_ok, pdutype=GET),                        # a request
        msg(vb_ok, pdutype=0xA4),                       # a v1 trap type
        msg(vb_ok, errstat=5, errindex=99),             # error index way off
        msg(vb_ok, errstat=-1, errindex=-1),            # negative status
        tlv(SEQ, enc_int(INTEGER, 3) + good[3:]),       # claims SNMPv3
        tlv(SEQ, tlv(SEQ, tlv(SEQ, b'\x30' * 30))),     # nesting, no body
    ]
    return [d[:MAX_MSG] for d in out]


# wrongid: ids no request of this run can have; stray: near misses, the
# ids of the requests sent just before and after (to other devices).
WRONG_IDS = (lambda r: 0, lambda r: r ^ 0x55555555, lambda r: r + 0x100000)
STRAY_IDS = tuple((lambda d: lambda r: r + d)(d) for d in (1, -1, 2, -2, 3))
STRAY_DELAY = 0.1       # so that the neighbours' requests are in flight


def serve(a):
    if a.snmprec:
        mib = FileMib(a.snmprec)
    else:
        mib = build(a.mode, a.name or a.mode, a.addr)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((a.addr, a.port))
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if a.pidfile:
        tmp = a.pidfile + '.tmp'
        with open(tmp, 'w') as f:
            f.write('%d\n' % os.getpid())
        os.rename(tmp, a.pidfile)
    try:
        loop(a, mib, sock)
    except Stop:
        pass
    finally:
        sock.close()
        if a.pidfile:
            try:
                os.unlink(a.pidfile)
            except OSError:
                pass
    return 0


class Stop(Exception):
    pass


def on_signal(*_):
    raise Stop()


def loop(a, mib, sock):
    rng = random.Random(a.seed)
    deadline = time.monotonic() + a.lifetime
    later = []              # (due, seq, datagram, peer): answers held back
    seq = 0
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        while later and later[0][0] <= now:
            _, _, d, peer = heapq.heappop(later)
            try:
                sock.sendto(d, peer)
            except OSError:
                pass
        wait = deadline - now
        if later:
            wait = min(wait, max(0.0, later[0][0] - now))
        r, _, _ = select.select([sock], [], [], min(wait, 1.0))
        if not r:
            continue
        try:
            data, peer = sock.recvfrom(65535)
        except OSError:
            continue
        if a.loss > 0 and rng.random() < a.loss:
            continue            # lost on the way in
        try:
            ver, comm, pdutype, reqid, e1, e2, oids = dec_request(data)
        except (ValueError, IndexError):
            continue
        if ver not in (0, 1) or comm != a.community or not oids or \
                pdutype not in (GET, GETNEXT, GETBULK):
            continue
        if pdutype == GETBULK and ver == 0:
            continue
        sysget = pdutype == GET and all(o[:len(SYS)] == SYS for o in oids)
        if a.mode == 'stall' and not sysget:
            continue
        if a.mode == 'toobig' and pdutype == GETBULK:
            errstat, errindex, vbs = 1, 0, b''
        else:
            errstat, errindex, vbs = answer(mib, ver, pdutype, oids, e1, e2)
        good = enc_msg(ver, comm, RESPONSE, reqid, errstat, errindex, vbs)
        asked = len(oids)
        if pdutype == GETBULK:
            nr = max(0, min(e1, len(oids)))
            asked = nr + (len(oids) - nr) * max(0, e2)
        if (a.drop_vbs and asked > a.drop_vbs) or \
                (a.drop_bytes and len(good) > a.drop_bytes):
            if a.droplog:
                with open(a.droplog, 'a') as f:
                    f.write('dropped %d %d\n' % (asked, len(good)))
            continue
        if a.mode == 'malformed' and not sysget:
            out = garbage(ver, comm, reqid, good)
        elif a.mode in ('wrongid', 'stray'):
            ids = WRONG_IDS if a.mode == 'wrongid' else STRAY_IDS
            out = [enc_msg(ver, comm, RESPONSE, f(reqid) & 0x7fffffff,
                           errstat, errindex, vbs) for f in ids]
        else:
            out = [good]
        if a.delay > 0:
            for d in out[:max(0, 10000 - len(later))]:
                seq += 1
                heapq.heappush(later, (time.monotonic() + a.delay, seq, d,
                                       peer))
            continue
        for d in out:
            try:
                sock.sendto(d, peer)
            except OSError:
                pass


MODES = ('normal', 'malformed', 'wrongtype', 'huge', 'loop', 'stall',
         'endless', 'wrongid', 'stray', 'slow', 'toobig')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--addr', required=True, help='127.x.y.z')
    p.add_argument('--port', type=int, default=161)
    p.add_argument('--mode', choices=MODES, default='normal')
    p.add_argument('--name', help='sysName (default: the mode)')
    p.add_argument('--community', default='public')
    p.add_argument('--pidfile')
    p.add_argument('--snmprec', help='serve this recording (mode normal)')
    p.add_argument('--loss', type=float, default=0.0,
                   help='fraction of requests dropped unanswered, 0 to 0.9')
    p.add_argument('--seed', type=int, default=1,
                   help='seed of the loss draws (reproducible runs)')
    p.add_argument('--drop-vbs', type=int, default=0,
                   help='drop requests asking for more varbinds than this')
    p.add_argument('--drop-bytes', type=int, default=0,
                   help='drop requests whose answer is over this size')
    p.add_argument('--droplog', help='append a line per dropped request')
    p.add_argument('--lifetime', type=float, default=120,
                   help='seconds before exiting anyway (max 3600)')
    p.add_argument('--delay', type=float,
                   help='seconds before each answer (any mode; default '
                   '0.5 for slow, %g for stray, else 0)' % STRAY_DELAY)
    a = p.parse_args()
    if not a.addr.startswith('127.'):
        p.error('only 127.0.0.0/8 addresses')
    a.lifetime = max(1.0, min(a.lifetime, 3600.0))
    if a.delay is None:
        a.delay = {'slow': 0.5, 'stray': STRAY_DELAY}.get(a.mode, 0.0)
    a.delay = max(0.0, min(a.delay, 30.0))
    a.loss = max(0.0, min(a.loss, 0.9))
    a.community = a.community.encode()
    return serve(a)


if __name__ == '__main__':
    sys.exit(main())
