#!/usr/bin/env bash
# Slow and hostile clients (issue 15): p50/p99/max latency of a normal client's manifest GETs
# against `gantry serve` and, side by side in the same run, CNCF distribution (`docker-registry`),
# first alone and then while 1,000 idle connections and 50 slowloris connections (a header byte
# every 200 ms) are open. Each GET is a new connection, timed connect to last byte (bench/SlowClients.java).
# Ratios (with / alone) are the figure: the machine is shared, absolute numbers drift.
#
#   bench/slow-clients.sh [REQUESTS] [IDLE] [SLOW]     (defaults 2000, 1000, 50)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in -h|--help) bench_help ;; esac
requests="${1:-2000}" idle="${2:-1000}" slow="${3:-50}"
for tool in docker-registry skopeo curl; do
    command -v "$tool" >/dev/null || die "$tool is needed (apt-get install -y $tool)"
done
. "$root/scripts/find-java.sh"
gantry_find_java
# Two servers and the client each keep >1,000 sockets open.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work="$(mktemp -d /tmp/gantry-bench-slow.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/distribution.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/distribution-data}}
http: {addr: 127.0.0.1:5110}
YAML
docker-registry serve "$work/distribution.yml" >"$work/distribution.log" 2>&1 & pids+=($!)
"$root/gantry" serve --addr 127.0.0.1:5111 --data "$work/gantry-data" --no-access-log >"$work/gantry.log" 2>&1 & pids+=($!)
for port in 5110 5111; do
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.5; done
done
mkdir -p "$work/content" && echo hello >"$work/content/hello"
"$root/gantry" image create --layer "$work/content:/" -o "oci:$work/layout:v1" >/dev/null
for port in 5110 5111; do
    skopeo copy -q --dest-tls-verify=false "oci:$work/layout:v1" "docker://127.0.0.1:$port/bench/app:v1"
done
"$JAVA_HOME/bin/javac" -d "$work/classes" "$root/bench/SlowClients.java"

say "manifest GET latency, ms (each a new connection; $requests requests per phase)"
printf '   %-16s %-32s %6s %8s %8s %8s %4s\n' server phase n p50 p99 max fail
for server in docker-registry:5110 gantry:5111; do
    "$JAVA_HOME/bin/java" -cp "$work/classes" SlowClients 127.0.0.1 "${server#*:}" /v2/bench/app/manifests/v1 "$requests" "$idle" "$slow" \
        | while IFS= read -r line; do printf '   %-16s %s\n' "${server%:*}" "$line"; done
done
info "p99 with/alone is the figure (gantry serve closes connections idle for 30 s: ConnectionLimits)"
