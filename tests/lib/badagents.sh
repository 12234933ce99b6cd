# badagents.sh: devices served by tests/lib/badagent.py, several at once,
# on $NET.N, port $PORT (sourced after common.sh, NET and PORT set before
# the first agent).  Sourcing it starts an empty list of agents,
# $T/agents, and stops every agent in it when the script exits.
#
#   real_rec             REC: the real recording these tests read
#                        ($SHARED/devices/ricoh-mp-c3002.snmprec); ends
#                        the script with one failed case when it is missing
#   agent N SNMPREC [OPTIONS]
#                        badagent.py serving SNMPREC on $NET.N for 300 s at
#                        most, with its OPTIONS (--drop-vbs N, ...): PID file
#                        $T/agent.N.pid, log $T/agent.N.log, drops logged
#                        in $T/drop.N; status 0 once it listens (5 s at most)
#   agent_kill N         agent N stopped (5 s at most)
#   agents_stop          every agent of $T/agents stopped (at exit too); an
#                        agent started some other way is stopped as well when
#                        its PID is added to $T/agents
real_rec() {
	REC=$SHARED/devices/ricoh-mp-c3002.snmprec
	if [ ! -f "$REC" ]; then
		not_ok "real device recordings at $SHARED/devices"
		finish
	fi
}
agent() {
	na=$1 rec=$2
	shift 2
	rm -f "$T/agent.$na.pid"
	$PY "$top/tests/lib/badagent.py" --addr "$NET.$na" --port "$PORT" \
	    --snmprec "$rec" --pidfile "$T/agent.$na.pid" --lifetime 300 \
	    --droplog "$T/drop.$na" "$@" </dev/null >"$T/agent.$na.log" 2>&1 &
	echo $! >>"$T/agents"
	_k=0
	while [ ! -s "$T/agent.$na.pid" ] && [ $_k -lt 100 ]; do
		sleep 0.05
		_k=$((_k + 1))
	done
	[ -s "$T/agent.$na.pid" ]
}
agent_kill() {
	_p=$(cat "$T/agent.$1.pid" 2>/dev/null) || return 0
	_bed_alive "$_p" && kill "$_p" 2>/dev/null
	_k=0
	while _bed_alive "$_p" && [ $_k -lt 100 ]; do
		sleep 0.05
		_k=$((_k + 1))
	done
}
agents_stop() {
	while read -r _p; do
		_bed_alive "$_p" || continue
		tr '\0' ' ' <"/proc/$_p/cmdline" 2>/dev/null |
		    grep -q badagent.py || continue
		kill "$_p" 2>/dev/null
	done <"$T/agents"
}
: >"$T/agents"
at_exit agents_stop
