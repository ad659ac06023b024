#!/usr/bin/env bash
# kill -9 soak of `gantry serve`: the server runs as a child process on a fresh data directory while
# PUSHERS `gantry push` loops and SKOPEO `skopeo copy` loops push five images that share a 1 MiB
# base layer into three shared repositories (a new tag per push); every KILL_MIN..KILL_MAX seconds
# the server gets SIGKILL and is started again on the same directory. At the end every push whose
# client exited 0 must pull back bit for bit (the manifest by its tag and every blob it names,
# re-hashed) and `gantry serve scrub` must find nothing. Prints duration, pushes attempted and
# acknowledged, kills, acknowledged pushes lost (the goal is 0), scrub's summary, and why the
# failed pushes failed. Exits 0 when nothing was lost and scrub is clean, 1 otherwise.
# The suite's bounded version is gantry-cli's KillSoakTest.
# Needs: skopeo, curl. Usage: bench/soak.sh [SECONDS] (default 300)
# Environment: PUSHERS (default 3), SKOPEO (default 1), KILL_MIN/KILL_MAX seconds (default 3/10),
# PORT (default: a free one), KEEP=1 keeps the work directory (its path is printed).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in --help|-h) bench_help ;; ""|*[!0-9]*) [ -z "${1:-}" ] || bench_unknown_argument "$1" ;; esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-300}"
pushers="${PUSHERS:-3}"
skopeos="${SKOPEO:-1}"
kill_min="${KILL_MIN:-3}"
kill_max="${KILL_MAX:-10}"
images=5
repositories=3
for tool in skopeo curl sha256sum; do
    command -v "$tool" >/dev/null || die "$tool missing: apt-get install skopeo curl coreutils"
done
[ "$kill_max" -ge "$kill_min" ] || die "KILL_MAX ($kill_max) must not be below KILL_MIN ($kill_min)"
gantry="$root/gantry"
"$gantry" --version >/dev/null # builds the CLI first when the sources changed

work="$(mktemp -d /tmp/gantry-soak.XXXXXX)"
server=
pusher_pids=()
cleanup() {
    touch "$work/stop" 2>/dev/null || true
    [ -z "$server" ] || kill -9 "$server" 2>/dev/null || true
    # The pushers' loops (by the ids this script started); a client they run finishes on its own.
    for pid in "${pusher_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
    die "no free port found"
}
port="${PORT:-$(free_port)}"
host="127.0.0.1:$port"

say "images: $images sharing a 1 MiB base layer"
mkdir -p "$work/content/base" "$work/images"
head -c $((1 << 20)) /dev/urandom > "$work/content/base/base"
"$gantry" image create --layer "$work/content/base:/base" -o "oci:$work/images/base:v1" >/dev/null
declare -a expected
for i in $(seq 0 $((images - 1))); do
    mkdir -p "$work/content/$i"
    head -c $(((i + 1) << 17)) /dev/urandom > "$work/content/$i/own"
    "$gantry" image create --from "oci:$work/images/base:v1" --layer "$work/content/$i:/own" -o "oci:$work/images/$i:v1" >/dev/null
    expected[i]="$("$gantry" digest "oci:$work/images/$i:v1")"
done

start_server() {
    "$gantry" serve --addr "$host" --data "$work/data" --no-access-log >>"$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do
        curl -sf "http://$host/healthz" >/dev/null && return
        kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; die "gantry serve exited"; }
        sleep 0.1
    done
    die "gantry serve did not answer within 60 s"
}

# One pusher: push a random image to a random repository under a new tag until told to stop;
# an acknowledged push (exit 0) is recorded as "REPOSITORY TAG IMAGE", a failure by its last line.
pusher() { # NAME KIND(gantry|skopeo)
    local n=0 image repository tag target
    while [ ! -e "$work/stop" ]; do
        image=$((RANDOM % images))
        repository="soak/r$((RANDOM % repositories))"
        tag="$1-$n"
        target="$host/$repository:$tag"
        n=$((n + 1))
        echo x >> "$work/attempts"
        if if [ "$2" = skopeo ]; then
                skopeo copy --quiet --dest-tls-verify=false "oci:$work/images/$image:v1" "docker://$target"
            else
                "$gantry" push --insecure "oci:$work/images/$image:v1" "$target"
            fi >"$work/$1.last" 2>&1; then
            echo "$repository $tag $image" >> "$work/acknowledged"
        else
            tail -n 1 "$work/$1.last" | sed -E "s/sha256:[0-9a-f]{64}/sha256:…/g; s/[0-9a-f]{8}-[0-9a-f-]{27}/<id>/g; \
                s/127\.0\.0\.1:[0-9]+/HOST/g; s/time=\"[^\"]*\" //; s|$work|WORK|g" >> "$work/failures"
            sleep 0.5
        fi
    done
}

say "soak: ${seconds}s, $pushers gantry and $skopeos skopeo pushers, a kill every ${kill_min}-${kill_max}s"
touch "$work/acknowledged" "$work/attempts" "$work/failures"
start_server
started=$(date +%s)
for p in $(seq 1 "$pushers"); do pusher "gantry$p" gantry & pusher_pids+=($!); done
for p in $(seq 1 "$skopeos"); do pusher "skopeo$p" skopeo & pusher_pids+=($!); done
kills=0
while [ $(( $(date +%s) - started )) -lt "$seconds" ]; do
    sleep $((kill_min + RANDOM % (kill_max - kill_min + 1))).$((RANDOM % 10))
    kill -9 "$server"
    wait "$server" 2>/dev/null || true
    kills=$((kills + 1))
    start_server
done
touch "$work/stop"
say "waiting for the pushes in flight"
for pid in "${pusher_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pusher_pids=()
duration=$(( $(date +%s) - started ))

say "pulling back every acknowledged push"
accept='application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.v2+json'
lost=0
while read -r repository tag image; do
    problem=
    if ! curl -sf -H "Accept: $accept" -o "$work/manifest" "http://$host/v2/$repository/manifests/$tag"; then
        problem="manifest GET failed"
    elif [ "sha256:$(sha256sum < "$work/manifest" | cut -d' ' -f1)" != "${expected[image]}" ]; then
        problem="manifest is not ${expected[image]}"
    else
        for digest in $(grep -o '"digest":"sha256:[0-9a-f]*"' "$work/manifest" | cut -d'"' -f4); do
            got="sha256:$( (curl -sf "http://$host/v2/$repository/blobs/$digest" || true) | sha256sum | cut -d' ' -f1)"
            [ "$got" = "$digest" ] || { problem="blob $digest came back as $got"; break; }
        done
    fi
    if [ -n "$problem" ]; then
        lost=$((lost + 1))
        info "LOST $repository:$tag (image $image): $problem"
    fi
done < "$work/acknowledged"

say "gantry serve scrub"
scrub_status=0
"$gantry" serve scrub --data "$work/data" > "$work/scrub.txt" || scrub_status=$?
[ "$scrub_status" = 0 ] || cat "$work/scrub.txt"

say "result"
info "duration:                    ${duration}s"
info "pushes attempted:            $(wc -l < "$work/attempts")"
info "pushes acknowledged:         $(wc -l < "$work/acknowledged")"
info "kills (SIGKILL + restart):   $kills"
info "acknowledged pushes lost:    $lost"
info "scrub (exit $scrub_status):              $(tail -n 1 "$work/scrub.txt")"
info "failed pushes, by last line:"
sort "$work/failures" | uniq -c | sort -rn | head -n 8 | sed 's/^/     /'
[ "$lost" = 0 ] && [ "$scrub_status" = 0 ]
