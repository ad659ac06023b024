#!/usr/bin/env bash
# Fuzzes every Jazzer target of gantry-fuzz for a while and reports, per target, the executions,
# executions per second, the corpus size and the findings.
#
#   bench/fuzz.sh [SECONDS_PER_TARGET] [FILTER]
#
#   SECONDS_PER_TARGET  how long each target fuzzes (default 60)
#   FILTER              only targets whose Class.method matches this extended regex (e.g. LayerApply|Dockerfile)
#
# The targets run one after another, each in its own JVM through Jazzer's command line (the
# JUnit fuzz tests in fuzzing mode, as JAZZER_FUZZ=1 would run them under surefire), starting
# from the committed seed corpus plus what earlier runs of this script found. Coverage is
# measured in Gantry's classes and in the parsers it relies on (Commons Compress, Jackson,
# Jetty's HTTP parsing, nimbus-jose-jwt, zstd-jni's Java side).
#
# A finding is an input that breaks a target's invariant (an untyped exception, a write outside
# the root, ...) or runs past 120 s (the first input of a target also pays for instrumenting the
# classes it reaches: tens of seconds on a loaded machine). Jazzer stops that target at its first one and writes it to
# $BENCH_DIR/TARGET/crash-*; turn it into a plain regression test beside the code it breaks, fix,
# and run again. The script exits 1 when any target found something, else 0.
#
# Environment:
#   BENCH_DIR   work dir: per target its generated corpus, log and findings, kept between runs so
#               that fuzzing resumes where it stopped (default /var/tmp/gantry-bench-fuzz)
#   FUZZ_HEAP   JVM heap per target (default -Xmx2g)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/var/tmp/gantry-bench-fuzz}"
FUZZ_HEAP="${FUZZ_HEAP:--Xmx2g}"
seconds=60
filter=""
for arg in "$@"; do
    case "$arg" in
        -h|--help) bench_help ;;
        ''|-*) bench_unknown_argument "$arg" ;;
        *[!0-9]*) [ -z "$filter" ] || bench_unknown_argument "$arg"; filter="$arg" ;;
        *) seconds="$arg" ;;
    esac
done
[ "$seconds" -gt 0 ] || die "SECONDS_PER_TARGET must be at least 1"
bench_absolute_dir BENCH_DIR "$BENCH_DIR"

# shellcheck source=../scripts/find-java.sh
. "$root/scripts/find-java.sh"
gantry_find_java
command -v mvn >/dev/null 2>&1 || die "Maven is needed: apt-get install maven"

say "building gantry-fuzz's test classes ($JAVA_HOME)"
mkdir -p "$BENCH_DIR"
classpath_file="$BENCH_DIR/classpath.txt"
(cd "$root" && mvn -B -q -pl gantry-fuzz -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test) >"$BENCH_DIR/build.log" 2>&1 \
    || { tail -20 "$BENCH_DIR/build.log" >&2; die "the build failed; see $BENCH_DIR/build.log"; }
# The fuzzing JVMs read a copy of the checkout's class directories, so that a build in the
# checkout while they run (./gantry rebuilds itself) cannot pull classes from under them.
snapshot="$BENCH_DIR/classes"
rm -rf "$snapshot" && mkdir -p "$snapshot"
classpath=""
for entry in "$root/gantry-fuzz/target/test-classes" $(tr ':' ' ' < "$classpath_file"); do
    if [ -d "$entry" ]; then
        copy="$snapshot/$(basename "$(dirname "$(dirname "$entry")")")-$(basename "$entry")"
        cp -r "$entry" "$copy"
        entry="$copy"
    fi
    classpath="${classpath:+$classpath:}$entry"
done

# Class.method of every @FuzzTest, from the sources.
mapfile -t targets < <(cd "$root/gantry-fuzz/src/test/java" && grep -rn -A1 '@FuzzTest' --include='*.java' . \
    | sed -n 's|^\./\(.*\)\.java-[0-9]*-.*void \([A-Za-z0-9_]*\)(.*|\1.\2|p' | tr '/' '.' | sort)
[ "${#targets[@]}" -gt 0 ] || die "no @FuzzTest found under gantry-fuzz/src/test/java"

includes="dev.gantry.**:org.apache.commons.compress.**:com.fasterxml.jackson.**:org.eclipse.jetty.http.**:org.eclipse.jetty.server.**:com.nimbusds.**:com.github.luben.**"
say "fuzzing each target for ${seconds}s"
printf '   %-58s %12s %9s %8s  %s\n' target executions exec/s corpus findings
found=0
for target in "${targets[@]}"; do
    [ -z "$filter" ] || [[ "$target" =~ $filter ]] || continue
    class="${target%.*}"
    method="${target##*.}"
    dir="$BENCH_DIR/${class##*.}.$method"
    mkdir -p "$dir"
    rm -f "$dir"/crash-* "$dir"/timeout-* "$dir"/oom-* "$dir"/slow-unit-*
    status=0
    (cd "$dir" && "$JAVA_HOME/bin/java" "$FUZZ_HEAP" -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED \
        -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
        --target_class="$class" --target_method="$method" --instrumentation_includes="$includes" \
        -max_total_time="$seconds" -timeout=120 -rss_limit_mb=0 -print_final_stats=1 -artifact_prefix="$dir/") \
        >"$dir/fuzz.log" 2>&1 || status=$?
    # libFuzzer's own figures: final stats, else the last status line (a target stopped by a finding)
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -1)"
    [ -n "$runs" ] || runs="$(sed -n 's/^#\([0-9]*\).*/\1/p' "$dir/fuzz.log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/fuzz.log" | tail -1)"
    corpus="$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' "$dir/fuzz.log" | tail -1)"
    findings="$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)"
    what="none"
    if [ "$findings" -gt 0 ] || [ "$status" -ne 0 ]; then
        found=1
        first="$(sed -n '/^== Java Exception:\|ERROR: libFuzzer\|^Exception in thread/{p;q}' "$dir/fuzz.log" | cut -c1-160)"
        what="$findings: ${first:-see the log} (exit $status; $dir)"
    fi
    printf '   %-58s %12s %9s %8s  %s\n' "$target" "${runs:-?}" "${rate:-?}" "${corpus:-?}" "$what"
done
info "logs, corpora and findings: $BENCH_DIR"
exit "$found"
