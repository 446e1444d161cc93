# Benchmark: time of a full handshake between two namespaces, and kernel
# memory per peer.  Prints "BENCH name value unit" lines; nothing is
# asserted, because these machines are shared and QEMU runs without KVM.
set -eu
. /linkauth/lib.sh
. /linkauth/netns-lib.sh

ROUNDS=20

# Busybox date has no %N, so use bash's clock in microseconds.
now_ms() {
	local us=${EPOCHREALTIME/./}

	echo $((us / 1000))
}

load_module
make_veth_pair
provision_pair

# One handshake after another, each a rekey of the session in force.  The
# time runs from the request until "linkauthctl peers" shows the new
# session, so it includes starting linkauthctl twice or more.
total=0
for i in $(seq "$ROUNDS"); do
	start=$(now_ms)
	in_a linkauthctl auth va peer "$MAC_B"
	until [ "$(peer_field a "$MAC_B" generation)" = "$i" ]; do
		sleep 0.02
	done
	total=$((total + $(now_ms) - start))
done
echo "BENCH handshake_mean $((total / ROUNDS)) ms" >"$LINKAUTH_RESULTS"

# Slab memory of 1000 peers with a handshake in progress each.
slab() {
	sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo
}
before=$(slab)
in_a /linkauth/nlprobe "$(in_a cat /sys/class/net/va/ifindex)" peers 1000
after=$(slab)
echo "BENCH memory_per_pending_peer $(((after - before) * 1024 / 1000)) bytes" \
	>"$LINKAUTH_RESULTS"
pass bench.done
