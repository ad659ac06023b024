#!/usr/bin/env bash
# Start-up goals (issue 17), each beside the peer tool doing the same thing, in interleaved
# rounds (every round runs every command once, so other load drifts over all alike); medians of
# wall-clock and CPU (user+sys). A goal is "met" when Gantry's median is within it.
#
#   bench/startup.sh [--diagnose]
#
# Goals (median, idle machine):
#   --version, --help                                  <= 0.15 s wall      (skopeo --version / --help)
#   inspect/manifest/config/layers/digest, tiny layout <= 0.25 s wall and <= 0.35 s CPU
#                                                                          (skopeo inspect [--raw|--config] oci:)
#   manifest/inspect/tags, loopback docker-registry    <= 0.30 s wall      (skopeo inspect --raw / inspect / list-tags)
#   run --rm IMG true, image already stored            <= podman --runtime runc run --rm of the same image
#                                                      (root only: overlayfs and runc; otherwise said and left out)
# The launcher chooses the JVM flags per command (see ./gantry: a small AOT cache for --version/--help,
# C1 and the serial collector for short commands).
#
# --diagnose adds Gantry started by java directly: with the launcher's cache (what bash costs is the
# difference), without an application cache (what the cache saves).
#
# Environment:
#   RUNS        rounds (default 10)
#   BENCH_DIR   work dir (default /var/tmp/gantry-bench-startup); emptied first
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-10}"
BENCH_DIR="${BENCH_DIR:-/var/tmp/gantry-bench-startup}"
diagnose=0
case "${1:-}" in
    -h|--help) bench_help ;;
    --diagnose) diagnose=1 ;;
    "") ;;
    *) bench_unknown_argument "$1" ;;
esac
bench_absolute_dir BENCH_DIR "$BENCH_DIR"
for tool in skopeo docker-registry; do
    command -v "$tool" >/dev/null || die "$tool is needed (apt-get install -y $tool)"
done

. "$root/scripts/find-java.sh"
gantry_find_java
. "$root/scripts/aot-cache.sh"
gantry="$root/gantry"
"$gantry" --version >/dev/null # builds, and makes the start-up caches, when needed
"$gantry" inspect --help >/dev/null

rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# A tiny one-layer image (the launcher's own training image: coreutils and tar, no network).
gantry_aot_training_image "$BENCH_DIR/tiny"
local_image="oci:$BENCH_DIR/tiny:training"

# A loopback docker-registry holding it.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$BENCH_DIR/registry"
cat >"$BENCH_DIR/registry/config.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $BENCH_DIR/registry/data
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$BENCH_DIR/registry/config.yml" >"$BENCH_DIR/registry/log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
    sleep 0.1
done
remote="127.0.0.1:$port/tiny/image:v1"
"$gantry" push -q --insecure "$local_image" "$remote" >/dev/null

variants=(
    "--version|$gantry --version|skopeo --version|0.15|"
    "--help|$gantry --help|skopeo --help|0.15|"
    "local inspect|$gantry inspect $local_image|skopeo inspect $local_image|0.25|0.35"
    "local manifest|$gantry manifest $local_image|skopeo inspect --raw $local_image|0.25|0.35"
    "local config|$gantry config $local_image|skopeo inspect --config $local_image|0.25|0.35"
    "local layers|$gantry layers $local_image|skopeo inspect --format {{.Layers}} $local_image|0.25|0.35"
    "local digest|$gantry digest $local_image|skopeo inspect --format {{.Digest}} $local_image|0.25|0.35"
    "remote manifest|$gantry manifest --insecure $remote|skopeo inspect --raw --tls-verify=false docker://$remote|0.30|"
    "remote inspect|$gantry inspect --insecure $remote|skopeo inspect --tls-verify=false docker://$remote|0.30|"
    "remote tags|$gantry tags --insecure 127.0.0.1:$port/tiny/image|skopeo list-tags --tls-verify=false docker://127.0.0.1:$port/tiny/image|0.30|"
)

