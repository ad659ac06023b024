#!/usr/bin/env bash
# Benchmarks building one ~200 MB layer from a directory: `gantry image create --layer DIR:/data`
# (tar, parallel gzip level 6, both digests, an OCI layout written) against, in the same run,
# `tar -czf` of the same directory (GNU tar piping to single-threaded gzip -6: the issue's
# reference) and, when installed, `tar -I pigz` (parallel gzip, the floor on this machine).
# Goal (issue 8): gantry <= 1.2x tar -czf.
# Then the cached-rebuild figure: `gantry build` of a Containerfile that COPYs the input's lib/
# half, then one small source file; the source file changes; the rebuild must take only the
# last layer from scratch (the step prints CACHED for the other).
#
#   bench/build.sh [--rebuild]
#
#   --rebuild   copy the input tree again (otherwise the one in $BENCH_DIR is reused)
#
# The input is ~200 MB of real files of this machine (half from /usr/lib/x86_64-linux-gnu,
# half from /usr/share, first files in name order), on tmpfs, as are the outputs, so disk
# noise stays out. Gantry's time includes JVM start-up. Rounds are interleaved; medians are
# reported with the machine's load (other helpers share its 2 cores).
#
# Environment:
#   BENCH_DIR         input tree and outputs (default /dev/shm/gantry-bench-build)
#   SIZE_MB           input size (default 200)
#   RUNS              timed rounds (default 3)
#   GANTRY_JAVA_OPTS  JVM options for gantry (default -Xmx256m)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/dev/shm/gantry-bench-build}"
SIZE_MB="${SIZE_MB:-200}"
RUNS="${RUNS:-3}"
export GANTRY_JAVA_OPTS="${GANTRY_JAVA_OPTS:--Xmx256m}"
rebuild=0
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=1 ;;
        -h|--help) bench_help ;;
        *) bench_unknown_argument "$arg" ;;
    esac
done

bench_absolute_dir BENCH_DIR "$BENCH_DIR"
for tool in tar gzip python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (apt-get install -y $tool)"
done

input="$BENCH_DIR/input"
out="$BENCH_DIR/out"

# Copies the first $2 bytes' worth of regular files (name order) of $1 into $3, keeping paths.
# Files with several links are skipped: Mesa's drivers are one 25 MB file under many names.
copy_first() {
    local from="$1" limit="$2" to="$3" list="$BENCH_DIR/list"
    (cd "$from" && find . -type f -links 1 -printf '%s\t%P\n') | sort -t $'\t' -k2 >"$list"
    # awk reads the whole list (no early exit: pipefail would see sort's SIGPIPE)
    awk -F '\t' -v limit="$limit" '{ if (total + $1 <= limit) { total += $1; print $2 } }' "$list" >"$list.take"
    tar -C "$from" -cf - --no-recursion -T "$list.take" | tar -C "$to" -xf -
    rm -f "$list" "$list.take"
}

if [ "$rebuild" = 1 ] || [ ! -d "$input" ]; then
    say "copying ~${SIZE_MB} MB of real files into $input (once; --rebuild to redo)"
    rm -rf "$BENCH_DIR"
    mkdir -p "$input/lib" "$input/share"
    half=$(( SIZE_MB * 1000000 / 2 ))
    copy_first /usr/lib/x86_64-linux-gnu "$half" "$input/lib"
    copy_first /usr/share "$half" "$input/share"
fi
bytes=$(du -sb --apparent-size "$input" | cut -f1)
files=$(find "$input" -type f | wc -l)
info "input: $bytes bytes in $files files"

say "warming up gantry (builds the CLI when sources changed)"
"$root/gantry" --version >/dev/null


run_tar() { rm -f "$out/ref.tar.gz"; tar -C "$input" -czf "$out/ref.tar.gz" .; }
run_pigz() { rm -f "$out/pigz.tar.gz"; tar -C "$input" -I pigz -cf "$out/pigz.tar.gz" .; }
run_gantry() {
    rm -rf "$out/layout" "$out/tmp"
    "$root/gantry" image create --layer "$input:/data" --tmp "$out/tmp" -o "oci:$out/layout:bench" >/dev/null
}

tools=(tar gantry)
command -v pigz >/dev/null 2>&1 && tools+=(pigz)
declare -A times cpus
mkdir -p "$out"
say "timing ${RUNS} interleaved rounds: ${tools[*]}"
TIMEFORMAT='%R %U %S'
for ((r = 1; r <= RUNS; r++)); do
    for t in "${tools[@]}"; do
        sync
        { time "run_$t" ; } 2>"$out/time"
        read -r wall user sys <"$out/time"
        cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
        times[$t]+="$wall "
        cpus[$t]+="$cpu "
        info "round $r  $t  wall ${wall}s  cpu ${cpu}s"
    done
done

say "results (median of $RUNS; MB = 10^6 bytes of input; cpu = user + sys of the process tree)"
tar_wall=$(median ${times[tar]})
tar_cpu=$(median ${cpus[tar]})
for t in "${tools[@]}"; do
    w=$(median ${times[$t]})
    c=$(median ${cpus[$t]})
    python3 -c "print(f'   {\"$t\":8s} wall {$w:7.2f}s  {$bytes / 1e6 / $w:6.1f} MB/s  {$w / $tar_wall:.2f}x tar -czf   cpu {$c:6.2f}s  {$c / $tar_cpu:.2f}x')"
done
gz_size=$(stat -c %s "$out/ref.tar.gz")
layer=$(find "$out/layout/blobs/sha256" -type f -size +1M | head -1)
info "compressed: tar -czf $gz_size bytes, gantry layer $(stat -c %s "$layer") bytes"
info "load: $(uptime | sed 's/.*load average/load average/')   cores: $(nproc)"
info "with other work on the machine, wall ratios follow cpu ratios: parallel gzip only helps wall time when a core is idle"

say "cached rebuild: COPY lib/ (~$((SIZE_MB / 2)) MB) then COPY one source file; the file changes"
ctx="$BENCH_DIR/context"
rm -rf "$ctx" "$out/cache" "$out/built"
mkdir -p "$ctx"
cp -a "$input/lib" "$ctx/lib"
echo 'console.log(1)' >"$ctx/main.js"
printf 'FROM scratch\nCOPY lib/ /usr/lib/\nCOPY main.js /app/\n' >"$ctx/Containerfile"
build() { "$root/gantry" build "$ctx" -t "oci:$out/built:$1" --cache-dir "$out/cache" --root "$out/store"; }
{ time build cold >"$out/cold.txt" ; } 2>"$out/time"
read -r cold_wall _ <"$out/time"
echo 'console.log(2)' >"$ctx/main.js"
{ time build warm >"$out/warm.txt" ; } 2>"$out/time"
read -r warm_wall _ <"$out/time"
info "cold build  ${cold_wall}s: $(tail -1 "$out/cold.txt")"
info "rebuild     ${warm_wall}s: $(tail -1 "$out/warm.txt")"
grep 'STEP' "$out/warm.txt" | sed 's/^/      /'
info "load: $(uptime | sed 's/.*load average/load average/')"
