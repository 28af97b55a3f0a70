#!/usr/bin/env bash
# Regenerates the README's measured figures from the current code, so they cannot drift: each
# block of README.md between `<!-- figures:NAME -->` and `<!-- /figures:NAME -->` is rewritten
# from what this machine measures now; everything outside the markers is left byte for byte.
#
#   scripts/readme-figures.sh                  every block (builds debug and release; ~15 minutes)
#   scripts/readme-figures.sh --only bench     one block (repeat --only for more)
#   scripts/readme-figures.sh --print ...      print the blocks instead of rewriting README.md
#   scripts/readme-figures.sh --list           the block names
#   --rounds N                                 benchmark rounds; a figure is the range over them (3)
#
# Needs bash and python3 only. Timings say when and where they were measured.
set -euo pipefail
cd "$(dirname "$0")/.."

# The blocks, one line each: marker name, the build it needs (debug or release), the generator
# and its arguments. Tests/EndToEndTests/ReadmeFigureTests.swift reads this list: every name
# here has its markers in README.md and the other way round.
BLOCKS=(
    "tests          debug    gen_tests"
    "bench          release  gen_bench"
    "sessions       release  gen_sessions"
    "sysfs          release  gen_sysfs db410c juno-r2 hikey960 grid-256"
    "explore-seed   release  gen_explore_bench"
    "explore-ring   release  gen_explore_bench --family ring --sizes 2...3 --unreduced-up-to 3"
)

rounds=3
only=()
print_only=false
while (($#)); do
    case $1 in
        --only) only+=("${2:?--only needs a block name}"); shift 2 ;;
        --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
        --print) print_only=true; shift ;;
        --list) for block in "${BLOCKS[@]}"; do read -r name _ <<<"$block"; echo "$name"; done; exit 0 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "readme-figures: unknown argument $1 (--help lists them)" >&2; exit 2 ;;
    esac
done
[[ $rounds =~ ^[1-9][0-9]?$ ]] || { echo "readme-figures: --rounds takes 1 to 99" >&2; exit 2; }
for name in "${only[@]}"; do
    found=false
    for block in "${BLOCKS[@]}"; do read -r known _ <<<"$block"; [[ $known == "$name" ]] && found=true; done
    $found || { echo "readme-figures: no block $name (--list names them)" >&2; exit 2; }
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
today=$(date -u +%Y-%m-%d)
cores=$(nproc)
# The load when measuring starts: figures taken beside other work say so.
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)
if [[ $load != unknown ]] && python3 -c "import sys; sys.exit(0 if float('$load') > $cores else 1)"; then
    echo "readme-figures: load average $load on $cores cores: timings will be slow, and the README will say so" >&2
fi
where="measured on $today, this machine ($cores cores, load average $load)"
release=.build/release/csx
built_debug=false
built_release=false

build() {  # debug | release
    case $1 in
        debug) $built_debug || { echo "building debug (with tests)…" >&2; swift build --build-tests >&2; built_debug=true; } ;;
        release) $built_release || { echo "building release…" >&2; swift build -c release --product csx >&2; built_release=true; } ;;
    esac
}

# Seconds as "3 min 54 s" (or "42 s").
human_seconds() { python3 -c 'import sys; s=round(float(sys.argv[1])); print(f"{s//60} min {s%60} s" if s >= 60 else f"{s} s")' "$1"; }

# The whole suite: how many tests, and how long `swift test` takes after the build.
gen_tests() {
    local log=$scratch/tests.log start end
    echo "running swift test…" >&2
    start=$(date +%s.%N)
    if ! swift test --skip-build >"$log" 2>&1; then
        echo "readme-figures: swift test failed; no figures from a failing suite (see the end of its output):" >&2
        tail -20 "$log" >&2
        exit 1
    fi
    end=$(date +%s.%N)
    local count
    count=$(python3 - "$log" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
swift_testing = re.findall(r"Test run with (\d+) tests? (?:in \d+ suites? )?passed", text)
xctest = re.findall(r"Executed (\d+) tests?, with 0 failures", text)
if not swift_testing:
    sys.exit("readme-figures: no 'Test run with N tests ... passed' line in swift test's output")
print(int(swift_testing[-1]) + (int(xctest[-1]) if xctest else 0))
EOF
)
    local took
    took=$(human_seconds "$(python3 -c "print($end - $start)")")
    echo "$count tests in $took once built, $where; a first build adds several minutes"
}

