# bed.sh: SNMP test beds on loopback with snmpsim (Debian's snmpsimd 0.4.5).
# POSIX sh library; source it:  . tests/lib/bed.sh
#
#   bed_start DIR ADDRMAP      the devices of ADDRMAP, one per address
#   bed_start_dir DIR DATADIR ADDR:PORT
#                              every recording of DATADIR on one endpoint
#                              (127.x.y.z:PORT or [::1]:PORT), selected by
#                              community = file name
#   bed_stop DIR               stop exactly the processes started, remove DIR
#   bed_check_snmprec FILE...  every line OID|TAG|VALUE, OIDs strictly
#                              increasing (snmpsim answers GETNEXT wrongly
#                              from an unsorted file)
#
# DIR comes from the caller's `mktemp -d`; bed_start makes it readable for
# the user snmpsimd drops to (nobody).  Use it like this:
#
#   tmp=$(mktemp -d)
#   trap 'bed_stop "$tmp"' EXIT
#   trap 'exit 130' INT TERM      # so that the EXIT trap runs on ^C as well
#   bed_start "$tmp" samples/fleet/fleet.conf || exit 1
#
# ADDRMAP lines: ADDRESS FILE MODE ('#' comments, blank lines allowed).
#   ADDRESS  127.x.y.z or 127.x.y.z:PORT (port 161 when not given; ports
#            below 1024 need root)
#   FILE     .snmprec, relative to the map's directory or absolute
#   MODE     v2c  community "public" (v1 too), no SNMPv3
#            v3   SNMPv3 only: user BED_V3_USER, BED_V3_AUTH, BED_V3_PRIV;
#                 context BED_V3_CONTEXT (= file name without .snmprec)
#                 or the empty context; v1/v2c requests go unanswered
#
# How it is laid out (DIR):
#   data/public/1.3.6.1.6.1.1.K.snmprec   K-th v2c endpoint (from 0): one
#        snmpsimd --v2c-arch serves many addresses, the transport ID picks
#        the file.  More than BED_PER_PROC (60) v2c devices are spread over
#        up to 4 processes (data.1, data.2 ... with --transport-id-offset).
#   v3data/NAME.snmprec                   v3 devices, one snmpsimd in its
#        default (v3) mode with --v3-only, one SNMP engine (own engine ID)
#        per device; v3data/1.3.6.1.6.1.1.K.snmprec makes the empty context
#        answer too, as a real agent does.
#   cache/ (owned by nobody), pids, *.log
#
# Knobs (environment): BED_WAIT seconds to wait for every device (15),
# BED_PER_PROC v2c devices per process (60), BED_MAX_VARBINDS (below).
# Beds that run at the same time need addresses of their own: bed_start
# refuses an endpoint that something listens on already.
#
# Measured on the project machine (2 cores): the 12-device sample fleet
# (11 v2c + 1 v3) starts and answers in about 1.5 s.
#
# snmpsim behaviour worth knowing (0.4.5):
#  - an unknown community, or SNMPv3 sent to a --v2c-arch endpoint, gets no
#    answer at all (a timeout), like a real agent;
#  - SNMPv3 with an unknown user or an unknown context name also gets no
#    answer (a real agent sends a usmStatsUnknownUserNames or
#    snmpUnknownContexts report); a wrong key gets the wrongDigests report;
#  - snmpsimd binds with SO_REUSEADDR: a second one on the same address
#    starts without error and takes the traffic;
#  - the community "index" is always answered (snmpsim's own list of files),
#    even by the v3-only process;
#  - in --v2c-arch mode snmpsimd caps GETBULK at M = min(max-repetitions,
#    max-varbinds / R) for R repeaters, in floating point; when that float
#    is picked and is not whole, M never reaches 0 and the process spins
#    for ever (100% CPU, growing memory, every device of that process
#    silent).  With the stock cap of 64, max-repetitions 25 over 3 columns
#    hangs it.  So the v2c processes run with --max-varbinds=720720 (a
#    multiple of 1..16: whole for up to 16 repeaters, never reached in
#    practice); BED_MAX_VARBINDS=64 brings the stock behaviour back.  The
#    default (v3) mode and bed_start_dir use pysnmp's own responder, which
#    caps at 64 varbinds correctly.

