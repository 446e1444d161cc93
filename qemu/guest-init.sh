#!/bin/busybox sh
# PID 1 of a test guest (copied to /init by qemu/initramfs.sh).
#
# Mounts the pseudo file systems, loads the stock kernel modules listed in
# /etc/linkauth/modules, runs /linkauth/scenario with bash, triggers a
# final kmemleak scan, and powers off. The kernel log goes to the console
# (ttyS0); the scenario's PASS/FAIL lines and the final "linkauth-init:
# exit N" line go to ttyS1, which kernel output never reaches.
#
# No "set -e": whatever fails, the guest must still report and power off.

RESULTS=/dev/ttyS1

mount_filesystems() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mount -t debugfs debugfs /sys/kernel/debug
	mount -t tmpfs tmpfs /tmp
	mount -t tmpfs tmpfs /run
	mkdir -p /dev/pts /run/netns
	mount -t devpts devpts /dev/pts
	# bash process substitution needs /dev/fd, which devtmpfs lacks.
	ln -sf /proc/self/fd /dev/fd
	ln -sf /proc/self/fd/0 /dev/stdin
	ln -sf /proc/self/fd/1 /dev/stdout
	ln -sf /proc/self/fd/2 /dev/stderr
}

# Load the modules in the order initramfs.sh wrote, dependencies first.
load_modules() {
	local module

	[ -f /etc/linkauth/modules ] || return 0
	while read -r module; do
		insmod "/lib/modules/$(uname -r)/$module" ||
			echo "linkauth-init: insmod $module failed"
	done </etc/linkauth/modules
}

# Print the value of option $1 from the kernel command line.
cmdline_option() {
	local word

	for word in $(cat /proc/cmdline); do
		case $word in
		"$1"=*) echo "${word#*=}" ;;
		esac
	done
}

# Report leaks to the console, where run.sh looks for "unreferenced
# object". kmemleak ignores objects younger than 5 seconds, and a scan
# skips objects whose contents changed since the previous scan (the first
# checksum of an object counts as a change), so the second scan reports.
scan_kmemleak() {
	[ -w /sys/kernel/debug/kmemleak ] || return 0
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
}

# Make QEMU exit. Writing status $1 to the isa-debug-exit port 0xf4 makes
# QEMU exit with 2 * status + 1. If that fails, "reboot -f" makes QEMU
# exit with 0, because run.sh starts it with -no-reboot.
power_off() {
	printf "\\$(printf %o "$1")" |
		dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	reboot -f
}

main() {
	local status

	mount_filesystems
	export PATH=/usr/sbin:/usr/bin:/sbin:/bin
	export HOME=/root TERM=dumb
	export LINKAUTH_GUEST=$(cmdline_option linkauth.guest)
	export LINKAUTH_RESULTS=$RESULTS
	stty -onlcr -echo <$RESULTS
	hostname "guest${LINKAUTH_GUEST:-0}"
	ip link set lo up
	load_modules

	echo "linkauth-init: running scenario on $(uname -r)"
	cd /linkauth && bash /linkauth/scenario
	status=$?
	echo "linkauth-init: scenario exited with $status"

	scan_kmemleak
	echo "linkauth-init: exit $status" >$RESULTS
	sync
	power_off "$((status > 127 ? 127 : status))"
}

main
