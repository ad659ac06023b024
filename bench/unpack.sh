#!/usr/bin/env bash
# Benchmarks `gantry unpack` on a >= 1 GiB multi-layer image against, in the same run:
#   - `tar -xzf` of the same layer blobs, one after another, into one directory (the floor:
#     no whiteout handling, no verification), and
#   - `umoci unpack` of the same image.
# Goals (issue 5): gantry within 1.3x of tar -xzf, and faster than umoci unpack, with the
# heap bounded by GANTRY_JAVA_OPTS=-Xmx256m.
#
#   bench/unpack.sh [--rebuild]
#
#   --rebuild   build the image again (otherwise the one in $BENCH_DIR is reused)
#
# The image is built with umoci from real files of this machine: layer 1 /usr/lib/x86_64-linux-gnu,
# layer 2 /usr/share, layer 3 deletes part of both (whiteouts) and adds /usr/bin. Extraction
# targets live on tmpfs ($OUT_DIR, default /dev/shm/...) so the figures measure CPU work rather
# than ext4's inode allocator after a large rm -rf (see shared/LIMITS.md). Measurements run in
# interleaved rounds; medians are reported.
#
# Environment:
#   BENCH_DIR         image work dir, built once and reused (default /var/tmp/gantry-bench-unpack)
#   OUT_DIR           where each tool extracts, emptied between runs (default /dev/shm/gantry-bench-unpack)
#   RUNS              timed rounds (default 3)
#   GANTRY_JAVA_OPTS  JVM options for gantry (default -Xmx256m, the issue's heap bound)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/var/tmp/gantry-bench-unpack}"
OUT_DIR="${OUT_DIR:-/dev/shm/gantry-bench-unpack}"
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

for d in "$BENCH_DIR" "$OUT_DIR"; do
    case "$d" in /?*) ;; *) die "BENCH_DIR and OUT_DIR must be absolute paths other than / (got '$d')" ;; esac
done
for tool in umoci tar gzip python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (apt-get install -y $tool)"
done
[ "$(id -u)" = 0 ] || info "not root: umoci runs --rootless and owners are not applied by anyone"

layout="$BENCH_DIR/layout"
image="$layout:bench"

# ---------------------------------------------------------------------------------------------
build_image() {
    say "building the image with umoci in $BENCH_DIR (once; --rebuild to redo)"
    rm -rf "$BENCH_DIR"
    mkdir -p "$BENCH_DIR"
    local bundle="$BENCH_DIR/bundle" rootless=()
    [ "$(id -u)" = 0 ] || rootless=(--rootless)
    umoci init --layout "$layout"
    umoci new --image "$image"
    umoci unpack "${rootless[@]}" --image "$image" "$bundle"
    local rootfs="$bundle/rootfs"
    mkdir -p "$rootfs/usr/lib" "$rootfs/usr/share"
    cp -a /usr/lib/x86_64-linux-gnu "$rootfs/usr/lib/"
    umoci repack "${rootless[@]}" --refresh-bundle --image "$image" "$bundle"
    cp -a /usr/share/. "$rootfs/usr/share/"
    umoci repack "${rootless[@]}" --refresh-bundle --image "$image" "$bundle"
    # Layer 3: deletions (whiteouts, a directory recreated -> opaque or per-file whiteouts) and /usr/bin.
    rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/locale" "$rootfs/usr/lib/x86_64-linux-gnu/perl"*
    rm -rf "$rootfs/usr/share/man" && mkdir -p "$rootfs/usr/share/man" && echo recreated > "$rootfs/usr/share/man/README"
    cp -a /usr/bin "$rootfs/usr/"
    umoci repack "${rootless[@]}" --image "$image" "$bundle"
    rm -rf "$bundle"
}

if [ "$rebuild" = 1 ] || [ ! -f "$layout/index.json" ]; then
    build_image
fi

# The layer blobs in manifest order.
mapfile -t layers < <(python3 - "$layout" <<'EOF'
import json, sys, os
layout = sys.argv[1]
index = json.load(open(os.path.join(layout, "index.json")))
def blob(d):
    alg, hexd = d["digest"].split(":")
    return os.path.join(layout, "blobs", alg, hexd)
manifest = json.load(open(blob(index["manifests"][0])))
for layer in manifest["layers"]:
    print(blob(layer))
EOF
)
stored=0
for l in "${layers[@]}"; do stored=$((stored + $(stat -c %s "$l"))); done
uncompressed=0
for l in "${layers[@]}"; do uncompressed=$((uncompressed + $(gzip -dc "$l" | wc -c))); done
say "image: ${#layers[@]} layers, $((stored / 1000000)) MB stored, $((uncompressed / 1000000)) MB uncompressed"
[ "$uncompressed" -ge $((1 << 30)) ] || info "warning: under 1 GiB uncompressed; the issue asks for >= 1 GiB"

