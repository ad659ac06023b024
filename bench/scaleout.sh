#!/usr/bin/env bash
# Scale-out figures for `gantry serve` on this machine, printed side by side in one run: the embedded
# filesystem store (one node) beside S3 + PostgreSQL (S3Proxy over a local directory, a throwaway
# PostgreSQL cluster) with one node and with three nodes over the same bucket and database.
#   - manifest GET req/s: three wrk processes (-t1 -c10, 10 s) at once, all at one node or one per node
#   - blob GET MB/s: 6 parallel curl downloads of a BLOB_MIB blob, all from one node or two per node (median of 3)
#   - a 1 GiB image (IMAGE_MIB, 4 uncompressed tar layers) pushed and pulled with `gantry copy`: filesystem
#     vs S3 + PostgreSQL (pushed to node 1, pulled from node 2)
#   - LIST_N repositories and LIST_N tags of one repository, seeded over the API (8 at a time), then paged
#     through (catalog and tags list, n=100 and n=1000; S3 + PostgreSQL read from node 2)
# The load average is printed before and after: the machine may be shared.
# Needs: apt-get install wrk curl postgresql; the S3Proxy jar (org.gaul:s3proxy:2.6.0, jar-with-dependencies)
# in ~/.m2 or gantry-registry-s3/target/s3proxy (any build of that module's tests fetches it), or S3PROXY_JAR.
# Usage: bench/scaleout.sh   (env: BLOB_MIB=64 IMAGE_MIB=1024 LIST_N=10000 BENCH_DIR=/var/tmp/...)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in -h|--help) bench_help ;; "") ;; *) bench_unknown_argument "$1" ;; esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/find-java.sh
. "$root/scripts/find-java.sh"
gantry_find_java || exit 2
blob_mib="${BLOB_MIB:-64}"
image_mib="${IMAGE_MIB:-1024}"
list_n="${LIST_N:-10000}"
for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || die "$tool missing: apt-get install wrk curl python3"
done
# Debian's binaries (initdb is not on the PATH there), else the PATH's.
pg_bin="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)")"
[ -x "$pg_bin/createdb" ] || pg_bin="$(dirname "$(command -v createdb || echo /nonexistent/createdb)")"
[ -x "$pg_bin/initdb" ] || die "PostgreSQL missing (no initdb): apt-get install postgresql"
s3proxy_jar="${S3PROXY_JAR:-}"
for candidate in "$root/gantry-registry-s3/target/s3proxy/s3proxy.jar" "$HOME/.m2/repository/org/gaul/s3proxy/2.6.0/s3proxy-2.6.0-jar-with-dependencies.jar"; do
    [ -n "$s3proxy_jar" ] || { [ -f "$candidate" ] && s3proxy_jar="$candidate"; }
done
[ -f "$s3proxy_jar" ] || die "no S3Proxy jar: mvn -B dependency:get -Dartifact=org.gaul:s3proxy:2.6.0:jar:jar-with-dependencies, or set S3PROXY_JAR"

work="${BENCH_DIR:-$(mktemp -d /var/tmp/gantry-scaleout.XXXXXX)}"
bench_absolute_dir BENCH_DIR "$work"
mkdir -p "$work"
chmod 755 "$work"
pids=()
as_postgres=()
[ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$work/pg/data/postmaster.pid" ] && "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 1 240); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; die "nothing answers at $1"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average at start: $(load) ($(nproc) cores)"

say "starting PostgreSQL, S3Proxy and four gantry serve nodes"
"$root/gantry" --version >/dev/null   # builds Gantry on first use, outside the timings
pg_port=$(free_port)
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$work/pg"
"${as_postgres[@]}" "$pg_bin/initdb" -D "$work/pg/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -o \
    "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
