#!/usr/bin/env bash
# Benchmarks `gantry validate` on a realistic >= 1 GiB multi-layer image against single-thread
# JDK reference speeds measured in the same run on the same files, and measures `gantry --version`
# start-up with the launcher's CDS archive, a JDK 25 AOT cache and no CDS.
#
#   bench/validate.sh [--rebuild] [--per-thread] [--skip-startup]
#
#   --rebuild       build the image again (otherwise the one in $BENCH_DIR is reused)
#   --per-thread    also run each validate with --jobs 1, to compare Gantry's per-thread work
#                   with the single-thread JDK references (parallelism and load taken out)
#   --skip-startup  skip the `gantry --version` start-up measurements
#
# Measurements run in interleaved rounds (each round runs every measurement once) so that the
# load of other work on a shared machine drifts over all of them alike; medians are reported.
#
# Environment:
#   BENCH_DIR      work dir; the image is built once and reused (default /var/tmp/gantry-bench).
#                  Nothing outside it is written or deleted, except the launcher's own build/CDS
#                  archive under gantry-cli/target when ./gantry decides it needs them.
#   RUNS           timed runs per validate/reference figure, median reported (default 3)
#   VERSION_RUNS   timed runs per start-up figure, median reported (default 10)
#   BENCH_HEAP     JVM options for the gantry validate runs (default -Xmx128m, the issue's limit)
#
# MB = 10^6 bytes. Ratios: fast validate (stored bytes/s) vs single-thread JDK SHA-256 (goal >= 0.80);
# full validate (uncompressed bytes/s) vs single-thread JDK GZIPInputStream inflate (goal >= 1.0).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/var/tmp/gantry-bench}"
RUNS="${RUNS:-3}"
VERSION_RUNS="${VERSION_RUNS:-10}"
BENCH_HEAP="${BENCH_HEAP:--Xmx128m}"
rebuild=0
startup=1
per_thread=0
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=1 ;;
        --skip-startup) startup=0 ;;
        --per-thread) per_thread=1 ;;
        -h|--help) bench_help ;;
        *) bench_unknown_argument "$arg" ;;
    esac
done

