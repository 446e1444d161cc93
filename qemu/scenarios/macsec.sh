# The MACsec agent ("linkauthctl macsec") programs the keys of an
# authenticated pair into macsec interfaces, rekeys them under traffic,
# and removes them on deauthentication.  Also tested: port control, and
# a second authentication over the MACsec link itself.
#
#   namespace a                            namespace b
#   +-------------------------+            +-------------------------+
#   | la-va  10.0.0.1 (macsec)|            | la-vb  10.0.0.2 (macsec)|
#   | va     10.0.1.1         +---veth-----+ vb     10.0.1.2         |
#   | 02:00:00:00:00:0a       |            | 02:00:00:00:00:0b       |
#   +-------------------------+            +-------------------------+
set -eu
. /linkauth/lib.sh
. /linkauth/netns-lib.sh
set -x

AGENT_A=
AGENT_B=
# SCIs of the peers' transmit channels as "ip macsec show" prints them.
SCI_A=02000000000a0001
SCI_B=02000000000b0001

stop_agents() {
	[ -z "$AGENT_A" ] || kill "$AGENT_A" 2>/dev/null || true
	[ -z "$AGENT_B" ] || kill "$AGENT_B" 2>/dev/null || true
}

# On any exit, stop the agents and show what they printed.
finish() {
	stop_agents
	sleep 1
	head -n 100 /tmp/agent-a.log /tmp/agent-b.log 2>/dev/null || true
}
trap finish EXIT

# "ip netns exec" execs the agent, so $! is the agent's pid.
start_agents() {
	ip netns exec a linkauthctl macsec va >>/tmp/agent-a.log 2>&1 &
	AGENT_A=$!
	ip netns exec b linkauthctl macsec vb >>/tmp/agent-b.log 2>&1 &
	AGENT_B=$!
}

# Ping $2 from namespace $1 once a second until it replies, for at most
# $3 (default 30) seconds.
ping_until() {
	local ns=$1 address=$2 limit=${3:-30} i

	for i in $(seq "$limit"); do
		ip netns exec "$ns" ping -c 1 -W 1 "$address" >/dev/null 2>&1 &&
			return 0
		sleep 1
	done
	echo "no reply from $address in $ns after $limit s"
	return 1
}

# Succeed when 3 pings from namespace $1 to $2 all go unanswered.
no_reply() {
	! ip netns exec "$1" ping -c 3 -W 1 "$2"
}

# Wait up to $4 seconds (default 30) until "ip macsec show $2" in
# namespace $1 matches the extended regex $3, or with "!" as $5, does not.
wait_macsec() {
	local ns=$1 dev=$2 pattern=$3 limit=${4:-30} negate=${5:-} i out

	for i in $(seq "$limit"); do
		out=$(ip netns exec "$ns" ip macsec show "$dev" 2>&1 || true)
		if echo "$out" | grep -qE "$pattern"; then
			[ -z "$negate" ] && return 0
		else
			[ -n "$negate" ] && return 0
		fi
		sleep 1
	done
	echo "ip macsec show $dev in $ns after $limit s: $out"
	return 1
}

# Wait up to 30 s until a peer on link $2 in namespace $1 has state $3.
# The peer objects are matched by "ifname", because the peer dump may
# list the peers of other links too.
wait_peer_on() {
	local i

	for i in $(seq 30); do
		ip netns exec "$1" linkauthctl -j peers "$2" | tr '{}' '\n\n' |
			grep "\"ifname\": *\"$2\"" |
			grep -q "\"state\": *\"$3\"" && return 0
		sleep 1
	done
	echo "no peer on $2 in $1 reached state $3"
	return 1
}

# Print statistic $3 of link $2 in namespace $1.
link_stat() {
	ip netns exec "$1" linkauthctl -j link show "$2" |
		sed -n "s/.*\"$3\": *\([0-9]*\).*/\1/p"
}

# Frames in capture file $1 that match tcpdump filter $2.
count_frames() {
	tcpdump -r "$1" -nn "$2" 2>/dev/null | wc -l
}