BED_V3_USER=fleetaudit
BED_V3_AUTH=SHA:fleetaudit-auth
BED_V3_PRIV=AES:fleetaudit-priv
BED_V3_CONTEXT=
BED_PER_PROC=${BED_PER_PROC:-60}
BED_WAIT=${BED_WAIT:-15}
BED_MAX_VARBINDS=${BED_MAX_VARBINDS:-720720}
export BED_V3_USER BED_V3_AUTH BED_V3_PRIV BED_V3_CONTEXT

_bed_err() {
	echo "bed: $*" >&2
}

# The options that let snmpsimd run here: as root it must drop to nobody.
_bed_common_opts() {
	_bed_opts="--cache-dir=$1/cache --logging-method=null --force-index-rebuild"
	if [ "$(id -u)" = 0 ]; then
		_bed_opts="$_bed_opts --process-user=nobody --process-group=nogroup"
	fi
}

_bed_prepare() {
	if [ -z "$1" ] || [ ! -d "$1" ]; then
		_bed_err "no directory '$1' (create it with mktemp -d)"
		return 1
	fi
	if ! command -v snmpsimd >/dev/null 2>&1 ||
	    ! command -v snmpget >/dev/null 2>&1; then
		_bed_err "snmpsimd or snmpget missing (apt-get install snmpsim snmp)"
		return 1
	fi
	chmod 755 "$1" && mkdir -p "$1/cache" && : >"$1/pids" || return 1
	if [ "$(id -u)" = 0 ]; then
		chown nobody:nogroup "$1/cache" || return 1
	fi
}

# _bed_spawn DIR LOGNAME ARGS...: start snmpsimd in the background, record
# its PID (the snmpsimd process itself: the shell execs it).
_bed_spawn() {
	_bd=$1 _bl=$2
	shift 2
	snmpsimd "$@" </dev/null >"$_bd/$_bl.log" 2>&1 &
	echo $! >>"$_bd/pids"
}

_bed_alive() {
	[ -r "/proc/$1/stat" ] || return 1
	case $(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null) in
	Z*|X*|'') return 1 ;;
	esac
	return 0
}

