# The kernel's own YNL client (tools/net/ynl/cli.py from the 6.12 source)
# drives the module through docs/linkauth.yaml: it dumps peers and
# receives the events of a handshake.
set -eu
. /linkauth/lib.sh
. /linkauth/netns-lib.sh
set -x

# "ip netns exec" runs programs, not shell functions: wrap cli.py in one.
cat >/tmp/ynl <<'END'
#!/bin/bash
cd /linkauth/ynl &&
	exec python3 cli.py --spec /linkauth/linkauth.yaml --no-schema \
	--output-json "$@"
END
chmod +x /tmp/ynl

load_module
make_veth_pair
provision_pair

# Start listening first so that the events of the handshake are caught.
in_a /tmp/ynl --subscribe events --sleep 40 >/tmp/ynl-events 2>&1 &
listener=$!
sleep 15

in_a linkauthctl auth va peer "$MAC_B"
check ynl.peer-authenticated wait_peer a "$MAC_B" state 30 authenticated
check_output ynl.dump-peer-get '"state"' in_a /tmp/ynl --dump peer-get
check_output ynl.dump-link-get '"ifname"' in_a /tmp/ynl --dump link-get
check_output ynl.do-link-get '"link-rekey-sec"' \
	in_a /tmp/ynl --do link-get --json "{\"ifindex\": $(in_a cat /sys/class/net/va/ifindex)}"

wait "$listener" || true
cat /tmp/ynl-events
check ynl.event-authenticated grep -q "ev-authenticated" /tmp/ynl-events

ip netns del a
ip netns del b
sleep 1
rmmod linkauth
pass ynl.cleanup
