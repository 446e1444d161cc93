# Two namespaces authenticate each other, then refuse peers whose
# certificate is from another CA, expired, or names another MAC.
set -eu
. /linkauth/lib.sh
. /linkauth/netns-lib.sh
set -x

load_module
make_veth_pair
provision_pair

in_a linkauthctl auth va peer "$MAC_B"
check handshake.initiator wait_peer a "$MAC_B" state 30 authenticated
check handshake.responder wait_peer b "$MAC_A" state 30 authenticated
check handshake.subject wait_peer a "$MAC_B" subject 5 "CN=b"

# The private key sits in the module's keyring: root can neither read it
# nor sign with it.
serial=$(in_a linkauthctl -j identity show va |
	 sed -n 's/.*"key_serial": *\([0-9-]*\).*/\1/p')
echo 0123456789abcdef0123456789abcdef >/tmp/digest
check_error keyring.no-read "denied|permission|not found|required" \
	keyctl read "$serial"
check_error keyring.no-sign "denied|permission|not found|required" \
	keyctl pkey_sign "$serial" 0 /tmp/digest enc=pkcs1 hash=sha256

# b presents a certificate from ca2, which a does not trust.
in_b linkauthctl ca add "$CERTS/ca2/ca.crt.pem" >/dev/null
in_b linkauthctl identity set vb cert "$CERTS/b-ca2/device.crt.pem" \
	key "$CERTS/b-ca2/device.key.pem"
in_a linkauthctl auth va peer "$MAC_B"
check refuse.unknown-ca wait_peer a "$MAC_B" last_error 30 unknown-ca

# b's certificate has expired: set it while the clock is in its validity,
# then move the clock back to now.
now=$(date +%s)
date -s "@$(( $(date -d 2021-06-01 +%s) ))" >/dev/null
in_b linkauthctl identity set vb cert "$CERTS/b-expired/device.crt.pem" \
	key "$CERTS/b-expired/device.key.pem"
date -s "@$now" >/dev/null
in_a linkauthctl auth va peer "$MAC_B"
check refuse.expired wait_peer a "$MAC_B" last_error 30 expired

# b's certificate names 02:00:00:00:00:0c: set it while vb has that
# address, then give vb its own address back.
in_b ip link set vb address 02:00:00:00:00:0c
in_b linkauthctl identity set vb cert "$CERTS/b-wrongmac/device.crt.pem" \
	key "$CERTS/b-wrongmac/device.key.pem"
in_b ip link set vb address "$MAC_B"
in_a linkauthctl auth va peer "$MAC_B"
check refuse.mac-mismatch wait_peer a "$MAC_B" last_error 30 mac-mismatch

# With its good identity back, b authenticates again.
in_b linkauthctl identity set vb cert "$CERTS/b/device.crt.pem" \
	key "$CERTS/b/device.key.pem"
in_a linkauthctl auth va peer "$MAC_B"
check handshake.again wait_peer a "$MAC_B" state 30 authenticated

# A 4096-bit key and an intermediate CA make messages of several frames.
in_b linkauthctl identity set vb cert "$CERTS/b-4096/device.crt.pem" \
	chain "$CERTS/inter1/ca.crt.pem" key "$CERTS/b-4096/device.key.pem"
generation=$(peer_field a "$MAC_B" generation)
in_a linkauthctl auth va peer "$MAC_B"
check handshake.fragmented wait_peer a "$MAC_B" generation 30 \
	$((generation + 1))

# Link down and up in the middle of a handshake, or while authenticated,
# drops the peers; the link authenticates again afterwards.
in_a linkauthctl auth va peer "$MAC_B"
in_a ip link set va down
in_a ip link set va up
check linkdown.peers-dropped test -z "$(peer_field a "$MAC_B" state)"
in_a linkauthctl auth va peer "$MAC_B"
check linkdown.again wait_peer a "$MAC_B" state 30 authenticated

# With "auto on", bringing the link up starts a discovery, which finds b.
in_a linkauthctl link set va auto on
in_a ip link set va down
in_a ip link set va up
check auto.discovery wait_peer a "$MAC_B" state 30 authenticated
in_a linkauthctl link set va auto off

# Removing an interface in the middle of a handshake frees its link.
ip link add vx netns a address "$MAC_A" type veth peer name vy netns b
in_a ip link set vx up
in_b ip link set vy up
in_a linkauthctl identity set vx cert "$CERTS/a/device.crt.pem" \
	key "$CERTS/a/device.key.pem"
in_a linkauthctl link set vx enable
in_a linkauthctl auth vx peer "$MAC_B"
in_a ip link del vx
check ifdel.link-gone test -z "$(in_a linkauthctl link show | grep vx || true)"

# Removing the namespaces in the middle of a handshake leaks nothing: the
# harness checks kmemleak after the scenario.
in_a linkauthctl auth va peer "$MAC_B"
ip netns del a
ip netns del b
sleep 2
rmmod linkauth
pass handshake.cleanup
