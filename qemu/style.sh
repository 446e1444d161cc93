#!/bin/bash
# Check the kernel code's style: checkpatch --strict from Debian's
# linux-source-6.12 tree, and sparse on a build against the debug
# kernel. Prints "PASS style.NAME" or "FAIL style.NAME: reason" per check.
set -eu

. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$QEMU_DIR/.." && pwd)

# Print the unpacked linux-source tree, unpacking it if needed.
source_tree() {
	local version

	version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	echo "$LINKAUTH_CACHE/src/linux-source-$version"
}

run_checkpatch() {
	local src=$1 out files

	# module/compat.h exists only to build one tree against 6.1 and 6.12,
	# so the version checks that checkpatch warns about are its purpose.
	files=$(cd "$ROOT" && ls module/*.[ch] kunit/*.[ch] include/uapi/linux/*.h |
		grep -v '^module/compat\.h$')
	if out=$(cd "$ROOT" && "$src/scripts/checkpatch.pl" --strict --no-tree \
			--terse --show-types -f $files 2>&1 &&
		"$src/scripts/checkpatch.pl" --strict --no-tree --terse \
			--show-types --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_ARG_UNUSED \
			-f module/compat.h 2>&1); then
		echo "PASS style.checkpatch"
	else
		echo "$out" | grep -E '(ERROR|WARNING|CHECK):' >&2 || true
		echo "FAIL style.checkpatch: $(echo "$out" | tail -n 1)"
	fi
}

# Build against the debug kernel with sparse on every file (C=2).
run_sparse() {
	local out dir

	need_packages sparse rsync
	dir=$(mktemp -d)
	rsync -a --exclude .git --exclude .build --exclude .results \
		--exclude userspace "$ROOT/" "$dir/"
	eval "$("$QEMU_DIR/kernels.sh" paths debug)"
	out=$(make -C "$KDIR" M="$dir" C=2 CHECK="sparse -Wno-decl" W=1 \
		modules 2>&1) || true
	rm -rf "$dir"
	if echo "$out" | grep -qE 'warning:|error:'; then
		echo "$out" | grep -E 'warning:|error:' >&2
		echo "FAIL style.sparse: $(echo "$out" | grep -cE 'warning:|error:') diagnostics"
	else
		echo "PASS style.sparse"
	fi
}

main() {
	local src

	"$QEMU_DIR/kernels.sh" fetch debug >&2
	src=$(source_tree)
	[ -x "$src/scripts/checkpatch.pl" ] ||
		die "checkpatch.pl not found in $src"
	run_checkpatch "$src"
	run_sparse
}

main "$@"
