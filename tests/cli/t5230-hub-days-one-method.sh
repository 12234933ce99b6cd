#!/bin/sh
# t5230-hub-days-one-method: one days-to-empty method everywhere.  The
# desk fixture's "curve" store (tests/tools/desk_fixture.c): CURV6's cyan
# toner falls unevenly over 24 days, some levels read on several days
# (first to last: a straight line through 40 and 9 would say otherwise);
# imported for account fixture, then:
#
#  - the account page's cartridge list, the device page's supplies and
#    "hub report --csv" (supplies.csv, days_to_empty) give the same days
#    to empty for the cyan cartridge (the report's Theil-Sen line over
#    the first read of each level, export/report.c), and none for the
#    black one (flat);
#  - the account page's alerts show the model, the location and since
#    when (the alert's first read, three days ago);
#  - the device page marks a value older than its scan interval as stale
#    with its age: the same device read ten days earlier (last read ten
#    days ago, account old): its last seen, location, firmware, supply
#    states and alerts say "(stale, 10 d old)"; the fresh one says none.
#
# On either hub store (tests/lib/hubstore.sh; t5231-hub-days-one-method-pg:
# PostgreSQL).  The hub serves on 127.77.23.10:17630.
. "$(dirname "$0")/../lib/common.sh"
. "$top/tests/lib/hubstore.sh"
. "$top/tests/lib/hubcli.sh"
hub_store_start
HUBADDR=127.77.23.10
PORT=17630
HUB=$T/hub
mkdir -p "$T/tls"
cd "$T" || exit 1

# shellcheck disable=SC2046  # --store URL: two words
hub hub init "$HUB" $(hub_init_opts hub) -q >/dev/null
desk_site "$T/s1" fixture "" curve
check "the curve fixture imported" test $? -eq 0
desk_site "$T/s2" old "" curve 10
check "the same, ten days earlier, imported for account old" test $? -eq 0

hrun hub report --account fixture --csv "$T/csv"
check "hub report --csv" test "$rc" -eq 0

web_hub

cat >"$T/web.py" <<'PYEOF'
import csv, re, sys, time
import webclient
from webclient import check, login, get_text as get
url, ca, supcsv, part, account = sys.argv[1:6]
webclient.setup(url, ca)
def text(h):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h)).strip()

op, st = login("boss", "dealer-admin-pw-1")
st, _, acc = get(op, "/accounts/" + account)
m = re.search(r'<a href="/devices/(\d+)">127.77.21.6</a>', acc)
dev = m.group(1) if m else "0"
st, _, devp = get(op, "/devices/" + dev)

if part == "days":
    rep = {}
    for r in csv.DictReader(open(supcsv)):
        d = r["days_to_empty"]
        rep[r["part_number"]] = (None if d == "" else
                                 int(float(d) + 0.5))
    sup = acc.split('id="supplies"', 1)[-1].split("</table>", 1)[0]
    arow = [text(r) for r in re.findall(r"<tr>(.*?)</tr>", sup, re.S)
            if "Cyan Cartridge HP 415A" in r]
    drows = {}
    for r in re.findall(r"<tr>(.*?)</tr>", devp, re.S):
        c = re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        if len(c) == 6:
            drows[text(c[4])] = text(c[5])
    cyan = rep.get("W2031A")
    want = "%d days" % cyan if cyan is not None else "?"
    check(cyan is not None and cyan > 0,
          "report: the cyan toner has days to empty", str(rep))
    check(len(arow) == 1 and arow[0].endswith(" " + want),
          "account page: the cyan toner's days are the report's (%s)" % want,
          str(arow))
    check(drows.get("W2031A") == want,
          "device page: the cyan toner's days are the report's (%s)" % want,
          str(drows))
    check(rep.get("W2030A", 0) is None and drows.get("W2030A") == "",
          "a flat toner: no days on the report nor on the device page",
          "%s %s" % (rep, drows))
    al = acc.split('id="alerts"', 1)[-1].split("</table>", 1)[0]
    arows = [text(r) for r in re.findall(r"<tr>(.*?)</tr>", al, re.S)
             if "Paper jam in tray 3" in r]
    since = time.strftime("%Y-%m-%d",
                          time.gmtime(time.time() - 3 * 86400))
    check(len(arows) == 1 and "Color LaserJet M479" in arows[0] and
          "Print room, floor 3" in arows[0] and since in arows[0],
          "account page: the alert's model, location and since (%s)" % since,
          str(arows))
    check("(stale," not in text(devp),
          "device page: values read within their interval are not stale")
else:
    def cell(label):
        m = re.search(r"<dt>%s</dt><dd>(.*?)</dd>" % label, devp, re.S)
        return text(m.group(1)) if m else ""
    mark = "(stale, 10 d old)"
    check(all(cell(k).endswith(mark) for k in
              ("Location", "Firmware", "Last seen")),
          "device page: location, firmware and last seen stale, 10 d old",
          str([cell(k) for k in ("Location", "Firmware", "Last seen")]))
    sup = devp.split('id="supplies"', 1)[-1].split("</table>", 1)[0]
    rows = [text(r) for r in re.findall(r"<tr>(.*?)</tr>", sup, re.S)
            if "415A" in r]
    check(len(rows) == 2 and all(mark in r for r in rows),
          "device page: each supply's state stale, 10 d old", str(rows))
    al = devp.split('id="alerts"', 1)[-1]
    check(("As read " + mark) in text(al[:400]),
          "device page: the alerts as read 10 days ago", text(al[:300]))
PYEOF
# web PART ACCOUNT N: web.py's N checks of PART on ACCOUNT's pages.
web() {
	env -i PATH=/usr/bin:/bin HOME="$T" PYTHONPATH="$top/tests/lib" \
	    "$PY" "$T/web.py" "https://$HUBADDR:$PORT" tls/ca.pem \
	    "$T/csv/supplies.csv" "$1" "$2" >"$T/web.out" 2>&1
	cat "$T/web.out"
	grep -q '^not ok' "$T/web.out" && _failed=1
	[ "$(grep -c '^ok' "$T/web.out")" -eq "$3" ] ||
	    not_ok "web.py ran ($1)"
}
web days fixture 6
web stale old 3

finish
