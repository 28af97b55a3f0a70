#!/usr/bin/env bash
# Spin on models/ring-race.pml: the figures beside `csx explore-bench --family ring` (issue 14).
#
#   scripts/spin-ring.sh N legacy|fixed
#
# Runs spin -a, gcc and pan in a scratch directory and prints one line:
#   ring-N VARIANT: verdict V, S states, T transitions, W s wall, C s CPU (compile included), M MB peak resident
# Wall and CPU (user + system) seconds are summed over spin, gcc and pan; on a loaded machine the
# CPU seconds are the steadier figure. "peak resident" is the largest resident set of the three
# (GNU time's %M, in practice pan's); pan's own "total actual memory usage" is printed beside it.
#
# Options (environment): PAN_CFLAGS (default: -O2 -DSAFETY -DMEMLIM=8192; add -DCOLLAPSE or
# -DHC4 to trade time for memory), PAN_FLAGS (default: -m100000), KEEP=1 keeps the directory.
set -euo pipefail

usage() { echo "usage: $0 N legacy|fixed   (N = 2...16)" >&2; exit 2; }
[ $# -eq 2 ] || usage
n=$1 variant=$2
[[ "$n" =~ ^[0-9]{1,2}$ ]] && [ "$n" -ge 2 ] && [ "$n" -le 16 ] || usage
case "$variant" in
legacy) defines=(-DNCPU="$n") ;;
fixed) defines=(-DNCPU="$n" -DFIXED) ;;
*) usage ;;
esac
for tool in spin gcc; do
    command -v "$tool" >/dev/null || { echo "$0: $tool is not installed" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "$0: /usr/bin/time (GNU time) is not installed" >&2; exit 2; }

model=$(cd "$(dirname "$0")/.." && pwd)/models/ring-race.pml
work=$(mktemp -d "${TMPDIR:-/tmp}/spin-ring-$n-$variant.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
cd "$work"
read -r -a cflags <<<"${PAN_CFLAGS:--O2 -DSAFETY -DMEMLIM=8192}"
read -r -a panflags <<<"${PAN_FLAGS:--m100000}"

# Each step under GNU time: wall seconds, user and system CPU seconds, peak resident kB.
timed() { /usr/bin/time -a -o time.out -f 'step %e %U %S %M' "$@"; }
timed spin "${defines[@]}" -a "$model" >spin.out 2>&1 || { cat spin.out >&2; exit 2; }
timed gcc -w "${cflags[@]}" -o pan pan.c >gcc.out 2>&1 || { cat gcc.out >&2; exit 2; }
timed ./pan "${panflags[@]}" >pan.out 2>&1 || true

errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' pan.out | head -1)
[ -n "$errors" ] || { echo "$0: pan printed no error count:" >&2; cat pan.out >&2; exit 2; }
if grep -q "out of memory\|reached -DMEMLIM" pan.out; then
    verdict="none (out of memory)"
elif [ "$errors" -gt 0 ]; then
    grep -q "assertion violated" pan.out || { echo "$0: pan found errors that are not assertion violations:" >&2; cat pan.out >&2; exit 2; }
    verdict=violation
else
    verdict=ok
fi
states=$(sed -n 's/^ *\([0-9e.+]*\) states, stored.*/\1/p' pan.out | head -1)
transitions=$(sed -n 's/^ *\([0-9e.+]*\) transitions.*/\1/p' pan.out | head -1)
panmemory=$(sed -n 's/^ *\([0-9.]*\)[[:space:]]*total actual memory usage.*/\1/p' pan.out | head -1)
read -r wall cpu maxrss < <(awk '/^step/ { wall += $2; cpu += $3 + $4; if ($5 > rss) rss = $5 }
    END { printf "%.1f %.1f %d\n", wall, cpu, rss }' time.out)
printf 'ring-%s %s: verdict %s, %s states, %s transitions, %s s wall, %s s CPU (compile included), %d MB peak resident (pan: %s MB)\n' \
    "$n" "$variant" "$verdict" "$states" "$transitions" "$wall" "$cpu" "$((maxrss / 1024))" "${panmemory:-?}"
