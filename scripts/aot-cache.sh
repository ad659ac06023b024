# Sourced by ./gantry on JDK 25+: keeps the JDK's AOT cache (JEP 483) of Gantry's start-up fresh.

gantry_aot_stale() {
    # True when the cache $1 is missing or older than any of the jars $2...; bash tests only, so
    # the common (fresh) case forks nothing. A failed training leaves "$1.failed" so that a JVM
    # that cannot make caches is not asked again on every run until the jars change.
    local cache="$1" stamp="$1" jar
    shift
    [ -f "$cache" ] || { [ -f "$cache.failed" ] && stamp="$cache.failed" || return 0; }
    for jar in "$@"; do
        [ "$jar" -nt "$stamp" ] && return 0
    done
    return 1
}

gantry_aot_train() {
    # Makes the cache $1 from a training run, `java -cp $2 $3 [$4] DIR` (dev.gantry.cli.StartupTraining:
    # local and loopback-registry commands on the tiny image in DIR, see its comment; with
    # --short, the metadata commands alone; with --run, a `run --rm` of it; with --help-only or --version-only,
    # --help or --version). Writes a
    # private file and renames it into place, so concurrent launchers never map a half-written
    # cache; any failure is silent (Gantry runs without the cache, only slower).
    local cache="$1" cp_arg="$2" main="$3" mode="${4:-}" tmp="$1.tmp.$$" image
    # Classes only, no method profiles: with the training's profiles in the cache, every run replays
    # the training's compilations at start (JEP 515), and that JIT work took 0.5 s of CPU from a
    # 671 MB pull on two cores (1.6-1.8 s -> 1.3-1.5 s without; --version, inspect, manifest no
    # slower). The flag is diagnostic, so a JDK that drops it ignores it rather than failing.
    local no_profiles=(-XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining)
    image="$(mktemp -d)" || return 0
    if [ -t 2 ]; then
        echo "gantry: preparing the start-up cache (once per build and JDK)..." >&2
    fi
    if gantry_aot_training_image "$image" \
            && timeout 300 "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$tmp" "${no_profiles[@]}" -Xlog:aot=off -Xlog:cds=off "${opens[@]}" --enable-native-access=ALL-UNNAMED -cp "$cp_arg" \
                "$main" ${mode:+"$mode"} "$image" >/dev/null 2>&1 </dev/null \
            && [ -s "$tmp" ] && mv -f "$tmp" "$cache"; then
        rm -f "$cache.failed" "$tmp.config"
    else
        rm -f "$tmp" "$tmp.config"
        : >"$cache.failed" 2>/dev/null || true
    fi
    rm -rf "$image"
}

gantry_aot_training_image() {
    # Writes to directory $1 a one-layer OCI image layout (tag "training") to inspect in the
    # training run, so the cache holds the classes that read images too (JSON, digests, layouts),
    # not only the command-line model. Made with coreutils and tar: no network, no Gantry.
    local dir="$1" blobs="$1/blobs/sha256" layer config manifest
    mkdir -p "$blobs" "$dir/rootfs" || return 1
    printf 'trained\n' >"$dir/rootfs/hello"
    tar -C "$dir/rootfs" --owner=0 --group=0 --mtime=@0 -cf "$dir/layer.tar" hello || return 1
    layer=$(gantry_aot_blob "$dir/layer.tar" "$blobs") || return 1
    printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/hello"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
        "${layer% *}" >"$dir/config.json"
    config=$(gantry_aot_blob "$dir/config.json" "$blobs") || return 1
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
        "${config% *}" "${config#* }" "${layer% *}" "${layer#* }" >"$dir/manifest.json"
    manifest=$(gantry_aot_blob "$dir/manifest.json" "$blobs") || return 1
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"training"}}]}' \
        "${manifest% *}" "${manifest#* }" >"$dir/index.json"
    printf '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
}

gantry_aot_blob() {
    # Moves file $1 into blob directory $2 under its SHA-256; prints "HEX SIZE".
    local hex size
    hex=$(sha256sum "$1") || return 1
    hex="${hex%% *}"
    size=$(wc -c <"$1") || return 1
    mv "$1" "$2/$hex" && printf '%s %s' "$hex" "$size"
}
