#!/bin/bash
# Pack a gzip-compressed cpio initramfs for one test guest.
#
#   initramfs.sh -k KERNEL -o OUTPUT -s SCENARIO [-m MODULE.ko]...
#                [-f SOURCE[:DEST]]... [-M STOCK_MODULE]...
#
#   -k KERNEL   kernel name from qemu/kernels.sh (already fetched)
#   -o OUTPUT   path of the .cpio.gz to write
#   -s SCENARIO bash script the guest runs as /linkauth/scenario
#   -m FILE.ko  module under test, copied to /linkauth/modules/ and not
#               loaded (the scenario loads it); the stock modules it
#               depends on are loaded at boot
#   -f SRC:DEST file or directory copied to DEST in the guest (DEST
#               defaults to /linkauth/BASENAME of SRC)
#   -M NAME     extra stock kernel module to load at boot
#
# The image contains busybox, bash, ip, keyctl, openssl and tcpdump with
# their shared libraries, and the stock modules in STOCK_MODULES plus
# their dependencies, decompressed, with a modules.dep for modprobe.
set -eu

. "$(dirname "$0")/lib.sh"

# Stock modules the scenarios need. Names missing from a kernel (such as
# ecdsa_generic on Debian 6.1, built without ECDSA) are skipped with a
# warning. Built-in ones need nothing.
STOCK_MODULES="af_packet veth macsec virtio_pci virtio_net ctr
	pkcs8_key_parser x509_key_parser ecdh_generic ecdsa_generic
	curve25519-generic gcm ghash-generic aes_generic hmac sha256"
HOST_PROGRAMS="bash ip keyctl openssl tcpdump setpriv"

usage() {
	sed -n '2,20s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# Create the directory layout of a merged-/usr Debian system in $1.
make_skeleton() {
	local stage=$1 dir

	for dir in usr/bin usr/sbin usr/lib usr/lib64 etc/linkauth proc sys \
		dev tmp run root linkauth/modules var; do
		mkdir -p "$stage/$dir"
	done
	ln -s usr/bin "$stage/bin"
	ln -s usr/sbin "$stage/sbin"
	ln -s usr/lib "$stage/lib"
	ln -s usr/lib64 "$stage/lib64"
	ln -s ../run "$stage/var/run"
	echo 'root:x:0:0:root:/root:/bin/bash' >"$stage/etc/passwd"
	echo 'tcpdump:x:100:100::/:/bin/false' >>"$stage/etc/passwd"
	printf 'root:x:0:\ntcpdump:x:100:\n' >"$stage/etc/group"
}

# Install busybox with a link for each applet. Real programs copied later
# replace the links.
install_busybox() {
	local stage=$1 applet

	need_packages busybox-static
	cp /bin/busybox "$stage/usr/bin/busybox"
	for applet in $("$stage/usr/bin/busybox" --list-full); do
		# Merged /usr: bin/x and usr/bin/x are the same file.
		applet=usr/${applet#usr/}
		[ -e "$stage/$applet" ] || ln -s /usr/bin/busybox "$stage/$applet"
	done
}

# Copy file $2 (following links) to the same path under $1.
copy_host_file() {
	local dest=$1/${2#/}

	mkdir -p "$(dirname "$dest")"
	rm -f "$dest"
	cp -L "$2" "$dest"
}

# Copy host program $2 and the shared libraries ldd lists for it.
install_program() {
	local stage=$1 path lib

	path=$(command -v "$2") || die "program $2 not found on the host"
	copy_host_file "$stage" "$path"
	# Same file under usr/, so the guest finds it in either directory.
	case $path in
	/bin/* | /sbin/*) copy_host_file "$stage" "/usr$path" ;;
	esac
	for lib in $(ldd "$path" | grep -o '/[^ ]*'); do
		copy_host_file "$stage" "$lib"
	done
}

install_programs() {
	local stage=$1 program

	need_packages bash iproute2 keyutils openssl tcpdump libc-bin
	for program in $HOST_PROGRAMS; do
		install_program "$stage" "$program"
	done
	[ -f /usr/lib/ssl/openssl.cnf ] &&
		copy_host_file "$stage" /usr/lib/ssl/openssl.cnf
	[ -f /etc/ssl/openssl.cnf ] && copy_host_file "$stage" /etc/ssl/openssl.cnf
	return 0
}

# Print the module files that module $3 needs, dependencies first, as
# paths relative to the modules directory $2 of base directory $1.
module_closure() {
	local base=$1 modules=$2 name=$3 release=${2##*/} line

	if ! line=$(modprobe -d "$base" -S "$release" --show-depends "$name" \
		2>/dev/null); then
		log "warning: module $name not found in $release, skipped"
		return 0
	fi
	echo "$line" | sed -n "s|^insmod $modules/\([^ ]*\).*|\1|p"
}

# Print module path $1 without its compression suffix.
strip_compression() {
	case $1 in
	*.ko.xz | *.ko.gz | *.ko.zst) echo "${1%.*}" ;;
	*) echo "$1" ;;
	esac
}