# Runs `csx ARGS` --rounds times and prints every round's output, one after another.
rounds_of() {
    local i
    for ((i = 1; i <= rounds; i++)); do "$release" "$@"; done
}

# The engine and the TUI render (csx bench, csx bench --render).
gen_bench() {
    rounds_of bench >"$scratch/engine.out"
    rounds_of bench --render >"$scratch/render.out"
    python3 - "$scratch/engine.out" "$scratch/render.out" "$where" "$rounds" <<'EOF'
import re, sys
engine, render, where, rounds = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3], sys.argv[4]
def span(values, digits):
    low, high = min(values), max(values)
    return f"{low:.{digits}f}" if f"{low:.{digits}f}" == f"{high:.{digits}f}" else f"{low:.{digits}f}–{high:.{digits}f}"
rows = {}
for board, events, rate in re.findall(r"^engine\s+(\S+)\s+\S+\s+events (on|off)\s.*=\s*([\d.]+) M steps/s", engine, re.M):
    rows.setdefault((board, events), []).append(float(rate))
frame = [float(x) for x in re.findall(r"([\d.]+) ms per full frame", render)]
cells = re.findall(r"one step rewrites (\d+) of (\d+) cells \(([\d.]+)%", render)
unchanged = [float(x) for x in re.findall(r"diff, unchanged frame:\s+([\d.]+) µs", render)]
if not rows or not frame or not cells or not unchanged:
    sys.exit("readme-figures: csx bench printed nothing this script reads")
full = int(cells[0][1])
runs = "one run" if rounds == "1" else f"the range over {rounds} runs"
print(f"`swift run -c release csx bench` and `csx bench --render`, {where}; each figure is {runs}:")
print()
print("| benchmark | figure |")
print("| --- | --- |")
for (board, events), rates in rows.items():
    print(f"| engine, `{board}`, events {events} | {span(rates, 1)} M steps/s |")
print(f"| TUI render, `grid-256`, 100k-step timeline, 160x48, full frame (`csx bench --render`; goal ≤ 1 ms) | {span(frame, 2)} ms |")
print(f"| TUI, one step in steady state: cells rewritten (goal ≤ 5% of a full repaint's {full:,}) "
      f"| {span([float(c[0]) for c in cells], 0)} cells, {span([float(c[2]) for c in cells], 1)}% (mean of 200 steps) |")
print(f"| frame diff, 160x48, unchanged frame | {span(unchanged, 0)} µs |")
EOF
}