# ---------------------------------------------------------------------------------------------
say "checking tools"
case "$BENCH_DIR" in
    /*) ;;
    *) die "BENCH_DIR must be an absolute path (got '$BENCH_DIR')" ;;
esac
[ "$BENCH_DIR" != "/" ] || die "BENCH_DIR must not be /"
missing=()
need() { # command, Debian package
    command -v "$1" >/dev/null 2>&1 || missing+=("$1 (apt-get install -y $2)")
}
need umoci umoci
need skopeo skopeo
need openssl openssl
need gzip gzip
need cp coreutils
need du coreutils
need sha256sum coreutils
need find findutils
need awk gawk
need uptime procps
if [ ${#missing[@]} -gt 0 ]; then
    printf 'validate.sh: missing tools:\n' >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 2
fi
inflater=(gzip -dc)
inflater_name="gzip -dc"
if command -v pigz >/dev/null 2>&1; then
    inflater=(pigz -dc)
    inflater_name="pigz -dc"
else
    info "(optional: pigz not found, using gzip -dc as the peer inflater; apt-get install -y pigz to use it)"
fi
[ -x /usr/bin/time ] || info "(optional: /usr/bin/time not found, so no peak RSS figures; apt-get install -y time)"
orig_java_home="${JAVA_HOME-}"
orig_java_home_set="${JAVA_HOME+set}"
# shellcheck source=../scripts/find-java.sh
. "$root/scripts/find-java.sh"
gantry_find_java || exit 2
java="$JAVA_HOME/bin/java"
java_version=$(gantry_java_version "$JAVA_HOME")
info "JDK: $JAVA_HOME (feature version $java_version)"
info "umoci: $(umoci --version 2>&1 | head -n1); skopeo: $(skopeo --version 2>&1 | head -n1)"
info "peer inflater: $inflater_name; SHA-256: $(openssl version)"
info "work dir: $BENCH_DIR; runs: $RUNS (validate/reference), $VERSION_RUNS (start-up); gantry heap: $BENCH_HEAP"

mkdir -p "$BENCH_DIR"
oci="$BENCH_DIR/oci"
bundle="$BENCH_DIR/bundle"
archive="$BENCH_DIR/bench-docker.tar"
marker="$BENCH_DIR/image.done"
logs="$BENCH_DIR/logs"
mkdir -p "$logs"
tag=bench

load_start=$(uptime)
info "load at start:$(sed 's/.*load average//' <<<"$load_start")"

# Timing helpers: microsecond wall clock; median of a list of seconds.
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.0f", b / s / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
verdict() { awk -v r="$1" -v g="$2" 'BEGIN {print (r >= g ? "MET" : "NOT MET")}'; }

# ---------------------------------------------------------------------------------------------
# 1. The image: umoci, one layer per step, gzip. Built once; --rebuild or an unfinished build
#    (no marker) starts over, deleting only what this script creates under $BENCH_DIR.
copy_into_rootfs() { # paths under / to copy
    local p
    for p in "$@"; do
        [ -e "$p" ] || { info "(skipping $p: not on this machine)"; continue; }
        # (not cp --parents: coreutils 9.1 fails on it with a trailing slash and leaves 0700 parents)
        mkdir -p "$bundle/rootfs$(dirname "$p")"
        cp -a "$p" "$bundle/rootfs$(dirname "$p")/"
    done
}
repack() { # created_by text
    local t0 t1
    t0=$(now_us)
    umoci repack --refresh-bundle --history.created_by "$1" --image "$oci:$tag" "$bundle"
    t1=$(now_us)
    info "layer committed in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e6}') s"
}
build_image() {
    say "building the benchmark image (once; reused by later runs)"
    rm -rf "$oci" "$bundle" "$archive" "$marker"
    umoci init --layout "$oci"
    umoci new --image "$oci:$tag"
    umoci unpack --image "$oci:$tag" "$bundle" >/dev/null

    info "step 1/4: shared libraries (/usr/lib/x86_64-linux-gnu)"
    copy_into_rootfs /usr/lib/x86_64-linux-gnu
    repack "COPY /usr/lib/x86_64-linux-gnu"

    info "step 2/4: JDKs (/usr/lib/jvm)"
    copy_into_rootfs /usr/lib/jvm
    repack "COPY /usr/lib/jvm"

    info "step 3/4: /usr/share (docs, locales, man pages, ...; not the machine's package lists)"
    local share=()
    local d
    for d in /usr/share/*; do
        [ "$d" = /usr/share/package-lists ] && continue
        share+=("$d")
    done
    copy_into_rootfs "${share[@]}"
    repack "COPY /usr/share"

    info "step 4/4: compilers and Python, and delete /usr/share/doc (whiteouts)"
    copy_into_rootfs /usr/lib/gcc /usr/lib/python3.11
    rm -rf "$bundle/rootfs/usr/share/doc"
    repack "COPY /usr/lib/gcc /usr/lib/python3.11 && rm -rf /usr/share/doc"

    umoci gc --layout "$oci"
    rm -rf "$bundle"

    say "copying the image to a docker-archive (uncompressed layers) with skopeo"
    local t0 t1
    t0=$(now_us)
    skopeo copy --quiet "oci:$oci:$tag" "docker-archive:$archive:bench:latest"
    t1=$(now_us)
    info "done in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e6}') s"
    date -u +%Y-%m-%dT%H:%M:%SZ >"$marker"
}
if [ "$rebuild" = 1 ] || [ ! -f "$marker" ] || [ ! -d "$oci" ] || [ ! -f "$archive" ]; then
    build_image
else
    say "reusing the image built $(cat "$marker") in $BENCH_DIR (--rebuild to start over)"
fi

# The blobs the tag reaches: manifest, config, layers (read from the manifest skopeo returns).
manifest_digest=$(skopeo inspect --raw "oci:$oci:$tag" | sha256sum | cut -d' ' -f1)
[ -f "$oci/blobs/sha256/$manifest_digest" ] || die "cannot find the manifest of oci:$oci:$tag: run with --rebuild"
manifest_json=$(cat "$oci/blobs/sha256/$manifest_digest")
objects=$(printf '%s' "$manifest_json" | tr '\n' ' ' | tr '{' '\n')
config_digest=$(grep 'image.config' <<<"$objects" | grep -o 'sha256:[0-9a-f]\{64\}' | head -n1 | cut -d: -f2)
mapfile -t layer_digests < <(grep 'image.layer' <<<"$objects" | grep -o 'sha256:[0-9a-f]\{64\}' | cut -d: -f2)
[ -n "$config_digest" ] && [ ${#layer_digests[@]} -gt 0 ] || die "cannot read the manifest of oci:$oci:$tag"
blob() { echo "$oci/blobs/sha256/$1"; }
layer_files=()
for d in "${layer_digests[@]}"; do layer_files+=("$(blob "$d")"); done
all_files=("$(blob "$manifest_digest")" "$(blob "$config_digest")" "${layer_files[@]}")
for f in "${all_files[@]}"; do [ -f "$f" ] || die "blob $f is missing: run with --rebuild"; done
stored_bytes=$(du -cb "${all_files[@]}" | tail -n1 | cut -f1)
archive_bytes=$(du -b "$archive" | cut -f1)
info "image oci:$oci:$tag: manifest sha256:${manifest_digest:0:12}, ${#layer_digests[@]} gzip layers, $(mbps "$stored_bytes" 1) MB stored"
info "docker-archive $archive: $(mbps "$archive_bytes" 1) MB"

# Everything is read from the page cache in every measurement (24 GB RAM here): read it once now.
say "warming the page cache (reading every file once)"
cat "${all_files[@]}" "$archive" >/dev/null

# ---------------------------------------------------------------------------------------------
# 2 + 3. Reference speeds and Gantry, on the same files, interleaved in rounds: every round runs
#    every measurement once, so the load other people put on this shared machine drifts over
#    all of them alike. Medians over the rounds.
ref_classes="$BENCH_DIR/classes"
mkdir -p "$ref_classes"
"$JAVA_HOME/bin/javac" -d "$ref_classes" "$root/bench/Reference.java"
: >"$logs/reference.log"

declare -A SAMPLES INNER RSS RC
declare -A BYTES
record() { SAMPLES[$1]="${SAMPLES[$1]:-}${SAMPLES[$1]:+ }$2"; }
sec_between() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", (b - a) / 1e6}'; }

ref_once() { # label, Reference mode, files...
    local label=$1 line s
    line=$("$java" -cp "$ref_classes" Reference "$2" 1 "${@:3}" | tee -a "$logs/reference.log" | grep '^RESULT')
    BYTES[$label]=$(sed 's/.* bytes=\([0-9]*\).*/\1/' <<<"$line")
    s=$(sed 's/.* seconds=\([0-9.]*\).*/\1/' <<<"$line")
    record "$label" "$s"
    info "$(printf '%-34s %8s s  %6s MB/s' "$label" "$s" "$(mbps "${BYTES[$label]}" "$s")")"
}
cmd_once() { # label, command... (output discarded)
    local label=$1 t0 t1 s
    shift
    t0=$(now_us)
    "$@" >/dev/null
    t1=$(now_us)
    s=$(sec_between "$t0" "$t1")
    record "$label" "$s"
    info "$(printf '%-34s %8s s' "$label" "$s")"
}
rebuilt_during=0
build_failed=0
# Other engineers edit the sources while this runs: the launcher then rebuilds Gantry inside a
# timed run (the run is repeated), or fails to build a half-edited tree (wait, then repeat).
launcher_trouble() { # stderr file -> prints rebuilt | build-failed | nothing
    if grep -q 'gantry: build failed' "$1"; then
        echo build-failed
    elif grep -q 'gantry: building' "$1"; then
        echo rebuilt
    fi
}
wait_for_build() {
    build_failed=1
    info "(the launcher could not build Gantry: the sources are mid-edit? waiting 30 s, then trying again)"
    sleep 30
}
gantry_once() { # label, gantry args... (through the launcher, GANTRY_JAVA_OPTS=$BENCH_HEAP)
    local label=$1 t0 t1 rc tries s ms
    shift
    for tries in 1 2 3 4 5; do
        rm -f "$logs/$label.rss"
        t0=$(now_us)
        set +e
        if [ -x /usr/bin/time ]; then
            GANTRY_JAVA_OPTS="$BENCH_HEAP" /usr/bin/time -f '%M' -o "$logs/$label.rss" \
                "$root/gantry" "$@" >"$logs/$label.out" 2>"$logs/$label.err"
        else
            GANTRY_JAVA_OPTS="$BENCH_HEAP" "$root/gantry" "$@" >"$logs/$label.out" 2>"$logs/$label.err"
        fi
        rc=$?
        set -e
        t1=$(now_us)
        case "$(launcher_trouble "$logs/$label.err")" in
            build-failed) wait_for_build; continue ;;
            rebuilt)
                rebuilt_during=1
                info "(the launcher rebuilt Gantry during this run: sources changed; running it again)"
                continue ;;
        esac
        break
    done
    s=$(sec_between "$t0" "$t1")
    record "$label" "$s"
    ms=$(grep -o '"millis" *: *[0-9]*' "$logs/$label.out" | head -n1 | grep -o '[0-9]*$' || true)
    INNER[$label]="${INNER[$label]:-}${INNER[$label]:+ }$(awk -v m="${ms:-0}" 'BEGIN {printf "%.3f", m / 1000}')"
    [ -f "$logs/$label.rss" ] && RSS[$label]="${RSS[$label]:-}${RSS[$label]:+ }$(tail -n1 "$logs/$label.rss")"
    if [ "$rc" -ne 0 ]; then
        RC[$label]=$rc
        info "EXIT CODE $rc from: gantry $* (full output: $logs/$label.out, $logs/$label.err):"
        head -c 2000 "$logs/$label.out" | sed 's/^/     /'
        head -c 2000 "$logs/$label.err" | sed 's/^/     /'
    else
        : "${RC[$label]:=0}"
    fi
    G_JSON=$(cat "$logs/$label.out")
    info "$(printf '%-34s %8s s wall (%s ms by Gantry'"'"'s own timer), exit %s, valid=%s' "$label" "$s" "${ms:-?}" "$rc" "$(json_valid)")"
}
json_num() { grep -o "\"$1\" *: *[0-9]*" <<<"$G_JSON" | head -n1 | grep -o '[0-9]*$' || echo '?'; }
json_valid() { grep -o '"valid" *: *[a-z]*' <<<"$G_JSON" | head -n1 | grep -o '[a-z]*$' || echo '?'; }
med() { median ${SAMPLES[$1]}; }

