#!/usr/bin/env bash
# Regenerates the README's screenshots from the same screen buffer the terminal shows:
# csx screenshot writes SVG, rsvg-convert (Debian's librsvg2-bin) turns it into PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
csx=${CSX:-.build/debug/csx}
[[ -x $csx ]] || swift build --product csx
out=screenshots
mkdir -p "$out"
race="run cpu0; run cpu1; idle cpu1; run cpu1"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
shot() {  # name, then csx screenshot arguments
    local name=$1; shift
    "$csx" screenshot "$@" --svg "$out/$name.svg" --png "$out/$name.png"
    echo "$out/$name.png"
}
shot tui-start
shot tui-legacy-violation --variant legacy --actions "$race"
# `v` after the race: the same actions on the next kernel, v6.18.2 (the fix), with the first
# step where the two runs differ marked (◆ on the axis, the inspector, the footer).
shot tui-fixed-same-point --variant legacy --actions "$race" --keys "v"
# Juno's own default, pm_save_enable never: the same stale read is a note (the cursor on it).
sed 's/^pm-save: self-hosted/pm-save: never/' Resources/scenarios/claim-failure-vs-idle.yaml > "$scratch/pm-save-never.yaml"
shot tui-pm-save-never-note "$scratch/pm-save-never.yaml" --actions "$race" --keys "<Tab><Tab><Left>"
# The fixed driver's hotplug window: cpu0's disable cannot reach offline cpu1.
shot tui-hotplug-fixed-violation disable-while-offline --actions "step cpu0; offline cpu1; run cpu1; run cpu0"
# v7.2's path PM: etm1's links go dark while cpu1 sleeps, and come back at CPU_PM_EXIT.
v72="cpu0 enable-sink tmc_etr0; cpu0 enable etm1; run cpu0; run cpu1; run cpu0; idle cpu1; run cpu1"
shot tui-v72-idle-path-dark --board juno-r2 --kernel v7.2 --pm-save self-hosted --actions "$v72"
shot tui-v72-idle-path-back --board juno-r2 --kernel v7.2 --pm-save self-hosted --actions "$v72; wake cpu1; run cpu1"
shot tui-help --keys "?"
shot tui-legacy-100x30 --variant legacy --actions "$race" --size 100x30
shot tui-hikey960 --board hikey960 --actions "cpu0 enable-sink tmc_etr0; cpu0 enable etm5; run cpu0; run cpu5; run cpu0; idle cpu5; run cpu5"
# The live view, on the Juno r2 fixture tree with two tracers and the ETR enabled.
trees="$scratch/trees"
python3 Tests/LiveSysfsTests/Fixtures/make-fixtures.py --trees "$trees" >/dev/null
devices="$trees/juno-r2/sys/bus/coresight/devices"
echo 1 > "$devices/tmc_etr0/enable_sink"
echo 1 > "$devices/etm1/enable_source"
echo 1 > "$devices/etm2/enable_source"
mkdir -p "$trees/juno-r2/proc/sys/kernel"
echo 6.18.1 > "$trees/juno-r2/proc/sys/kernel/osrelease"
# From inside the scratch directory, so the picture names the root as given (juno-r2/sys),
# never the scratch directory.
csx_path=$(realpath "$csx")
out_path=$(realpath "$out")
(cd "$trees" && "$csx_path" screenshot --live juno-r2/sys --svg "$out_path/tui-live-juno.svg" --png "$out_path/tui-live-juno.png")
echo "$out/tui-live-juno.png"
