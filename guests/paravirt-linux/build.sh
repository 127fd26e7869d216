#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# build.sh: Tessera's paravirtualized Linux, built from Debian's packages (README.md).
#
#   build.sh kernel WORK IMAGE       Linux from linux-source-6.1 with linux.config and
#                                    drivers/, cross-built in WORK; the Image to IMAGE
#   build.sh initramfs WORK CPIO     busybox from Debian's arm64 busybox-static,
#                                    initramfs/, tessera-call and tessera-bench (after
#                                    the kernel: they use its uapi headers), a newc
#                                    archive at CPIO
#
# Everything is cached in WORK (build/linux): the source is unpacked once per tarball,
# the configuration made again only when linux.config changes, and Linux's own make
# rebuilds only what changed. busybox comes through a private apt state in WORK/apt,
# so the system's apt configuration (its architectures, lists) is left as it is.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TARBALL=${TESSERA_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
CROSS=aarch64-linux-gnu-
JOBS=${TESSERA_JOBS:-$(nproc)}

say() { printf 'linux: %s\n' "$*"; }
die() { printf 'linux: error: %s\n' "$*" >&2; exit 1; }

# unpack WORK: sets SRC to the unpacked tree (again only if the tarball changed) with
# Tessera's drivers hooked in.
unpack() {
	local work=$1 stamp
	stamp="$(stat -c '%n %s %Y' "$TARBALL" 2>/dev/null)" ||
		die "$TARBALL not found: install Debian's linux-source-6.1 (./tessera does)"
	SRC=$work/src/$(basename "$TARBALL" .tar.xz)
	if [ "$(cat "$work/src/.stamp" 2>/dev/null)" != "$stamp" ]; then
		say "unpacking $TARBALL"
		rm -rf "$work/src"
		mkdir -p "$work/src"
		tar -xf "$TARBALL" -C "$work/src"
		[ -f "$SRC/Makefile" ] || die "$TARBALL did not unpack to $SRC"
		echo "$stamp" >"$work/src/.stamp"
	fi
	hook "$SRC" # also when this checkout moved: the links follow it
}

# hook SRC: the only changes to Linux's tree: drivers/tessera (our drivers),
# drivers/tessera-abi (Tessera's headers: hypercalls, rings, the block driver's client
# interface) and a line in drivers/Kconfig and
# drivers/Makefile each. Each step is done only if it is not done yet.
hook() {
	local src=$1
	ln -sfn "$HERE/drivers" "$src/drivers/tessera"
	mkdir -p "$src/drivers/tessera-abi"
	ln -sfn "$REPO/libs/guest/include" "$src/drivers/tessera-abi/guest"
	ln -sfn "$REPO/libs/libtessera/include" "$src/drivers/tessera-abi/libtessera"
	ln -sfn "$REPO/userland/drivers/virtio_blk/include" "$src/drivers/tessera-abi/virtio_blk"
	ln -sfn "$REPO/userland/drivers/virtio_net/include" "$src/drivers/tessera-abi/virtio_net"
	# drivers/Kconfig ends with "endmenu": source ours just before it.
	if ! grep -q 'drivers/tessera/Kconfig' "$src/drivers/Kconfig"; then
		sed -i '$s|^endmenu$|source "drivers/tessera/Kconfig"\n\nendmenu|' "$src/drivers/Kconfig"
		grep -q 'drivers/tessera/Kconfig' "$src/drivers/Kconfig" ||
			die "could not hook drivers/Kconfig"
	fi
	grep -q 'tessera/$' "$src/drivers/Makefile" ||
		echo 'obj-$(CONFIG_TESSERA_GUEST)	+= tessera/' >>"$src/drivers/Makefile"
}

# Linux's make, out of tree in OBJ; the version line names no user or host of this
# machine.
kmake() {
	KBUILD_BUILD_USER=tessera KBUILD_BUILD_HOST=build \
		make -C "$SRC" O="$OBJ" ARCH=arm64 CROSS_COMPILE=$CROSS --no-print-directory "$@"
}

# configure: tinyconfig plus linux.config, again only when linux.config changed; every
# option linux.config sets must survive (a typo or a missing dependency is an error).
configure() {
	local fragment=$HERE/linux.config
	if cmp -s "$fragment" "$OBJ/tessera.config" && [ -f "$OBJ/.config" ]; then
		return
	fi
	say "configuring (tinyconfig + $(basename "$fragment"))"
	mkdir -p "$OBJ"
	kmake -s tinyconfig >/dev/null
	KCONFIG_CONFIG=$OBJ/.config "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" \
		"$OBJ/.config" "$fragment" >"$OBJ/merge_config.log" 2>&1 ||
		die "merge_config.sh failed: $OBJ/merge_config.log"
	kmake -s olddefconfig >>"$OBJ/merge_config.log" 2>&1 || die "olddefconfig failed: $OBJ/merge_config.log"
	local missing
	missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment" | while read -r line; do
		grep -qx "$line" "$OBJ/.config" || echo "$line"
	done; sed -n 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1/p' "$fragment" | while read -r name; do
		if grep -q "^$name=" "$OBJ/.config"; then echo "# $name is not set"; fi
	done)
	[ -z "$missing" ] || die "options that did not survive the configuration: $missing"
	cp "$fragment" "$OBJ/tessera.config"
}

