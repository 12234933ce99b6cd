# ippbed.sh: IPP test printers (ippeveprinter) on loopback, sourced after
# common.sh by the IPP tests.
#
# ippeveprinter will not start without DNS-SD: an avahi-daemon on a system
# D-Bus.  Both use fixed paths (/run/dbus, /run/avahi-daemon), so the test
# first re-runs itself in a private mount namespace (ipp_ns) with its own
# empty /run/dbus and /run/avahi-daemon; avahi is limited to loopback with
# no wide-area, so no multicast leaves the namespace.
#
#   ipp_ns "$0" "$@"          first thing in the test (needs root)
#   ipp_bed_start             bus + avahi; stopped at exit
#   ipp_printer PORT ATTRS NAME   an ippeveprinter on PORT with the
#                             attribute file ATTRS (ipp and ipps)
#   ipp_bad PORT [SILENT]     tests/lib/badipp.py on 127.0.0.1:PORT (and
#                             a port that accepts and says nothing)
#   ipp_mdns_wait N           "assess --json --mdns" into $T/a.json (stderr
#                             $T/a.err, its status in $rc) until it reads
#                             N devices (announcements take a moment: 10 s
#                             at most)
#   ipp_run ARGS...           "run ARGS" (home $T/home) in the background,
#                             its PID in $rpid, stderr in $T/run.log, with
#                             FLEETAUDIT_TIME_SCALE=600 (supplies every
#                             30 min are 3 s) and a discovery every 7 days
#   ipp_supplies SERIAL       how many of run's supplies scans read the
#                             device SERIAL without error
#   ipp_supplies_wait S1 S2   until each of S1 and S2 has two (30 s at most)

# ipp_ns SCRIPT ARGS...: re-exec in a mount namespace of our own.
ipp_ns() {
	[ -n "${FA_IPP_NS:-}" ] && return 0
	if [ "$(id -u)" != 0 ] || ! command -v ippeveprinter >/dev/null ||
	    ! command -v avahi-daemon >/dev/null; then
		echo "ok - # SKIP needs root, ippeveprinter and avahi-daemon"
		exit 0
	fi
	FA_IPP_NS=1 exec unshare -m --propagation private sh "$@"
}

ipp_bed_start() {
	mkdir -p /run/dbus /run/avahi-daemon || return 1
	mount -t tmpfs fa-dbus /run/dbus || return 1
	mount -t tmpfs fa-avahi /run/avahi-daemon || return 1
	cat >"$T/avahi.conf" <<-X
	[server]
	allow-interfaces=lo
	use-ipv6=no
	[wide-area]
	enable-wide-area=no
	[publish]
	publish-workstation=no
	publish-hinfo=no
	X
	dbus-daemon --system --fork --print-pid >"$T/dbus.pid" || return 1
	at_exit 'kill "$(cat "$T/dbus.pid")" 2>/dev/null'
	avahi-daemon --no-drop-root --no-chroot -f "$T/avahi.conf" -D ||
	    return 1
	at_exit 'avahi-daemon -k 2>/dev/null'
	_k=0
	while ! avahi-daemon -c 2>/dev/null && [ $_k -lt 100 ]; do
		sleep 0.05
		_k=$((_k + 1))
	done
}

# ipp_wait PORT: until something accepts on 127.0.0.1:PORT (10 s at most).
ipp_wait() {
	_k=0
	while [ $_k -lt 200 ]; do
		$PY -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$1" 2>/dev/null && return 0
		sleep 0.05
		_k=$((_k + 1))
	done
	return 1
}

ipp_printer() {
	mkdir -p "$T/keys.$1" "$T/spool.$1"
	ippeveprinter -p "$1" -n localhost -a "$2" -K "$T/keys.$1" \
	    -d "$T/spool.$1" "$3" </dev/null >"$T/ipp.$1.log" 2>&1 &
	echo $! >"$T/ipp.$1.pid"
	at_exit "kill $! 2>/dev/null"
	ipp_wait "$1" || { sed 's/^/# /' "$T/ipp.$1.log"; return 1; }
}

ipp_bad() {
	$PY "$top/tests/lib/badipp.py" --port "$1" --pidfile "$T/bad.$1.pid" \
	    ${2:+--silent "$2"} --lifetime 120 </dev/null >"$T/bad.$1.log" 2>&1 &
	at_exit "kill $! 2>/dev/null"
	ipp_wait "$1" || { sed 's/^/# /' "$T/bad.$1.log"; return 1; }
}

ipp_run() {
	env -i PATH=/usr/bin:/bin HOME="$T" FLEETAUDIT_HOME="$T/home" \
	    FLEETAUDIT_TIME_SCALE=600 "$FA" run "$@" \
	    -i discovery=7d -i supplies=30m -i meters=14d -i errors=7d \
	    -i attributes=14d >/dev/null 2>"$T/run.log" &
	rpid=$!
}

ipp_supplies() {
	_s=$(sqlite3 "$T/home/store.db" "select count(*) from scans c join
	    assessments a on a.id = c.assessment_id join devices d on
	    d.id = c.device_id where a.ranges = 'run:supplies' and
	    d.serial = '$1' and c.error is null" 2>/dev/null)
	echo "${_s:-0}"
}

ipp_supplies_wait() {
	_k=0
	while { [ "$(ipp_supplies "$1")" -lt 2 ] ||
	    [ "$(ipp_supplies "$2")" -lt 2 ]; } && [ $_k -lt 300 ]; do
		sleep 0.1
		_k=$((_k + 1))
	done
}

ipp_mdns_wait() {
	_k=0
	while [ $_k -lt 20 ]; do
		fa assess -q --json --mdns >"$T/a.json" 2>"$T/a.err"
		rc=$?
		[ "$(json_get "$T/a.json" 'len(j["devices"])' 2>/dev/null)" = \
		    "$1" ] && break
		sleep 0.5
		_k=$((_k + 1))
	done
}
