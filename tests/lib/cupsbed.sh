# cupsbed.sh: a CUPS scheduler of the test's own (cupsd from Debian's
# cups-daemon), sourced after common.sh (and ippbed.sh) by the tests of
# assess --local.
#
# Everything it writes is under $T/cups: its config, state, cache, spool,
# logs and printcap; it listens on a socket there and on 127.0.0.1:PORT
# only.  cupsd runs as root (it must, to start) in the foreground and
# would run backends as User nobody; no job is ever printed.  ServerBin
# is a directory of its own with the ipp backend and a "usb" backend that
# finds no printer, so a usb:// queue can be made without the full cups
# package (lpadmin refuses a scheme with no backend).
#
#   cups_start PORT        cupsd on $T/cups/sock and 127.0.0.1:PORT (and
#                          $CUPS_LISTEN_EXTRA, e.g. [::1]:PORT, when set);
#                          stopped at exit; sets $CUPS_SOCK
#   cups_queue NAME URI [lpadmin args]   a raw queue
#   cups_need              a test without cupsd or lpadmin ends as skipped
#                          (after ipp_ns, which re-runs the test)
cups_start() {
	_c=$T/cups
	mkdir -p "$_c/root" "$_c/state" "$_c/cache" "$_c/spool" "$_c/tmp" \
	    "$_c/log" "$_c/bin/backend" "$_c/bin/daemon" || return 1
	ln -s /usr/lib/cups/backend/ipp "$_c/bin/backend/ipp"
	ln -s /usr/lib/cups/daemon/cups-exec "$_c/bin/daemon/cups-exec"
	printf '#!/bin/sh\nexit 0\n' >"$_c/bin/backend/usb"
	chmod 755 "$_c/bin/backend/usb"
	cat >"$_c/cups-files.conf" <<-X
	ServerRoot $_c/root
	StateDir $_c/state
	CacheDir $_c/cache
	RequestRoot $_c/spool
	TempDir $_c/tmp
	ServerBin $_c/bin
	DataDir /usr/share/cups
	AccessLog $_c/log/access_log
	ErrorLog $_c/log/error_log
	PageLog $_c/log/page_log
	Printcap $_c/printcap
	SystemGroup root
	User nobody
	Group nogroup
	Sandboxing relaxed
	X
	cat >"$_c/cupsd.conf" <<-X
	Listen $_c/sock
	Listen 127.0.0.1:$1
	${CUPS_LISTEN_EXTRA:+Listen $CUPS_LISTEN_EXTRA}
	LogLevel info
	Browsing No
	WebInterface No
	<Location />
	Order allow,deny
	Allow all
	</Location>
	<Policy default>
	<Limit All>
	Order deny,allow
	</Limit>
	</Policy>
	X
	cupsd -f -c "$_c/cupsd.conf" -s "$_c/cups-files.conf" \
	    </dev/null >"$_c/log/cupsd.out" 2>&1 &
	echo $! >"$_c/pid"
	at_exit "kill $! 2>/dev/null"
	CUPS_SOCK=$_c/sock
	_k=0
	while [ ! -S "$CUPS_SOCK" ] && [ $_k -lt 200 ]; do
		sleep 0.05
		_k=$((_k + 1))
	done
	[ -S "$CUPS_SOCK" ] || { sed 's/^/# /' "$_c/log/error_log" \
	    "$_c/log/cupsd.out" 2>/dev/null; return 1; }
}

cups_queue() {
	_q=$1
	_u=$2
	shift 2
	lpadmin -h "$CUPS_SOCK" -p "$_q" -E -v "$_u" -m raw "$@" \
	    >"$T/cups/log/lpadmin.$_q" 2>&1 ||
	    { sed 's/^/# /' "$T/cups/log/lpadmin.$_q"; return 1; }
}

cups_need() {
	if ! command -v cupsd >/dev/null || ! command -v lpadmin >/dev/null
	then
		echo "ok - # SKIP needs cupsd and lpadmin (cups-daemon, cups-client)"
		exit 0
	fi
}
