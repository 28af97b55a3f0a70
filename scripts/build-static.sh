#!/usr/bin/env bash
# Builds csx with the Swift runtime linked in (--static-swift-stdlib, release), so a board that
# runs glibc needs no Swift toolchain, then shows what the binary still needs from the system
# (ldd) and how big it is. Fails if it needs anything beyond the C library, ncurses and the
# C++ runtime and libm that the Swift runtime itself is built on.
#
#   scripts/build-static.sh            # x86_64 (or whatever this machine is)
#   CSX_STATIC_BUILD=.build-static scripts/build-static.sh
#
# Cross-building for an aarch64 board is described in the README (it needs an aarch64 Swift
# SDK, which this script does not fetch).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${CSX_STATIC_BUILD:-.build-static}
swift build -c release --product csx --static-swift-stdlib --scratch-path "$scratch" >&2
binary=$(swift build -c release --product csx --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/csx
stripped="$scratch/csx-stripped"
strip -o "$stripped" "$binary"

echo "binary: $binary"
echo "size: $(stat -c %s "$binary") bytes ($(( $(stat -c %s "$binary") / 1048576 )) MiB); stripped: $(stat -c %s "$stripped") bytes ($(( $(stat -c %s "$stripped") / 1048576 )) MiB)"
echo "ldd:"
ldd "$binary" | sed 's/^/  /'

# What a glibc system has anyway: the C library and its parts, the dynamic loader, ncurses
# (the TUI), and the C++ runtime, libm and libgcc_s, which the static Swift runtime is built on.
allowed='^(linux-vdso\.so|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so|libutil\.so|ld-linux[-a-z0-9_]*\.so|libncursesw?\.so|libtinfo\.so|libstdc\+\+\.so|libgcc_s\.so)'
extra=$(ldd "$binary" | awk '{print $1}' | sed 's|.*/||' | grep -Ev "$allowed" || true)
if [[ -n $extra ]]; then
    echo "needs more than libc, ncurses and the C++ runtime: $extra" >&2
    exit 1
fi
if ldd "$binary" | grep -q 'libswift'; then
    echo "still links a Swift runtime library dynamically" >&2
    exit 1
fi
"$binary" --version >/dev/null
echo "ok: needs only the C library, ncurses and the C++ runtime"
