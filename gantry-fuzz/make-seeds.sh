#!/usr/bin/env bash
# Writes the fuzz targets' seed corpora (src/test/resources/.../<Test>Inputs/<method>/) from real
# files made by the peer tools, the same way gantry-testkit's Fixtures makes the tests' images:
# umoci's two-layer layout with whiteouts, skopeo's docker-archive and dir: copies of it, the
# hand-made `docker save` tar, GNU tar layers (hostile ones included), zstd and gzip streams,
# an `htpasswd -B` file and tokens signed with openssl. Run it again only to renew the corpora
# (the files are committed; each is a few KB). Needs umoci, skopeo, tar, gzip, zstd, htpasswd,
# openssl and python3; writes nothing outside gantry-fuzz/src/test/resources and a temp dir.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
res="$here/src/test/resources"
fuzz="$res/dev/gantry/fuzz"
client="$res/dev/gantry/registry/client"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

seeds() { # seeds CLASS METHOD [BASE]: a fresh, empty corpus directory
    local dir="${3:-$fuzz}/${1}Inputs/$2"
    rm -rf "$dir" && mkdir -p "$dir" && printf '%s' "$dir"
}

# --- the images ---
L="$work/layout"
umoci init --layout "$L" && umoci new --image "$L:t" && umoci unpack --image "$L:t" bundle >/dev/null
R=bundle/rootfs
mkdir -p $R/etc $R/data/sub && echo hello > $R/etc/hello.txt && echo bye > $R/etc/bye.txt && echo "deleted later" > $R/data/sub/x
umoci repack --refresh-bundle --image "$L:t" bundle
rm -rf $R/etc/bye.txt $R/data && echo new > $R/etc/new.txt
umoci repack --image "$L:t" bundle
umoci config --image "$L:t" --config.entrypoint /bin/sh --config.entrypoint=-c --config.env GANTRY_FIXTURE=1
skopeo copy -q "oci:$L:t" "docker-archive:$work/X.tar:gantry/fixture:v1"
skopeo copy -q --format v2s2 "oci:$L:t" "dir:$work/dockerdir"
mkdir -p hand-src hand/base && echo "hello from a hand-made image" > hand-src/hello.txt
tar -czf hand/base/layer.tar -C hand-src hello.txt
diff_id="$(gzip -dc hand/base/layer.tar | sha256sum | cut -d' ' -f1)"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff_id" > hand/config.json
printf '[{"Config":"config.json","RepoTags":["hello:latest"],"Layers":["base/layer.tar"]}]' > hand/manifest.json
tar -b1 -cf hand.tar -C hand .

blob() { printf '%s' "$L/blobs/sha256/${1#sha256:}"; }
manifest_digest="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' "$L/index.json")"
config_digest="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["digest"])' "$(blob "$manifest_digest")")"

# --- references and digests ---
d="$(seeds ReferenceParsingFuzzTest digest)"
echo -n "$manifest_digest" > "$d/manifest"
echo -n "$config_digest" > "$d/config"
echo -n "sha512:$(sha512sum "$L/index.json" | cut -d' ' -f1)" > "$d/sha512"
d="$(seeds ReferenceParsingFuzzTest reference)"
i=0
for ref in busybox docker.io/library/busybox:latest 127.0.0.1:5000/demo/hello:v1 gantry/fixture:v1 \
        "localhost/a/b@$manifest_digest" "[::1]:5000/x/y:z" "registry.example.com:5000/team/app:1.2.3-rc.1@$config_digest" \
        index.docker.io/library/alpine hello:latest; do
    echo -n "$ref" > "$d/ref$((i++))"
done

# --- manifest, index and config JSON ---
d="$(seeds ManifestJsonFuzzTest manifest)"
cp "$L/index.json" "$d/oci-layout-index.json"
cp "$(blob "$manifest_digest")" "$d/oci-manifest.json"
cp "$work/dockerdir/manifest.json" "$d/docker-schema2-manifest.json"
python3 - "$d" "$manifest_digest" <<'EOF'
import json, sys
out, digest = sys.argv[1], sys.argv[2]
platforms = [{"architecture": "amd64", "os": "linux"}, {"architecture": "arm64", "os": "linux", "variant": "v8"}]
for docker in (False, True):
    mt = "application/vnd.docker.distribution.manifest.v2+json" if docker else "application/vnd.oci.image.manifest.v1+json"
    idx = {"schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json" if docker else "application/vnd.oci.image.index.v1+json",
           "manifests": [{"mediaType": mt, "digest": digest, "size": 499, "platform": p} for p in platforms]}
    if not docker:
        idx["annotations"] = {"org.example.built-by": "make-seeds.sh"}
    json.dump(idx, open(f"{out}/{'docker-list' if docker else 'oci-index'}.json", "w"), separators=(",", ":"))
