package dev.gantry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.digest.Digest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageConfigTest {
    static final Digest D1 = Digest.sha256("one".getBytes(StandardCharsets.UTF_8));
    static final Digest D2 = Digest.sha256("two".getBytes(StandardCharsets.UTF_8));
    static final Digest D3 = Digest.sha256("three".getBytes(StandardCharsets.UTF_8));

    /** Shaped like `docker inspect`-era configs: Docker-only fields mixed with every config.md field. */
    static String realisticConfig() {
        return "{\n"
                + "  \"architecture\": \"arm64\",\n"
                + "  \"variant\": \"v8\",\n"
                + "  \"os\": \"linux\",\n"
                + "  \"os.version\": \"10.0.17763.1879\",\n"
                + "  \"os.features\": [\"win32k\"],\n"
                + "  \"created\": \"2024-03-01T12:34:56.123456789Z\",\n"
                + "  \"author\": \"Alice <alice@example.com>\",\n"
                + "  \"docker_version\": \"24.0.7\",\n"
                + "  \"container\": \"3f4b2c1a\",\n"
                + "  \"config\": {\n"
                + "    \"Hostname\": \"\", \"Domainname\": \"\",\n"
                + "    \"User\": \"1000:1000\",\n"
                + "    \"ExposedPorts\": {\"8080/tcp\": {}, \"53/udp\": {}},\n"
                + "    \"Env\": [\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\", \"LANG=C.UTF-8\"],\n"
                + "    \"Entrypoint\": [\"/docker-entrypoint.sh\"],\n"
                + "    \"Cmd\": [\"nginx\", \"-g\", \"daemon off;\"],\n"
                + "    \"Volumes\": {\"/var/cache/nginx\": {}},\n"
                + "    \"WorkingDir\": \"/srv\",\n"
                + "    \"Labels\": {\"org.opencontainers.image.source\": \"https://example.com/repo\", \"maintainer\": \"x\"},\n"
                + "    \"StopSignal\": \"SIGQUIT\",\n"
                + "    \"ArgsEscaped\": true,\n"
                + "    \"Shell\": [\"/bin/sh\", \"-c\"],\n"
                + "    \"Healthcheck\": {\"Test\": [\"CMD\", \"true\"], \"Interval\": 30000000000},\n"
                + "    \"OnBuild\": null\n"
                + "  },\n"
                + "  \"rootfs\": {\"type\": \"layers\", \"diff_ids\": [\"" + D1 + "\", \"" + D2 + "\", \"" + D3 + "\"]},\n"
                + "  \"history\": [\n"
                + "    {\"created\": \"2024-03-01T12:00:00Z\", \"created_by\": \"/bin/sh -c #(nop) ADD file:abc in / \"},\n"
                + "    {\"created\": \"2024-03-01T12:00:01Z\", \"created_by\": \"/bin/sh -c #(nop)  CMD [\\\"bash\\\"]\", \"empty_layer\": true},\n"
                + "    {\"created\": \"2024-03-01T12:10:00Z\", \"created_by\": \"RUN apt-get update\", \"author\": \"Bob\", \"comment\": \"buildkit.dockerfile.v0\"},\n"
                + "    {\"created\": \"2024-03-01T12:10:01Z\", \"created_by\": \"ENV LANG=C.UTF-8\", \"empty_layer\": true},\n"
                + "    {\"created\": \"2024-03-01T12:11:00Z\", \"created_by\": \"COPY app /srv\", \"empty_layer\": false}\n"
                + "  ]\n"
                + "}\n";
    }

    static ImageConfig parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8), ImageConfig.class, "config");
    }

    @Test
    void readsEveryConfigField() {
        ImageConfig c = parse(realisticConfig());
        assertThat(c.created()).isEqualTo("2024-03-01T12:34:56.123456789Z");
        assertThat(c.author()).isEqualTo("Alice <alice@example.com>");
        assertThat(c.architecture()).isEqualTo("arm64");
        assertThat(c.os()).isEqualTo("linux");
        assertThat(c.osVersion()).isEqualTo("10.0.17763.1879");
        assertThat(c.osFeatures()).containsExactly("win32k");
        assertThat(c.variant()).isEqualTo("v8");

        ImageConfig.ContainerConfig cc = c.config();
        assertThat(cc.user()).isEqualTo("1000:1000");
        assertThat(cc.exposedPorts()).containsOnlyKeys("8080/tcp", "53/udp");
        assertThat(cc.env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8");
        assertThat(cc.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(cc.cmd()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(cc.volumes()).containsOnlyKeys("/var/cache/nginx");
        assertThat(cc.workingDir()).isEqualTo("/srv");
        assertThat(cc.labels()).containsEntry("org.opencontainers.image.source", "https://example.com/repo")
                .containsEntry("maintainer", "x");
        assertThat(cc.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(cc.argsEscaped()).isTrue();
        assertThat(cc.shell()).containsExactly("/bin/sh", "-c");
        assertThat(cc.healthcheck().path("Test").get(0).asText()).isEqualTo("CMD");
        assertThat(cc.onBuild()).isNull();

        assertThat(c.rootfs().type()).isEqualTo("layers");
        assertThat(c.diffIds()).containsExactly(D1, D2, D3);
        assertThat(c.history()).hasSize(5);
        assertThat(c.history().get(1).isEmptyLayer()).isTrue();
        assertThat(c.history().get(2).author()).isEqualTo("Bob");
        assertThat(c.history().get(2).comment()).isEqualTo("buildkit.dockerfile.v0");
        assertThat(c.history().get(4).isEmptyLayer()).isFalse();
        assertThat(c.history().get(0).isEmptyLayer()).isFalse();

        Platform p = c.platform();
        assertThat(p.os()).isEqualTo("linux");
        assertThat(p.architecture()).isEqualTo("arm64");
        assertThat(p.variant()).isEqualTo("v8");
        assertThat(p.osVersion()).isEqualTo("10.0.17763.1879");
        assertThat(p.osFeatures()).containsExactly("win32k");
        assertThat(Platform.parse("linux/arm64/v8").satisfiedBy(p)).isTrue();
    }

    @Test
    void historyPerLayerSkipsEmptyLayerEntries() {
        ImageConfig c = parse(realisticConfig());
        List<ImageConfig.History> perLayer = c.historyPerLayer(c.diffIds().size());
        assertThat(perLayer).extracting(ImageConfig.History::createdBy)
                .containsExactly("/bin/sh -c #(nop) ADD file:abc in / ", "RUN apt-get update", "COPY app /srv");
    }

    @Test
    void historyPerLayerPadsWithNullWhenHistoryIsShort() {
        ImageConfig c = parse(realisticConfig());
        List<ImageConfig.History> perLayer = c.historyPerLayer(5);
        assertThat(perLayer).hasSize(5);
        assertThat(perLayer.get(2).createdBy()).isEqualTo("COPY app /srv");
        assertThat(perLayer.get(3)).isNull();
        assertThat(perLayer.get(4)).isNull();
        assertThat(c.historyPerLayer(1)).hasSize(1);
        assertThat(c.historyPerLayer(0)).isEmpty();
    }

    @Test
    void minimalConfigHasEmptyListsNotNulls() {
        ImageConfig c = parse("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\"}}");
        assertThat(c.history()).isEmpty();
        assertThat(c.diffIds()).isEmpty();
        assertThat(c.config()).isNull();
        assertThat(c.historyPerLayer(2)).containsExactly(null, null);
        assertThat(parse("{}").diffIds()).isEmpty();
    }

    @Test
    void malformedDiffIdIsRefused() {
        assertThatThrownBy(() -> parse("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:nothex\"]}}"))
                .isInstanceOf(dev.gantry.error.InvalidInputException.class)
                .hasMessageContaining("rootfs.diff_ids[0]")
                .hasMessageContaining("sha256:nothex");
    }

    @Test
    void serialisesUnderTheSpecNamesWithoutInventingFields() {
        ImageConfig.History plain = new ImageConfig.History("2024-01-01T00:00:00Z", null, "RUN true", null, null);
        ImageConfig.History empty = new ImageConfig.History(null, null, "ENV A=b", null, true);
        ImageConfig config = new ImageConfig("2024-01-01T00:00:00Z", null, "amd64", "linux", "1.0", List.of("f"), null,
                new ImageConfig.ContainerConfig("root", null, List.of("A=b"), null, List.of("sh"), null, "/", null,
                        null, null, null, null, null),
                new ImageConfig.RootFs("layers", List.of(D1)), List.of(plain, empty));
        JsonNode tree = Json.tree(Json.write(config), "config");
        assertThat(tree.path("os.version").asText()).isEqualTo("1.0");
        assertThat(tree.path("os.features").get(0).asText()).isEqualTo("f");
        assertThat(tree.path("config").path("User").asText()).isEqualTo("root");
        assertThat(tree.path("config").path("WorkingDir").asText()).isEqualTo("/");
        assertThat(tree.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(D1.toString());
        assertThat(tree.path("history").get(0).path("created_by").asText()).isEqualTo("RUN true");
        assertThat(tree.path("history").get(0).has("empty_layer")).as("absent empty_layer stays absent").isFalse();
        assertThat(tree.path("history").get(0).has("emptyLayer")).isFalse();
        assertThat(tree.path("history").get(1).path("empty_layer").asBoolean()).isTrue();
        assertThat(tree.has("platform")).isFalse();
        assertThat(Json.parse(Json.write(config), ImageConfig.class, "config")).isEqualTo(config);
    }
}
