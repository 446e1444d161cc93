#!/bin/bash
# Run the benchmarks in qemu/bench/ on each kernel named on the command
# line (default: debian-6.1 debian-6.12) and print their BENCH lines.
# The module must be built first ("make .build/KERNEL/stamp").
set -eu

. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$QEMU_DIR/.." && pwd)

main() {
	local kernel bench

	[ $# -gt 0 ] || set -- debian-6.1 debian-6.12
	for kernel in "$@"; do
		for bench in "$QEMU_DIR"/bench/*.sh; do
			"$QEMU_DIR/e2e.sh" "$kernel" \
				"$ROOT/.build/$kernel/module/linkauth.ko" "$bench" |
				sed -n "s/^BENCH /$kernel /p"
		done
	done
}

main "$@"
