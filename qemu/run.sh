#!/bin/bash
# Boot one test guest, or two joined by a network link, under QEMU (TCG)
# and check the outcome.
#
#   run.sh -k KERNEL -s SCENARIO [-n NAME] [-m MODULE.ko]...
#          [-f SOURCE[:DEST]]... [-M STOCK_MODULE]... [-t SECONDS]
#          [-o DIR] [-i REGEX] [-K PEER_KERNEL -S PEER_SCENARIO]
#
#   -k, -s, -m, -f, -M  as for qemu/initramfs.sh
#   -n NAME       name in the PASS/FAIL lines (default: scenario basename)
#   -t SECONDS    time limit of each guest (default LINKAUTH_TIMEOUT or 600)
#   -o DIR        where logs go (default: a new directory under /tmp)
#   -i REGEX      kernel log lines to ignore (default LINKAUTH_LOG_IGNORE)
#   -K, -S        boot a second guest with this kernel and scenario. The
#                 guests get eth0 with MAC 52:54:00:00:00:01 and :02,
#                 joined through UDP sockets on 127.0.0.1 (ports
#                 LINKAUTH_PORT and LINKAUTH_PORT + 1, default random);
#                 LINKAUTH_GUEST is 1 or 2 in the guest.
#
# Prints the scenario's own "PASS x", "FAIL x: reason" and "BENCH x"
# lines (benchmark results), then one line for the boot as a whole:
# "PASS NAME" when the scenario exited with 0 and the kernel log is
# clean, else "FAIL NAME: reason". Exits 0 only when no line is a FAIL.
# Environment: LINKAUTH_MEMORY (MiB, default 1024), LINKAUTH_SMP (default
# 2), LINKAUTH_CPU (QEMU -cpu model, default max), LINKAUTH_CACHE (see
# kernels.sh).
set -eu

. "$(dirname "$0")/lib.sh"

MEMORY=${LINKAUTH_MEMORY:-1024}
SMP=${LINKAUTH_SMP:-2}
CPU=${LINKAUTH_CPU:-max}
TIMEOUT=${LINKAUTH_TIMEOUT:-600}
LOG_IGNORE=${LINKAUTH_LOG_IGNORE:-}

# Kernel log lines that fail a run: oopses, WARN, KASAN, UBSAN, lockdep
# and kmemleak reports. Only lines with a printk timestamp count, so the
# scenario's own output cannot match. The exception is kmemleak's report,
# which the guest init copies from debugfs without a timestamp. Lines matching the
# extended regex LINKAUTH_LOG_IGNORE (or -i) are known problems of a stock
# kernel and do not count.
SPLAT_PATTERN='^\[ *[0-9]+\.[0-9]+\] .*(BUG:|WARNING:|KASAN:|UBSAN:|INFO: |inconsistent lock state|possible recursive locking|general protection fault|Oops|Kernel panic|kernel BUG|suspected memory leaks)|^unreferenced object 0x'

usage() {
	sed -n '2,26s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# Start guest $1 (1 or 2) with kernel $2, in the background, and record
# its pid in guest$1.pid. In a two-guest run it gets a virtio-net NIC
# whose frames go over UDP on 127.0.0.1 to the other guest's NIC.
start_guest() {
	local index=$1 kernel=$2 port_self port_peer network=() KERNEL KDIR
	local MODULES RELEASE

	eval "$("$QEMU_DIR/kernels.sh" paths "$kernel")"
	if [ "$GUESTS" -eq 2 ]; then
		port_self=$((PORT + index - 1))
		port_peer=$((PORT + 2 - index))
		network=(-netdev "socket,id=net0,udp=127.0.0.1:$port_peer,localaddr=127.0.0.1:$port_self"
			-device "virtio-net-pci,netdev=net0,mac=52:54:00:00:00:0$index,romfile=")
	fi

	timeout -k 10 "$TIMEOUT" qemu-system-x86_64 \
		-accel tcg -cpu "$CPU" -smp "$SMP" -m "$MEMORY" \
		-nodefaults -display none -no-reboot \
		-kernel "$KERNEL" -initrd "$OUT/guest$index.cpio.gz" \
		-append "console=ttyS0 loglevel=7 panic=-1 linkauth.guest=$index" \
		-serial "file:$OUT/guest$index.console" \
		-serial "file:$OUT/guest$index.results" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		"${network[@]}" \
		>"$OUT/guest$index.qemu" 2>&1 &
	echo $! >"$OUT/guest$index.pid"
}

# Wait for guest $1 and store QEMU's exit status in guest$1.status.
wait_guest() {
	local status=0

	wait "$(cat "$OUT/guest$1.pid")" || status=$?
	echo "$status" >"$OUT/guest$1.status"
}

# Print why QEMU exit status $1 means failure, or nothing for success.
# isa-debug-exit turns the guest's status s into 2 * s + 1.
qemu_failure() {
	case $1 in
	1) ;;
	124 | 137) echo "timed out after $TIMEOUT s" ;;
	0) echo "guest rebooted or panicked before reporting" ;;
	*) [ $(($1 % 2)) -eq 1 ] &&
		echo "scenario exited with $((($1 - 1) / 2))" ||
		echo "QEMU failed with status $1 ($(tail -n 1 "$OUT/guest$2.qemu"))" ;;
	esac
}