# ---------------------------------------------------------------------------------------------
# How to run gantry's unpack: the CLI's jars are copied into $BENCH_DIR first, so that a
# rebuild of the working tree during the run (./gantry rebuilds when sources change) cannot
# swap classes under a running measurement. Through Main once `unpack` is registered there,
# otherwise through a one-class launcher compiled here (the command class itself, no other code).
"$root/gantry" --version >/dev/null 2>&1 || die "./gantry does not run; build with 'mvn -DskipTests package'"
# shellcheck source=../scripts/find-java.sh
. "$root/scripts/find-java.sh"
gantry_find_java
snapshot="$BENCH_DIR/cli"
rm -rf "$snapshot"
mkdir -p "$snapshot/lib"
cp "$root/gantry-cli/target/gantry-cli.jar" "$snapshot/"
cp "$root"/gantry-cli/target/lib/*.jar "$snapshot/lib/"
cp_="$snapshot/gantry-cli.jar:$snapshot/lib/*"
if "$JAVA_HOME/bin/java" -cp "$cp_" dev.gantry.cli.Main --help 2>/dev/null | grep -E '^ +unpack( |$)' >/dev/null; then
    # shellcheck disable=SC2206
    gantry_cmd=("$JAVA_HOME/bin/java" $GANTRY_JAVA_OPTS -cp "$cp_" dev.gantry.cli.Main unpack)
else
    cat > "$snapshot/UnpackLauncher.java" <<'JAVA'
public final class UnpackLauncher {
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new dev.gantry.cli.commands.UnpackCommand()).execute(args));
    }
}
JAVA
    "$JAVA_HOME/bin/javac" -d "$snapshot" -cp "$cp_" "$snapshot/UnpackLauncher.java"
    # shellcheck disable=SC2206
    gantry_cmd=("$JAVA_HOME/bin/java" $GANTRY_JAVA_OPTS -cp "$snapshot:$cp_" UnpackLauncher)
    info "'unpack' is not registered in Main yet: running UnpackCommand through $snapshot/UnpackLauncher"
fi

run_tar() {
    mkdir "$1"
    for l in "${layers[@]}"; do tar -xzf "$l" -C "$1"; done
}
run_gantry() { "${gantry_cmd[@]}" "oci:$layout:bench" "$1" >/dev/null; }
run_umoci() {
    local rootless=()
    [ "$(id -u)" = 0 ] || rootless=(--rootless)
    umoci unpack "${rootless[@]}" --image "$image" "$1" >/dev/null
}

# Times one run in seconds (3 decimals), extracting into a fresh directory that is then removed.
timed() {
    local name="$1" target="$OUT_DIR/$1" start end
    rm -rf "$target"
    sync
    start=$(date +%s.%N)
    "run_$name" "$target"
    end=$(date +%s.%N)
    rm -rf "$target"
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}


mkdir -p "$OUT_DIR"
say "warm-up (page cache, JVM class data archive)"
timed tar >/dev/null
timed gantry >/dev/null

# Check once that gantry's tree matches umoci's (same entries, types, modes, sizes, owners).
say "checking gantry's tree against umoci's"
rm -rf "$OUT_DIR/check-gantry" "$OUT_DIR/check-umoci"
run_gantry "$OUT_DIR/check-gantry"
run_umoci "$OUT_DIR/check-umoci"
listing() { (cd "$1" && find . -printf '%y %m %U:%G %s %p\n' | grep -v '^d' | sort; cd "$1" && find . -type d -printf '%y %m %U:%G %p\n' | sort); }
if diff <(listing "$OUT_DIR/check-gantry") <(listing "$OUT_DIR/check-umoci/rootfs") >"$OUT_DIR/check.diff"; then
    info "identical: $(listing "$OUT_DIR/check-gantry" | wc -l) entries"
else
    info "DIFFERENT (first lines of $OUT_DIR/check.diff):"
    head -20 "$OUT_DIR/check.diff" | sed 's/^/     /'
fi
rm -rf "$OUT_DIR/check-gantry" "$OUT_DIR/check-umoci"

say "timing $RUNS interleaved rounds (GANTRY_JAVA_OPTS=$GANTRY_JAVA_OPTS, targets under $OUT_DIR)"
t_tar=(); t_gantry=(); t_umoci=()
for round in $(seq 1 "$RUNS"); do
    a=$(timed tar); b=$(timed gantry); c=$(timed umoci)
    t_tar+=("$a"); t_gantry+=("$b"); t_umoci+=("$c")
    info "round $round: tar -xzf ${a}s   gantry unpack ${b}s   umoci unpack ${c}s"
done
m_tar=$(median "${t_tar[@]}"); m_gantry=$(median "${t_gantry[@]}"); m_umoci=$(median "${t_umoci[@]}")

say "results (medians; MB = 10^6 uncompressed bytes)"
awk -v t="$m_tar" -v g="$m_gantry" -v u="$m_umoci" -v mb="$uncompressed" 'BEGIN {
    mb /= 1e6
    printf "   tar -xzf (layers in turn)  %7.2f s  %6.0f MB/s\n", t, mb / t
    printf "   gantry unpack              %7.2f s  %6.0f MB/s\n", g, mb / g
    printf "   umoci unpack               %7.2f s  %6.0f MB/s\n", u, mb / u
    printf "\n   gantry / tar -xzf   = %.2f   (goal <= 1.30: %s)\n", g / t, (g / t <= 1.3 ? "met" : "NOT met")
    printf "   gantry / umoci      = %.2f   (goal <  1.00: %s)\n", g / u, (g < u ? "met" : "NOT met")
}'
rm -f "$OUT_DIR/check.diff"
rmdir "$OUT_DIR" 2>/dev/null || true
