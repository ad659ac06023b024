#!/usr/bin/env bash
# Push and pull a >= 500 MB multi-layer image to/from a local docker-registry with Gantry and
# with `skopeo copy`, side by side in one run, and print the ratios. Each push goes to a fresh,
# empty registry; skopeo's blob-info cache is deleted first, so neither tool can skip uploads.
# Each figure is the median of 5 runs. Everything (image, registries' storage, pulled layouts)
# lives on tmpfs (/dev/shm) when it has room, else in /var/tmp: on this machine's ext4 the
# registry's and the layouts' write-back made the same push take 4.8-6.8 s from run to run, for
# either tool, which hides the clients' own differences. BENCH_DIR=/some/disk/dir measures there.
# Usage: bench/registry-client.sh [LAYER_MB] [LAYERS]   (default 4 layers of 160 MB)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
layer_mb="${1:-160}"
layers="${2:-4}"
for tool in docker-registry skopeo python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install docker-registry skopeo python3)" >&2; exit 2; }
done
# About 9 copies of the image are written (the image, 6 registries, pulled layouts, local copies).
need_kb=$((layer_mb * layers * 1100 * 9))
base="${BENCH_DIR:-}"
if [ -z "$base" ]; then
    base=/var/tmp
    if [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2{print $4}')" -gt "$need_kb" ] 2>/dev/null; then base=/dev/shm; fi
fi
work="$(mktemp -d "$base/gantry-bench.XXXXXX")"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
export GANTRY_JAVA_OPTS="${GANTRY_JAVA_OPTS:--Xmx256m}"
"$root/gantry" --version >/dev/null   # build once, outside the timings
# Let a registry command write the class-data archive (as a user's first real command would),
# outside the timings: it loads the HTTP, TLS and CLI classes every timed run needs.
"$root/gantry" tags --insecure 127.0.0.1:9/warm/up >/dev/null 2>&1 || true

# An OCI layout of $layers uncompressed tar layers of random bytes (incompressible, so the
# transfer, not compression, is what is measured).
python3 - "$work/img" "$layer_mb" "$layers" <<'PY'
import hashlib, io, json, os, sys, tarfile
out, mb, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out + "/blobs/sha256")
def store(data_path=None, data=None):
    h = hashlib.sha256()
    if data is not None:
        h.update(data); d = h.hexdigest()
        open(f"{out}/blobs/sha256/{d}", "wb").write(data); return d, len(data)
    with open(data_path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""): h.update(chunk)
    d = h.hexdigest(); os.rename(data_path, f"{out}/blobs/sha256/{d}")
    return d, os.path.getsize(f"{out}/blobs/sha256/{d}")
layers, diffs = [], []
for i in range(n):
    tmp = f"{out}/layer.tmp"
    with tarfile.open(tmp, "w") as t:
        payload = f"{out}/payload"
        with open(payload, "wb") as p:
            for _ in range(mb): p.write(os.urandom(1 << 20))
        t.add(payload, arcname=f"data{i}.bin")
        os.remove(payload)
    d, size = store(tmp)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + d, "size": size})
    diffs.append("sha256:" + d)
config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": diffs}}).encode()
cd, cs = store(data=config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + cd, "size": cs},
    "layers": layers}).encode()
md, ms = store(data=manifest)
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
    "digest": "sha256:" + md, "size": ms, "annotations": {"org.opencontainers.image.ref.name": "big"}}]},
    open(out + "/index.json", "w"))