# `run`: a busybox image, in Gantry's store and in a podman store of its own (vfs, as podman runs here).
if [ "$(id -u)" = 0 ] && command -v podman >/dev/null && command -v runc >/dev/null && command -v umoci >/dev/null \
        && [ -x /bin/busybox ]; then
    (
        cd "$BENCH_DIR"
        umoci init --layout bb >/dev/null
        umoci new --image bb:latest >/dev/null
        umoci unpack --image bb:latest b >/dev/null
        mkdir -p b/rootfs/bin
        cp /bin/busybox b/rootfs/bin/busybox
        for applet in sh true; do ln -s busybox "b/rootfs/bin/$applet"; done
        umoci repack --image bb:latest b >/dev/null
        umoci config --image bb:latest --config.env PATH=/bin >/dev/null
        rm -rf b
    )
    store="$BENCH_DIR/store"
    podman=(podman --storage-driver vfs --root "$BENCH_DIR/podman/root" --runroot "$BENCH_DIR/podman/run")
    "${podman[@]}" pull -q "oci:$BENCH_DIR/bb:latest" >/dev/null
    podman_image=$("${podman[@]}" images -q | head -1)
    "$gantry" pull -q --root "$store" "oci:$BENCH_DIR/bb:latest" >/dev/null 2>&1 \
        || "$gantry" run --root "$store" --rm "oci:$BENCH_DIR/bb:latest" true
    "$gantry" run --root "$store" --rm "oci:$BENCH_DIR/bb:latest" true # snapshots made once
    variants+=("run --rm true|$gantry run --root $store --rm oci:$BENCH_DIR/bb:latest true|${podman[*]} run --rm --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 $podman_image true|peer|")
else
    echo "run: left out (needs root, podman, runc, umoci and /bin/busybox)"
fi

if [ "$diagnose" = 1 ]; then
    java="$JAVA_HOME/bin/java"
    cp_arg="$root/gantry-cli/target/gantry-cli.jar:$root/gantry-cli/target/lib/*"
    aot="$root/gantry-cli/target/gantry-$GANTRY_JAVA_RELEASE.aot"
    floor="$java -Xshare:auto -version"
    variants+=(
        "java+cache inspect|$java -XX:AOTCache=$aot -Xlog:aot=off -Xlog:cds=off --add-opens java.base/java.security=ALL-UNNAMED --add-opens java.base/sun.security.provider=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -cp $cp_arg dev.gantry.cli.Main inspect $local_image|$floor||"
        "java,no app cache inspect|$java --enable-native-access=ALL-UNNAMED -cp $cp_arg dev.gantry.cli.Main inspect $local_image|$floor||"
    )
fi

times="$BENCH_DIR/times"
mkdir -p "$times"
echo "load before: $(uptime)"
TIMEFORMAT='%3R %3U %3S'
for ((round = 1; round <= RUNS; round++)); do
    for i in "${!variants[@]}"; do
        IFS='|' read -r _ ours theirs _ _ <<<"${variants[$i]}"
        # shellcheck disable=SC2086 # the commands are word lists
        { time $ours >/dev/null 2>&1; } 2>>"$times/$i.gantry"
        # shellcheck disable=SC2086
        { time $theirs >/dev/null 2>&1; } 2>>"$times/$i.peer"
    done
done
echo "load after:  $(uptime)"

printf '%-18s %9s %9s %9s %9s %12s %s\n' what "wall ms" "cpu ms" "peer wall" "peer cpu" goal met
for i in "${!variants[@]}"; do
    IFS='|' read -r name _ _ goal_wall goal_cpu <<<"${variants[$i]}"
    # shellcheck disable=SC2046 # one number per word
    wall=$(median $(awk '{print $1}' "$times/$i.gantry"))
    # shellcheck disable=SC2046
    cpu=$(median $(awk '{print $2 + $3}' "$times/$i.gantry"))
    # shellcheck disable=SC2046
    peer_wall=$(median $(awk '{print $1}' "$times/$i.peer"))
    # shellcheck disable=SC2046
    peer_cpu=$(median $(awk '{print $2 + $3}' "$times/$i.peer"))
    awk -v n="$name" -v w="$wall" -v c="$cpu" -v pw="$peer_wall" -v pc="$peer_cpu" -v gw="$goal_wall" -v gc="$goal_cpu" 'BEGIN {
        if (gw == "peer") { goal = "<= peer"; met = (w <= pw) }
        else if (gw == "") { goal = "-"; met = -1 }
        else { goal = "<= " gw * 1000 (gc != "" ? "/" gc * 1000 : ""); met = (w <= gw) && (gc == "" || c <= gc) }
        printf "%-18s %9.0f %9.0f %9.0f %9.0f %12s %s\n", n, w * 1000, c * 1000, pw * 1000, pc * 1000, goal,
            met < 0 ? "" : (met ? "yes" : "NO")
    }'
done
echo "($RUNS interleaved rounds, medians; goal: wall or wall/cpu in ms; JDK $GANTRY_JAVA_RELEASE; $(nproc) cores)"
