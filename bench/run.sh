#!/usr/bin/env bash
# Benchmarks `gantry run` (issue 7), in one run, side by side:
#   - time to process start of a second `gantry run --rm IMG /bin/true` (image and snapshots
#     already present, JVM class-data archive warm) against `runc run` of a ready bundle of the
#     same image (the floor: no image, no snapshot, no mount), and against `gantry ps` (the
#     JVM's own start plus a trivial command), so the overhead of gantry's run path shows apart
#     from the JVM's start;
#   - disk used by two images sharing a 100 MB base layer: the store's bytes (gantry images'
#     total, and du of the store) against the two images' sizes added up (base counted twice).
# Goal: gantry run - runc run < 300 ms; the store holds the base once.
#
#   bench/run.sh [--rebuild]        (as root: overlayfs and runc need it)
#
# Environment:
#   BENCH_DIR   work dir, image built once and reused (default /var/tmp/gantry-bench-run)
#   RUNS        timed rounds, interleaved; medians are reported (default 7)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/var/tmp/gantry-bench-run}"
RUNS="${RUNS:-7}"
rebuild=0
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=1 ;;
        -h|--help) bench_help ;;
        *) bench_unknown_argument "$arg" ;;
    esac
done

bench_absolute_dir BENCH_DIR "$BENCH_DIR"
[ "$(id -u)" = 0 ] || die "needs root (overlayfs mounts and runc)"
for tool in umoci runc python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is needed (apt-get install -y $tool)"
done
[ -x /bin/busybox ] || die "needs /bin/busybox (apt-get install -y busybox-static)"

layout="$BENCH_DIR/layout"
store="$BENCH_DIR/store"
bundle="$BENCH_DIR/bundle"
gantry="$root/gantry"

build_image() {
    say "building two images sharing a 100 MB base with umoci in $BENCH_DIR (once; --rebuild to redo)"
    rm -rf "$BENCH_DIR"
    mkdir -p "$BENCH_DIR"
    cd "$BENCH_DIR"
    umoci init --layout "$layout"
    umoci new --image "$layout:base"
    umoci unpack --image "$layout:base" b >/dev/null
    mkdir -p b/rootfs/bin b/rootfs/etc b/rootfs/data
    cp /bin/busybox b/rootfs/bin/busybox
    for applet in sh true echo cat; do ln -s busybox "b/rootfs/bin/$applet"; done
    # Incompressible, so the base is 100 MB stored and unpacked alike.
    head -c 100000000 /dev/urandom > b/rootfs/data/blob
    umoci repack --image "$layout:base" b
    umoci config --image "$layout:base" --config.env PATH=/bin
    for tag in app other; do
        umoci unpack --image "$layout:base" "b-$tag" >/dev/null
        echo "$tag" > "b-$tag/rootfs/etc/$tag.txt"
        umoci repack --image "$layout:$tag" "b-$tag"
    done
    rm -rf b b-app b-other
    cd - >/dev/null
}
[ "$rebuild" = 1 ] || [ -f "$layout/index.json" ] || rebuild=1
[ "$rebuild" = 0 ] || build_image

cleanup() {
    runc delete --force gantry-bench-floor >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "setting up: fresh store, both images run once (pull into the store + snapshots), a ready runc bundle"
for c in $("$gantry" ps --root "$store" --json 2>/dev/null | python3 -c 'import json,sys; [print(c["id"]) for c in json.load(sys.stdin)]' || true); do
    "$gantry" rm --root "$store" "$c" >/dev/null
done
rm -rf "$store" "$bundle"
"$gantry" run --root "$store" --rm "oci:$layout:app" true
"$gantry" run --root "$store" --rm "oci:$layout:other" true
"$gantry" bundle "oci:$layout:app" "$bundle" >/dev/null
python3 - "$bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["args"] = ["/bin/true"]
json.dump(c, open(p, "w"))
PY

now() { date +%s%N; }
declare -a t_run t_runc t_ps
for i in $(seq 1 "$RUNS"); do
    s=$(now); "$gantry" run --root "$store" --rm "oci:$layout:app" /bin/true; e=$(now); t_run+=($(( (e - s) / 1000000 )))
    s=$(now); runc run --bundle "$bundle" gantry-bench-floor; e=$(now); t_runc+=($(( (e - s) / 1000000 )))
    s=$(now); "$gantry" ps --root "$store" >/dev/null; e=$(now); t_ps+=($(( (e - s) / 1000000 )))
done
run_ms=$(median "${t_run[@]}")
runc_ms=$(median "${t_runc[@]}")
ps_ms=$(median "${t_ps[@]}")

say "second gantry run of a present image, to /bin/true exiting (medians of $RUNS interleaved rounds, ms)"
info "gantry run --rm IMG /bin/true : $run_ms   (all: ${t_run[*]})"
info "runc run of a ready bundle     : $runc_ms   (all: ${t_runc[*]})"
info "gantry ps (JVM start + trivial): $ps_ms   (all: ${t_ps[*]})"
info "gantry run - runc run          : $(( run_ms - runc_ms )) ms (goal < 300)"
info "gantry run - runc run - gantry ps (gantry's run path beyond the JVM start): $(( run_ms - runc_ms - ps_ms )) ms"

say "disk: two images sharing a 100 MB base"
"$gantry" images --root "$store"
report=$("$gantry" images --root "$store" --json)
du_bytes=$(du -sb --exclude=containers "$store" | cut -f1)
python3 - "$du_bytes" <<PY
import json, sys
r = json.loads('''$report''')
summed = sum(i["size"] for i in r["images"])
total = r["totalBytes"]
du = int(sys.argv[1])
print(f"   images' sizes added up (base twice): {summed / 1e6:.1f} MB")
print(f"   store total (layers once)          : {total / 1e6:.1f} MB  ratio {total / summed:.2f}")
print(f"   du -sb of the store                : {du / 1e6:.1f} MB  ratio {du / summed:.2f}")
PY
say "load"
info "$(uptime)"
