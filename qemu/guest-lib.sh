# Helpers for scenario scripts, available in the guest as /linkauth/lib.sh.
# A scenario sources it and reports each check with pass or fail. The
# lines go to the result port, which qemu/run.sh copies to its stdout.

# Report check $1 as passed.
pass() {
	echo "PASS $1" >"$LINKAUTH_RESULTS"
	echo "PASS $1"
}

# Report check $1 as failed for reason $2.
fail() {
	echo "FAIL $1: $2" >"$LINKAUTH_RESULTS"
	echo "FAIL $1: $2"
}

# Ping address $1 once a second until it replies or $2 (default 60)
# attempts have failed. Two guests use this to wait for each other,
# because the second one may still be booting. Extra arguments go to
# ping, such as "-I eth0". For a namespace, run it under "ip netns exec".
wait_for_ping() {
	local address=$1 attempts=${2:-60} i
	shift 2 || shift $#

	for i in $(seq "$attempts"); do
		ping -c 1 -W 1 "$@" "$address" >/dev/null 2>&1 && return 0
		sleep 1
	done
	echo "no reply from $address after $attempts attempts"
	return 1
}

# Wait until the other guest of a two-guest run reaches barrier $2 (a
# number from 1 to 254) on interface $1, for at most $3 (default 120)
# ping attempts of 1 to 2 seconds each. Each guest adds 169.254.$2.$LINKAUTH_GUEST/24 and pings the
# other's address. A guest that passes its last barrier and powers off
# at once could leave the other one still pinging, so this waits 3 more
# seconds, longer than one ping interval.
barrier() {
	local dev=$1 step=$2 peer=$((3 - LINKAUTH_GUEST))

	ip link set "$dev" up
	ip addr add "169.254.$step.$LINKAUTH_GUEST/24" dev "$dev"
	wait_for_ping "169.254.$step.$peer" "${3:-120}" -I "$dev" || return 1
	sleep 3
}
