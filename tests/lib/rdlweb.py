"""rdlweb.py: what the Remote Device Link scripts (rdl_check.py,
rdl_stream.py, rdl_bench.py) share: the technician's browser as Python
requests, every name under the session domain the hub's address.

    import rdlweb                            # beside the script
    rdlweb.map_domain(domain, addr)          # NAME.DOMAIN resolves to ADDR
    s = rdlweb.session(ca)                   # trusts CA only, no proxy
    r, tok = rdlweb.csrf_of(s, url)          # the page and its csrf ("")
    s, r = rdlweb.login(hub, ca, name, pw)   # r: the login form's answer
    r = rdlweb.open_post(s, hub, device, tok[, headers])
                                             # POST /rdl/open (no redirect)
"""
import re
import socket

import requests

_gai = socket.getaddrinfo
_map = {}


def _resolve(host, *rest, **kw):
    for domain, addr in _map.items():
        if isinstance(host, str) and host.endswith("." + domain):
            host = addr
    return _gai(host, *rest, **kw)


def map_domain(domain, addr):
    _map[domain] = addr
    socket.getaddrinfo = _resolve


def session(ca):
    s = requests.Session()
    s.trust_env = False
    s.verify = ca
    return s


def csrf_of(s, url):
    r = s.get(url)
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text)
    return r, m.group(1) if m else ""


def login(hub, ca, name, password):
    s = session(ca)
    _, tok = csrf_of(s, hub + "/login")
    r = s.post(hub + "/login", data={"csrf": tok, "name": name,
               "password": password}, allow_redirects=False,
               headers={"Origin": hub})
    return s, r


def open_post(s, hub, device, tok, headers=None):
    return s.post(hub + "/rdl/open", data={"device": device, "csrf": tok},
                  allow_redirects=False, headers=headers)