load_module
make_veth_pair
# Without IPv6 on the veth ends, every plain frame on the wire would be a
# leak, so the wire check below can demand none at all.
in_a sysctl -qw net.ipv6.conf.va.disable_ipv6=1
in_b sysctl -qw net.ipv6.conf.vb.disable_ipv6=1
provision_pair
in_a linkauthctl link set va policy mutual,encrypt
in_b linkauthctl link set vb policy mutual,encrypt

# The agents start before any peer exists, then follow the events.
start_agents
in_a linkauthctl auth va peer "$MAC_B"
check auth.initiator wait_peer a "$MAC_B" state 30 authenticated
check auth.responder wait_peer b "$MAC_A" state 30 authenticated
check agent.rxsc-a wait_macsec a la-va "RXSC: $SCI_B"
check agent.rxsc-b wait_macsec b la-vb "RXSC: $SCI_A"
check agent.encrypt wait_macsec a la-va "encrypt on" 5

in_a ip addr add 10.0.0.1/24 dev la-va
in_b ip addr add 10.0.0.2/24 dev la-vb
check macsec.ping ping_until a 10.0.0.2 30

# On the wire: only MACsec (0x88e5) and linkauth (0x88b5) frames, and the
# ping payload (0x5a bytes) never in clear.
in_b tcpdump -i vb -U -w /tmp/wire.pcap 2>/dev/null &
dump=$!
sleep 2
in_a ping -c 10 -i 0.2 -p 5a 10.0.0.2 >/dev/null
sleep 1
kill "$dump"
wait "$dump" || true
macsec_frames=$(count_frames /tmp/wire.pcap "ether proto 0x88e5")
plain_frames=$(count_frames /tmp/wire.pcap \
	"not ether proto 0x88e5 and not ether proto 0x88b5")
cleartext=$(tcpdump -r /tmp/wire.pcap -nn -x 2>/dev/null |
	grep -c '5a5a 5a5a 5a5a 5a5a' || true)
check wire.macsec-only test "$macsec_frames" -ge 20 -a "$plain_frames" -eq 0
check wire.encrypted test "$cleartext" -eq 0

# Keys never reach the agents' output.
sak=$(in_a linkauthctl sa show va with-keys | sed -n 's/^\tsak: //p')
check agent.no-key-in-log test -n "$sak" -a \
	"$(cat /tmp/agent-a.log /tmp/agent-b.log | grep -c "$sak" || true)" -eq 0

# Rekey under a steady ping: one rekey started by hand, then more by the
# 10-second timer; the agent switches AN without dropping frames.
generation=$(peer_field a "$MAC_B" generation)
in_a linkauthctl link set va rekey 10
in_a ping -c 125 -i 0.2 10.0.0.2 >/tmp/rekey-ping.txt 2>&1 &
pinger=$!
sleep 3
in_a linkauthctl auth va peer "$MAC_B"
wait "$pinger" || true
new_generation=$(peer_field a "$MAC_B" generation)
received=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' \
	/tmp/rekey-ping.txt)
lost=$((125 - ${received:-0}))
echo "rekey: generation $generation -> $new_generation, lost $lost of 125"
if [ "$new_generation" -ge $((generation + 2)) ]; then
	pass "rekey.ping (generation $generation -> $new_generation, lost $lost of 125 pings)"
else
	fail rekey.ping "generation $generation -> $new_generation, lost $lost of 125 pings"
fi
check rekey.agent-a grep -q "^rekeyed la-va" /tmp/agent-a.log
check rekey.agent-b grep -q "^rekeyed la-vb" /tmp/agent-b.log
in_a linkauthctl link set va rekey 0
# At most one rekey timer, armed before "rekey 0", is still running.
sleep 12

# Deauthentication takes the secure link down on both ends.
in_a linkauthctl deauth va "$MAC_B"
check deauth.rxsc-a wait_macsec a la-va "RXSC:" 30 !
check deauth.rxsc-b wait_macsec b la-vb "RXSC:" 30 !
check deauth.txsa-a wait_macsec a la-va "^ +[0-3]: PN" 30 !
check deauth.no-ping no_reply a 10.0.0.2

