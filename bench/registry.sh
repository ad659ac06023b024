#!/usr/bin/env bash
# Side-by-side figures for `gantry serve` and CNCF distribution (`docker-registry` from Debian),
# both on loopback over fresh directories: manifest GETs/s (wrk), cached blob GET MB/s (curl, the
# median of 7 after both are warm), monolithic blob PUT time (curl, best of 3), and Gantry's JVM heap after the run.
# Needs: apt-get install docker-registry wrk curl. Usage: bench/registry.sh [BLOB_MiB] (default 256)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mib="${1:-256}"
for tool in docker-registry wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench: $tool missing: apt-get install docker-registry wrk curl" >&2; exit 2; }
done
work="$(mktemp -d /tmp/gantry-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/distribution.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/distribution-data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:5100}
YAML
docker-registry serve "$work/distribution.yml" >"$work/distribution.log" 2>&1 & pids+=($!)
"$root/gantry" serve --addr 127.0.0.1:5101 --data "$work/gantry-data" --no-access-log >"$work/gantry.log" 2>&1 & pids+=($!)
gantry_pid=${pids[1]}
for port in 5100 5101; do
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.5; done
done

head -c $((mib << 20)) /dev/urandom > "$work/blob"
blob_digest="sha256:$(sha256sum "$work/blob" | cut -d' ' -f1)"
printf '{}' > "$work/config"
config_digest="sha256:$(sha256sum "$work/config" | cut -d' ' -f1)"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}' \
    "$config_digest" "$blob_digest" $((mib << 20)) > "$work/manifest"

# POST for a session, then PUT the whole blob to it (the path both registries answer the same way).
put_blob() { # port file digest -> seconds
    local loc sep
    loc=$(curl -sf -D - -o /dev/null -X POST "http://127.0.0.1:$1/v2/bench/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
    case "$loc" in http*) ;; *) loc="http://127.0.0.1:$1$loc";; esac
    case "$loc" in *\?*) sep='&';; *) sep='?';; esac
    curl -sf -o /dev/null -w "%{time_total}" -X PUT -H "Content-Type: application/octet-stream" -T "$2" "$loc${sep}digest=$3"
}

declare -A put get rps
for port in 5100 5101; do
    put_blob $port "$work/config" "$config_digest" >/dev/null
done
# The servers take turns, so a busy moment of the machine hits both alike. PUTs: best of 3 (the
# first big upload also pays the JVM's JIT warm-up).
for _ in 1 2 3; do
    for port in 5100 5101; do
        t=$(put_blob $port "$work/blob" "$blob_digest")
        put[$port]=$(awk -v a="${put[$port]:-}" -v b="$t" 'BEGIN{print (a=="" || b<a)?b:a}')
    done
done
for port in 5100 5101; do
    curl -sf -o /dev/null -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$work/manifest" \
        "http://127.0.0.1:$port/v2/bench/manifests/latest"
    # Warm-up, not measured: the page cache for the blob, and the JIT for both request paths (a
    # server runs for days; a cold JVM's first GETs measure its compiler, not its serving).
    for _ in 1 2 3; do curl -sf -o /dev/null "http://127.0.0.1:$port/v2/bench/blobs/$blob_digest"; done
    wrk -t2 -c32 -d5s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://127.0.0.1:$port/v2/bench/manifests/latest" >/dev/null
done
# Blob GETs: 7 turns each, the median.
declare -A speeds
for _ in 1 2 3 4 5 6 7; do
    for port in 5100 5101; do
        speeds[$port]+="$(curl -sf -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$port/v2/bench/blobs/$blob_digest") "
    done
done
for port in 5100 5101; do
    # shellcheck disable=SC2086
    get[$port]=$(median ${speeds[$port]})
    rps[$port]=$(wrk -t2 -c32 -d10s -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
        "http://127.0.0.1:$port/v2/bench/manifests/latest" | awk '/Requests\/sec/{print $2}')
done
echo "blob GET B/s per turn: distribution ${speeds[5100]}; gantry ${speeds[5101]}"

heap="n/a"
jcmd="$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)")")/jcmd"
java_pid=$(pgrep -P "$gantry_pid" java 2>/dev/null || echo "$gantry_pid")
if [ -x "$jcmd" ]; then
    heap=$("$jcmd" "$java_pid" GC.heap_info 2>/dev/null | awk '/used/ {for(i=1;i<=NF;i++) if($i=="used") {print $(i+1); exit}}' || echo n/a)
fi
rss=$(awk '/VmRSS/{print $2" "$3}' "/proc/$java_pid/status" 2>/dev/null || echo n/a)

printf '%-34s %14s %14s %8s\n' "" "distribution" "gantry" "ratio"
printf '%-34s %14.0f %14.0f %7.2fx\n' "manifest GET req/s (wrk -t2 -c32)" "${rps[5100]}" "${rps[5101]}" "$(awk -v a="${rps[5100]}" -v b="${rps[5101]}" 'BEGIN{print b/a}')"
printf '%-34s %14.0f %14.0f %7.2fx\n' "blob GET MB/s (${mib} MiB, cached)" "$(awk -v s="${get[5100]}" 'BEGIN{print s/1e6}')" "$(awk -v s="${get[5101]}" 'BEGIN{print s/1e6}')" "$(awk -v a="${get[5100]}" -v b="${get[5101]}" 'BEGIN{print b/a}')"
printf '%-34s %14.2f %14.2f %7.2fx\n' "monolithic PUT s (${mib} MiB)" "${put[5100]}" "${put[5101]}" "$(awk -v a="${put[5100]}" -v b="${put[5101]}" 'BEGIN{print a/b}')"
echo "gantry JVM: heap used $heap, RSS $rss (ratios: higher is better for gantry)"