# an OCI 1.1 artifact manifest with a subject, as a referrer
json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.sbom",
           "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2, "data": "e30="},
           "layers": [{"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}],
           "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest, "size": 499}},
          open(f"{out}/oci-referrer.json", "w"), separators=(",", ":"))
EOF
d="$(seeds ManifestJsonFuzzTest config)"
cp "$(blob "$config_digest")" "$d/umoci-config.json"
cp hand/config.json "$d/hand-made-config.json"
cp "$work/dockerdir/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["digest"][7:])' "$work/dockerdir/manifest.json")" "$d/skopeo-docker-config.json"

# --- docker-archive ---
d="$(seeds DockerArchiveFuzzTest archive)"
cp hand.tar "$d/hand-made.tar"
cp X.tar "$d/skopeo-docker-archive.tar"
d="$(seeds DockerArchiveFuzzTest manifestJson)"
tar -xOf X.tar manifest.json > "$d/skopeo-manifest.json"
cp hand/manifest.json "$d/hand-made-manifest.json"
# The harness's archive holds these files (see DockerArchiveFuzzTest): name them in various ways.
printf '[{"Config":"config.json","RepoTags":["a:1","b/c:2"],"Layers":["base/layer.tar","./link/layer.tar","hard.tar"]},{"Config":"config.json","RepoTags":null,"Layers":["base//layer.tar"]}]' > "$d/two-images.json"
printf '[{"Config":"blobs/sha256/%s","RepoTags":["hello:latest"],"Layers":["blobs/sha256/%s"],"LayerSources":{}}]' \
    "$(sha256sum hand/config.json | cut -d' ' -f1)" "$(sha256sum hand/base/layer.tar | cut -d' ' -f1)" > "$d/blob-paths.json"

# --- layers (uncompressed tars) and compressed streams ---
layers=()
while read -r digest; do layers+=("$(blob "$digest")"); done < <(python3 -c '
import json,sys
for l in json.load(open(sys.argv[1]))["layers"]: print(l["digest"])' "$(blob "$manifest_digest")")
d="$(seeds LayerApplyFuzzTest applyLayer)"
gzip -dc "${layers[0]}" > "$d/umoci-layer1.tar"
gzip -dc "${layers[1]}" > "$d/umoci-layer2-whiteouts.tar"
mkdir -p t1/etc t1/dir && echo secret > t1/etc/passwd && ln -s ../../outside t1/escape && ln -s /etc t1/abs && mkfifo t1/fifo
tar -b1 --format=gnu -cf "$d/symlinks-fifo.tar" -C t1 etc escape abs fifo
(cd t1 && ln etc/passwd hard && tar -b1 --format=pax -cf "$d/hardlink-pax.tar" etc/passwd hard)
long_dir="t2/$(printf 'd%.0s' {1..120})/$(printf 'e%.0s' {1..120})"
mkdir -p "$long_dir" && echo long > "$long_dir/file"
tar -b1 --format=gnu -cf "$d/gnu-long-names.tar" -C t2 .
tar -b1 --format=pax -cf "$d/pax-long-names.tar" -C t2 .
mkdir -p t3 && echo x > t3/f && setfattr -n user.note -v hello t3/f 2>/dev/null || true
tar -b1 --format=pax --xattrs --xattrs-include='*' -cf "$d/pax-xattrs.tar" -C t3 f
mkdir -p t4/a && touch t4/a/.wh..wh..opq t4/.wh.gone && ln -s a t4/l
tar -b1 -cf "$d/opaque-whiteout-symlink.tar" -C t4 a .wh.gone l
d="$(seeds CompressedStreamFuzzTest layerStream)"
cp "${layers[0]}" "$d/umoci-layer1.tar.gz"
cp "${layers[1]}" "$d/umoci-layer2.tar.gz"
zstd -q -c "$fuzz/LayerApplyFuzzTestInputs/applyLayer/umoci-layer1.tar" > "$d/layer1.tar.zst"
cp "$fuzz/LayerApplyFuzzTestInputs/applyLayer/symlinks-fifo.tar" "$d/plain.tar"

# --- Dockerfiles ---
d="$(seeds DockerfileFuzzTest dockerfile)"
cat > "$d/multi-stage" <<'EOF'
# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src
COPY --chown=1000:1000 go.* ./
RUN --mount=type=cache,target=/root/.cache go build -o /app .

FROM gcr.io/distroless/static:nonroot
ARG GO_VERSION
ENV APP_HOME=/app VERSION=${GO_VERSION:-dev}
COPY --from=build /app ${APP_HOME}/app
USER 65532:65532
ENTRYPOINT ["/app/app"]
EOF
cat > "$d/continuations" <<'EOF'
FROM debian:12
RUN apt-get update && \
# a comment inside the continuation
    apt-get install -y curl \

    && rm -rf /var/lib/apt/lists/*
ENV C trailing\\backslash\\
ENV E hello\
\
world
LABEL org.opencontainers.image.title="x y" version=1
HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1
ONBUILD COPY . /app
USER app
EOF
cat > "$d/escape-backtick" <<'EOF'
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN dir c:\ `
    /s
COPY testfile.txt c:\
EOF
cat > "$d/heredoc-and-patterns" <<'EOF'
FROM alpine:3.20
ARG NAME=world.tar.gz
ENV BASE=${NAME%%.*} EXT=${NAME#*.} SWAPPED=${NAME/world/earth} ALL=${NAME//o/0}
RUN <<EOT
echo "hello $NAME"
EOT
COPY <<-EOT /greeting
	hi ${BASE:+set}${MISSING:-default}
EOT
WORKDIR ${BASE}/$EXT
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
CMD exec /bin/server
VOLUME ["/data", "/logs"]
EXPOSE 8080/tcp
STOPSIGNAL SIGTERM
EOF
d="$(seeds DockerfileFuzzTest expansion)"
i=0
for w in '${NAME:-default}' '$HOME/x' '"${A}" '"'"'$B'"'"' \$C' '${NAME%%.*}.${NAME#*.}' '${NAME//o/0}' '${UNSET:?must be set}' '${A:+alt}${B-x}${C+y}'; do
    printf '%s' "$w" > "$d/word$((i++))"
done

# --- registry requests (server side) ---
d="$(seeds RegistryRequestFuzzTest request)"
B="sha256:$(sha256sum "${layers[0]}" | cut -d' ' -f1)"
printf 'GET /v2/\n\n' > "$d/base"
printf 'GET /v2/demo/hello/blobs/%s\nRange: bytes=10-99\n\n' "$B" > "$d/blob-range"
printf 'GET /v2/demo/hello/blobs/%s\nRange: bytes=-20\n\n' "$B" > "$d/blob-suffix-range"
printf 'HEAD /v2/demo/hello/manifests/v1\nAccept: application/vnd.oci.image.manifest.v1+json\n\n' > "$d/manifest-head"
printf 'GET /v2/demo/%%2e%%2e/hello/tags/list?n=1&last=a\n\n' > "$d/encoded-dot-dot"
printf 'GET /v2/demo//hello/blobs/%s\n\n' "$B" > "$d/double-slash"
printf 'GET /v2/demo%%2Fhello/manifests/v1\n\n' > "$d/encoded-slash"
printf 'POST /v2/demo/hello/blobs/uploads/\n\n' > "$d/upload-start"
printf 'PATCH /v2/demo/hello/blobs/uploads/UPLOAD\nContent-Range: 0-4\nContent-Type: application/octet-stream\n\nhello' > "$d/upload-chunk"
printf 'PUT /v2/demo/hello/blobs/uploads/UPLOAD?digest=sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\nContent-Range: bytes=0-4\n\nhello' > "$d/upload-finish"
printf 'PUT /v2/demo/hello/manifests/v2\nContent-Type: application/vnd.oci.image.manifest.v1+json\n\n' > "$d/manifest-put"
cat "$(blob "$manifest_digest")" >> "$d/manifest-put"
printf 'GET /v2/_catalog?n=1\n\n' > "$d/catalog"
printf 'GET /v2/demo/hello/referrers/%s?artifactType=application/vnd.example.sbom\n\n' "$manifest_digest" > "$d/referrers"
printf 'DELETE /v2/demo/hello/manifests/%s\n\n' "$manifest_digest" > "$d/manifest-delete"

# --- client-side headers ---
d="$(seeds ClientHeadersFuzzTest wwwAuthenticate "$client")"
printf 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"' > "$d/docker-hub"
printf 'Basic realm="gantry"' > "$d/basic"
printf 'Bearer realm="http://127.0.0.1:5001/token",service="gantry",scope="repository:a:pull,push",error="insufficient_scope", Basic realm="x\\"y"' > "$d/two-challenges"
d="$(seeds ClientHeadersFuzzTest link "$client")"
printf '</v2/_catalog?last=demo%%2Fhello&n=1>; rel="next"' > "$d/catalog"
printf '</v2/demo/hello/tags/list?n=100&last=v1>; rel="next"' > "$d/tags"
printf '<https://registry.example.com/v2/x/referrers/sha256:abc?artifactType=a&last=b>; rel=next' > "$d/absolute"
d="$(seeds ClientHeadersFuzzTest retryAfter "$client")"
printf '120' > "$d/seconds"
printf 'Wed, 21 Oct 2015 07:28:00 GMT' > "$d/date"
d="$(seeds ClientHeadersFuzzTest uploadRange "$client")"
printf '0-0' > "$d/nothing"
printf '0-1048575' > "$d/one-mib"
printf 'bytes=0-99' > "$d/prefixed"

# --- auth ---
d="$(seeds RegistryAuthFuzzTest htpasswdFile)"
htpasswd -B -C 4 -b -c "$d/one-user" alice wonderland 2>/dev/null
htpasswd -B -C 4 -b "$d/one-user" bob "s3cret:with:colons" 2>/dev/null
printf '# a comment\n\n' > "$d/commented" && htpasswd -B -C 4 -b -n carol pw 2>/dev/null >> "$d/commented"
d="$(seeds RegistryAuthFuzzTest basicCredentials)"
printf 'alice:wonderland' > "$d/right"
printf 'bob:s3cret:with:colons' > "$d/colons"
printf 'alice:wrong' > "$d/wrong"
python3 - "$fuzz/RegistryAuthFuzzTestInputs" <<'EOF'
# Tokens as a Docker token server issues them, signed with a throw-away RSA key (openssl): the
# harness trusts a key of its own, so these reach every check before the signature's.
import base64, json, subprocess, sys, tempfile, os
out = sys.argv[1]
def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
key = tempfile.mktemp()
subprocess.run(["openssl", "genrsa", "-out", key, "2048"], check=True, capture_output=True)
claims = {"iss": "gantry-token-server", "sub": "alice", "aud": "gantry", "exp": 2000000000, "nbf": 1700000000, "iat": 1700000000,
          "jti": "x", "access": [{"type": "repository", "name": "demo/hello", "actions": ["pull", "push"]},
                                 {"type": "registry", "name": "catalog", "actions": ["*"]}]}
os.makedirs(f"{out}/bearerToken", exist_ok=True); os.makedirs(f"{out}/signedClaims", exist_ok=True)
for alg, header in (("RS256", {"alg": "RS256", "typ": "JWT", "kid": "ABCD:EFGH:IJKL:MNOP:QRST:UVWX:YZ23:4567:ABCD:EFGH:IJKL:MNOP"}),
                    ("RS256", {"alg": "RS256", "typ": "JWT", "jwk": {"kty": "RSA", "e": "AQAB", "n": "sXch"}}),
                    ("ES256", {"alg": "ES256", "typ": "JWT", "x5c": ["MIIBAA=="]})):
    signing = (b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())).encode()
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing, check=True, capture_output=True).stdout
    name = alg + ("-kid" if "kid" in header else "-jwk" if "jwk" in header else "-x5c")
    open(f"{out}/bearerToken/{name}", "w").write(signing.decode() + "." + b64(sig))
os.remove(key)
json.dump(claims, open(f"{out}/signedClaims/docker-token", "w"), separators=(",", ":"))
json.dump({k: v for k, v in claims.items() if k != "access"}, open(f"{out}/signedClaims/no-access", "w"), separators=(",", ":"))
json.dump(dict(claims, aud=["other", "gantry"], access=[{"type": "repository", "name": "a/b", "actions": "pull"}]),
          open(f"{out}/signedClaims/audience-list", "w"), separators=(",", ":"))
EOF
rm -rf "$fuzz/RegistryAuthFuzzTestInputs/bearerToken.tmp"
echo "seed corpora written under $res"