"${as_postgres[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres gantry
s3_port=$(free_port)
mkdir -p "$work/s3/data/registry"
cat > "$work/s3/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.identity=bench
jclouds.credential=bench-secret
jclouds.filesystem.basedir=$work/s3/data
PROPS
"$JAVA_HOME/bin/java" -Xmx512m -jar "$s3proxy_jar" --properties "$work/s3/s3proxy.properties" >"$work/s3/s3proxy.log" 2>&1 & pids+=($!)
for _ in $(seq 1 240); do (exec 3<>"/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && break; sleep 0.5; done
cat > "$work/s3pg.json" <<JSON
{
  "storage": {"driver": "s3", "bucket": "registry", "endpoint": "http://127.0.0.1:$s3_port", "region": "us-east-1",
              "pathStyle": true, "accessKey": "bench", "secretKey": "bench-secret"},
  "database": {"url": "jdbc:postgresql://127.0.0.1:$pg_port/gantry", "user": "postgres"}
}
JSON
fs_port=$(free_port)
"$root/gantry" serve --addr "127.0.0.1:$fs_port" --data "$work/fs-data" --no-access-log >"$work/fs.log" 2>&1 & pids+=($!)
nodes=()
for i in 1 2 3; do
    p=$(free_port)
    "$root/gantry" serve --config "$work/s3pg.json" --addr "127.0.0.1:$p" --no-access-log >"$work/node$i.log" 2>&1 & pids+=($!)
    nodes+=("$p")
    # One at a time: the first node migrates the schema.
    wait_http "http://127.0.0.1:$p/v2/"
done
wait_http "http://127.0.0.1:$fs_port/v2/"
info "filesystem :$fs_port; S3 + PostgreSQL nodes :${nodes[0]} :${nodes[1]} :${nodes[2]} (S3Proxy :$s3_port, PostgreSQL :$pg_port)"

say "manifest and blob GETs"
head -c $((blob_mib << 20)) /dev/urandom > "$work/blob"
blob_digest="sha256:$(sha256sum "$work/blob" | cut -d' ' -f1)"
printf '{}' > "$work/config"
config_digest="sha256:$(sha256sum "$work/config" | cut -d' ' -f1)"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}' \
    "$config_digest" "$blob_digest" $((blob_mib << 20)) > "$work/manifest"
for port in "$fs_port" "${nodes[0]}"; do
    for part in config blob; do
        digest_var="${part}_digest"
        curl -sf -o /dev/null -X POST -H 'Content-Type: application/octet-stream' --data-binary "@$work/$part" \
            "http://127.0.0.1:$port/v2/bench/blobs/uploads/?digest=${!digest_var}"
    done
    curl -sf -o /dev/null -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$work/manifest" \
        "http://127.0.0.1:$port/v2/bench/manifests/latest"
done
manifest_url() { echo "http://127.0.0.1:$1/v2/bench/manifests/latest"; }
# Warm-up, not measured: every node's JIT for both request paths, S3Proxy's and PostgreSQL's caches.
for port in "$fs_port" "${nodes[@]}"; do
    curl -sf -o /dev/null "http://127.0.0.1:$port/v2/bench/blobs/$blob_digest"
    wrk -t1 -c8 -d3s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$(manifest_url "$port")" >/dev/null
done
# Three wrk processes at once at the ports given (one each); prints the summed req/s.
manifest_rps() {
    local out=() p i=0
    for p in "$@"; do
        wrk -t1 -c10 -d10s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$(manifest_url "$p")" > "$work/wrk.$i" & out+=($!)
        i=$((i + 1))
    done
    wait "${out[@]}"
    cat "$work"/wrk.* | awk '/Requests\/sec/{s+=$2} END{printf "%.0f", s}'
    rm -f "$work"/wrk.*
}
# Six downloads at once from the ports given (round-robin); prints MB/s over the wall time, median of 3.
blob_mbs() {
    local runs=() p start end i
    for _ in 1 2 3; do
        local got=()
        start=$(date +%s.%N)
        for i in 0 1 2 3 4 5; do
            p=("$@"); curl -sf -o /dev/null "http://127.0.0.1:${p[$((i % $#))]}/v2/bench/blobs/$blob_digest" & got+=($!)
        done
        wait "${got[@]}"
        end=$(date +%s.%N)
        runs+=("$(awk -v s="$start" -v e="$end" -v m="$blob_mib" 'BEGIN{printf "%.1f", 6 * m * 1.048576 / (e - s)}')")
    done
    median "${runs[@]}"
}
declare -A rps mbs
rps[fs]=$(manifest_rps "$fs_port" "$fs_port" "$fs_port")
rps[one]=$(manifest_rps "${nodes[0]}" "${nodes[0]}" "${nodes[0]}")
rps[three]=$(manifest_rps "${nodes[@]}")
load_gets="$(load)"
mbs[fs]=$(blob_mbs "$fs_port")
mbs[one]=$(blob_mbs "${nodes[0]}")
mbs[three]=$(blob_mbs "${nodes[@]}")
info "load average after the GETs: $load_gets"

say "a ${image_mib} MiB image: push and pull with gantry copy"
layout="$work/image"
mkdir -p "$layout/blobs/sha256"
printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
layers=""
diff_ids=""
for i in 1 2 3 4; do
    mkdir -p "$work/layer$i"
    head -c $((image_mib << 18)) /dev/urandom > "$work/layer$i/data$i"
    tar -C "$work/layer$i" -cf "$work/layer$i.tar" "data$i"
    rm -rf "$work/layer$i"
    hex=$(sha256sum "$work/layer$i.tar" | cut -d' ' -f1)
    size=$(stat -c %s "$work/layer$i.tar")
    mv "$work/layer$i.tar" "$layout/blobs/sha256/$hex"
    layers+="${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$hex\",\"size\":$size}"
    diff_ids+="${diff_ids:+,}\"sha256:$hex\""
