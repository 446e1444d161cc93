# Shared helpers for the qemu/ scripts. Sourcing it defines functions and
# the cache location and runs nothing else.

LINKAUTH_CACHE=${LINKAUTH_CACHE:-$HOME/.cache/linkauth}
QEMU_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() {
	echo "[${0##*/}] $*" >&2
}

die() {
	log "error: $*"
	exit 1
}

# Install the Debian packages from the argument list that are missing.
# Runs "apt-get update" first, and only when something is missing.
need_packages() {
	local missing=() pkg

	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] ||
		die "packages ${missing[*]} are missing. Run as root to install them."
	log "installing ${missing[*]}"
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2
}
