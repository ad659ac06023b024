#!/usr/bin/env bash
# Measures where `./gantry` start-up goes, in interleaved rounds (each round runs every variant
# once, so the load of other work drifts over all alike); medians of wall-clock and of CPU
# (user+sys, steadier than wall on a loaded machine) are printed with ratios to the JVM's floor.
#
#   bench/startup.sh
#
# Variants: the JVM alone (`java -version`); ./gantry --version and ./gantry inspect of a tiny
# one-layer OCI layout (made here with the launcher's own training-image function, no network);
# the same two started by java directly with the launcher's start-up cache (what the bash
# launcher costs is the difference), with no application cache (what the cache saves), and
# with -XX:+UseSerialGC / -XX:TieredStopAtLevel=1 added (tuning the launcher does not apply).
#
# Environment:
#   RUNS        rounds (default 15)
#   BENCH_DIR   work dir for the tiny image (default /var/tmp/gantry-bench-startup)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-15}"
BENCH_DIR="${BENCH_DIR:-/var/tmp/gantry-bench-startup}"
case "${1:-}" in
    -h|--help) bench_help ;;
    "") ;;
    *) bench_unknown_argument "$1" ;;
esac

. "$root/scripts/find-java.sh"
gantry_find_java
. "$root/scripts/aot-cache.sh"
java="$JAVA_HOME/bin/java"
"$root/gantry" --version >/dev/null # builds, and makes the start-up cache, when needed
jar="$root/gantry-cli/target/gantry-cli.jar"
cp_arg="$jar:$root/gantry-cli/target/lib/*"
if [ "$GANTRY_JAVA_FEATURE" -ge 25 ]; then
    cache=(-XX:AOTCache="$root/gantry-cli/target/gantry-$GANTRY_JAVA_RELEASE.aot" -Xlog:aot=off -Xlog:cds=off --enable-native-access=ALL-UNNAMED)
else
    cache=(-XX:SharedArchiveFile="$root/gantry-cli/target/gantry.jsa" -Xshare:auto -Xlog:cds=off)
fi
rm -rf "$BENCH_DIR/tiny"
mkdir -p "$BENCH_DIR"
gantry_aot_training_image "$BENCH_DIR/tiny"
image="oci:$BENCH_DIR/tiny:training"

variants=(
    "jvm-floor|$java -version"
    "launcher --version|$root/gantry --version"
    "launcher inspect|$root/gantry inspect $image"
    "java+cache --version|$java ${cache[*]} -cp $cp_arg dev.gantry.cli.Main --version"
    "java+cache inspect|$java ${cache[*]} -cp $cp_arg dev.gantry.cli.Main inspect $image"
    "java,no app cache --version|$java -cp $cp_arg dev.gantry.cli.Main --version"
    "java,no app cache inspect|$java -cp $cp_arg dev.gantry.cli.Main inspect $image"
    "java+cache+SerialGC inspect|$java ${cache[*]} -XX:+UseSerialGC -cp $cp_arg dev.gantry.cli.Main inspect $image"
    "java+cache+C1only inspect|$java ${cache[*]} -XX:TieredStopAtLevel=1 -cp $cp_arg dev.gantry.cli.Main inspect $image"
)
times="$BENCH_DIR/times"
rm -rf "$times"; mkdir -p "$times"
echo "load before: $(uptime)"
TIMEFORMAT='%3R %3U %3S'
for ((round = 1; round <= RUNS; round++)); do
    for i in "${!variants[@]}"; do
        command="${variants[$i]#*|}"
        # shellcheck disable=SC2086 # the variants are word lists
        { time $command >/dev/null 2>&1; } 2>>"$times/$i"
    done
done
echo "load after:  $(uptime)"
# shellcheck disable=SC2046 # one number per word
floor_wall=$(median $(awk '{print $1}' "$times/0"))
# shellcheck disable=SC2046
floor_cpu=$(median $(awk '{print $2 + $3}' "$times/0"))
printf '%-30s %10s %10s %12s %12s\n' variant "wall ms" "cpu ms" "wall/floor" "cpu/floor"
for i in "${!variants[@]}"; do
    # shellcheck disable=SC2046
    wall=$(median $(awk '{print $1}' "$times/$i"))
    # shellcheck disable=SC2046
    cpu=$(median $(awk '{print $2 + $3}' "$times/$i"))
    awk -v n="${variants[$i]%%|*}" -v w="$wall" -v c="$cpu" -v fw="$floor_wall" -v fc="$floor_cpu" \
        'BEGIN {printf "%-30s %10.0f %10.0f %12.2f %12.2f\n", n, w * 1000, c * 1000, w / fw, c / fc}'
done
echo "($RUNS interleaved rounds, medians; JDK $GANTRY_JAVA_RELEASE at $JAVA_HOME; $(nproc) cores)"