done
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$diff_ids" > "$work/image-config"
chex=$(sha256sum "$work/image-config" | cut -d' ' -f1)
mv "$work/image-config" "$layout/blobs/sha256/$chex"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[%s]}' \
    "$chex" "$(stat -c %s "$layout/blobs/sha256/$chex")" "$layers" > "$work/image-manifest"
mhex=$(sha256sum "$work/image-manifest" | cut -d' ' -f1)
msize=$(stat -c %s "$work/image-manifest")
mv "$work/image-manifest" "$layout/blobs/sha256/$mhex"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"v1"}}]}' \
    "$mhex" "$msize" > "$layout/index.json"
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>"$work/copy.err" || { cat "$work/copy.err" >&2; die "failed: $*"; }; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN{printf "%.1f", e - s}'; }
declare -A push pull
cat "$layout"/blobs/sha256/* > /dev/null   # the layout in the page cache for both pushes
push[fs]=$(seconds "$root/gantry" copy --insecure "oci:$layout:v1" "docker://127.0.0.1:$fs_port/big/image:v1")
push[s3]=$(seconds "$root/gantry" copy --insecure "oci:$layout:v1" "docker://127.0.0.1:${nodes[0]}/big/image:v1")
pull[fs]=$(seconds "$root/gantry" copy --insecure "docker://127.0.0.1:$fs_port/big/image:v1" "oci:$work/pulled-fs:v1")
rm -rf "$work/pulled-fs"
pull[s3]=$(seconds "$root/gantry" copy --insecure "docker://127.0.0.1:${nodes[1]}/big/image:v1" "oci:$work/pulled-s3:v1")
rm -rf "$work/pulled-s3" "$layout"
info "load average after push and pull: $(load)"

say "listing: $list_n repositories, $list_n tags"
classes="$work/classes"
"$JAVA_HOME/bin/javac" -d "$classes" "$root/bench/Listing.java"
listing() { "$JAVA_HOME/bin/java" -cp "$classes" Listing "$@"; }
declare -A seed_repos seed_tags page
for store in fs s3; do
    if [ "$store" = fs ]; then write="$fs_port"; read_port="$fs_port"; else write="${nodes[0]}"; read_port="${nodes[1]}"; fi
    seed_repos[$store]=$(seconds listing seed-repos "http://127.0.0.1:$write" "$list_n")
    seed_tags[$store]=$(seconds listing seed-tags "http://127.0.0.1:$write" "$list_n")
    for n in 100 1000; do
        page[$store,catalog,$n]=$(listing page "http://127.0.0.1:$read_port" /v2/_catalog "$n")
        page[$store,tags,$n]=$(listing page "http://127.0.0.1:$read_port" /v2/tags/many/tags/list "$n")
    done
done
info "load average after listing: $(load)"

say "figures (load average now $(load); $(nproc) cores shared by every process here)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2fx", b / a}'; }
printf '%-42s %12s %14s %14s %10s\n' "" "filesystem" "S3+PG 1 node" "S3+PG 3 nodes" "3 vs 1"
printf '%-42s %12s %14s %14s %10s\n' "manifest GET req/s (3x wrk -t1 -c10)" "${rps[fs]}" "${rps[one]}" "${rps[three]}" "$(ratio "${rps[one]}" "${rps[three]}")"
printf '%-42s %12s %14s %14s %10s\n' "blob GET MB/s (6 x ${blob_mib} MiB at once)" "${mbs[fs]}" "${mbs[one]}" "${mbs[three]}" "$(ratio "${mbs[one]}" "${mbs[three]}")"
echo
printf '%-58s %12s %14s\n' "" "filesystem" "S3+PG"
printf '%-58s %12s %14s\n' "push ${image_mib} MiB image, s (gantry copy)" "${push[fs]}" "${push[s3]}"
printf '%-58s %12s %14s\n' "pull ${image_mib} MiB image, s (S3+PG: node 2)" "${pull[fs]}" "${pull[s3]}"
printf '%-58s %12s %14s\n' "seed $list_n repositories, s (API, 8 at once)" "${seed_repos[fs]}" "${seed_repos[s3]}"
printf '%-58s %12s %14s\n' "seed $list_n tags, s (API, 8 at once)" "${seed_tags[fs]}" "${seed_tags[s3]}"
for what in catalog tags; do
    for n in 100 1000; do
        read -r fe fp fs_s <<<"${page[fs,$what,$n]}"
        read -r se sp s3_s <<<"${page[s3,$what,$n]}"
        printf '%-58s %12s %14s\n' "page $what n=$n, s ($fe/$se entries, $fp/$sp pages)" "$fs_s" "$s3_s"
    done
done
