#!/bin/bash
# Run KUnit test modules in a guest and report each test case.
#
#   kunit.sh [-k KERNEL] [-t SECONDS] [-o DIR] [-n NAME]
#            [-p MODULE.ko]... [-f SOURCE[:DEST]]... TEST_MODULE.ko...
#
#   -k KERNEL   kernel from qemu/kernels.sh (default: debug, the only one
#               built with CONFIG_KUNIT)
#   -t, -o, -f  as for qemu/run.sh
#   -n NAME     name of the boot check line (default: kunit)
#   -p FILE.ko  module to load before the test modules, such as the module
#               whose symbols the tests call (repeatable, loaded in order)
#
# The guest loads the -p modules, then each test module in the order
# given, which runs its suites, copies /sys/kernel/debug/kunit/SUITE/
# results (KTAP) to the result port, and unloads the test module. Prints "PASS suite.case", "FAIL suite.case: message"
# or "SKIP suite.case: reason" per case, the boot line from run.sh, and a
# count line. Exits 0 only when nothing failed.
set -eu

. "$(dirname "$0")/lib.sh"

usage() {
	sed -n '2,20s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# Write the guest scenario that loads test modules $2... to file $1,
# after the modules in main's preload array. The module files are in
# /linkauth/modules under their base names.
write_scenario() {
	local scenario=$1 module
	shift

	{
		echo 'result() { echo "$*" >"$LINKAUTH_RESULTS"; }'
		for module in "${preload[@]}"; do
			module=$(basename "$module")
			echo "insmod /linkauth/modules/$module ||"
			echo "	result 'FAIL kunit-load.${module%.ko}: insmod failed'"
		done
		for module in "$@"; do
			module=$(basename "$module")
			cat <<-END
				result "KTAP-BEGIN $module"
				if insmod "/linkauth/modules/$module"; then
					for file in /sys/kernel/debug/kunit/*/results; do
						[ -f "\$file" ] && cat "\$file" >"\$LINKAUTH_RESULTS"
					done
					rmmod "/linkauth/modules/$module" ||
						result "FAIL kunit-unload.${module%.ko}: rmmod failed"
				else
					result "FAIL kunit-load.${module%.ko}: insmod failed"
				fi
				result "KTAP-END $module"
			END
		done
	} >"$scenario"
}

# Turn the KTAP sections of result file $1 into PASS/FAIL/SKIP lines.
# In the debugfs results file, a suite's "# Subtest:" header, its case
# results and their diagnostics are indented by 4 spaces, the results of
# a parameterized case's parameters by 8, and the suite's own result line
# is not indented. The message of a failed case is its first diagnostic
# ("# case: EXPECTATION FAILED at file:line") and the lines that follow.
parse_ktap() {
	tr -d '\r' <"$1" | awk '
	function finish_module() {
		if (module != "" && cases == 0 && !load_failed)
			print "FAIL kunit." module ": no KTAP results (crash or no suites)"
	}
	function trimmed(text) {
		sub(/^ +/, "", text)
		return text
	}
	/^KTAP-BEGIN / {
		module = $2; sub(/\.ko$/, "", module)
		cases = 0; load_failed = 0; suite = ""; next
	}
	/^KTAP-END / { finish_module(); module = ""; next }
	/^FAIL kunit-load\./ { load_failed = 1; print; next }
	/^(PASS|FAIL|SKIP) / { print; next }
	module == "" { next }
	/^    # Subtest: / { suite = $3; suite_cases = 0; message = ""; next }
	/^ +# (Subtest|module): / || /^ +KTAP version/ || /^ +[0-9]+\.\.[0-9]+/ { next }
	/^ +# [^ ]+: / {
		if (message == "") {
			message = trimmed($0); sub(/^# [^ ]+: /, "", message)
		}
		next
	}
	/^        (not )?ok / { next }
	/^    (not )?ok [0-9]+ / {
		failed = ($1 == "not")
		name = failed ? $4 : $3
		cases++; suite_cases++
		if ($0 ~ /# SKIP/) {
			reason = $0; sub(/.*# SKIP */, "", reason)
			print "SKIP " suite "." name ": " reason
		} else if (failed)
			print "FAIL " suite "." name ": " (message != "" ? message : "failed")
		else
			print "PASS " suite "." name
		message = ""; next
	}
	/^not ok [0-9]+ / {
		# A suite whose init fails reports no cases, only its own line.
		if (suite_cases == 0)
			print "FAIL " $4 ": suite failed before running its cases"
		next
	}
	/^     *[^ #]/ && message != "" { message = message " " trimmed($0); next }
	END { finish_module() }
	'
}

# Print the count line for the test case lines $1.
print_counts() {
	local passed failed skipped

	passed=$(grep -c '^PASS ' <<<"$1" || true)
	failed=$(grep -c '^FAIL ' <<<"$1" || true)
	skipped=$(grep -c '^SKIP ' <<<"$1" || true)
	echo "kunit: test cases: $passed passed, $failed failed, $skipped skipped"
}

main() {
	local kernel=debug out='' name=kunit run_args=() preload=() option
	local module
	local boot_status=0 lines cases

	while getopts k:t:o:n:f:p: option; do
		case $option in
		p) preload+=("$OPTARG") ;;
		k) kernel=$OPTARG ;;
		o) out=$OPTARG ;;
		n) name=$OPTARG ;;
		t | f) run_args+=("-$option" "$OPTARG") ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -ge 1 ] || usage
	[ -n "$out" ] || out=$(mktemp -d /tmp/linkauth-kunit.XXXXXX)
	mkdir -p "$out"

	for module in "${preload[@]}" "$@"; do
		[ -f "$module" ] || die "module $module not found"
		run_args+=(-m "$module")
	done
	write_scenario "$out/kunit-scenario.sh" "$@"

	# The guest writes KTAP, not PASS/FAIL lines, so run.sh prints only
	# its boot line.
	lines=$("$QEMU_DIR/run.sh" -k "$kernel" -n "$name" -o "$out" \
		-s "$out/kunit-scenario.sh" "${run_args[@]}") || boot_status=$?
	cases=$(parse_ktap "$out/guest1.results")
	lines="$cases
$(grep -E "^(PASS|FAIL) $name(:|\$)" <<<"$lines" || true)"
	echo "$lines"
	print_counts "$cases"
	! grep -q '^FAIL ' <<<"$lines" && [ "$boot_status" -eq 0 ]
}

main "$@"