# Print the verdict lines of guest $1, named $2. Returns 1 on failure.
check_guest() {
	local index=$1 name=$2 console=$OUT/guest$1.console results reason
	local splats

	results=$(tr -d '\r' <"$OUT/guest$index.results" 2>/dev/null || true)
	echo "$results" | grep -E '^(PASS|FAIL|SKIP|BENCH) ' || true

	reason=$(qemu_failure "$(cat "$OUT/guest$index.status")" "$index")
	if [ -z "$reason" ] && ! echo "$results" | grep -qx 'linkauth-init: exit 0'; then
		reason="no exit marker on the result port"
	fi
	splats=$(tr -d '\r' <"$console" | grep -E "$SPLAT_PATTERN" |
		grep -Ev "${LOG_IGNORE:-^\$}" || true)
	if [ -n "$splats" ]; then
		log "$name: kernel log problems (full log: $console):"
		echo "$splats" | head -n 40 >&2
		reason="${reason:+$reason; }kernel log: $(echo "$splats" | head -n 1 |
			sed 's/^\[ *[0-9.]*\] //')"
	fi
	if [ -n "$reason" ]; then
		echo "FAIL $name: $reason"
		log "$name: console log $console"
		return 1
	fi
	echo "PASS $name"
	! echo "$results" | grep -q '^FAIL '
}

# Build the initramfs of guest 1 (kernel $1, scenario $2) and, in a
# two-guest run, of guest 2 (kernel $3, scenario $4). Uses main's
# pack_args.
pack_guests() {
	"$QEMU_DIR/initramfs.sh" -k "$1" -s "$2" -o "$OUT/guest1.cpio.gz" \
		"${pack_args[@]}" || return 1
	[ "$GUESTS" -eq 1 ] && return 0
	"$QEMU_DIR/initramfs.sh" -k "$3" -s "$4" -o "$OUT/guest2.cpio.gz" \
		"${pack_args[@]}"
}

main() {
	local kernel='' scenario='' peer_kernel='' peer_scenario='' name=''
	local pack_args=() option index failed=0

	OUT=''
	while getopts k:s:n:m:f:M:t:o:i:K:S: option; do
		case $option in
		k) kernel=$OPTARG ;;
		s) scenario=$OPTARG ;;
		n) name=$OPTARG ;;
		m | f | M) pack_args+=("-$option" "$OPTARG") ;;
		t) TIMEOUT=$OPTARG ;;
		o) OUT=$OPTARG ;;
		i) LOG_IGNORE=$OPTARG ;;
		K) peer_kernel=$OPTARG ;;
		S) peer_scenario=$OPTARG ;;
		*) usage ;;
		esac
	done
	[ -n "$kernel" ] && [ -n "$scenario" ] || usage
	[ -z "$peer_scenario" ] || [ -n "$peer_kernel" ] || peer_kernel=$kernel
	[ -z "$peer_kernel" ] || [ -n "$peer_scenario" ] ||
		die "-K needs -S, the scenario of the second guest"
	name=${name:-$(basename "${scenario%.sh}")}
	need_packages qemu-system-x86 coreutils
	GUESTS=1
	[ -z "$peer_kernel" ] || GUESTS=2
	PORT=${LINKAUTH_PORT:-$((20000 + RANDOM % 20000 * 2))}
	[ -n "$OUT" ] || OUT=$(mktemp -d /tmp/linkauth-run.XXXXXX)
	mkdir -p "$OUT"
	log "$name: logs in $OUT"

	if ! pack_guests "$kernel" "$scenario" "$peer_kernel" "$peer_scenario"; then
		echo "FAIL $name: initramfs build failed"
		return 1
	fi

	# Kill the guests if this script is interrupted.
	trap 'kill $(cat "$OUT"/guest*.pid 2>/dev/null) 2>/dev/null || true' INT TERM
	start_guest 1 "$kernel"
	[ "$GUESTS" -eq 1 ] || start_guest 2 "$peer_kernel"
	for index in $(seq "$GUESTS"); do
		wait_guest "$index"
	done

	if [ "$GUESTS" -eq 1 ]; then
		check_guest 1 "$name" || failed=1
	else
		check_guest 1 "$name-guest1" || failed=1
		check_guest 2 "$name-guest2" || failed=1
	fi
	return "$failed"
}

main "$@"
