#!/usr/bin/env bash
# Online garbage collection over PostgreSQL: a registry holding BLOBS blobs (default 100000) of which
# 1% are garbage, every blob queued for review (the worst case: as after a bulk push; in steady state
# only unlink/untag/delete events queue tasks), reviewed by one `gantry gc --config FILE` pass while a
# client pushes small images through `gantry serve` on the same storage and database without pause.
# Reports the pass's time and review rate, and the pushes served during it (count, latency p50/p95/max)
# beside the same client's pushes with no pass running.
# Seeding: rows by SQL (generate_series into blobs, manifests, manifest_references, tags, blob_links;
# the triggers queue the reviews, then every task is dated two days back so all are due), one tiny
# object per blob on the file-system driver written by Python. Digests are made up (sha256 of a
# counter): the collector reads rows and deletes objects, it does not re-hash.
# Needs: postgresql (initdb, pg_ctl, psql under /usr/lib/postgresql/*/bin), python3, curl; a built
# gantry-cli (mvn -o -pl gantry-cli -am package -DskipTests). Usage: bench/registry-gc.sh [BLOBS]
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ "${1:-}" = --help ] && bench_help
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
blobs="${1:-100000}"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$pg_bin/initdb" ] || die "PostgreSQL missing: apt-get install postgresql"
for tool in python3 curl; do command -v "$tool" >/dev/null || die "$tool missing"; done

work="$(mktemp -d /tmp/gantry-gc-bench.XXXXXX)"
chmod 755 "$work"
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -d "$work/pg" ] && as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

say "PostgreSQL: a throwaway cluster"
pg_port=$(free_port)
mkdir -p "$work/pg" "$work/pgsock"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg" "$work/pgsock"
as_pg "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pgsock/server.log" -w -o "-p $pg_port -k $work/pgsock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
psql() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
psql -d postgres -c "CREATE DATABASE gantry"
info "postgresql $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port, fsync off"

serve_port=$(free_port)
cat > "$work/config.json" <<JSON
{
  "addr": "127.0.0.1:$serve_port",
  "storage": {"driver": "filesystem", "path": "$work/data"},
  "database": {"url": "jdbc:postgresql://127.0.0.1:$pg_port/gantry", "user": "postgres",
               "gc": {"enabled": false}}
}
JSON
say "gantry serve (its own collector off: the one-shot pass below is what is measured)"
"$root/gantry" serve --config "$work/config.json" --no-access-log >"$work/serve.log" 2>&1 & pids+=($!)
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$serve_port/v2/" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$serve_port/v2/" >/dev/null || { cat "$work/serve.log"; die "gantry serve did not start"; }

say "seeding $blobs blobs: 1% garbage"
manifests=$((blobs / 100))          # manifests, each tagged; their own bytes are blobs 1..manifests
garbage=$((blobs / 100))            # linked, named by nothing
layers=$((blobs - manifests - garbage))
per=$(( (layers + manifests - 1) / manifests ))
start=$(date +%s.%N)
psql -d gantry <<SQL
INSERT INTO repositories (name) VALUES ('bench/seed');
CREATE TEMP TABLE d AS SELECT i, 'sha256:' || encode(sha256(('blob ' || i)::bytea), 'hex') AS digest FROM generate_series(1, $blobs) i;
INSERT INTO blobs (digest) SELECT digest FROM d;
INSERT INTO blob_links (repository_id, digest, linked_at) SELECT 1, digest, now() FROM d WHERE i > $manifests;
INSERT INTO manifests (repository_id, digest, media_type, linked_at)
    SELECT 1, digest, 'application/vnd.oci.image.manifest.v1+json', now() FROM d WHERE i <= $manifests;
INSERT INTO manifest_references (repository_id, manifest_digest, digest, media_type, size)
    SELECT 1, m.digest, l.digest, 'application/vnd.oci.image.layer.v1.tar', 32
    FROM d l JOIN d m ON m.i = 1 + (l.i - $manifests - 1) / $per
    WHERE l.i > $manifests AND l.i <= $manifests + $layers;
INSERT INTO tags (repository_id, name, manifest_digest, updated_at) SELECT 1, 't' || i, digest, now() FROM d WHERE i <= $manifests;
-- Every blob under review, all of it due.
INSERT INTO gc_blob_review_queue (digest, last_event_at, event)
    SELECT digest, now(), 'seeded' FROM d WHERE NOT EXISTS (SELECT 1 FROM gc_blob_review_queue q WHERE q.digest = d.digest);
UPDATE gc_blob_review_queue SET last_event_at = now() - interval '2 days';
UPDATE gc_manifest_review_queue SET last_event_at = now() - interval '2 days';
ANALYZE;
SQL
python3 - "$work/data" "$blobs" <<'PY'
import hashlib, os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(1, n + 1):
    h = hashlib.sha256(b"blob %d" % i).hexdigest()
    d = os.path.join(root, "blobs", "sha256", h[:2], h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "data"), "wb") as f:
        f.write(b"tiny object %d\n" % i)
