#!/usr/bin/env bash
# Push and pull a >= 500 MB multi-layer image with Gantry and with `skopeo copy`, side by side in
# one run, against both a local docker-registry and a local `gantry serve`, and print the ratios.
# Each push goes to a fresh, empty registry; skopeo's blob-info cache is deleted first, so neither
# tool can skip uploads. Each figure is the median of 5 rounds; the tools take turns going first.
# Everything (image, registries' storage, pulled layouts) lives on tmpfs (/dev/shm) when it has
# room, else in /var/tmp: on this machine's ext4 the registry's and the layouts' write-back made
# the same push take 4.8-6.8 s from run to run, for either tool, which hides the clients' own
# differences. BENCH_DIR=/some/disk/dir measures there. GANTRY_BEFORE=/other/checkout times that
# checkout's ./gantry too, in the same rounds ("before" rows: e.g. main beside a branch); the
# registry served by `gantry serve` is always this checkout's.
# Usage: bench/registry-client.sh [LAYER_MB] [LAYERS]   (default 4 layers of 160 MB)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
layer_mb="${1:-160}"
layers="${2:-4}"
for tool in docker-registry skopeo python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install docker-registry skopeo python3)" >&2; exit 2; }
done
before="${GANTRY_BEFORE:-}"
if [ -n "$before" ] && [ ! -x "$before/gantry" ]; then die "GANTRY_BEFORE=$before has no ./gantry"; fi
# At most about 9 copies of the image at once (the image, one registry and one pulled layout per
# client of one registry kind, local copies).
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
for checkout in "$root" ${before:+"$before"}; do
    "$checkout/gantry" --version >/dev/null   # build once, outside the timings
    # Let a registry command write the class-data archive (as a user's first real command would),
    # outside the timings: it loads the HTTP, TLS and CLI classes every timed run needs.
    "$checkout/gantry" tags --insecure 127.0.0.1:9/warm/up >/dev/null 2>&1 || true
done

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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_registry() {  # $1 = kind (docker-registry|gantry), $2 = name; sets $reg_host (not echoed: a $(...) subshell would lose the pid)
    local port dir="$work/reg-$2"
    mkdir -p "$dir"
    port=$(free_port)
    if [ "$1" = docker-registry ]; then
        printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
            "$dir/storage" "$port" > "$dir/config.yml"
        docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
    else
        "$root/gantry" serve --addr "127.0.0.1:$port" --data "$dir/storage" --no-access-log >"$dir/log" 2>&1 &
    fi
    pids+=($!)
    for _ in $(seq 200); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null || die "$1 did not start (log: $(tail -3 "$dir/log"))"
    reg_host="127.0.0.1:$port"
}
stop_registries() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    pids=()
}
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
mbps() { echo "scale=0; $total / 1000000 / $1" | bc; }
# Clients: Gantry (this checkout), skopeo, and the GANTRY_BEFORE checkout's Gantry.
clients=(gantry skopeo)
[ -n "$before" ] && clients+=(before)
push() {  # client registry
    case "$1" in
        gantry) "$root/gantry" push -q --insecure "oci:$work/img:big" "$2/bench/big:v1" ;;
        before) "$before/gantry" push -q --insecure "oci:$work/img:big" "$2/bench/big:v1" ;;
        skopeo) skopeo copy -q --insecure-policy --dest-tls-verify=false "oci:$work/img:big" "docker://$2/bench/big:v1" ;;
    esac
}
pull() {  # client registry destination
    case "$1" in
        gantry) "$root/gantry" pull -q --insecure "$2/bench/big:v1" "oci:$3:v1" ;;
        before) "$before/gantry" pull -q --insecure "$2/bench/big:v1" "oci:$3:v1" ;;
        skopeo) skopeo copy -q --insecure-policy --src-tls-verify=false "docker://$2/bench/big:v1" "oci:$3:v1" ;;
    esac
}

declare -A times   # "op kind client" -> space-separated seconds
add_time() { times["$1"]="${times["$1"]:-} $2"; }
kinds=(docker-registry gantry)
runs=(1 2 3 4 5)
for r in "${runs[@]}"; do
    # The tools take turns going first, so a busy moment of the shared machine does not always hit the same one.
    order=("${clients[@]}")
    if [ $((r % 2)) -eq 0 ]; then order=(); for ((i=${#clients[@]}-1; i>=0; i--)); do order+=("${clients[i]}"); done; fi
    for kind in "${kinds[@]}"; do
        declare -A host=()
        for c in "${order[@]}"; do start_registry "$kind" "$kind-$c$r"; host[$c]=$reg_host; done
        rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb
        for c in "${order[@]}"; do add_time "push $kind $c" "$(seconds push "$c" "${host[$c]}")"; done
        rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb
        for c in "${order[@]}"; do add_time "pull $kind $c" "$(seconds pull "$c" "${host[$c]}" "$work/pull-$c$r")"; done
        if [ "$kind" = docker-registry ]; then
            # The same pull with blob GETs over the JDK HttpClient instead of HttpURLConnection (Gantry's default).
            add_time "pullHC $kind gantry" "$(GANTRY_JAVA_OPTS="$GANTRY_JAVA_OPTS -Dgantry.http.downloads=httpclient" seconds pull gantry "${host[gantry]}" "$work/pull-hc$r")"
        fi
        # What this registry kind wrote goes before the next one writes again (tmpfs is memory).
        stop_registries
        rm -rf "$work"/reg-* "$work"/pull-*
    done
    # Context for pull: the same image copied layout -> layout, no network at all.
    add_time "local - gantry" "$(seconds "$root/gantry" copy -q "oci:$work/img:big" "oci:$work/local-copy$r:v1")"
    add_time "local - skopeo" "$(seconds skopeo copy -q --insecure-policy "oci:$work/img:big" "oci:$work/local-skopeo$r:v1")"
    rm -rf "$work"/local-*
done
for key in "${!times[@]}"; do echo "runs (s) $key:${times[$key]}"; done | sort
med() { # key -> median seconds
    # shellcheck disable=SC2086
    median ${times["$1"]}
}
printf '%-7s %-16s %-7s %10s %10s %12s %12s %8s\n' op registry client client_s skopeo_s client_MB/s skopeo_MB/s ratio
row() {  # op kind client [skopeo key]
    local c s
    c=$(med "$1 $2 $3"); s=$(med "${4:-$1 $2 skopeo}")
    printf '%-7s %-16s %-7s %10.2f %10.2f %12s %12s %8.2f\n' "$1" "$2" "$3" "$c" "$s" "$(mbps "$c")" "$(mbps "$s")" "$(echo "$s / $c" | bc -l)"
}
for kind in "${kinds[@]}"; do
    for op in push pull; do
        row "$op" "$kind" gantry
        [ -n "$before" ] && row "$op" "$kind" before
    done
done
row pullHC docker-registry gantry "pull docker-registry skopeo"
row local - gantry
echo "registry gantry = this checkout's gantry serve; client before = $before/gantry (GANTRY_BEFORE)"
echo "pullHC = pull with blob GETs over the JDK HttpClient (-Dgantry.http.downloads=httpclient)"
echo "local = oci: layout to oci: layout on the same file system (no registry): the write path pull shares"
echo "ratio = skopeo time / client time (above 1: the client is faster than skopeo); heap: GANTRY_JAVA_OPTS=$GANTRY_JAVA_OPTS"
