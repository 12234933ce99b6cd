"""report_dl.py URL CAFILE OUT: the web view's report downloads of
account fixture, logged in as the dealer admin boss (made by web_hub in
hubcli.sh, or by the test itself): writes OUT.report.html and
OUT.report.xlsx and prints each answer's HTTP status on a line of its
own."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webclient as w  # noqa: E402

url, ca, out = sys.argv[1:4]
w.setup(url, ca)
op, _ = w.login("boss", "dealer-admin-pw-1")
for part in ("report.html", "report.xlsx"):
    st, _, body = w.get(op, "/accounts/fixture/" + part)
    with open(out + "." + part, "wb") as f:
        f.write(body)
    print(st)
