#!/bin/bash
# Run every end-to-end scenario in qemu/scenarios/ in a guest of one
# kernel, each in its own boot.
#
#   e2e.sh KERNEL MODULE.ko [SCENARIO...]
#
# KERNEL is a name from qemu/kernels.sh and MODULE.ko the linkauth module
# built for it. Test certificates are made once per machine with
# userspace/linkauth-provision under $LINKAUTH_CACHE/certs. Prints the
# PASS and FAIL lines of qemu/run.sh.
set -eu

. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$QEMU_DIR/.." && pwd)
PROVISION=$ROOT/userspace/linkauth-provision

# Make the scenarios' certificates in directory $1 unless it is complete.
# The marker's number changes whenever the set of certificates does.
make_certs() {
	local dir=$1 old="--not-before 20200101000000Z --not-after 20400101000000Z"

	[ -f "$dir/done-4" ] && return 0
	rm -rf "$dir"
	mkdir -p "$dir"
	# The CAs are valid since 2020 so that a scenario may set the clock
	# back to install a certificate that has expired by now.
	"$PROVISION" ca "$dir/ca1" --name "ca1" $old
	"$PROVISION" ca "$dir/ca2" --name "ca2" $old
	"$PROVISION" device "$dir/ca1" "$dir/a" 02:00:00:00:00:0a --name a
	"$PROVISION" device "$dir/ca1" "$dir/b" 02:00:00:00:00:0b --name b
	"$PROVISION" device "$dir/ca2" "$dir/b-ca2" 02:00:00:00:00:0b --name b
	"$PROVISION" device "$dir/ca1" "$dir/b-expired" 02:00:00:00:00:0b \
		--name b --not-before 20210101000000Z --not-after 20220101000000Z
	"$PROVISION" device "$dir/ca1" "$dir/b-wrongmac" 02:00:00:00:00:0c \
		--name b
	# A 4096-bit key under an intermediate CA: RESPONSE and FINISH no
	# longer fit one frame.
	"$PROVISION" intermediate "$dir/ca1" "$dir/inter1" --name inter1 $old
	"$PROVISION" device "$dir/inter1" "$dir/b-4096" 02:00:00:00:00:0b \
		--name b --bits 4096
	"$PROVISION" ca "$dir/ca-ecdsa" --name "ca-ecdsa" --ecdsa $old
	"$PROVISION" ca "$dir/ca-expired" --name "ca-expired" \
		--not-before 20100101000000Z --not-after 20150101000000Z
	touch "$dir/done-4"
}

# Print the kernel log lines that are known faults of stock kernel $1,
# as an extended regex for run.sh -i.
known_faults() {
	case $1 in
	debian-6.1)
		# Debian's 6.1 fails its own ecdh-nist-p256 self-test with
		# -EFAULT when ecdh_generic loads, and WARNs about it.
		echo 'alg: .*ecdh-nist-p256|at crypto/testmgr\.c:[0-9]+ alg_test'
		;;
	esac
}

# Print the extra run.sh arguments of scenario $1: the YNL scenario needs
# Python, PyYAML and the YNL library of the 6.12 source.
scenario_extras() {
	local src so

	[ "$1" = ynl ] || return 0
	src=$LINKAUTH_CACHE/src/linux-source-$(dpkg-query -W -f='${Version}' \
		linux-source-6.12)
	"$QEMU_DIR/kernels.sh" fetch debug >&2
	echo "-f /usr/bin/python3.11:/usr/bin/python3"
	echo "-f /usr/lib/python3.11:/usr/lib/python3.11"
	echo "-f /usr/lib/python3/dist-packages/yaml:/usr/lib/python3.11/yaml"
	for so in $(ldd /usr/bin/python3.11 | grep -o '/[^ ]*\.so[^ ]*'); do
		echo "-f $so:$so"
	done
	echo "-f $src/tools/net/ynl:/linkauth/ynl"
	echo "-f $ROOT/docs/linkauth.yaml:/linkauth/linkauth.yaml"
}

main() {
	local kernel=$1 module=$2 scenario name status=0 certs
	shift 2

	certs=$LINKAUTH_CACHE/certs
	make_certs "$certs" >/dev/null
	[ $# -gt 0 ] || set -- "$QEMU_DIR"/scenarios/[a-z]*.sh
	for scenario in "$@"; do
		name=$(basename "$scenario" .sh)
		[ "$name" = netns-lib ] && continue
		# shellcheck disable=SC2046 # one argument per word
		"$QEMU_DIR/run.sh" -k "$kernel" -s "$scenario" \
			$(scenario_extras "$name") \
			-n "e2e.$kernel.$name" -m "$module" \
			-i "$(known_faults "$kernel")" \
			-f "$certs:/linkauth/certs" \
			-f "$QEMU_DIR/scenarios/netns-lib.sh:/linkauth/netns-lib.sh" \
			-f "$ROOT/userspace/linkauthctl:/usr/bin/linkauthctl" \
			-f "$ROOT/userspace/tests/nlprobe:/linkauth/nlprobe" ||
			status=1
	done
	return $status
}

[ $# -ge 2 ] || { sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2; }
main "$@"
