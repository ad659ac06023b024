package dev.gantry.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.copy.ImageWriter;
import dev.gantry.error.InvalidInputException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.mutate.Mutate;
import dev.gantry.oci.Json;
import dev.gantry.oci.Platform;
import dev.gantry.layer.ExpansionLimits;
import dev.gantry.runtime.apply.ImageUnpacker;
import dev.gantry.runtime.apply.Warnings;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageAssemblerTest {
    @TempDir
    Path work;

    private Path appDir() throws IOException {
        Path app = Files.createDirectories(work.resolve("app/bin"));
        Files.writeString(app.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(app.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(work.resolve("app/config.txt"), "x=1\n");
        Files.setPosixFilePermissions(work.resolve("app/config.txt"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createSymbolicLink(work.resolve("app/bin/run"), Path.of("run.sh"));
        return work.resolve("app");
    }

    private ImageWriter.Written create(Path dir, Reproducibility repro, String ref) throws IOException {
        ImageAssembler.Plan plan = new ImageAssembler.Plan(List.of(LayerSource.parse(dir + ":/opt/app")),
                List.of(ConfigEdit.entrypoint(List.of("/opt/app/bin/run")), ConfigEdit.env("MODE=prod"),
                        ConfigEdit.workdir("/opt/app"), ConfigEdit.user("1000"), ConfigEdit.label("org.example.team", "build"),
                        ConfigEdit.expose("8080")), Map.of(), true);
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(ref), null)) {
            return new ImageAssembler(LayerCompression.defaults(), repro, new Warnings(null), work.resolve("tmp"))
                    .assemble(Mutate.empty(Platform.parse("linux/amd64")), plan, "gantry image create", target);
        }
    }

    private static void assertValid(String ref) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref))) {
            assertThat(new ImageValidator(source, false).validate().findings()).isEmpty();
        }
    }

    @Test
    void createdImageHoldsTheDirectoryNormalisedAndTheConfigAsAsked() throws Exception {
        String ref = "oci:" + work.resolve("out") + ":v1";
        create(appDir(), new Reproducibility(0, 0, 0), ref);
        assertValid(ref);
        Path rootfs = work.resolve("rootfs");
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref))) {
            Image image = (Image) Images.open(source);
            new ImageUnpacker(ExpansionLimits.defaults(), new Warnings(null)).unpack(image, rootfs);
            JsonNode config = Json.mapper().readTree(image.rawConfig());
            assertThat(config.at("/created").asText()).isEqualTo("1970-01-01T00:00:00Z");
            assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/opt/app/bin/run");
            assertThat(config.at("/config/Env/0").asText()).isEqualTo("MODE=prod");
            assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/opt/app");
            assertThat(config.at("/config/User").asText()).isEqualTo("1000");
            assertThat(config.at("/config/Labels/org.example.team").asText()).isEqualTo("build");
            assertThat(config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
            assertThat(config.at("/history/0/created_by").asText()).startsWith("gantry image create: COPY dir:")
                    .endsWith(" in /opt/app");
            assertThat(config.at("/history/1/empty_layer").asBoolean()).isTrue();
        }
        assertThat(rootfs.resolve("opt/app/config.txt")).hasContent("x=1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("opt/app/config.txt"))))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("opt/app/bin/run.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.readSymbolicLink(rootfs.resolve("opt/app/bin/run"))).isEqualTo(Path.of("run.sh"));
        assertThat(Files.getLastModifiedTime(rootfs.resolve("opt/app/bin/run.sh")).toInstant()).isEqualTo(Instant.EPOCH);
        assertThat((Integer) Files.getAttribute(rootfs.resolve("opt/app/config.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isZero();
    }

    @Test
    void skopeoAndUmociReadTheCreatedImage() throws Exception {
        PeerTools.assumeInstalled("skopeo", "umoci");
        String ref = "oci:" + work.resolve("out") + ":v1";
        create(appDir(), new Reproducibility(0, 0, 0), ref);
        JsonNode inspected = Json.mapper().readTree(Fixtures.skopeo(work, "inspect", ref).stdout());
        assertThat(inspected.get("Layers")).hasSize(1);
        assertThat(inspected.at("/Env/0").asText()).isEqualTo("MODE=prod");
        Fixtures.umoci(work, "unpack", "--image", work.resolve("out") + ":v1", work.resolve("bundle").toString());
        assertThat(work.resolve("bundle/rootfs/opt/app/config.txt")).hasContent("x=1\n");
        assertThat(Files.readSymbolicLink(work.resolve("bundle/rootfs/opt/app/bin/run"))).isEqualTo(Path.of("run.sh"));
    }

    @Test
    void sameInputsGiveTheSameDigestWhateverTheFileTimes() throws Exception {
        Path app = appDir();
        ImageWriter.Written first = create(app, new Reproducibility(0, 0, 0), "oci:" + work.resolve("one") + ":v1");
        Files.setLastModifiedTime(app.resolve("config.txt"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        ImageWriter.Written second = create(app, new Reproducibility(0, 0, 0), "oci:" + work.resolve("two") + ":v1");
        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
        ImageWriter.Written later = create(app, Reproducibility.fromEnvironment(Map.of("SOURCE_DATE_EPOCH", "1700000000")),
                "oci:" + work.resolve("three") + ":v1");
        assertThat(later.manifest().digest()).isNotEqualTo(first.manifest().digest());
    }

    @Test
    void mutateKeepsUnknownConfigFieldsAndAppendsALayer() throws Exception {
        String baseRef = "oci:" + work.resolve("base") + ":v1";
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(baseRef), null)) {
            ImageWriter.write(Mutate.withConfig(Mutate.empty(Platform.parse("linux/arm64")),
                    config -> {
                        config.put("x-vendor-extension", "kept");
                        config.put("created", "2024-05-06T07:08:09Z");
                        config.with("config").putArray("Env").add("MODE=dev").add("KEEP=1");
                    }), target);
        }
        String out = "oci:" + work.resolve("mutated") + ":v2";
        try (ImageSource source = Transports.openSource(TransportRef.parse(baseRef));
             ImageTarget target = Transports.openTarget(TransportRef.parse(out), null)) {
            ImageAssembler.Plan plan = new ImageAssembler.Plan(List.of(LayerSource.parse(appDir() + ":/srv")),
                    List.of(ConfigEdit.env("MODE=prod")), Map.of("org.opencontainers.image.version", "2"), false);
            new ImageAssembler(LayerCompression.defaults(), new Reproducibility(0, 0, 0), new Warnings(null), work.resolve("tmp"))
                    .assemble((Image) Images.open(source), plan, "gantry mutate", target);
        }
        assertValid(out);
        try (ImageSource source = Transports.openSource(TransportRef.parse(out))) {
            Image image = (Image) Images.open(source);
            JsonNode config = Json.mapper().readTree(image.rawConfig());
            assertThat(config.at("/x-vendor-extension").asText()).isEqualTo("kept");
            assertThat(config.at("/created").asText()).isEqualTo("2024-05-06T07:08:09Z");
            assertThat(config.at("/architecture").asText()).isEqualTo("arm64");
            assertThat(config.at("/config/Env").toString()).isEqualTo("[\"MODE=prod\",\"KEEP=1\"]");
            assertThat(image.layers()).hasSize(1);
            assertThat(image.manifest().annotations()).containsEntry("org.opencontainers.image.version", "2");
        }
    }

    @Test
    void annotationsAreRefusedForDockerTargets() throws Exception {
        String out = "docker-archive:" + work.resolve("out.tar") + ":gantry/scratch:1";
        ImageAssembler.Plan plan = new ImageAssembler.Plan(List.of(), List.of(), Map.of("a", "b"), false);
        try (ImageTarget target = Transports.openTarget(TransportRef.parse(out), ManifestFormat.DOCKER)) {
            assertThatThrownBy(() -> new ImageAssembler(LayerCompression.defaults(), new Reproducibility(0, 0, 0),
                    new Warnings(null), work.resolve("tmp")).assemble(Mutate.empty(Platform.parse("linux/amd64")), plan,
                    "gantry mutate", target))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("annotations need an OCI target");
        }
    }
}