# Copy module file $3 from directory $1 to $2, decompressing it.
copy_module() {
	local from=$1/$3 to

	to=$2/$(strip_compression "$3")

	mkdir -p "$(dirname "$to")"
	case $3 in
	*.ko.xz) xz -dc "$from" >"$to" ;;
	*.ko.zst) zstd -qdc "$from" >"$to" ;;
	*.ko.gz) gzip -dc "$from" >"$to" ;;
	*) cp "$from" "$to" ;;
	esac
}

# Copy stock modules $3... of kernel release dir $2 (base $1) into the
# image, write the boot load order, and build modules.dep.
install_stock_modules() {
	local base=$1 modules=$2 stage=$3 release=${2##*/} name file
	local target=$3/lib/modules/${2##*/}
	shift 3

	need_packages kmod xz-utils zstd
	[ -f "$modules/modules.dep" ] || depmod -b "$base" "$release"
	mkdir -p "$target"
	cp "$modules"/modules.builtin* "$modules/modules.order" "$target/" \
		2>/dev/null || true
	for name in "$@"; do
		module_closure "$base" "$modules" "$name"
	done | awk '!seen[$0]++' | while read -r file; do
		copy_module "$modules" "$target" "$file"
		strip_compression "$file" >>"$stage/etc/linkauth/modules"
	done
	depmod -b "$stage" "$release"
}

# Print the modules that module file $1 depends on, except those among
# the modules under test $2...
module_depends() {
	local name file

	for name in $(modinfo -F depends "$1" | tr ',' ' '); do
		for file in "${@:2}"; do
			[ "$(basename "${file%.ko}" | tr - _)" = "$(echo "$name" | tr - _)" ] &&
				continue 2
		done
		echo "$name"
	done
}

# Copy SRC[:DEST] pair $2 into the image.
install_extra() {
	local stage=$1 source=${2%%:*} dest

	dest=${2#"$source"}
	dest=${dest#:}
	[ -n "$dest" ] || dest=/linkauth/$(basename "$source")
	[ -e "$source" ] || die "file $source not found"
	mkdir -p "$stage$(dirname "$dest")"
	cp -rL "$source" "$stage$dest"
}

pack() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
		gzip -1 >"$2"
}

main() {
	local kernel='' output='' scenario='' modules=() extras=() stock=()
	local stage option KERNEL KDIR MODULES RELEASE file

	while getopts k:o:s:m:f:M: option; do
		case $option in
		k) kernel=$OPTARG ;;
		o) output=$OPTARG ;;
		s) scenario=$OPTARG ;;
		m) modules+=("$OPTARG") ;;
		f) extras+=("$OPTARG") ;;
		M) stock+=("$OPTARG") ;;
		*) usage ;;
		esac
	done
	[ -n "$kernel" ] && [ -n "$output" ] && [ -n "$scenario" ] || usage
	[ -f "$scenario" ] || die "scenario $scenario not found"
	eval "$("$QEMU_DIR/kernels.sh" paths "$kernel")"

	stage=$(mktemp -d)
	# mktemp makes the directory 0700; the guest's root must be 0755 so
	# that programs run as other users can load their libraries.
	chmod 755 "$stage"
	# The trap runs after main returns, so it cannot use the local name.
	trap "rm -rf '$stage'" EXIT
	make_skeleton "$stage"
	install_busybox "$stage"
	install_programs "$stage"

	for file in "${modules[@]}"; do
		[ -f "$file" ] || die "module $file not found"
		cp "$file" "$stage/linkauth/modules/"
	done
	for file in "${modules[@]}"; do
		stock+=($(module_depends "$file" "${modules[@]}"))
	done
	install_stock_modules "${MODULES%/lib/modules/*}" "$MODULES" "$stage" \
		$STOCK_MODULES "${stock[@]}"

	for file in "${extras[@]}"; do
		install_extra "$stage" "$file"
	done
	cp "$QEMU_DIR/guest-init.sh" "$stage/init"
	cp "$QEMU_DIR/guest-lib.sh" "$stage/linkauth/lib.sh"
	cp "$scenario" "$stage/linkauth/scenario"
	chmod 755 "$stage/init" "$stage/linkauth/scenario"
	pack "$stage" "$output"
}

main "$@"