PY
info "seeded in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s: $manifests tagged manifests naming $layers layers, $garbage garbage blobs"
psql -d gantry -At -c "SELECT 'queued: ' || (SELECT count(*) FROM gc_blob_review_queue) || ' blob and ' || (SELECT count(*) FROM gc_manifest_review_queue) || ' manifest review tasks'" | sed 's/^/   /'

# The client: pushes of a small image (config, one unique layer, manifest; 3 requests after a HEAD each)
# in a loop, one line per push: start and end (epoch seconds).
cat > "$work/push.py" <<'PY'
import hashlib, http.client, json, sys, time
port, out, stop_file, prefix = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
import os
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
def req(method, path, body=None, headers={}):
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse(); data = r.read(); return r.status, data
def blob(repo, content):
    d = "sha256:" + hashlib.sha256(content).hexdigest()
    if req("HEAD", f"/v2/{repo}/blobs/{d}")[0] != 200:
        s, b = req("POST", f"/v2/{repo}/blobs/uploads/?digest={d}", content, {"Content-Type": "application/octet-stream"})
        assert s == 201, (s, b)
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d, "size": len(content)}
i = 0
with open(out, "w") as log:
    while not os.path.exists(stop_file):
        i += 1
        t0 = time.time()
        repo = "bench/push"
        config = blob(repo, json.dumps({"os": "linux", "n": f"{prefix}{i}"}).encode())
        config["mediaType"] = "application/vnd.oci.image.config.v1+json"
        layer = blob(repo, f"layer {prefix}{i}".encode() * 64)
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": config, "layers": [layer]}).encode()
        s, b = req("PUT", f"/v2/{repo}/manifests/{prefix}{i}", manifest, {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
        assert s == 201, (s, b)
        log.write(f"{t0} {time.time()}\n"); log.flush()
PY
stats() { # file [from to] -> count p50 p95 max (ms) of pushes that started in the window
    python3 - "$@" <<'PY'
import sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
if len(sys.argv) > 2:
    a, b = float(sys.argv[2]), float(sys.argv[3]); rows = [r for r in rows if a <= r[0] <= b]
lat = sorted((e - s) * 1000 for s, e in rows)
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else 0
span = (max(e for _, e in rows) - min(s for s, _ in rows)) if rows else 0
print(f"{len(lat)} pushes in {span:.1f} s ({len(lat)/span if span else 0:.1f}/s), latency p50 {q(0.5):.0f} ms, p95 {q(0.95):.0f} ms, max {lat[-1] if lat else 0:.0f} ms")
PY
}

say "pushes with no collection running (15 s, after 15 s of warm-up pushes not counted)"
python3 "$work/push.py" "$serve_port" "$work/warmup.txt" "$work/stop-warmup" warm- & pids+=($!)
sleep 15; touch "$work/stop-warmup"; wait "${pids[-1]}"
python3 "$work/push.py" "$serve_port" "$work/baseline.txt" "$work/stop-baseline" base- & pids+=($!)
sleep 15; touch "$work/stop-baseline"; wait "${pids[-1]}"
info "$(stats "$work/baseline.txt")"

say "one online pass (gantry gc --config, review delay 1 h) while the client pushes"
python3 "$work/push.py" "$serve_port" "$work/during.txt" "$work/stop-during" gc- & pusher=$!; pids+=($pusher)
sleep 2
pass_start=$(date +%s.%N)
"$root/gantry" gc --config "$work/config.json" --grace PT1H --json > "$work/gc.json"
pass_end=$(date +%s.%N)
touch "$work/stop-during"; wait "$pusher"
elapsed=$(python3 -c "print(round($pass_end - $pass_start, 2))")
info "pass: $(cat "$work/gc.json")"
info "pass time ${elapsed} s (JVM start included), $(python3 -c "import json; r=json.load(open('$work/gc.json')); print(round(r['reviewed']/$elapsed))") review tasks/s"
info "pushes during the pass: $(stats "$work/during.txt" "$pass_start" "$pass_end")"
left=$(find "$work/data/blobs" -name data | wc -l)
info "objects left in storage: $left (seeded $blobs, garbage $garbage, plus the client's pushes)"
psql -d gantry -At -c "SELECT 'blobs: ' || count(*) FILTER (WHERE state = 'live') || ' live, ' || count(*) FILTER (WHERE state = 'deleted') || ' deleted; tasks left: ' || (SELECT count(*) FROM gc_blob_review_queue WHERE last_event_at < now() - interval '1 hour') || ' due' FROM blobs" | sed 's/^/   /'
echo "   machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