# Port control: plain frames from b are dropped until b authenticates.
in_a ip addr add 10.0.1.1/24 dev va
in_b ip addr add 10.0.1.2/24 dev vb
in_a linkauthctl link set va policy mutual,encrypt,port-control
drops=$(link_stat a va rx_drop_port)
check port.closed no_reply b 10.0.1.1
check port.counted test "$(link_stat a va rx_drop_port)" -gt "$drops"
in_a linkauthctl auth va peer "$MAC_B"
check port.auth wait_peer a "$MAC_B" state 30 authenticated
check port.open ping_until b 10.0.1.1 30
check port.macsec ping_until a 10.0.0.2 30

# A second authentication over the MACsec link itself: the macsec
# interfaces inherit their lower devices' MAC addresses, so the same
# certificates fit them.
in_a linkauthctl identity set la-va cert "$CERTS/a/device.crt.pem" \
	key "$CERTS/a/device.key.pem"
in_b linkauthctl identity set la-vb cert "$CERTS/b/device.crt.pem" \
	key "$CERTS/b/device.key.pem"
in_a linkauthctl link set la-va enable
in_b linkauthctl link set la-vb enable
in_a linkauthctl auth la-va peer "$MAC_B"
check over-macsec.auth wait_peer_on a la-va authenticated
check over-macsec.frames test "$(link_stat b la-vb rx_frames)" -gt 0

# An XPN suite: the agent replaces the interface, whose cipher suite the
# kernel cannot change, and installs SAs with short SCIs and the salt.
in_a linkauthctl link set va suites gcm-aes-xpn-256
in_b linkauthctl link set vb suites gcm-aes-xpn-256
in_a linkauthctl auth va peer "$MAC_B"
check xpn.suite wait_peer a "$MAC_B" suite 30 gcm-aes-xpn-256
check xpn.cipher-a wait_macsec a la-va "GCM-AES-XPN-256"
check xpn.cipher-b wait_macsec b la-vb "GCM-AES-XPN-256"
check xpn.rxsc-a wait_macsec a la-va "RXSC: $SCI_B"
check xpn.rxsc-b wait_macsec b la-vb "RXSC: $SCI_A"
in_a ip addr add 10.0.0.1/24 dev la-va
in_b ip addr add 10.0.0.2/24 dev la-vb
check xpn.ping ping_until a 10.0.0.2 30

# A stopped agent leaves the SAs, with their packet numbers, in place;
# "once" finds them installed and changes nothing.
stop_agents
wait "$AGENT_A" "$AGENT_B"
check stop.keeps-sas wait_macsec a la-va "RXSC: $SCI_B" 5
check stop.ping ping_until a 10.0.0.2 10
check once.unchanged test -z "$(in_a linkauthctl macsec va once)"
check once.json-unchanged test -z "$(in_b linkauthctl -j macsec vb once)"

# SAs gone behind the agent's back may have been used: a new agent does
# not reinstall their key with packet number 1 but starts a rekey, and
# both agents install the new session.
generation=$(peer_field a "$MAC_B" generation)
in_a ip link del la-va
start_agents
check refresh.rekey wait_peer a "$MAC_B" generation 30 $((generation + 1))
check refresh.agent grep -q "^refreshing peer $MAC_B on va" /tmp/agent-a.log
check refresh.rxsc wait_macsec a la-va "RXSC: $SCI_B"
in_a ip addr add 10.0.0.1/24 dev la-va
check refresh.ping ping_until a 10.0.0.2 30

# Deauthentication while the agents run stops both ends again, and the
# agents exit cleanly on SIGTERM.
in_b linkauthctl deauth vb "$MAC_A"
check end.rxsc-a wait_macsec a la-va "RXSC:" 30 !
check end.rxsc-b wait_macsec b la-vb "RXSC:" 30 !
stop_agents
status=0
wait "$AGENT_A" || status=$?
check end.exit-a test "$status" -eq 0
status=0
wait "$AGENT_B" || status=$?
check end.exit-b test "$status" -eq 0

AGENT_A=
AGENT_B=
ip netns del a
ip netns del b
sleep 2
rmmod linkauth
pass macsec.cleanup
