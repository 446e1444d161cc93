# The generic netlink API and linkauthctl: every subcommand, permission
# checks, namespace isolation, malformed requests, a dump of more than
# 1000 peers, and the events of a handshake seen by "linkauthctl monitor".
set -eu
. /linkauth/lib.sh
. /linkauth/netns-lib.sh
set -x

load_module
make_veth_pair
ip netns add c

# CA commands.
check ca.add in_a linkauthctl ca add "$CERTS/ca1/ca.crt.der"
check_output ca.list-subject "CN=ca1" in_a linkauthctl ca list
check_error ca.add-duplicate "exists" in_a linkauthctl ca add "$CERTS/ca1/ca.crt.pem"
check_error ca.add-leaf "not a CA|CA" in_a linkauthctl ca add "$CERTS/a/device.crt.pem"
check_error ca.add-missing-file "No such file|not found|cannot" \
	in_a linkauthctl ca add /nonexistent.pem
check_error ca.del-unknown "no CA" in_a linkauthctl ca del \
	0000000000000000000000000000000000000000000000000000000000000000
# An ECDSA CA works where the kernel has ECDSA; elsewhere (Debian's 6.1)
# the error names the missing algorithm.
if grep -q '^name *: ecdsa' /proc/crypto; then
	check ca.add-ecdsa in_a linkauthctl ca add "$CERTS/ca-ecdsa/ca.crt.pem"
else
	check_error ca.add-ecdsa-missing "ECDSA" \
		in_a linkauthctl ca add "$CERTS/ca-ecdsa/ca.crt.pem"
fi
check_error ca.add-expired "expired" in_a linkauthctl ca add "$CERTS/ca-expired/ca.crt.pem"
check_error ca.del-bad-id "invalid|hex|expected" in_a linkauthctl ca del xyz

# Identity commands.
check_error identity.no-device "does not exist" \
	in_a linkauthctl identity set nodev cert "$CERTS/a/device.crt.pem" \
	key "$CERTS/a/device.key.pem"
check_error identity.wrong-mac "MAC|address" \
	in_a linkauthctl identity set va cert "$CERTS/b/device.crt.pem" \
	key "$CERTS/b/device.key.pem"
check_error identity.wrong-key "does not (match|belong)" \
	in_a linkauthctl identity set va cert "$CERTS/a/device.crt.pem" \
	key "$CERTS/b/device.key.pem"
check_error identity.unknown-ca "CA" \
	in_a linkauthctl identity set va cert "$CERTS/b-ca2/device.crt.pem" \
	key "$CERTS/b-ca2/device.key.pem"
check identity.set in_a linkauthctl identity set va \
	cert "$CERTS/a/device.crt.pem" key "$CERTS/a/device.key.pem"
check_output identity.show "CN=a" in_a linkauthctl identity show va

# Link commands.
check link.set in_a linkauthctl link set va enable suites gcm-aes-128,gcm-aes-256 \
	groups x25519 policy mutual,encrypt rekey 3600 auto off
check_output link.show "gcm-aes-256" in_a linkauthctl link show va
check_output link.show-json '"ifname"' in_a linkauthctl -j link show
check_error link.bad-suite "suite" in_a linkauthctl link set va suites rot13
check_error link.short-rekey "10 to 604800 seconds" in_a linkauthctl link set va rekey 5
check_error link.long-rekey "10 to 604800 seconds" in_a linkauthctl link set va rekey 700000
check_error auth.not-set-up "not set up|link set" in_b linkauthctl auth vb

# A caller without CAP_NET_ADMIN can read but not change anything.  The
# caller stays root, so only the capability differs.
unprivileged() {
	ip netns exec a /usr/bin/setpriv --inh-caps=-net_admin \
		--bounding-set=-net_admin "$@"
}
check_error perm.ca-add "not permitted" unprivileged linkauthctl ca add "$CERTS/ca2/ca.crt.pem"
check_error perm.auth "not permitted" unprivileged linkauthctl auth va
check_error perm.sa-show "not permitted" unprivileged linkauthctl sa show
check perm.peers-readable unprivileged linkauthctl peers

# Namespace c can read none of a's state.
check netns.no-cas test -z "$(ip netns exec c linkauthctl ca list)"
check netns.no-links test -z "$(ip netns exec c linkauthctl link show)"
check_error netns.no-device "does not exist" \
	ip netns exec c linkauthctl identity show va
check netns.no-peers test -z "$(ip netns exec c linkauthctl peers)"

# Malformed requests built by hand, each rejected with a message.
/linkauth/nlprobe "$(in_a cat /sys/class/net/va/ifindex)" >/tmp/nlprobe.out 2>&1 ||
	true
cat /tmp/nlprobe.out
while read -r verdict name rest; do
	case $verdict in
	PASS) pass "$name" ;;
	FAIL) fail "${name%:}" "$rest" ;;
	esac
done </tmp/nlprobe.out

# monitor prints the events of a handshake as it happens.
in_b linkauthctl ca add "$CERTS/ca1/ca.crt.pem" >/dev/null
in_b linkauthctl identity set vb cert "$CERTS/b/device.crt.pem" \
	key "$CERTS/b/device.key.pem"
in_b linkauthctl link set vb enable
in_a linkauthctl monitor >/tmp/events.a &
monitor_pid=$!
sleep 1
in_a linkauthctl auth va peer "$MAC_B"
check monitor.peer-authenticated wait_peer a "$MAC_B" state 30 authenticated
in_a linkauthctl deauth va "$MAC_B"
sleep 1
kill "$monitor_pid"
cat /tmp/events.a
check monitor.authenticated-event grep -qi "authenticated" /tmp/events.a
check monitor.lost-event grep -qi "lost" /tmp/events.a
check deauth.both-ends wait_peer b "$MAC_A" state 10 ""

# A dump of more than 1000 peers arrives whole.
in_a /linkauth/nlprobe "$(in_a cat /sys/class/net/va/ifindex)" peers 1100
count=$(in_a linkauthctl -j peers | tr '{' '\n' | grep -c '"mac"' || true)
echo "peers dumped: $count"
check dump.over-1000-peers [ "$count" -ge 1100 ]

ip netns del a
ip netns del b
ip netns del c
sleep 1
rmmod linkauth
pass netlink.cleanup