say "warming the gantry launcher (builds Gantry if the sources changed, writes its CDS archive)"
for tries in 1 2 3 4 5 6; do
    if "$root/gantry" --version >/dev/null 2>"$logs/warm.err"; then
        break
    fi
    [ "$(launcher_trouble "$logs/warm.err")" = build-failed ] && [ "$tries" -lt 6 ] && { wait_for_build; continue; }
    cat "$logs/warm.err" >&2
    die "./gantry --version failed"
done
info "$("$root/gantry" --version 2>/dev/null)"

oci_ref="oci:$oci:$tag"
da_ref="docker-archive:$archive"
for ((round = 1; round <= RUNS; round++)); do
    say "round $round/$RUNS (load:$(uptime | sed 's/.*load average//'))"
    ref_once "jdk-sha256 oci blobs" sha256 "${all_files[@]}"
    ref_once "jdk-inflate oci layers" inflate "${layer_files[@]}"
    ref_once "jdk-sha+inflate+sha oci layers" inflate-sha "${layer_files[@]}"
    ref_once "jdk-sha256 docker-archive" sha256 "$archive"
    cmd_once "openssl-sha256 oci blobs" openssl dgst -sha256 "${all_files[@]}"
    cmd_once "openssl-sha256 docker-archive" openssl dgst -sha256 "$archive"
    cmd_once "$inflater_name oci layers" "${inflater[@]}" "${layer_files[@]}"
    gantry_once oci-fast validate --fast --json "$oci_ref"
    gantry_once oci-full validate --json "$oci_ref"
    oci_full_uncompressed=$(json_num uncompressedBytes)
    gantry_once da-fast validate --fast --json "$da_ref"
    da_stored=$(json_num bytesRead)
    gantry_once da-full validate --json "$da_ref"
    da_uncompressed=$(json_num uncompressedBytes)
    if [ "$per_thread" = 1 ]; then
        gantry_once oci-fast-j1 validate --jobs 1 --fast --json "$oci_ref"
        gantry_once oci-full-j1 validate --jobs 1 --json "$oci_ref"
        gantry_once da-fast-j1 validate --jobs 1 --fast --json "$da_ref"
        gantry_once da-full-j1 validate --jobs 1 --json "$da_ref"
    fi
