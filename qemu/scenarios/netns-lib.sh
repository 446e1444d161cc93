# Helpers for the end-to-end scenarios, sourced after /linkauth/lib.sh.
#
#   namespace a                      namespace b
#   +-------------------+            +-------------------+
#   | va                |   veth     | vb                |
#   | 02:00:00:00:00:0a +------------+ 02:00:00:00:00:0b |
#   +-------------------+            +-------------------+
#
# Certificates come from qemu/e2e.sh in /linkauth/certs: ca1 and ca2 are
# two unrelated CAs; a and b are valid devices of ca1 for va and vb.

MAC_A=02:00:00:00:00:0a
MAC_B=02:00:00:00:00:0b
CERTS=/linkauth/certs

in_a() { ip netns exec a "$@"; }
in_b() { ip netns exec b "$@"; }

# Load the module under test with the given parameters.
load_module() {
	insmod /linkauth/modules/linkauth.ko "$@"
}

# Create namespaces a and b joined by the veth pair va-vb.
make_veth_pair() {
	ip netns add a
	ip netns add b
	ip link add va netns a address "$MAC_A" type veth \
		peer name vb netns b address "$MAC_B"
	in_a ip link set va up
	in_b ip link set vb up
	in_a ip link set lo up
	in_b ip link set lo up
}

# Trust ca1 in both namespaces and give each end its ca1 identity.
provision_pair() {
	in_a linkauthctl ca add "$CERTS/ca1/ca.crt.pem" >/dev/null
	in_b linkauthctl ca add "$CERTS/ca1/ca.crt.pem" >/dev/null
	in_a linkauthctl identity set va cert "$CERTS/a/device.crt.pem" \
		key "$CERTS/a/device.key.pem"
	in_b linkauthctl identity set vb cert "$CERTS/b/device.crt.pem" \
		key "$CERTS/b/device.key.pem"
	in_a linkauthctl link set va enable
	in_b linkauthctl link set vb enable
}

# Print field $3 of the peer with MAC $2 as shown by "linkauthctl -j
# peers" in namespace $1.
peer_field() {
	ip netns exec "$1" linkauthctl -j peers |
		tr '{}' '\n\n' | grep -i "\"mac\": *\"$2\"" |
		sed -n "s/.*\"$3\": *\"\{0,1\}\([^\",]*\).*/\1/p" | head -n 1
}

# Wait up to $4 seconds (default 30) until field $3 of peer $2 in
# namespace $1 has the value $5.
wait_peer() {
	local ns=$1 mac=$2 field=$3 limit=${4:-30} want=$5 i

	for i in $(seq "$limit"); do
		[ "$(peer_field "$ns" "$mac" "$field")" = "$want" ] && return 0
		sleep 1
	done
	echo "peer $mac in $ns: $field is \"$(peer_field "$ns" "$mac" "$field")\", expected \"$want\""
	return 1
}

# Run check $1: the rest of the arguments are a command that must succeed.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "$out"
		pass "$name"
	else
		fail "$name" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}

# Run check $1: the command must fail and print text matching $2.
check_error() {
	local name=$1 pattern=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		fail "$name" "command succeeded: $*"
	elif echo "$out" | grep -qiE "$pattern"; then
		echo "$out"
		pass "$name"
	else
		fail "$name" "expected /$pattern/, got: $(echo "$out" | tr '\n' ' ')"
	fi
}

# Run check $1: the command must succeed and print text matching $2.
check_output() {
	local name=$1 pattern=$2 out
	shift 2
	if ! out=$("$@" 2>&1); then
		fail "$name" "command failed: $(echo "$out" | tr '\n' ' ')"
	elif echo "$out" | grep -qE "$pattern"; then
		echo "$out"
		pass "$name"
	else
		fail "$name" "expected /$pattern/, got: $(echo "$out" | tr '\n' ' ')"
	fi
}
