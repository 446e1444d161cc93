#!/bin/bash
# Count the "PASS name" and "FAIL name: reason" lines in the named files
# (or standard input) and print the failures, then "N passed, N failed".
# SKIP lines are counted on a line of their own. Exits 1 when a test
# failed or when there were no results at all.
set -eu

main() {
	local lines passed failed skipped

	lines=$(cat "$@" | tr -d '\r')
	passed=$(grep -c '^PASS ' <<<"$lines" || true)
	failed=$(grep -c '^FAIL ' <<<"$lines" || true)
	skipped=$(grep -c '^SKIP ' <<<"$lines" || true)

	if [ "$failed" -gt 0 ]; then
		echo "Failed:"
		grep '^FAIL ' <<<"$lines" | sed 's/^FAIL /  /'
	fi
	[ "$skipped" -eq 0 ] || echo "$skipped skipped"
	echo "$passed passed, $failed failed"
	if [ $((passed + failed)) -eq 0 ]; then
		echo "no PASS or FAIL lines found" >&2
		return 1
	fi
	[ "$failed" -eq 0 ]
}

main "$@"
