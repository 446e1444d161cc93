#!/bin/bash
# Fetch or build the kernels that the QEMU tests boot, into a cache
# outside the tree (LINKAUTH_CACHE, default ~/.cache/linkauth).
#
#   kernels.sh fetch NAME...   download or build the named kernels
#   kernels.sh paths NAME      print KERNEL=, KDIR=, MODULES=, RELEASE=
#   kernels.sh list            print the known names
#
# Names:
#   debian-6.1   newest Debian linux-image-6.1.0-*-amd64 with its headers
#   debian-6.12  newest Debian linux-image-6.12.*+deb12-amd64 (bookworm-
#                security) with its headers
#   debug        Debian's linux-source-6.12 built from tinyconfig plus
#                qemu/debug.config (KASAN, UBSAN, lockdep, kmemleak, KUnit)
#
# KDIR is a tree for "make -C $KDIR M=... modules", KERNEL the image for
# qemu -kernel, and MODULES the kernel's /lib/modules/RELEASE tree.
# "paths" prints shell assignments, so callers can eval its output.
set -eu

. "$(dirname "$0")/lib.sh"

KERNEL_NAMES="debian-6.1 debian-6.12 debug"
JOBS=${JOBS:-$(nproc)}

usage() {
	sed -n '2,19s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# Print the newest package name matching the extended regex $1.
newest_package() {
	apt-cache pkgnames linux-image- | grep -E "^$1\$" | sort -V | tail -n 1
}

# Download package $1 at version $2 into the .deb cache and unpack it
# into directory $3.
unpack_package() {
	local debs=$LINKAUTH_CACHE/debs deb

	mkdir -p "$debs"
	deb=$(ls "$debs/$1_"*"_amd64.deb" 2>/dev/null | grep -F "_${2/:/%3a}_" ||
		true)
	if [ -z "$deb" ]; then
		(cd "$debs" && apt-get download -q "$1=$2" >&2)
		deb=$(ls "$debs/$1_"*"_amd64.deb" "$debs/$1_"*"_all.deb" \
			2>/dev/null | grep -F "_${2/:/%3a}_" | head -n 1)
	fi
	[ -f "$deb" ] || die "download of $1=$2 failed"
	dpkg -x "$deb" "$3"
}

# Make the unpacked headers usable in place. The arch Makefile includes
# the common tree by its absolute /usr/src path, and links may be
# absolute, so both are pointed into the unpacked root $1.
fix_headers() {
	local root=$1 link target

	sed -i "s|^include /usr/src/|include $root/usr/src/|" \
		"$root"/usr/src/linux-headers-*/Makefile
	find "$root" -type l -lname '/*' | while read -r link; do
		target=$(readlink "$link")
		ln -sfn "$root$target" "$link"
	done
}

# Fetch Debian kernel $1 whose image package matches the regex $2.
fetch_debian() {
	local name=$1 image release version dir root headers kbuild

	need_packages apt dpkg
	image=$(newest_package "$2")
	[ -n "$image" ] || die "no package matches $2. Run apt-get update."
	release=${image#linux-image-}
	release=${release%-unsigned}
	version=$(apt-cache show "$image" | sed -n 's/^Version: //p' |
		sort -V | tail -n 1)
	dir=$LINKAUTH_CACHE/$name/$release
	root=$dir/root
	if [ -f "$dir/paths" ]; then
		log "$name: $release already in $dir"
		cp "$dir/paths" "$LINKAUTH_CACHE/$name.paths"
		return 0
	fi

	log "$name: fetching $image $version"
	rm -rf "$dir"
	mkdir -p "$root"
	unpack_package "$image" "$version" "$root"
	unpack_package "linux-headers-$release" "$version" "$root"
	headers=$(apt-cache show "linux-headers-$release=$version" |
		sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed -n 's/^ *\(linux-headers-[^ ]*-common\).*/\1/p' | head -n 1)
	kbuild=$(apt-cache show "linux-headers-$release=$version" |
		sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed -n 's/^ *\(linux-kbuild-[^ ]*\).*/\1/p' | head -n 1)
	[ -n "$headers" ] && [ -n "$kbuild" ] ||
		die "linux-headers-$release $version depends on no -common or linux-kbuild package"
	unpack_package "$headers" "$version" "$root"
	unpack_package "$kbuild" "$version" "$root"
	fix_headers "$root"
	write_debian_paths "$dir" "$release"
	cp "$dir/paths" "$LINKAUTH_CACHE/$name.paths"
}

# Record where the image, headers and modules of release $2 are.
write_debian_paths() {
	local dir=$1 release=$2 root=$1/root modules

	modules=$root/lib/modules/$release
	[ -d "$modules" ] || modules=$root/usr/lib/modules/$release
	[ -d "$modules" ] || die "no modules directory for $release in $root"
	[ -f "$root/boot/vmlinuz-$release" ] || die "no vmlinuz-$release in $root"
	cat >"$dir/paths" <<-END
		RELEASE=$release
		KERNEL=$root/boot/vmlinuz-$release
		KDIR=$root/usr/src/linux-headers-$release
		MODULES=$modules
	END
}

# Unpack Debian's linux-source-6.12 tarball once per package version and
# print the source directory.
debug_source() {
	local version src

	version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	src=$LINKAUTH_CACHE/src/linux-source-$version
	if [ ! -f "$src/Makefile" ]; then
		log "debug: unpacking linux-source-6.12 $version"
		rm -rf "$src"
		mkdir -p "$src"
		tar -xf /usr/src/linux-source-6.12.tar.xz -C "$src" \
			--strip-components=1
	fi
	echo "$src"
}

# Fail, listing them, when options set in fragment $1 are not set the
# same way in config $2 (Kconfig drops an option whose dependencies are
# missing without saying so).
check_config() {
	local fragment=$1 config=$2 line name lost=0

	while read -r line; do
		case $line in
		CONFIG_*=*) ;;
		"# CONFIG_"*" is not set") ;;
		*) continue ;;
		esac
		name=${line#\# }
		name=${name%%[= ]*}
		if ! grep -qxF "$line" "$config"; then
			log "debug: $name: requested '$line', got '$(grep -E "^(# )?$name[= ]" "$config" || echo unset)'"
			lost=1
		fi
	done <"$fragment"
	[ "$lost" -eq 0 ] || die "debug: the options listed above are not set as debug.config requests"
}

# Configure and build the debug kernel from source $1 into $2/build, and
# install its modules (and modules.builtin) into $2/root.
build_debug() {
	local src=$1 build=$2/build build_log=$2/build.log kmake

	kmake="make -C $src O=$build ARCH=x86_64 -j$JOBS"
	mkdir -p "$build"
	$kmake tinyconfig >"$build_log" 2>&1
	"$src/scripts/kconfig/merge_config.sh" -m -O "$build" \
		"$build/.config" "$QEMU_DIR/debug.config" >>"$build_log" 2>&1
	$kmake olddefconfig >>"$build_log" 2>&1
	check_config "$QEMU_DIR/debug.config" "$build/.config"

	log "debug: building in $build (log: $build_log)"
	$kmake bzImage modules >>"$build_log" 2>&1 ||
		die "debug: build failed. See $build_log"
	$kmake INSTALL_MOD_PATH="$2/root" modules_install >>"$build_log" 2>&1
}

# Build the debug kernel, cached by source version and fragment hash.
fetch_debug() {
	local src hash dir release modules

	need_packages linux-source-6.12 build-essential bc bison flex \
		libelf-dev libssl-dev dwarves kmod xz-utils
	src=$(debug_source)
	hash=$(sha256sum "$QEMU_DIR/debug.config" | cut -c1-12)
	dir=$LINKAUTH_CACHE/debug/${src##*/linux-source-}-$hash
	if [ ! -f "$dir/paths" ]; then
		rm -rf "$dir"
		build_debug "$src" "$dir"
		release=$(cat "$dir/build/include/config/kernel.release")
		modules=$dir/root/lib/modules/$release
		[ -f "$dir/build/Module.symvers" ] ||
			die "debug: no Module.symvers in $dir/build"
		cat >"$dir/paths" <<-END
			RELEASE=$release
			KERNEL=$dir/build/arch/x86/boot/bzImage
			KDIR=$dir/build
			MODULES=$modules
		END
	fi
	cp "$dir/paths" "$LINKAUTH_CACHE/debug.paths"
	log "debug: ready in $dir"
}

fetch_one() {
	case $1 in
	debian-6.1)
		fetch_debian debian-6.1 'linux-image-6\.1\.0-[0-9]+-amd64-unsigned' ;;
	debian-6.12)
		fetch_debian debian-6.12 'linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned' ;;
	debug)
		fetch_debug ;;
	*)
		die "unknown kernel '$1' (known: $KERNEL_NAMES)" ;;
	esac
}

print_paths() {
	local file=$LINKAUTH_CACHE/$1.paths

	case " $KERNEL_NAMES " in
	*" $1 "*) ;;
	*) die "unknown kernel '$1' (known: $KERNEL_NAMES)" ;;
	esac
	[ -f "$file" ] || die "kernel '$1' is not fetched. Run: $0 fetch $1"
	cat "$file"
}

main() {
	local name

	[ $# -ge 1 ] || usage
	case $1 in
	fetch)
		shift
		[ $# -ge 1 ] || usage
		for name in "$@"; do
			fetch_one "$name"
		done ;;
	paths)
		[ $# -eq 2 ] || usage
		print_paths "$2" ;;
	list)
		echo "$KERNEL_NAMES" | tr ' ' '\n' ;;
	*)
		usage ;;
	esac
}

main "$@"