done
stored_bytes=${BYTES["jdk-sha256 oci blobs"]}
uncompressed_bytes=${BYTES["jdk-inflate oci layers"]}
archive_ref_bytes=${BYTES["jdk-sha256 docker-archive"]}
awk -v b="$uncompressed_bytes" 'BEGIN {exit !(b >= 1073741824)}' \
    || info "WARNING: only $uncompressed_bytes uncompressed bytes: less than the 1 GiB the issue asks for"
[ "$oci_full_uncompressed" = "$uncompressed_bytes" ] \
    || info "NOTE: Gantry counted $oci_full_uncompressed uncompressed bytes, the JDK reference $uncompressed_bytes"
# The docker-archive's layers are the same uncompressed tars the OCI gzip layers inflate to.
[[ "$da_stored" =~ ^[0-9]+$ ]] || da_stored=$uncompressed_bytes
[[ "$da_uncompressed" =~ ^[0-9]+$ ]] || da_uncompressed=$uncompressed_bytes

# ---------------------------------------------------------------------------------------------
# 4. Start-up: `gantry --version` on a warm build; variants interleaved run by run.
jar="$root/gantry-cli/target/gantry-cli.jar"
cp_arg="$jar:$root/gantry-cli/target/lib/*"
# The launcher's JVM flags, copied from ./gantry (keep in step with it).
launcher_cds=(-XX:SharedArchiveFile="$root/gantry-cli/target/gantry.jsa" -XX:+AutoCreateSharedArchive -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
aot="$BENCH_DIR/aot/gantry.aot"
main_class=dev.gantry.cli.Main
v_launcher() {
    if [ -n "$orig_java_home_set" ]; then
        JAVA_HOME="$orig_java_home" "$root/gantry" --version
    else
        env -u JAVA_HOME "$root/gantry" --version
    fi
}
v_launcher_jh() { JAVA_HOME="$JAVA_HOME" "$root/gantry" --version; }
v_cds() { "$java" "${launcher_cds[@]}" -cp "$cp_arg" "$main_class" --version; }
v_aot() { "$java" -XX:AOTCache="$aot" -cp "$cp_arg" "$main_class" --version; }
v_default() { "$java" -cp "$cp_arg" "$main_class" --version; }
v_off() { "$java" -Xshare:off -cp "$cp_arg" "$main_class" --version; }
v_jvm() { "$java" -version; }
v_findjava() { env -u JAVA_HOME bash -c '. "$1/scripts/find-java.sh" && gantry_find_java' _ "$root"; }
v_findjava_jh() { JAVA_HOME="$JAVA_HOME" bash -c '. "$1/scripts/find-java.sh" && gantry_find_java' _ "$root"; }
v_stale() { find "$root/pom.xml" "$root"/gantry-*/pom.xml "$root"/gantry-*/src/main -newer "$jar" -print -quit; }
declare -A VMS VFAIL
variants=(v_launcher v_launcher_jh v_cds v_default v_off v_jvm v_findjava v_findjava_jh v_stale)
aot_note=''
if [ "$startup" = 1 ]; then
    say "start-up: gantry --version, $VERSION_RUNS rounds, variants interleaved (warm build)"
    "$root/gantry" --version >/dev/null 2>&1
    "$root/gantry" --version >/dev/null 2>&1
    if [ "$java_version" -ge 25 ]; then
        info "JDK 25 AOT cache: training run of 'gantry --version' with -XX:AOTCacheOutput=$aot"
        mkdir -p "$BENCH_DIR/aot"
        rm -f "$aot"
        "$java" -XX:AOTCacheOutput="$aot" -cp "$cp_arg" "$main_class" --version \
            >"$logs/aot-train.out" 2>"$logs/aot-train.err" || { cat "$logs/aot-train.err" >&2; die "AOT training run failed"; }
        # -XX:AOTMode=on fails instead of silently running without the cache: proves it is usable.
        "$java" -XX:AOTMode=on -XX:AOTCache="$aot" -cp "$cp_arg" "$main_class" --version >/dev/null 2>"$logs/aot-check.err" \
            || { cat "$logs/aot-check.err" >&2; die "the AOT cache cannot be used"; }
        info "AOT cache: $(du -h "$aot" | cut -f1); launcher's CDS archive: $(du -h "$root/gantry-cli/target/gantry.jsa" 2>/dev/null | cut -f1)"
        variants+=(v_aot)
    else
        aot_note=" (skipped: needs JDK 25, found $java_version)"
    fi
    for ((i = 0; i < VERSION_RUNS; i++)); do
        for v in "${variants[@]}"; do
            [ "${VFAIL[$v]:-}" = 1 ] && continue
            ok=0
            for tries in 1 2 3 4 5; do
                t0=$(now_us)
                rc=0
                "$v" >"$logs/version-$v.out" 2>"$logs/version-$v.err" || rc=$?
                t1=$(now_us)
                case "$(launcher_trouble "$logs/version-$v.err")" in
                    build-failed) wait_for_build; continue ;;
                    rebuilt) rebuilt_during=1; continue ;;
                esac
                [ "$rc" = 0 ] && ok=1
                break
            done
            if [ "$ok" = 0 ]; then
                VFAIL[$v]=1
                info "start-up variant $v failed (exit $rc; $logs/version-$v.err):"
                head -c 1500 "$logs/version-$v.err" | sed 's/^/     /'
                continue
            fi
            VMS[$v]="${VMS[$v]:-}${VMS[$v]:+ }$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e3}')"
        done
    done
    if [ -n "$aot_note" ]; then
        :
    elif ! "$java" -XX:AOTMode=on -XX:AOTCache="$aot" -cp "$cp_arg" "$main_class" --version >/dev/null 2>&1; then
        aot_note=" (the jar changed during the runs: some ran without the cache)"
    fi
    for v in "${variants[@]}"; do
        [ -n "${VMS[$v]:-}" ] || continue
        info "$(printf '%-14s median %7s ms of %s' "$v" "$(median ${VMS[$v]})" "${VMS[$v]}")"
    done
