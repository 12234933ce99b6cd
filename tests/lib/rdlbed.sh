# rdlbed.sh: the set-up of the Remote Device Link tests (docs/rdl.md);
# sourced after common.sh, hubstore.sh and hubcli.sh.
#
#   rdl_init PREFIX ADDR PORT
#                   first: $P=PREFIX (a /24: the device is $P.1, "another
#                   host" $P.9), the hub $HUB ($T/hub) on $HUBADDR=ADDR,
#                   $PORT=PORT, its SOAP URL $URL, the users' password
#                   $PW; then in $T
#   rdl_tls         tls/: a test CA and the hub's certificate for
#                   $HUBADDR and *.rdl.test; $PIN, the base64 SHA-256 of
#                   its public key: one check
#   rdl_ews         the device $P.1 (snmpsim, hp-lj-m404, stopped at exit)
#                   and the embedded web servers (tests/lib/ews.py) on
#                   port 80 of $P.1 and $P.9 ($EWS1, $EWS9, logs
#                   $T/ews1.log and $T/ews9.log)
#   rdl_ews_wait    waits (5 s at most) for $P.1's web server, then
#                   empties its log
#   rdl_enrol       the hub and the collector enrolled for account acme
#                   (hub_enrol, common.sh), the collector's conf (hub-url
#                   $URL), the device read, users anna (dealer admin),
#                   tech and nobody (users of acme): three checks
rdl_init() {
	P=$1
	HUBADDR=$2
	PORT=$3
	HUB=$T/hub
	URL=https://$HUBADDR:$PORT/WebServices/Onsite2Service.asmx
	PW=rdl-test-password-1
	cd "$T" || exit 1
}
rdl_tls() {
	mkdir -p tls
	tls_ca ca "fleetaudit test CA" &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout tls/hub.key -out tls/hub.csr -subj "/CN=$HUBADDR" \
	    2>/dev/null &&
	printf 'subjectAltName=IP:%s,DNS:*.rdl.test\n' "$HUBADDR" >tls/ext &&
	openssl x509 -req -in tls/hub.csr -CA tls/ca.pem -CAkey tls/ca.key \
	    -CAcreateserial -out tls/hub.pem -days 2 -extfile tls/ext \
	    2>/dev/null
	chmod 600 tls/hub.key
	check "test CA and a hub certificate for *.rdl.test" test -s tls/hub.pem
	PIN=$(openssl x509 -in tls/hub.pem -pubkey -noout |
	    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary |
	    openssl base64)
}
rdl_ews() {
	printf '%s.1 %s/samples/fleet/hp-lj-m404.snmprec v2c\n' "$P" "$top" \
	    >fleet.map
	at_exit 'bed_stop "$T/bed"'
	mkdir bed
	bed_start "$T/bed" "$T/fleet.map" >bed.out 2>&1 ||
	    { not_ok "bed starts"; sed 's/^/# /' bed.out; finish; }
	for _a in 1 9; do
		"$PY" "$top/tests/lib/ews.py" --addr "$P.$_a" --port 80 \
		    --log "$T/ews$_a.log" >"$T/ews$_a.out" 2>&1 &
		eval "EWS$_a=\$!"
		: >"$T/ews$_a.log"
	done
	at_exit 'kill $EWS1 $EWS9 2>/dev/null'
}
rdl_ews_wait() {
	_n=0
	until curl -s -o /dev/null "http://$P.1/" || [ $_n -ge 50 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	: >"$T/ews1.log"
}
rdl_enrol() {
	hub_enrol
	printf 'community = public\nhub-url = %s\ncacert = %s/tls/ca.pem\n' \
	    "$URL" "$T" >home/fleetaudit.conf
	chmod 600 home/fleetaudit.conf
	fa assess -q "$P.1" >assess.out 2>&1
	check "the device is read" grep -q "$P.1" assess.out
	for _u in anna:admin tech:user nobody:user; do
		# shellcheck disable=SC2046  # --account acme: two words or none
		printf '%s\n' "$PW" | hub hub user add "${_u%%:*}" \
		    --role "${_u#*:}" \
		    $( [ "${_u#*:}" = user ] && echo --account acme) \
		    >/dev/null 2>&1
	done
	hub hub user list >users.out 2>&1
	check "users: a dealer admin, a technician, one without the right" \
	    test "$(grep -c 'anna\|tech\|nobody' users.out)" -eq 3
}