# progress: one line per 200 files that Linux's make built, and its warnings and errors.
progress() {
	awk '/^  [A-Z]/ { n++; if (n % 200 == 0) { printf "linux: %d files built (%s)\n", n, $2; fflush() }; next }
	     { print; fflush() }
	     END { if (n) printf "linux: %d files built\n", n }'
}

cmd_kernel() {
	local work=$1 image=$2 start=$SECONDS
	unpack "$work"
	OBJ=$work/obj
	configure
	say "building the Image with $JOBS jobs (a first build takes about 10 minutes on 2 cores)"
	set -o pipefail
	kmake -j"$JOBS" Image headers 2>&1 | progress # headers: usr/include, for tessera-call
	cp "$OBJ/arch/arm64/boot/Image" "$image"
	say "$(basename "$image"): $(stat -c %s "$image") bytes, $((SECONDS - start)) s"
}

# fetch_busybox WORK: sets BUSYBOX to the static arm64 busybox from Debian's package,
# downloaded once through a private apt state under WORK/apt.
fetch_busybox() {
	local apt=$1/apt deb
	BUSYBOX=$apt/root/bin/busybox
	[ -x "$BUSYBOX" ] && return
	mkdir -p "$apt/state/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
	: >"$apt/state/status"
	local opts=(-q -o Dir::State="$apt/state" -o Dir::State::status="$apt/state/status"
		-o Dir::Cache="$apt/cache" -o APT::Architecture=arm64
		-o APT::Architectures::=arm64 -o Debug::NoLocking=1
		-o APT::Sandbox::User="$(id -un)")
	say "fetching busybox-static:arm64 (private apt state in $apt)"
	apt-get "${opts[@]}" update >/dev/null || die "apt-get update failed (network?)"
	(cd "$apt/debs" && apt-get "${opts[@]}" download busybox-static:arm64) >/dev/null ||
		die "apt-get download busybox-static:arm64 failed"
	deb=$(ls "$apt"/debs/busybox-static_*_arm64.deb | head -n 1)
	rm -rf "$apt/root"
	dpkg-deb -x "$deb" "$apt/root"
	[ -x "$BUSYBOX" ] || die "$deb has no bin/busybox"
}

cmd_initramfs() {
	local work=$1 cpio=$2
	unpack "$work"
	fetch_busybox "$work"
	local gen=$work/gen_init_cpio
	if [ ! -x "$gen" ] || [ "$SRC/usr/gen_init_cpio.c" -nt "$gen" ]; then
		gcc -O2 -o "$gen" "$SRC/usr/gen_init_cpio.c"
	fi
	# tessera-call and tessera-bench, without a C library: Linux's uapi headers from the
	# kernel's build (make headers).
	local obj=$work/obj tool
	[ -d "$obj/usr/include/linux" ] || die "build the kernel first"
	for tool in tessera-call tessera-bench; do
		${CROSS}gcc -O2 -Wall -Wextra -Werror -static -nostdlib -ffreestanding -fno-pie -no-pie \
			-fno-stack-protector -I"$HERE/drivers" -I"$obj/usr/include" \
			-o "$work/$tool" "$HERE/initramfs/$tool.c"
	done
	# The list file names files by absolute path; its template says what goes where.
	sed -e "s|@BUSYBOX@|$BUSYBOX|" -e "s|@INITRAMFS@|$HERE/initramfs|" -e "s|@TOOLS@|$work|" \
		"$HERE/initramfs/files.list" >"$work/initramfs.list"
	"$gen" "$work/initramfs.list" >"$cpio.tmp"
	mv "$cpio.tmp" "$cpio"
	say "$(basename "$cpio"): $(stat -c %s "$cpio") bytes"
}

# WORK and the outputs as absolute paths: Linux's make runs in the source tree.
absolute() { mkdir -p "$(dirname "$1")" && echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

case "${1:-}" in
kernel) [ $# -eq 3 ] || die "usage: build.sh kernel WORK IMAGE"; mkdir -p "$2"; cmd_kernel "$(absolute "$2")" "$(absolute "$3")" ;;
initramfs) [ $# -eq 3 ] || die "usage: build.sh initramfs WORK CPIO"; mkdir -p "$2"; cmd_initramfs "$(absolute "$2")" "$(absolute "$3")" ;;
*) die "usage: build.sh kernel|initramfs WORK OUT" ;;
esac