fi

# ---------------------------------------------------------------------------------------------
load_end=$(uptime)
say "SUMMARY (MB = 10^6 bytes; medians of $RUNS interleaved rounds; same files, page cache warm)"
info "host: $(nproc) cores; load at start:$(sed 's/.*load average//' <<<"$load_start"); at end:$(sed 's/.*load average//' <<<"$load_end")"
busy=$(awk -v a="$(sed 's/.*load average: *\([0-9.]*\).*/\1/' <<<"$load_start")" \
    -v b="$(sed 's/.*load average: *\([0-9.]*\).*/\1/' <<<"$load_end")" -v n="$(nproc)" 'BEGIN {print (a > n / 2 || b > n / 2) ? 1 : 0}')
[ "$busy" = 1 ] && info "WARNING: other work was running (1-minute load above half the cores): absolute figures are low and noisy; compare the ratios"
info "gantry: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?') + $(cd "$root" && git status --porcelain 2>/dev/null | grep -c . || true) uncommitted paths; jar built $(date -u -r "$root/gantry-cli/target/gantry-cli.jar" +%H:%M:%SZ 2>/dev/null || echo '?'); JDK $java_version"
info "image: ${#layer_digests[@]} gzip layers, $(mbps "$stored_bytes" 1) MB stored, $(mbps "$uncompressed_bytes" 1) MB uncompressed ($(awk -v b="$uncompressed_bytes" 'BEGIN {printf "%.2f", b / 1073741824}') GiB); docker-archive $(mbps "$archive_bytes" 1) MB"
echo
row() { printf '   %-68s %8s %7s %8s  %s\n' "$@"; }
row "measurement (bytes counted)" "wall s" "MB/s" "own MB/s" "samples (wall s)"
ref_row() { # label, bytes, description
    row "$3" "$(med "$1")" "$(mbps "$2" "$(med "$1")")" "" "${SAMPLES[$1]}"
}
g_row() { # label, bytes, description
    local inner rss
    inner=$(median ${INNER[$1]})
    rss=$( [ -n "${RSS[$1]:-}" ] && awk -v k="$(median ${RSS[$1]})" 'BEGIN {printf ", RSS %.0f MB", k / 1024}' || true)
    row "$3 [exit ${RC[$1]}$rss]" "$(med "$1")" "$(mbps "$2" "$(med "$1")")" "$(awk -v i="$inner" -v b="$2" 'BEGIN {if (i > 0) printf "%.0f", b / i / 1e6; else print "?"}')" "${SAMPLES[$1]}"
}
ref_row "jdk-sha256 oci blobs" "$stored_bytes" "JDK SHA-256 1 thread, OCI blobs (stored)"
ref_row "openssl-sha256 oci blobs" "$stored_bytes" "openssl dgst -sha256, OCI blobs (stored)"
ref_row "jdk-inflate oci layers" "$uncompressed_bytes" "JDK GZIPInputStream 1 thread (uncompressed)"
ref_row "$inflater_name oci layers" "$uncompressed_bytes" "$inflater_name, OCI layers (uncompressed)"
ref_row "jdk-sha+inflate+sha oci layers" "$uncompressed_bytes" "JDK SHA+inflate+SHA 1 thread (uncompressed)"
ref_row "jdk-sha256 docker-archive" "$archive_ref_bytes" "JDK SHA-256 1 thread, docker-archive file"
ref_row "openssl-sha256 docker-archive" "$archive_ref_bytes" "openssl dgst -sha256, docker-archive file"
g_row oci-fast "$stored_bytes" "gantry validate --fast oci (stored)"
g_row oci-full "$uncompressed_bytes" "gantry validate oci (uncompressed)"
g_row da-fast "$da_stored" "gantry validate --fast docker-archive"
g_row da-full "$da_uncompressed" "gantry validate docker-archive (uncompressed)"
if [ "$per_thread" = 1 ]; then
    g_row oci-fast-j1 "$stored_bytes" "  same, --jobs 1: validate --fast oci"
    g_row oci-full-j1 "$uncompressed_bytes" "  same, --jobs 1: validate oci"
    g_row da-fast-j1 "$da_stored" "  same, --jobs 1: validate --fast docker-archive"
    g_row da-full-j1 "$da_uncompressed" "  same, --jobs 1: validate docker-archive"
