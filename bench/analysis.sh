#!/usr/bin/env bash
# Benchmarks the analysis commands on a >= 1 GiB, >= 100k-file multi-layer image against just
# inflating its layers once, with the heap capped at the issue's -Xmx256m.
#
#   bench/analysis.sh [--rebuild] [--build-only]
#
#   --rebuild     build the image again (otherwise the one in $BENCH_DIR is reused)
#   --build-only  build (or check) the image and stop
#
# The image (umoci, gzip layers, one per step): 1) /usr/lib/jvm and /usr/lib/x86_64-linux-gnu,
# 2) /usr/share plus 70,000 generated small files, 3) waste: the JDK's lib/modules rewritten, half
# the generated files rewritten, /usr/share/doc deleted (whiteouts). Measured in interleaved rounds
# (median of RUNS): `gzip -dc` of every layer to /dev/null one after another (the issue's
# yardstick), the JDK's own single-thread GZIPInputStream over the same files (bench/Reference.java),
# `gantry efficiency`, `gantry tree`, and `gantry secrets` when this build has that command.
# Peak RSS of the gantry runs comes from /usr/bin/time.
#
# Environment:
#   BENCH_DIR   work dir (default /var/tmp/gantry-bench-analysis); nothing outside it is written
#   RUNS        timed runs per figure, median reported (default 3)
#   BENCH_HEAP  JVM options for the gantry runs (default -Xmx256m)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/var/tmp/gantry-bench-analysis}"
RUNS="${RUNS:-3}"
BENCH_HEAP="${BENCH_HEAP:--Xmx256m}"
rebuild=0
build_only=0
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=1 ;;
        --build-only) build_only=1 ;;
        -h|--help) bench_help ;;
        *) bench_unknown_argument "$arg" ;;
    esac
done

bench_absolute_dir BENCH_DIR "$BENCH_DIR"
for tool in umoci gzip python3 awk find uptime; do
    command -v "$tool" >/dev/null 2>&1 || die "missing $tool (apt-get install -y umoci gzip python3 gawk findutils procps)"
done
[ -x /usr/bin/time ] || die "missing /usr/bin/time for peak RSS (apt-get install -y time)"
# shellcheck source=../scripts/find-java.sh
. "$root/scripts/find-java.sh"
gantry_find_java || exit 2
java="$JAVA_HOME/bin/java"

mkdir -p "$BENCH_DIR"
oci="$BENCH_DIR/oci"
bundle="$BENCH_DIR/bundle"
marker="$BENCH_DIR/image.done"
logs="$BENCH_DIR/logs"
tag=bench
mkdir -p "$logs"

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
seconds_since() { awk -v a="$1" -v b="$(now_us)" 'BEGIN {printf "%.2f", (b - a) / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# ---------------------------------------------------------------------------------------------
copy_into_rootfs() { # absolute paths
    local p
    for p in "$@"; do
        [ -e "$p" ] || { info "(skipping $p: not on this machine)"; continue; }
        mkdir -p "$bundle/rootfs$(dirname "$p")"
        cp -a "$p" "$bundle/rootfs$(dirname "$p")/"
    done
}
generate_files() { # dir, count, seed: small text files (1-3 KB) in 100-file directories
    python3 - "$1" "$2" "$3" <<'PY'
import os, random, sys
root, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
words = ["alpha", "beta", "gamma", "delta", "layer", "image", "index", "config", "value", "token"]
for i in range(count):
    d = os.path.join(root, "d%04d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.txt" % i), "w") as f:
        f.write(" ".join(rng.choice(words) for _ in range(rng.randint(150, 450))) + "\n")
PY
}
repack() { # created_by
    local t0
    t0=$(now_us)
    umoci repack --refresh-bundle --history.created_by "$1" --image "$oci:$tag" "$bundle"
    info "layer committed in $(seconds_since "$t0") s"
}
build_image() {
    say "building the benchmark image in $BENCH_DIR (once; reused by later runs)"
    rm -rf "$oci" "$bundle" "$marker"
    umoci init --layout "$oci"
    umoci new --image "$oci:$tag"
    umoci unpack --image "$oci:$tag" "$bundle" >/dev/null
    info "step 1/3: /usr/lib/jvm and /usr/lib/x86_64-linux-gnu"
    copy_into_rootfs /usr/lib/jvm /usr/lib/x86_64-linux-gnu
    repack "COPY /usr/lib/jvm /usr/lib/x86_64-linux-gnu"
    info "step 2/3: /usr/share and 70,000 generated files under /srv/gen"
    copy_into_rootfs /usr/share
    generate_files "$bundle/rootfs/srv/gen" 70000 1
    repack "COPY /usr/share && RUN generate 70000 files"
    info "step 3/3: waste: rewrite the JDKs' lib/modules and half the generated files, rm -rf /usr/share/doc"
    local m
    while IFS= read -r m; do printf '\n' >>"$m"; done < <(find "$bundle/rootfs/usr/lib/jvm" -path '*/lib/modules' -type f)
    generate_files "$bundle/rootfs/srv/gen" 35000 2
    rm -rf "$bundle/rootfs/usr/share/doc"
    repack "RUN regenerate && rm -rf /usr/share/doc"
    umoci gc --layout "$oci"
    rm -rf "$bundle"
    date -u +%Y-%m-%dT%H:%M:%SZ >"$marker"
}
if [ "$rebuild" = 1 ] || [ ! -f "$marker" ] || [ ! -d "$oci" ]; then
    build_image
else
    say "reusing the image built $(cat "$marker") in $BENCH_DIR (--rebuild to start over)"
fi