# One process died: say why.
_bed_check_pids() {
	while read -r _bp; do
		if ! _bed_alive "$_bp"; then
			_bed_err "snmpsimd (pid $_bp) exited during start-up:"
			tail -n 5 "$1"/*.log >&2 2>/dev/null
			return 1
		fi
	done <"$1/pids"
}

# _bed_busy ADDR:PORT: something listens there (or on the port's wildcard)
# already.  snmpsimd binds with SO_REUSEADDR, so a second bed on the same
# addresses binds without error, and the first one answers its probes.
_bed_busy() {
	# IPv6 endpoints (udp6:[::1]:PORT) are not checked.
	case $1 in udp6:*) return 1 ;; esac
	_bb_hex=$(echo "${1%:*}" | awk -F. '{ printf "%02X%02X%02X%02X",
	    $4, $3, $2, $1 }'):$(printf '%04X' "${1##*:}")
	_bb_any=00000000:${_bb_hex#*:}
	cat /proc/net/udp /proc/net/udp6 2>/dev/null | awk -v a="$_bb_hex" \
	    -v w="$_bb_any" -v w6="00000000000000000000000000000000:${_bb_hex#*:}" \
	    '$2 == a || $2 == w || $2 == w6 { found = 1 } END { exit !found }'
}

_bed_check_free() {
	while read -r _bf_a _bf_rest; do
		if _bed_busy "$_bf_a"; then
			_bed_err "$_bf_a is in use already (another bed, snmpd?)"
			return 1
		fi
	done <"$1/probe"
}

# _bed_probe ADDR MODE CONTEXT: one GET of sysObjectID, no retry.
_bed_probe() {
	if [ "$2" = v3 ]; then
		snmpget -v3 -l authPriv -u "$BED_V3_USER" \
		    -a "${BED_V3_AUTH%%:*}" -A "${BED_V3_AUTH#*:}" \
		    -x "${BED_V3_PRIV%%:*}" -X "${BED_V3_PRIV#*:}" \
		    -n "$3" -t 1 -r 0 -Oqv "$1" 1.3.6.1.2.1.1.2.0 >/dev/null 2>&1
	else
		snmpget -v2c -c "$3" -t 1 -r 0 -Oqv "$1" 1.3.6.1.2.1.1.2.0 \
		    >/dev/null 2>&1
	fi
}

# _bed_wait DIR: until every "ADDR MODE CONTEXT" line of DIR/probe answers.
_bed_wait() {
	_bw_end=$(( $(date +%s) + BED_WAIT ))
	cp "$1/probe" "$1/probe.todo"
	while [ -s "$1/probe.todo" ]; do
		: >"$1/probe.next"
		while read -r _wa _wm _wc; do
			_bed_probe "$_wa" "$_wm" "$_wc" ||
			    echo "$_wa $_wm $_wc" >>"$1/probe.next"
		done <"$1/probe.todo"
		mv "$1/probe.next" "$1/probe.todo"
		[ -s "$1/probe.todo" ] || break
		_bed_check_pids "$1" || return 1
		if [ "$(date +%s)" -ge "$_bw_end" ]; then
			_bed_err "not answering after ${BED_WAIT}s:" \
			    "$(cut -d' ' -f1 "$1/probe.todo" | tr '\n' ' ')"
			tail -n 5 "$1"/*.log >&2 2>/dev/null
			return 1
		fi
		sleep 0.2
	done
	rm -f "$1/probe.todo"
	_bed_check_pids "$1"
}

bed_check_snmprec() {
	_bc_rc=0
	for _bc_f in "$@"; do
		awk -F'|' -v f="$_bc_f" '
		function cmp(a, b,    x, y, n, m, i) {
			n = split(a, x, "."); m = split(b, y, ".")
			for (i = 1; i <= n && i <= m; i++)
				if (x[i] + 0 != y[i] + 0)
					return x[i] + 0 < y[i] + 0 ? -1 : 1
			return n < m ? -1 : (n > m ? 1 : 0)
		}
		{
			if (NF < 3 || $1 !~ /^[0-9]+(\.[0-9]+)+$/ ||
			    $2 !~ /^(2|4|5|6|64|65|66|67|68|70)x?(:[a-z]+)?$/) {
				printf "%s:%d: not OID|TAG|VALUE: %s\n", f, NR, $0
				bad = 1; next
			}
			if (prev != "" && cmp(prev, $1) >= 0) {
				printf "%s:%d: %s not after %s\n", f, NR, $1, prev
				bad = 1
			}
			prev = $1
		}
		END {
			if (NR == 0) { printf "%s: empty\n", f; bad = 1 }
			exit bad
		}' "$_bc_f" >&2 || _bc_rc=1
	done
	return $_bc_rc
}

bed_start() {
	_b_dir=$1 _b_map=$2
	BED_V3_CONTEXT=
	if [ ! -r "$_b_map" ]; then
		_bed_err "cannot read address map '$_b_map'"
		return 1
	fi
	_bed_prepare "$_b_dir" || return 1
	_b_mapdir=$(cd "$(dirname "$_b_map")" && pwd) || return 1
	_bed_common_opts "$_b_dir"
	: >"$_b_dir/probe"
	: >"$_b_dir/v2c.list"
	: >"$_b_dir/v3.list"
	: >"$_b_dir/v2c.proc"

	# Check and sort the map into v2c and v3 lists of "ADDR:PORT FILE".
	_b_line=0
	while read -r _b_addr _b_file _b_mode _b_rest; do
		_b_line=$((_b_line + 1))
		case $_b_addr in ''|'#'*) continue ;; esac
		case $_b_addr in
		127.*:*) ;;
		127.*) _b_addr=$_b_addr:161 ;;
		*)	_bed_err "$_b_map:$_b_line: $_b_addr: only 127.0.0.0/8"
			return 1 ;;
		esac
		case $_b_file in
		/*) ;;
		*) _b_file=$_b_mapdir/$_b_file ;;
		esac
		if [ ! -r "$_b_file" ]; then
			_bed_err "$_b_map:$_b_line: cannot read $_b_file"
			return 1
		fi
		bed_check_snmprec "$_b_file" || return 1
		case $_b_mode in
		v2c) echo "$_b_addr $_b_file" >>"$_b_dir/v2c.list" ;;
		v3)  echo "$_b_addr $_b_file" >>"$_b_dir/v3.list" ;;
		*)   _bed_err "$_b_map:$_b_line: mode '$_b_mode' (v2c or v3)"
		     return 1 ;;
		esac
	done <"$_b_map"

	awk '{ print $1, "v2c", "public" }' "$_b_dir/v2c.list" >"$_b_dir/probe"
	while read -r _b_addr _b_file; do
		echo "$_b_addr v3 $(basename "$_b_file" .snmprec)" >>"$_b_dir/probe"
	done <"$_b_dir/v3.list"
	if [ ! -s "$_b_dir/probe" ]; then
		_bed_err "no devices in '$_b_map'"
		return 1
	fi
	_b_dup=$(cut -d' ' -f1 "$_b_dir/probe" | sort | uniq -d | head -n 1)
	if [ -n "$_b_dup" ]; then
		_bed_err "$_b_map: $_b_dup given twice"
		return 1
	fi
	_bed_check_free "$_b_dir" || return 1

	# v2c: one --v2c-arch process per BED_PER_PROC devices, at most 4.
	_b_n=$(wc -l <"$_b_dir/v2c.list")
	if [ "$_b_n" -gt 0 ]; then
		_b_procs=$(( (_b_n + BED_PER_PROC - 1) / BED_PER_PROC ))
		[ "$_b_procs" -le 4 ] || _b_procs=4
		_b_per=$(( (_b_n + _b_procs - 1) / _b_procs ))
		_b_k=0
		while read -r _b_addr _b_file; do
			_b_p=$((_b_k / _b_per))
			_b_data=$_b_dir/data
			[ "$_b_p" -eq 0 ] || _b_data=$_b_dir/data.$_b_p
			mkdir -p "$_b_data/public"
			cp "$_b_file" "$_b_data/public/1.3.6.1.6.1.1.$_b_k.snmprec" ||
			    return 1
			echo "$_b_p $_b_k $_b_addr" >>"$_b_dir/v2c.proc"
			_b_k=$((_b_k + 1))
		done <"$_b_dir/v2c.list"
		_b_p=0
		while [ "$_b_p" -lt "$_b_procs" ]; do
			_b_data=$_b_dir/data
			[ "$_b_p" -eq 0 ] || _b_data=$_b_dir/data.$_b_p
			_b_eps=$(awk -v p="$_b_p" '$1 == p {
			    printf " --agent-udpv4-endpoint=%s", $3 }' \
			    "$_b_dir/v2c.proc")
			_b_off=$(awk -v p="$_b_p" '$1 == p { print $2; exit }' \
			    "$_b_dir/v2c.proc")
			chmod -R a+rX "$_b_dir"
			# shellcheck disable=SC2086 # word splitting wanted
			_bed_spawn "$_b_dir" "v2c.$_b_p" --v2c-arch $_bed_opts \
			    --max-varbinds="$BED_MAX_VARBINDS" \
			    --transport-id-offset="$_b_off" \
			    --data-dir="$_b_data" $_b_eps
			_b_p=$((_b_p + 1))
		done
	fi

	# v3: one process, one engine (own engine ID) per device.
	if [ -s "$_b_dir/v3.list" ]; then
		mkdir -p "$_b_dir/v3data"
		_b_k=0
		_b_args=
		while read -r _b_addr _b_file; do
			_b_name=$(basename "$_b_file" .snmprec)
			cp "$_b_file" "$_b_dir/v3data/$_b_name.snmprec" || return 1
			cp "$_b_file" "$_b_dir/v3data/1.3.6.1.6.1.1.$_b_k.snmprec" ||
			    return 1
			[ -n "$BED_V3_CONTEXT" ] || BED_V3_CONTEXT=$_b_name
			# engine ID: net-snmp's enterprise, text format, per address
			_b_eid=80001f8804$(printf 'fa-%s' "${_b_addr%:*}" |
			    od -An -tx1 | tr -d ' \n')
			_b_args="$_b_args --v3-engine-id=$_b_eid"
			_b_args="$_b_args --v3-user=$BED_V3_USER"
			_b_args="$_b_args --v3-auth-key=${BED_V3_AUTH#*:}"
			_b_args="$_b_args --v3-auth-proto=${BED_V3_AUTH%%:*}"
			_b_args="$_b_args --v3-priv-key=${BED_V3_PRIV#*:}"
			_b_args="$_b_args --v3-priv-proto=${BED_V3_PRIV%%:*}"
			_b_args="$_b_args --data-dir=$_b_dir/v3data"
			_b_args="$_b_args --agent-udpv4-endpoint=$_b_addr"
			_b_k=$((_b_k + 1))
		done <"$_b_dir/v3.list"
		chmod -R a+rX "$_b_dir"
		# shellcheck disable=SC2086
		_bed_spawn "$_b_dir" v3 --v3-only $_bed_opts $_b_args
	fi
	export BED_V3_CONTEXT
	_bed_wait "$_b_dir"
}

bed_start_dir() {
	_b_dir=$1 _b_src=$2 _b_ep=$3
	case $_b_ep in
	127.*:*) _b_opt=--agent-udpv4-endpoint _b_probe=$_b_ep ;;
	"[::1]:"*) _b_opt=--agent-udpv6-endpoint _b_probe=udp6:$_b_ep ;;
	*) _bed_err "endpoint '$_b_ep': want 127.x.y.z:PORT or [::1]:PORT"
	   return 1 ;;
	esac
	_bed_prepare "$_b_dir" || return 1
	_bed_common_opts "$_b_dir"
	# A copy: the source may not be readable by nobody, or may be read-only.
	mkdir -p "$_b_dir/data" && cp -R "$_b_src/." "$_b_dir/data/" || return 1
	chmod -R a+rX "$_b_dir"
	_b_first=
	for _b_f in "$_b_dir"/data/*.snmprec; do
		[ -f "$_b_f" ] && _b_first=$(basename "$_b_f") && break
	done
	if [ -z "$_b_first" ]; then
		_bed_err "no .snmprec files in '$_b_src'"
		return 1
	fi
	echo "$_b_probe v2c ${_b_first%.snmprec}" >"$_b_dir/probe"
	_bed_check_free "$_b_dir" || return 1
	# shellcheck disable=SC2086
	_bed_spawn "$_b_dir" dir $_bed_opts --data-dir="$_b_dir/data" \
	    "$_b_opt=$_b_ep"
	_bed_wait "$_b_dir"
}

bed_stop() {
	_bs_dir=$1
	[ -n "$_bs_dir" ] && [ -d "$_bs_dir" ] || return 0
	if [ -f "$_bs_dir/pids" ]; then
		_bs_pids=
		while read -r _bs_p; do
			case $_bs_p in ''|*[!0-9]*) continue ;; esac
			# only our snmpsimd: a recorded PID may have been reused
			_bed_alive "$_bs_p" || continue
			tr '\0' ' ' <"/proc/$_bs_p/cmdline" 2>/dev/null |
			    grep -q snmpsimd || continue
			kill "$_bs_p" 2>/dev/null && _bs_pids="$_bs_pids $_bs_p"
		done <"$_bs_dir/pids"
		_bs_n=0
		for _bs_p in $_bs_pids; do
			while _bed_alive "$_bs_p" && [ "$_bs_n" -lt 50 ]; do
				sleep 0.1
				_bs_n=$((_bs_n + 1))
			done
			_bed_alive "$_bs_p" && kill -9 "$_bs_p" 2>/dev/null
			wait "$_bs_p" 2>/dev/null
		done
	fi
	rm -rf "$_bs_dir"
	return 0
}