fi
echo
ref_sha=$(mbps "$stored_bytes" "$(med "jdk-sha256 oci blobs")")
ref_inflate=$(mbps "$uncompressed_bytes" "$(med "jdk-inflate oci layers")")
ref_sha_da=$(mbps "$archive_ref_bytes" "$(med "jdk-sha256 docker-archive")")
own() { awk -v i="$(median ${INNER[$1]})" -v b="$2" 'BEGIN {if (i > 0) printf "%.0f", b / i / 1e6; else print 0}'; }
rrow() { printf '   %-72s %6s %9s %5s  %s\n' "$@"; }
rrow "ratio (Gantry wall time incl. JVM start; own timer = validate() only)" "wall" "own-timer" "goal" "verdict (wall)"
ratio_row() { # description, gantry label, gantry bytes, reference MB/s, goal
    local w o
    w=$(ratio "$(mbps "$3" "$(med "$2")")" "$4")
    o=$(ratio "$(own "$2" "$3")" "$4")
    rrow "$1" "$w" "$o" "$5" "$([ "$5" = '-' ] && echo '-' || verdict "$w" "$5")"
}
ratio_row "oci fast validate / JDK SHA-256 1 thread" oci-fast "$stored_bytes" "$ref_sha" 0.80
ratio_row "oci full validate (uncompressed/s) / JDK inflate 1 thread" oci-full "$uncompressed_bytes" "$ref_inflate" 1.0
ratio_row "docker-archive fast validate / JDK SHA-256 1 thread" da-fast "$da_stored" "$ref_sha_da" 0.80
ratio_row "docker-archive full validate (uncompressed/s) / JDK inflate 1 thread" da-full "$da_uncompressed" "$ref_inflate" 1.0
ratio_row "docker-archive full validate / JDK SHA-256 1 thread (info)" da-full "$da_uncompressed" "$ref_sha_da" -
if [ "$per_thread" = 1 ]; then
    ref_isha=$(mbps "$uncompressed_bytes" "$(med "jdk-sha+inflate+sha oci layers")")
    ratio_row "--jobs 1: oci fast / JDK SHA-256 1 thread (info)" oci-fast-j1 "$stored_bytes" "$ref_sha" -
    ratio_row "--jobs 1: oci full / JDK SHA+inflate+SHA 1 thread (info)" oci-full-j1 "$uncompressed_bytes" "$ref_isha" -
    ratio_row "--jobs 1: docker-archive fast / JDK SHA-256 1 thread (info)" da-fast-j1 "$da_stored" "$ref_sha_da" -
    ratio_row "--jobs 1: docker-archive full / JDK SHA-256 1 thread (info)" da-full-j1 "$da_uncompressed" "$ref_sha_da" -