manifest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$oci/index.json")
mapfile -t layer_files < <(python3 -c '
import json, sys
m = json.load(open(sys.argv[1] + "/blobs/sha256/" + sys.argv[2]))
for l in m["layers"]:
    print(sys.argv[1] + "/blobs/sha256/" + l["digest"].split(":")[1])' "$oci" "$manifest")
[ ${#layer_files[@]} -gt 0 ] || die "cannot read the image's manifest: run with --rebuild"
stored=$(du -cb "${layer_files[@]}" | tail -n1 | cut -f1)
stats="$BENCH_DIR/image.stats"
if [ ! -f "$stats" ] || [ "$stats" -ot "$marker" ]; then
    info "measuring the layers once (uncompressed bytes, tar entries; kept in $stats)"
    uncompressed=0
    entries=0
    for f in "${layer_files[@]}"; do
        uncompressed=$((uncompressed + $(gzip -dc "$f" | wc -c)))
        entries=$((entries + $(gzip -dc "$f" | tar -t | wc -l)))
    done
    echo "$uncompressed $entries" >"$stats"
fi
read -r uncompressed entries <"$stats"
info "image oci:$oci:$tag: ${#layer_files[@]} gzip layers, $((stored / 1000000)) MB stored, $((uncompressed / 1000000)) MB uncompressed, $entries tar entries"
[ "$uncompressed" -ge $((1 << 30)) ] || die "the image is under 1 GiB uncompressed: run with --rebuild"
[ "$entries" -ge 100000 ] || die "the image has under 100k entries: run with --rebuild"
[ "$build_only" = 0 ] || exit 0

# ---------------------------------------------------------------------------------------------
say "measuring (load:$(uptime | sed 's/.*load average//'); heap $BENCH_HEAP; $RUNS interleaved rounds)"
(cd "$root" && ./gantry --version >/dev/null) # build the jar and CDS archive before timing
ref_classes="$BENCH_DIR/reference-classes"
mkdir -p "$ref_classes"
"$JAVA_HOME/bin/javac" -d "$ref_classes" "$root/bench/Reference.java"
has_secrets=0
(cd "$root" && ./gantry --help 2>/dev/null | grep -qE "^ +secrets ") && has_secrets=1
image="oci:$oci:$tag"
declare -A times rss
record() { times[$1]="${times[$1]-} $2"; [ -z "${3-}" ] || rss[$1]="${rss[$1]-} $3"; }
gantry_once() { # label, args...
    local label=$1 t0 kb code
    shift
    t0=$(now_us)
    set +e
    (cd "$root" && GANTRY_JAVA_OPTS="$BENCH_HEAP" /usr/bin/time -f '%M' -o "$logs/$label.rss" ./gantry "$@" >"$logs/$label.out" 2>"$logs/$label.err")
    code=$?
    set -e
    local s
    s=$(seconds_since "$t0")
    [ "$code" -le 1 ] || die "gantry $* failed (exit $code): $(tail -n3 "$logs/$label.err")"
    kb=$(tail -n1 "$logs/$label.rss")
    record "$label" "$s" "$kb"
}
for round in $(seq 1 "$RUNS"); do
    t0=$(now_us)
    for f in "${layer_files[@]}"; do gzip -dc "$f" >/dev/null; done
    record gzip "$(seconds_since "$t0")"
    line=$("$java" -cp "$ref_classes" Reference inflate 1 "${layer_files[@]}" | grep '^RESULT')
    record jdk "$(sed 's/.* seconds=\([0-9.]*\).*/\1/' <<<"$line")"
    gantry_once efficiency efficiency "$image" --json
    gantry_once tree tree "$image" --json
    [ "$has_secrets" = 0 ] || gantry_once secrets secrets "$image" --json
    info "round $round done (load:$(uptime | sed 's/.*load average//'))"
done

say "results (median of $RUNS; MB = 10^6 uncompressed bytes)"
base=$(median ${times[gzip]})
jdk=$(median ${times[jdk]})
printf '   %-34s %8ss  %6.0f MB/s\n' "gzip -dc of every layer" "$base" "$(awk -v b="$uncompressed" -v s="$base" 'BEGIN {print b / s / 1e6}')"
printf '   %-34s %8ss  %6.0f MB/s\n' "JDK GZIPInputStream, 1 thread" "$jdk" "$(awk -v b="$uncompressed" -v s="$jdk" 'BEGIN {print b / s / 1e6}')"
for label in efficiency tree secrets; do
    [ -n "${times[$label]-}" ] || { [ "$label" != secrets ] || info "gantry secrets: not in this build (slot left for it)"; continue; }
    t=$(median ${times[$label]})
    kb=$(printf '%s\n' ${rss[$label]} | sort -n | tail -n1)
    printf '   %-34s %8ss  %6.0f MB/s  %sx gzip -dc (goal <= 1.5), %sx JDK inflate; peak RSS %s MB\n' \
        "gantry $label ($BENCH_HEAP)" "$t" "$(awk -v b="$uncompressed" -v s="$t" 'BEGIN {print b / s / 1e6}')" \
        "$(ratio "$t" "$base")" "$(ratio "$t" "$jdk")" "$((kb / 1024))"
done
info "efficiency: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("score %.4f, wasted %d bytes, %d paths wasting" % (d["efficiency"], d["wastedBytes"], len(d["inefficiencies"])))' "$logs/efficiency.out")"
[ "$has_secrets" = 0 ] || info "secrets: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["report"]; f=r["findings"]; print("%d finding(s), %d hidden, %d files scanned, %d binary, %d past the byte cap" % (len(f), sum(x["status"] == "HIDDEN" for x in f), r["filesScanned"], r["binaryFiles"], r["filesTruncated"]))' "$logs/secrets.out")"
info "load at end:$(uptime | sed 's/.*load average//')"
