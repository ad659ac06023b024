package dev.gantry.build.containerfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.build.Reproducibility;
import dev.gantry.dockerfile.DockerfileParser;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.oci.Json;
import dev.gantry.oci.Platform;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.container.OciRuntime;
import dev.gantry.runtime.container.OverlayMount;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.store.ImageStore;
import dev.gantry.store.StoreRoot;
import dev.gantry.testing.BusyboxImages;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import dev.gantry.analysis.secrets.AllowList;
import dev.gantry.analysis.secrets.SecretFinding;
import dev.gantry.analysis.secrets.SecretRules;
import dev.gantry.analysis.secrets.SecretScanner;
import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.digest.Digest;
import dev.gantry.image.Layer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerfileBuilderTest {
    @TempDir
    Path work;

    private Path context() throws IOException {
        Path context = Files.createDirectories(work.resolve("context/src"));
        Files.writeString(work.resolve("context/package.json"), "{\"name\":\"app\"}\n");
        Files.writeString(context.resolve("index.js"), "console.log(1)\n");
        Files.write(work.resolve("context/big.bin"), new byte[1 << 20]);
        return work.resolve("context");
    }

    private ContainerfileBuilder.Result build(String containerfile, Path context, Path cache, String dest) throws IOException {
        return build(containerfile, context, cache, dest, Map.of());
    }

    private ContainerfileBuilder.Result build(String containerfile, Path context, Path cache, String dest,
                                              Map<String, BuildSecret> secrets) throws IOException {
        return build(containerfile, context, cache, dest, secrets, RemoteOptions.defaults());
    }

    private ContainerfileBuilder.Result build(String containerfile, Path context, Path cache, String dest,
                                              Map<String, BuildSecret> secrets, RemoteOptions remote) throws IOException {
        BuildOptions options = new BuildOptions(context, null, Map.of("GREETING", "hello"), Platform.parse("linux/amd64"), false,
                cache, work.resolve("build-work"), LayerCompression.defaults(), new Reproducibility(0, 0, 0),
                new StoreRoot(work.resolve("store")), secrets);
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(dest), null)) {
            return new ContainerfileBuilder(options, remote, new Warnings(null), step -> { }, System.err)
                    .build(DockerfileParser.parse(containerfile, "Containerfile"), target);
        }
    }

    private Path unpack(String ref, Path dir) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref))) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack((Image) Images.open(source), dir);
        }
        return dir;
    }

    @Test
    void multiStageFinalImageShipsOnlyTheFileCopiedFromTheBuilder() throws Exception {
        String file = """
                FROM scratch AS builder
                ARG GREETING
                COPY . /src
                FROM scratch
                ARG GREETING
                ENV MESSAGE=$GREETING PATH=/app
                COPY --from=builder /src/src/index.js /app/
                ENTRYPOINT ["/app/index.js"]
                CMD serve --port 8080
                EXPOSE 8080/tcp
                LABEL org.example.stage=final
                HEALTHCHECK --interval=30s CMD ["/app/index.js", "--check"]
                """;
        String dest = "oci:" + work.resolve("out") + ":v1";
        ContainerfileBuilder.Result result = build(file, context(), work.resolve("cache"), dest);
        assertThat(result.builtLayers()).isEqualTo(2);
        Path root = unpack(dest, work.resolve("root"));
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())).containsExactly("app/index.js");
        }
        try (ImageSource source = Transports.openSource(TransportRef.parse(dest))) {
            Image image = (Image) Images.open(source);
            assertThat(image.layers()).hasSize(1);
            JsonNode config = Json.mapper().readTree(image.rawConfig());
            assertThat(config.at("/config/Env").toString()).isEqualTo("[\"MESSAGE=hello\",\"PATH=/app\"]");
            assertThat(config.at("/config/Entrypoint").toString()).isEqualTo("[\"/app/index.js\"]");
            assertThat(config.at("/config/Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"serve --port 8080\"]");
            assertThat(config.at("/config/Healthcheck/Interval").asLong()).isEqualTo(30_000_000_000L);
            assertThat(config.at("/config/Labels/org.example.stage").asText()).isEqualTo("final");
            assertThat(config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
        }
        PeerTools.assumeInstalled("skopeo");
        JsonNode inspected = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", dest).stdout());
        assertThat(inspected.get("Layers")).hasSize(1);
    }

    @Test
    void stagesPassAsImageValuesWithNoLayoutWrittenBetweenThem() throws Exception {
        String file = """
                FROM scratch AS base
                COPY package.json /app/
                FROM base AS builder
                WORKDIR /app/src
                COPY src/ ./
                FROM builder
                COPY --from=base /app/package.json /copied.json
                LABEL org.example.stage=final
                """;
        String dest = "oci:" + work.resolve("out") + ":v1";
        build(file, context(), work.resolve("cache"), dest);

        Path root = unpack(dest, work.resolve("root"));
        assertThat(root.resolve("app/src/index.js")).exists();
        assertThat(root.resolve("copied.json")).hasContent("{\"name\":\"app\"}\n");
        // Only the destination holds an image: no stage went through an OCI layout on its way.
        try (Stream<Path> all = Files.walk(work.resolve("build-work"))) {
            assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("index.json", "oci-layout");
        }
    }

    @Test
    void dependencyFilesFirstKeepTheirLayerCachedWhenOnlySourceChanges() throws Exception {
        String good = """
                FROM scratch
                WORKDIR /app
                COPY package*.json ./
                COPY . .
                """;
        String bad = """
                FROM scratch
                WORKDIR /app
                COPY . .
                COPY package*.json ./
                """;
        Path context = context();
        Path goodCache = work.resolve("cache-good");
        Path badCache = work.resolve("cache-bad");
        assertThat(build(good, context, goodCache, "oci:" + work.resolve("g1") + ":v1").cachedLayers()).isZero();
        assertThat(build(bad, context, badCache, "oci:" + work.resolve("b1") + ":v1").cachedLayers()).isZero();
        // Touching a file changes nothing: the key holds content digests, not mtimes.
        Files.setLastModifiedTime(context.resolve("src/index.js"), java.nio.file.attribute.FileTime.fromMillis(0));
        // WORKDIR /app makes a layer too: scratch has no /app, and Docker creates it.
        assertThat(build(good, context, goodCache, "oci:" + work.resolve("g2") + ":v1").cachedLayers()).isEqualTo(3);
        Files.writeString(context.resolve("src/index.js"), "console.log(2)\n");
        ContainerfileBuilder.Result goodAgain = build(good, context, goodCache, "oci:" + work.resolve("g3") + ":v1");
        ContainerfileBuilder.Result badAgain = build(bad, context, badCache, "oci:" + work.resolve("b3") + ":v1");
        assertThat(goodAgain.cachedLayers()).isEqualTo(2);
        assertThat(goodAgain.builtLayers()).isEqualTo(1);
        assertThat(badAgain.cachedLayers()).isEqualTo(1);
        assertThat(badAgain.builtLayers()).isEqualTo(2);
        Path root = unpack("oci:" + work.resolve("g3") + ":v1", work.resolve("root"));
        assertThat(root.resolve("app/src/index.js")).hasContent("console.log(2)\n");
        assertThat(root.resolve("app/package.json")).exists();
    }

    @Test
    void dockerignoreKeepsFilesOutOfCopyLayers() throws Exception {
        Path context = context();
        Files.createDirectories(context.resolve("node_modules/left-pad"));
        Files.writeString(context.resolve("node_modules/left-pad/index.js"), "x");
        Files.createDirectories(context.resolve("src/deep/tmp"));
        Files.writeString(context.resolve("src/deep/tmp/scratch.log"), "x");
        Files.writeString(context.resolve("src/keep.log"), "x");
        Files.writeString(context.resolve(".dockerignore"), "# build junk\nnode_modules\n**/*.log\n!src/keep.log\nbig.bin\n");
        build("FROM scratch\nCOPY . /app/\n", context, work.resolve("cache"), "oci:" + work.resolve("out") + ":v1");
        Path root = unpack("oci:" + work.resolve("out") + ":v1", work.resolve("root"));
        assertThat(root.resolve("app/node_modules")).doesNotExist();
        assertThat(root.resolve("app/big.bin")).doesNotExist();
        assertThat(root.resolve("app/src/deep/tmp/scratch.log")).doesNotExist();
        assertThat(root.resolve("app/src/keep.log")).exists();
        assertThat(root.resolve("app/src/index.js")).exists();
        assertThat(root.resolve("app/package.json")).exists();
    }

    @Test
    void twoBuildsWithoutACacheGiveTheSameDigest() throws Exception {
        String file = "FROM scratch\nCOPY --chown=1000:1000 . /srv/\nUSER 1000\n";
        Path context = context();
        ContainerfileBuilder.Result a = build(file, context, work.resolve("cache-a"), "oci:" + work.resolve("a") + ":v1");
        ContainerfileBuilder.Result b = build(file, context, work.resolve("cache-b"), "oci:" + work.resolve("b") + ":v1");
        assertThat(b.manifest().digest()).isEqualTo(a.manifest().digest());
    }

    @Test
    void runExecutesInAContainerAndItsChangesBecomeACachedLayer() throws Exception {
        assumeRunWorks();
        String base = "oci:" + BusyboxImages.layout(work) + ":base";
        String file = "FROM " + base + "\nARG NAME=world\nRUN echo \"hello $NAME\" > /etc/greeting && rm /etc/victim.txt\n"
                + "COPY package.json /etc/\n";
        Path context = context();
        ContainerfileBuilder.Result first = build(file, context, work.resolve("cache"), "oci:" + work.resolve("a") + ":v1");
        assertThat(first.builtLayers()).isEqualTo(2);
        Path root = unpack("oci:" + work.resolve("a") + ":v1", work.resolve("root"));
        assertThat(root.resolve("etc/greeting")).hasContent("hello world\n");
        assertThat(root.resolve("etc/victim.txt")).doesNotExist();
        assertThat(root.resolve("etc/package.json")).exists();
        // The stage-so-far each RUN imported into the run store is untagged again: `gantry images` lists no intermediates.
        assertThat(new ImageStore(new StoreRoot(work.resolve("store"))).names()).isEmpty();
        ContainerfileBuilder.Result second = build(file, context, work.resolve("cache"), "oci:" + work.resolve("b") + ":v1");
        assertThat(second.cachedLayers()).isEqualTo(2);
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
    }

    @Test
    void failingRunStopsTheBuildNamingTheLine() throws Exception {
        assumeRunWorks();
        String base = "oci:" + BusyboxImages.layout(work) + ":base";
        assertThatThrownBy(() -> build("FROM " + base + "\nRUN false\n", context(), work.resolve("cache"),
                "oci:" + work.resolve("out") + ":v1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2").hasMessageContaining("exited with code 1");
    }

    @Test
    void copyChmodAndChownByNameUseTheStagesOwnUsersAndWorkdirMakesOnlyMissingDirectories() throws Exception {
        Path context = context();
        Files.createDirectories(context.resolve("etc"));
        Files.writeString(context.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1234:100:app:/home/app:/bin/sh\n");
        Files.writeString(context.resolve("etc/group"), "root:x:0:\nusers:x:100:\nstaff:x:50:app\n");
        String file = "FROM scratch\nCOPY etc/ /etc/\nWORKDIR /etc\nWORKDIR /srv/app\n"
                + "COPY --chown=app:staff --chmod=0640 package.json ./\nCOPY --chown=app src /src\n";
        String ref = "oci:" + work.resolve("owned") + ":v1";
        ContainerfileBuilder.Result result = build(file, context, work.resolve("cache"), ref);
        assertThat(result.builtLayers()).as("COPY etc, WORKDIR /srv/app, two COPYs; /etc exists already").isEqualTo(4);
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref))) {
            Map<String, TarArchiveEntry> entries = new java.util.HashMap<>();
            for (Layer layer : ((Image) Images.open(source)).layers()) {
                try (TarArchiveInputStream tar = new TarArchiveInputStream(layer.openUncompressed())) {
                    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                        entries.put(e.getName(), e);
                    }
                }
            }
            TarArchiveEntry pkg = entries.get("srv/app/package.json");
            assertThat(pkg.getMode() & 07777).isEqualTo(0640);
            assertThat(pkg.getLongUserId()).isEqualTo(1234);
            assertThat(pkg.getLongGroupId()).isEqualTo(50);
            TarArchiveEntry index = entries.get("src/index.js");
            assertThat(index.getLongUserId()).isEqualTo(1234);
            assertThat(index.getLongGroupId()).as("the user's passwd group").isEqualTo(100);
            assertThat(entries.get("srv/app/").isDirectory()).isTrue();
        }
        assertThatThrownBy(() -> build("FROM scratch\nCOPY etc/ /etc/\nCOPY --chown=nobody package.json /\n", context,
                work.resolve("cache"), "oci:" + work.resolve("nobody") + ":v1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 3").hasMessageContaining("nobody");
    }

    @Test
    void copyHeredocsBecomeFilesNamedByTheirDelimiter() throws Exception {
        String file = "FROM scratch\nARG WHO=world\nCOPY <<greeting <<'raw' /etc/\nhello $WHO\ngreeting\n$WHO stays\nraw\n"
                + "COPY <<EOF /app.conf\nport=8080\nEOF\n";
        String ref = "oci:" + work.resolve("heredocs") + ":v1";
        build(file, context(), work.resolve("cache"), ref);
        Path root = unpack(ref, work.resolve("root"));
        assertThat(root.resolve("etc/greeting")).hasContent("hello world\n");
        assertThat(root.resolve("etc/raw")).hasContent("$WHO stays\n");
        assertThat(root.resolve("app.conf")).hasContent("port=8080\n");
    }

    @Test
    void copyFromAnImageTakesItsFiles() throws Exception {
        Path context = context();
        String image = "oci:" + work.resolve("source-image") + ":v1";
        build("FROM scratch\nCOPY package.json /pkg/\n", context, work.resolve("cache"), image);
        String ref = "oci:" + work.resolve("copied") + ":v1";
        build("FROM scratch\nCOPY --from=" + image + " /pkg/package.json /copied.json\n", context, work.resolve("cache"), ref);
        Path root = unpack(ref, work.resolve("root"));
        assertThat(root.resolve("copied.json")).hasContent("{\"name\":\"app\"}\n");
    }

    /** pull, run and build share one store: a base pulled once is built on without its registry, as docker build does. */
    @Test
    void aRegistryBaseComesFromTheSharedStoreAndIsNotFetchedAgain() throws Exception {
        Path context = context();
        String local = "oci:" + work.resolve("base-image") + ":v1";
        build("FROM scratch\nCOPY package.json /pkg/\n", context, work.resolve("cache"), local);
        RemoteOptions insecure = new RemoteOptions(true, work.resolve("no-auth.json"));
        String base;
        try (DockerRegistry registry = DockerRegistry.start(work.resolve("registry"))) {
            base = registry.host() + "/base/image:v1";
            try (ImageSource source = Transports.openSource(TransportRef.parse(local));
                 ImageTarget target = Transports.openTarget(TransportRef.parse(base), null, insecure)) {
                new dev.gantry.copy.ImageCopier(source, target, dev.gantry.copy.CopyOptions.defaults()).copy();
            }
            build("FROM " + base + "\nCOPY src /src\n", context, work.resolve("cache"), "oci:" + work.resolve("first") + ":v1",
                    Map.of(), insecure);
        }
        assertThat(new ImageStore(new StoreRoot(work.resolve("store"))).names()).contains(base);

        // The registry is gone: the second build finds its base in the store.
        String ref = "oci:" + work.resolve("second") + ":v1";
        build("FROM " + base + "\nCOPY package.json /app/\n", context, work.resolve("cache"), ref, Map.of(), insecure);
        Path root = unpack(ref, work.resolve("root"));
        assertThat(root.resolve("pkg/package.json")).hasContent("{\"name\":\"app\"}\n");
        assertThat(root.resolve("app/package.json")).exists();
    }

    @Test
    void addExtractsLocalTarArchivesAndRefusesEscapingEntries() throws Exception {
        Path context = context();
        Path tree = Files.createDirectories(work.resolve("tree/lib"));
        Files.writeString(tree.resolve("data.txt"), "from the archive\n");
        PeerTools.run(work, "tar", "-czf", context.resolve("lib.tar.gz").toString(), "-C", work.resolve("tree").toString(), "lib");
        Fixtures.tarFolder(work.resolve("tree"), context.resolve("plain.tar"));
        Files.writeString(context.resolve("notes.gz.txt"), "not an archive\n");
        String ref = "oci:" + work.resolve("added") + ":v1";
        build("FROM scratch\nADD lib.tar.gz /opt/\nADD plain.tar /plain\nADD notes.gz.txt /doc/\n", context, work.resolve("cache"), ref);
        Path root = unpack(ref, work.resolve("root"));
        assertThat(root.resolve("opt/lib/data.txt")).hasContent("from the archive\n");
        assertThat(root.resolve("plain/lib/data.txt")).hasContent("from the archive\n");
        assertThat(root.resolve("doc/notes.gz.txt")).hasContent("not an archive\n");
        assertThat(root.resolve("opt/lib.tar.gz")).doesNotExist();

        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(context.resolve("evil.tar")))) {
            TarArchiveEntry entry = new TarArchiveEntry("../../escaped.txt");
            entry.setSize(4);
            tar.putArchiveEntry(entry);
            tar.write("evil".getBytes(StandardCharsets.UTF_8));
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> build("FROM scratch\nADD evil.tar /opt/\n", context, work.resolve("cache"),
                "oci:" + work.resolve("evil") + ":v1"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2").hasMessageContaining("evil.tar");
        try (Stream<Path> all = Files.walk(work)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("escaped.txt"))).isEmpty();
        }
    }

    @Test
    void runMountsOtherThanSecretAndCacheAreRefusedRatherThanIgnored() throws Exception {
        assertRefusedAtLine2("RUN --mount=type=bind,target=/src make", UnsupportedFormatException.class,
                "--mount=type=bind");
    }

    @Test
    void requiredSecretNotGivenStopsTheBuildNamingIt() throws Exception {
        assertRefusedAtLine2("RUN --mount=type=secret,id=npmrc,required=true make", InvalidInputException.class,
                "--secret id=npmrc");
    }

    private void assertRefusedAtLine2(String instruction, Class<? extends Exception> type, String message) throws IOException {
        Path context = context();
        assertThatThrownBy(() -> build("FROM scratch\n" + instruction + "\n", context, work.resolve("cache"),
                "oci:" + work.resolve("out") + ":v1"))
                .isInstanceOf(type).hasMessageContaining("line 2").hasMessageContaining(message);
    }

    private void assumeRunWorks() {
        PeerRequirement.require(OverlayMount.supported(), "needs root and overlayfs (mount -t overlay)");
        PeerRequirement.require(OciRuntime.available(), "needs runc or crun: apt-get install runc");
        BusyboxImages.assumeAvailable();
    }

    @Test
    void secretMountedForOneRunIsAbsentFromEveryLayerAndHistory() throws Exception {
        assumeRunWorks();
        String token = "ghp_" + "Zq7Kx2Vb9Lm4Np8Rt1Wy5Hc3Jd6Fg0Se2Ua7";
        Path tokenFile = Files.writeString(work.resolve("token.txt"), token);
        String base = "oci:" + BusyboxImages.layout(work) + ":base";
        String file = "FROM " + base + "\n"
                + "RUN --mount=type=secret,id=tok sha256sum < /run/secrets/tok | cut -c1-64 > /etc/tokhash\n"
                + "RUN test ! -e /run/secrets/tok && echo unseen > /etc/unseen\n";
        Map<String, BuildSecret> secrets = Map.of("tok", BuildSecret.parse("id=tok,src=" + tokenFile));
        String clean = "oci:" + work.resolve("clean") + ":v1";
        build(file, context(), work.resolve("cache"), clean, secrets);
        Path root = unpack(clean, work.resolve("root"));
        assertThat(root.resolve("etc/tokhash")).hasContent(Digest.sha256(token.getBytes(StandardCharsets.UTF_8)).hex() + "\n");
        assertThat(root.resolve("etc/unseen")).hasContent("unseen\n");
        assertThat(root.resolve("run/secrets")).doesNotExist();
        assertThat(secretFindings(clean)).isEmpty();
        assertThat(blobsContaining(clean, token)).isZero();

        // The same checks see a secret that a RUN copies into the image, so their silence above means something.
        String leaky = "oci:" + work.resolve("leaky") + ":v1";
        build("FROM " + base + "\nRUN --mount=type=secret,id=tok cat /run/secrets/tok > /etc/leak\n", context(),
                work.resolve("cache"), leaky, secrets);
        assertThat(secretFindings(leaky)).isNotEmpty();
        assertThat(blobsContaining(leaky, token)).isEqualTo(1);
    }

    private List<SecretFinding> secretFindings(String ref) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref))) {
            return new SecretScanner(SecretRules.defaults(), AllowList.NONE, SecretScanner.DEFAULT_MAX_FILE_BYTES, new LayerWalker())
                    .scan((Image) Images.open(source), ref).findings();
        }
    }

    /** How many of the image's blobs (config, layers decompressed) hold the text's bytes. */
    private long blobsContaining(String ref, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        long count = 0;
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref))) {
            Image image = (Image) Images.open(source);
            List<byte[]> blobs = new ArrayList<>();
            blobs.add(image.rawConfig());
            for (Layer layer : image.layers()) {
                try (InputStream in = layer.openUncompressed()) {
                    blobs.add(in.readAllBytes());
                }
            }
            for (byte[] blob : blobs) {
                count += contains(blob, needle) ? 1 : 0;
            }
        }
        return count;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void cacheMountKeepsItsDirectoryBetweenBuildsAndOutOfLayers() throws Exception {
        assumeRunWorks();
        String base = "oci:" + BusyboxImages.layout(work) + ":base";
        String fill = "FROM " + base + "\nRUN --mount=type=cache,target=/var/cache/pkg echo downloaded > /var/cache/pkg/dl\n";
        build(fill, context(), work.resolve("cache"), "oci:" + work.resolve("fill") + ":v1");
        String ref = "oci:" + work.resolve("use") + ":v1";
        build("FROM " + base + "\nRUN --mount=type=cache,target=/var/cache/pkg cp /var/cache/pkg/dl /etc/from-cache\n",
                context(), work.resolve("cache"), ref);
        Path root = unpack(ref, work.resolve("root"));
        assertThat(root.resolve("etc/from-cache")).hasContent("downloaded\n");
        assertThat(root.resolve("var/cache/pkg/dl")).doesNotExist();
        assertThat(new LayerCache(work.resolve("cache")).prune(java.time.Duration.ZERO).entries()).isEqualTo(2);
    }

    @Test
    void runHeredocsRunAsScriptsAndAsCommandInput() throws Exception {
        assumeRunWorks();
        String base = "oci:" + BusyboxImages.layout(work) + ":base";
        String file = "FROM " + base + "\n"
                + "RUN <<EOF\necho one > /etc/one\necho two >> /etc/one\nEOF\n"
                + "RUN cat <<'A' > /etc/two\n$HOME stays literal\nA\n"
                + "RUN <<EOF\n#!/bin/sh\necho \"script $0\" > /etc/three\nEOF\n";
        String ref = "oci:" + work.resolve("heredoc") + ":v1";
        ContainerfileBuilder.Result result = build(file, context(), work.resolve("cache"), ref);
        assertThat(result.builtLayers()).isEqualTo(3);
        Path root = unpack(ref, work.resolve("root"));
        assertThat(root.resolve("etc/one")).hasContent("one\ntwo\n");
        assertThat(root.resolve("etc/two")).hasContent("$HOME stays literal\n");
        assertThat(root.resolve("etc/three")).hasContent("script /dev/pipes/EOF\n");
        assertThat(root.resolve("dev/pipes")).doesNotExist();
    }
}