# Session files (csx bench --sessions, 1,000,000 lines).
gen_sessions() {
    rounds_of bench --sessions >"$scratch/sessions.out"
    python3 - "$scratch/sessions.out" "$where" "$rounds" <<'EOF'
import re, sys
text, where, rounds = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
def span(values, digits):
    low, high = min(values), max(values)
    return f"{low:.{digits}f}" if f"{low:.{digits}f}" == f"{high:.{digits}f}" else f"{low:.{digits}f}–{high:.{digits}f}"
def rates(label):
    return [float(x) for x in re.findall(rf"^sessions  {re.escape(label)}\s+[\d.]+ s =\s*([\d.]+) M lines/s", text, re.M)]
size = re.search(r"^sessions  (\d+) action lines, ([\d.]+) MB file", text, re.M)
resident = [float(x) for x in re.findall(r"resident ([\d.]+) bytes/line", text)]
held = [float(x) for x in re.findall(r"arrays hold ([\d.]+) bytes/line", text)]
if "MISMATCH" in text:
    sys.exit("readme-figures: csx bench --sessions reports a MISMATCH; no figures from it")
if not size or not resident or not held or not rates("verify"):
    sys.exit("readme-figures: csx bench --sessions printed nothing this script reads")
print(f"`csx bench --sessions` (release build), {where}: a {int(size.group(1)):,}-line session "
      f"({float(size.group(2)):.0f} MB, the seed race's shape on `juno-r2`), written once, then "
      f"(each figure {'one run' if rounds == '1' else f'the range over {rounds} runs'}):")
print()
print("| benchmark | figure |")
print("| --- | --- |")
print(f"| load (streaming reader, hand-written line parser) | {span(rates('load'), 1)} M lines/s |")
print(f"| replay (re-simulation, no history kept) | {span(rates('replay'), 1)} M lines/s |")
print(f"| load + replay | {span(rates('load + replay'), 1)} M lines/s |")
print(f"| verify (re-simulate + compare every line's events) | {span(rates('verify'), 1)} M lines/s |")
print(f"| memory the loaded session holds | {span(held, 1)} bytes/line (its arrays, trimmed to their count); "
      f"the process's resident set grew {span(resident, 1)} bytes/line across the load (`/proc/self/statm`) |")
EOF
}

# One poll of each fixture tree (csx bench --sysfs, 500 polls); the tree named last is the
# goal's (grid-256). The trees come from the live tests' fixture generator.
gen_sysfs() {
    local trees=$scratch/trees tree
    python3 Tests/LiveSysfsTests/Fixtures/make-fixtures.py --trees "$trees" >/dev/null
    for tree in "$@"; do
        rounds_of bench --sysfs "$trees/$tree/sys" --polls 500 >"$scratch/sysfs-$tree.out"
    done
    python3 - "$scratch" "$where" "$rounds" "$@" <<'EOF'
import re, statistics, sys
scratch, where, rounds, trees = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def span(values, digits):
    low, high = min(values), max(values)
    return f"{low:.{digits}f}" if f"{low:.{digits}f}" == f"{high:.{digits}f}" else f"{low:.{digits}f}–{high:.{digits}f}"
rows = {}
for tree in trees:
    text = open(f"{scratch}/sysfs-{tree}.out").read()
    shape = re.search(r"(\d+) devices, (\d+) CPUs, (\d+) idle states", text)
    still = [(float(m), int(p)) for m, p in re.findall(r"counters still:\s+median ([\d.]+) ms.*?, (\d+) preads", text)]
    moving = [(float(m), int(p)) for m, p in re.findall(r"counters moving: median ([\d.]+) ms, (\d+) preads", text)]
    if not shape or not still or not moving:
        sys.exit(f"readme-figures: csx bench --sysfs printed nothing this script reads for {tree}")
    rows[tree] = (shape.groups(), still, moving)
runs = "one run" if rounds == "1" else f"the range over {rounds} runs"
goal = trees[-1]
_, still, moving = rows[goal]
print(f"Measured on {where.removeprefix('measured on ')} (release build, 500 polls; each figure {runs}). "
      f"On `{goal}`, against a goal of 2 ms per poll:")
print()
print("| benchmark | figure |")
print("| --- | --- |")
print(f"| poll, idle counters still ({still[0][1]:,} preads) | {span([m for m, _ in still], 2)} ms median |")
print(f"| poll, every idle counter moving ({moving[0][1]:,} preads: `time` too) | {span([m for m, _ in moving], 2)} ms median |")
print()
per_pread = {tree: statistics.median([m * 1000 / p for m, p in still + moving]) for tree, (_, still, moving) in rows.items()}
print(f"It grows linearly with the files a poll reads — {min(per_pread.values()):.2f}–{max(per_pread.values()):.2f} µs "
      "per `pread` on every fixture (idle counters still / moving, the median of the runs):")
print()
print("| fixture tree | devices, CPUs, idle states | poll | µs per pread |")
print("| --- | --- | --- | --- |")
for tree, (shape, still, moving) in rows.items():
    s, m = statistics.median([x for x, _ in still]), statistics.median([x for x, _ in moving])
    print(f"| `{tree}` | {', '.join(shape)} | {s:.3f} / {m:.3f} ms ({still[0][1]:,} / {moving[0][1]:,} preads) | {per_pread[tree]:.2f} |")
EOF
}