open(out + "/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
PY
# This machine is a VM whose free memory is backed by the host only when first touched: a run
# that lands on never-touched pages spent 2.4-3.0 s in the kernel instead of 0.7 (either tool).
# Touching as much memory as the rounds will use, once, takes that out of the timings.
if [ "$base" = /dev/shm ]; then
    dd if=/dev/zero of="$work/prefault" bs=1M count=$((need_kb / 1024)) status=none
    rm -f "$work/prefault"
fi
total=$(du -sb "$work/img/blobs" | cut -f1)
echo "image: $layers layers, $((total / 1000000)) MB; files under $base ($(df -P "$base" | awk 'NR==2{print $1}'))"

start_registry() {  # $1 = name; sets $reg_host (not echoed: a $(...) subshell would lose the pid)
    local port dir="$work/reg-$1"
    mkdir -p "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
        "$dir/storage" "$port" > "$dir/config.yml"
    docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
    reg_host="127.0.0.1:$port"
}
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
mbps() { echo "scale=0; $total / 1000000 / $1" | bc; }

runs=(1 2 3 4 5)
g_push=(); s_push=(); g_pull=(); s_pull=(); g_pull_hc=(); g_local=(); s_local=()
for r in "${runs[@]}"; do
    start_registry "gantry$r"; g_reg=$reg_host
    start_registry "skopeo$r"; s_reg=$reg_host
    rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb
    g_push+=("$(seconds "$root/gantry" push -q --insecure "oci:$work/img:big" "$g_reg/bench/big:v1")")
    s_push+=("$(seconds skopeo copy -q --insecure-policy --dest-tls-verify=false "oci:$work/img:big" "docker://$s_reg/bench/big:v1")")
    rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb
    g_pull+=("$(seconds "$root/gantry" pull -q --insecure "$g_reg/bench/big:v1" "oci:$work/pull-gantry$r:v1")")
    s_pull+=("$(seconds skopeo copy -q --insecure-policy --src-tls-verify=false "docker://$s_reg/bench/big:v1" "oci:$work/pull-skopeo$r:v1")")
    # The same pull with blob GETs over the JDK HttpClient instead of HttpURLConnection (Gantry's default).
    g_pull_hc+=("$(GANTRY_JAVA_OPTS="$GANTRY_JAVA_OPTS -Dgantry.http.downloads=httpclient" seconds "$root/gantry" pull -q --insecure "$g_reg/bench/big:v1" "oci:$work/pull-gantry-hc$r:v1")")
    # Context for pull: the same image copied layout -> layout, no network at all.
    g_local+=("$(seconds "$root/gantry" copy -q "oci:$work/img:big" "oci:$work/local-copy$r:v1")")
    s_local+=("$(seconds skopeo copy -q --insecure-policy "oci:$work/img:big" "oci:$work/local-skopeo$r:v1")")
    # What this round wrote goes before the next one writes again (tmpfs is memory).
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    pids=()
    rm -rf "$work"/reg-* "$work"/pull-* "$work"/local-*
done
echo "runs (s): gantry push ${g_push[*]}; skopeo push ${s_push[*]}; gantry pull ${g_pull[*]}; skopeo pull ${s_pull[*]}"
g_push=$(median "${g_push[@]}"); s_push=$(median "${s_push[@]}")
g_pull=$(median "${g_pull[@]}"); s_pull=$(median "${s_pull[@]}")
g_pull_hc=$(median "${g_pull_hc[@]}"); g_local=$(median "${g_local[@]}"); s_local=$(median "${s_local[@]}")
printf '%-6s %10s %10s %12s %12s %8s\n' op gantry_s skopeo_s gantry_MB/s skopeo_MB/s ratio
printf '%-6s %10.2f %10.2f %12s %12s %8.2f\n' push "$g_push" "$s_push" "$(mbps "$g_push")" "$(mbps "$s_push")" "$(echo "$s_push / $g_push" | bc -l)"
printf '%-6s %10.2f %10.2f %12s %12s %8.2f\n' pull "$g_pull" "$s_pull" "$(mbps "$g_pull")" "$(mbps "$s_pull")" "$(echo "$s_pull / $g_pull" | bc -l)"
printf '%-6s %10.2f %10.2f %12s %12s %8.2f\n' pullHC "$g_pull_hc" "$s_pull" "$(mbps "$g_pull_hc")" "$(mbps "$s_pull")" "$(echo "$s_pull / $g_pull_hc" | bc -l)"
printf '%-6s %10.2f %10.2f %12s %12s %8.2f\n' local "$g_local" "$s_local" "$(mbps "$g_local")" "$(mbps "$s_local")" "$(echo "$s_local / $g_local" | bc -l)"
echo "pullHC = pull with blob GETs over the JDK HttpClient (-Dgantry.http.downloads=httpclient)"
echo "local = oci: layout to oci: layout on the same file system (no registry): the write path pull shares"
echo "ratio = skopeo time / gantry time (above 1: Gantry faster); heap: GANTRY_JAVA_OPTS=$GANTRY_JAVA_OPTS"
