#!/bin/bash
# Argument checks of "linkauthctl macsec", which need no kernel module:
# each bad command line must fail with exit status 1 and a message that
# names the bad value.
#
#   macsec_args.sh PATH-TO-LINKAUTHCTL
#
# Prints "PASS name" or "FAIL name: reason" per check, then
# "N passed, N failed".
set -u

program=${1:-../linkauthctl}
passed=0
failed=0

# Check $1: the command line after it must fail with status 1 and print
# text matching the extended regex $2 on stderr.
expect_error() {
	local name=$1 pattern=$2 out status=0
	shift 2

	out=$("$program" "$@" 2>&1 >/dev/null) || status=$?
	if [ "$status" -eq 1 ] && echo "$out" | grep -qE "$pattern"; then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name: status $status, stderr: $out"
	fi
}

expect_error macsec_missing_dev "missing DEV" macsec
expect_error macsec_unknown_dev 'device "no-such-dev0" does not exist' \
	macsec no-such-dev0
expect_error macsec_unknown_arg 'unknown argument "twice"' macsec lo twice
expect_error macsec_missing_name "missing IFNAME" macsec lo name
expect_error macsec_long_name 'invalid interface name "a-very-long-ifname"' \
	macsec lo name a-very-long-ifname
expect_error macsec_slash_name 'invalid interface name "a/b"' \
	macsec lo name a/b
expect_error macsec_in_usage "macsec DEV \[name IFNAME\] \[once\]" nonsense

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