fi
echo
exits_ok=MET
for l in "${!RC[@]}"; do [ "${RC[$l]}" = 0 ] || exits_ok="NOT MET"; done
info "every validate run exits 0 with GANTRY_JAVA_OPTS=$BENCH_HEAP: $exits_ok"
[ "$rebuilt_during" = 1 ] && info "note: the launcher rebuilt Gantry during some runs (sources changed); those runs were repeated"
[ "$build_failed" = 1 ] && info "note: the launcher failed to build Gantry at times (sources mid-edit); those runs were repeated after a wait"
if [ "$startup" = 1 ]; then
    echo
    vrow() { printf '   %-66s %8s\n' "$1" "$( [ -n "${VMS[$2]:-}" ] && median ${VMS[$2]} || { [ "${VFAIL[$2]:-}" = 1 ] && echo failed || echo '-'; })"; }
    printf '   %-66s %8s\n' "gantry --version start-up, median of $VERSION_RUNS (warm build)" "ms"
    vrow "./gantry as is (find-java, stale check, launcher's CDS archive)" v_launcher
    vrow "./gantry with JAVA_HOME preset" v_launcher_jh
    vrow "java + the launcher's dynamic CDS archive (no shell)" v_cds
    vrow "java + JDK 25 AOT cache$aot_note" v_aot
    vrow "java, JDK's default CDS only" v_default
    vrow "java -Xshare:off (no CDS)" v_off
    printf '   %-66s\n' "launcher parts, for reference:"
    vrow "  java -version (JVM floor)" v_jvm
    vrow "  find-java, JAVA_HOME unset (scans /usr/lib/jvm)" v_findjava
    vrow "  find-java, JAVA_HOME preset" v_findjava_jh
    vrow "  stale check (find sources newer than the jar)" v_stale
fi
echo
info "logs: $logs"
