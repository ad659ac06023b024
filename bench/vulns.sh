#!/usr/bin/env bash
# Benchmarks the advisory database: importing a full-size (~60 MB) Debian Security Tracker JSON
# with the heap capped at -Xmx256m, and looking packages up in the result; then `gantry vulns`
# beside `gantry packages` on the same Debian-style image (200 dpkg-installed packages whose sources
# the synthetic tracker knows, one layer), and on a >= 1 GiB image: a Debian rootfs (this bookworm
# machine's dpkg status, os-release and /usr/lib/x86_64-linux-gnu) plus big filler layers, whose
# every source package has an advisory (bench/gen-fixture-tracker.py, imported with the synthetic
# tracker). Both images are generated under BENCH_DIR once and reused.
#
#   bench/vulns.sh
#
# The tracker file is synthetic (bench/gen-tracker.py: the real file's shape, packages x CVEs x
# four releases with resolved/open/undetermined, urgencies and no-dsa notes) since nothing outside
# this machine is reachable. Figures: import wall time and peak RSS (/usr/bin/time), the database's
# size, open time and microseconds per lookup (bench/VulnsLookup.java, best of RUNS rounds over
# every package), and per image the median of RUNS runs of `gantry packages` and `gantry vulns`
# (alternating, so both see the same load) with their ratio, and the peak RSS of one vulns run.
#
# Environment:
#   BENCH_DIR   work dir (default /var/tmp/gantry-bench-vulns); nothing outside it is written
#   RUNS        rounds / timed runs, median reported (default 3)
#   BENCH_HEAP  JVM options for the gantry runs (default -Xmx256m)
#   PACKAGES    packages in the synthetic tracker (default 9000, ~62 MB; x 10 CVEs x 4 releases)
#   FILLER_MB   size of the big image's filler layers in MiB, four layers (default 1024)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/var/tmp/gantry-bench-vulns}"
RUNS="${RUNS:-3}"
BENCH_HEAP="${BENCH_HEAP:--Xmx256m}"
PACKAGES="${PACKAGES:-9000}"
FILLER_MB="${FILLER_MB:-1024}"
for arg in "$@"; do
    case "$arg" in
        -h|--help) bench_help ;;
        *) bench_unknown_argument "$arg" ;;
    esac
done
bench_absolute_dir BENCH_DIR "$BENCH_DIR"
command -v dpkg-deb >/dev/null && command -v python3 >/dev/null || die "needs dpkg-deb and python3"
[ -f /var/lib/dpkg/status ] && [ -d /usr/lib/x86_64-linux-gnu ] || die "needs a Debian-family machine (dpkg status, /usr/lib/x86_64-linux-gnu)"
mkdir -p "$BENCH_DIR"
gantry="$root/gantry"
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}"
export GANTRY_JAVA_OPTS="$BENCH_HEAP"
export GANTRY_VULNS_DB="$BENCH_DIR/db"

say "synthetic tracker: $PACKAGES packages"
python3 "$root/bench/gen-tracker.py" "$PACKAGES" 10 > "$BENCH_DIR/tracker.json"
info "$(du -m "$BENCH_DIR/tracker.json" | cut -f1) MB"
python3 "$root/bench/gen-fixture-tracker.py" /var/lib/dpkg/status > "$BENCH_DIR/fixture-tracker.json"

say "import ($BENCH_HEAP)"
"$gantry" --version >/dev/null   # builds and warms the launcher's cache outside the timing
/usr/bin/time -f '%e s wall, %U s user + %S s system CPU, %M KiB peak RSS' -o "$BENCH_DIR/time.txt" \
    "$gantry" vulns db import "$BENCH_DIR/tracker.json" "$BENCH_DIR/fixture-tracker.json" >/dev/null
info "$(cat "$BENCH_DIR/time.txt")"
info "database: $(du -m "$GANTRY_VULNS_DB/advisories.gvdb" | cut -f1) MB"

say "lookup"
cp="$root/gantry-cli/target/gantry-cli.jar:$(ls "$root"/gantry-cli/target/lib/*.jar | tr '\n' ':')"
info "$("$JAVA_HOME/bin/java" $BENCH_HEAP -cp "$cp" "$root/bench/VulnsLookup.java" \
    "$GANTRY_VULNS_DB/advisories.gvdb" "$PACKAGES" "$((RUNS + 1))")"