# csx explore-bench's table (its arguments pick the family), numbers grouped by thousands; each
# row the fastest of --rounds rounds (at most the 20 csx takes), its seconds the range.
gen_explore_bench() {
    local explore_rounds=$((rounds < 20 ? rounds : 20))
    "$release" explore-bench "$@" --rounds "$explore_rounds" >"$scratch/explore.out"
    python3 - "$scratch/explore.out" "$where" "$explore_rounds" <<'EOF'
import re, sys
lines, where, rounds = open(sys.argv[1]).read().splitlines(), sys.argv[2], sys.argv[3]
table = [line for line in lines if line.startswith("|")]
if len(table) < 3:
    sys.exit("readme-figures: csx explore-bench printed no table")
def grouped(cell):
    cell = cell.strip()
    return f"{int(cell):,}" if re.fullmatch(r"\d{4,}", cell) else cell
runs = "one run" if rounds == "1" else f"the fastest of {rounds} runs, seconds the range over them"
threads = next((m.group(1) for m in map(re.compile(r"^(\d+ threads?) per search").match, lines) if m), None)
if threads is None:
    sys.exit("readme-figures: csx explore-bench did not say how many threads it used")
print(f"Measured on {where.removeprefix('measured on ')} (`csx explore-bench`, release build, {threads}; each row {runs}):")
print()
print(table[0])
print(table[1])
for row in table[2:]:
    cells = row.strip("|").split("|")
    print("| " + " | ".join(grouped(cell) for cell in cells) + " |")
EOF
}

# Rewrites README.md between each generated block's markers; nothing else changes.
rewrite_readme() {  # directory holding NAME.md per block
    python3 - "$1" README.md <<'EOF'
import os, re, sys
directory, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
for file in sorted(os.listdir(directory)):
    name = file.removesuffix(".md")
    body = open(os.path.join(directory, file), encoding="utf-8").read().strip("\n")
    opening, closing = f"<!-- figures:{name} -->", f"<!-- /figures:{name} -->"
    if text.count(opening) != 1 or text.count(closing) != 1 or text.index(opening) > text.index(closing):
        sys.exit(f"readme-figures: README.md needs exactly one {opening} … {closing} pair")
    start, end = text.index(opening) + len(opening), text.index(closing)
    # A marker alone on its line holds lines (with a blank line either side, so Markdown sees
    # a table or a paragraph); one inside a sentence holds words.
    inline = not text[start:].startswith("\n")
    text = text[:start] + (body if inline else "\n\n" + body + "\n\n") + text[end:]
open(path, "w", encoding="utf-8").write(text)
EOF
}

mkdir -p "$scratch/blocks"
for block in "${BLOCKS[@]}"; do
    read -r name kind generator arguments <<<"$block"
    if ((${#only[@]})); then
        wanted=false
        for chosen in "${only[@]}"; do [[ $chosen == "$name" ]] && wanted=true; done
        $wanted || continue
    fi
    build "$kind"
    echo "measuring $name…" >&2
    # shellcheck disable=SC2086  # the arguments are words on the block's line
    "$generator" $arguments >"$scratch/blocks/$name.md"
    if $print_only; then echo "== $name"; cat "$scratch/blocks/$name.md"; fi
done
$print_only || { rewrite_readme "$scratch/blocks"; echo "README.md: rewrote $(ls "$scratch/blocks" | sed 's/\.md$//' | tr '\n' ' ')" >&2; }