say "image: 200 dpkg-installed packages, one layer"
img="$BENCH_DIR/img"
if [ ! -d "$img" ]; then
    work="$BENCH_DIR/work"; rm -rf "$work"; mkdir -p "$work/root/etc" "$work/root/var/lib/dpkg/info" "$work/root/var/lib/dpkg/updates"
    printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' > "$work/root/etc/os-release"
    : > "$work/root/var/lib/dpkg/status"
    for i in $(seq 0 199); do
        d="$work/src/pkg$i"; mkdir -p "$d/DEBIAN" "$d/usr/share/pkg$i"
        head -c 200000 /dev/urandom > "$d/usr/share/pkg$i/data"
        printf 'Package: bin%s\nVersion: 1.0-%s\nArchitecture: amd64\nMaintainer: b <b@example.org>\nSource: pkg%s\nDescription: bench\n bench\n' "$i" "$((i % 4))" "$i" > "$d/DEBIAN/control"
        dpkg-deb --root-owner-group --build "$d" "$work/pkg$i.deb" >/dev/null
    done
    dpkg --root="$work/root" --log=/dev/null --force-not-root -i "$work"/pkg*.deb >/dev/null
    "$gantry" image create -o "oci:$img:t" --layer="$work/root:/" >/dev/null
fi
say "image: >= 1 GiB, a Debian rootfs and $((FILLER_MB / 256 * 256)) MiB of filler in four layers"
big="$BENCH_DIR/big-img-$FILLER_MB"
if [ ! -d "$big" ]; then
    work="$BENCH_DIR/big-work"; rm -rf "$work"; mkdir -p "$work/debian/etc" "$work/debian/var/lib/dpkg" "$work/debian/usr/lib"
    cp /etc/os-release "$work/debian/etc/os-release"
    cp /var/lib/dpkg/status "$work/debian/var/lib/dpkg/status"
    cp -a /usr/lib/x86_64-linux-gnu "$work/debian/usr/lib/"
    layers=(--layer="$work/debian:/")
    for l in 1 2 3 4; do
        mkdir -p "$work/filler$l"
        for f in $(seq 1 $((FILLER_MB / 4 / 16))); do
            head -c $((16 << 20)) /dev/urandom > "$work/filler$l/blob$f"
        done
        layers+=(--layer="$work/filler$l:/srv/filler$l")
    done
    "$gantry" image create -o "oci:$big:t" --tmp "$work" "${layers[@]}" >/dev/null
    rm -rf "$work"
fi
info "$(du -sm "$big" | cut -f1) MiB on disk, $("$gantry" layers --json "oci:$big:t" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo '?') layers"

# packages and vulns alternate, so a change in the machine's load hits both alike
time_pair() { # image label
    local p=() v=() start
    for _ in $(seq "$RUNS"); do
        start=$(date +%s.%N); "$gantry" packages "oci:$1:t" >/dev/null; p+=("$(echo "$(date +%s.%N) - $start" | bc)")
        start=$(date +%s.%N); "$gantry" vulns "oci:$1:t" >/dev/null; v+=("$(echo "$(date +%s.%N) - $start" | bc)")
    done
    local mp mv; mp="$(median "${p[@]}")"; mv="$(median "${v[@]}")"
    info "$2: gantry packages $mp s, gantry vulns $mv s (median of $RUNS), ratio $(printf "%.2f" "$(echo "scale=3; $mv / $mp" | bc)")"
}
say "gantry packages beside gantry vulns ($BENCH_HEAP)"
time_pair "$img" "200-package image"
time_pair "$big" ">= 1 GiB image"
/usr/bin/time -f '%e s wall, %M KiB peak RSS' -o "$BENCH_DIR/time.txt" "$gantry" vulns "oci:$big:t" > "$BENCH_DIR/big-vulns.txt"
info "gantry vulns on the >= 1 GiB image: $(cat "$BENCH_DIR/time.txt"); $(tail -1 "$BENCH_DIR/big-vulns.txt")"
