package dev.gantry.runtime.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeConfigBuilderTest {
    private static ImageConfig config(String json) {
        return Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), ImageConfig.class, "test config");
    }

    private static ObjectNode build(String json) {
        return RuntimeConfigBuilder.build(config(json), new ProcessUser(0, 0, List.of()), "host");
    }

    @Test
    void argsAreEntrypointFollowedByCmd() {
        ObjectNode c = build("""
                {"config":{"Entrypoint":["/bin/sh","-c"],"Cmd":["echo hi"]}}""");
        assertThat(c.at("/process/args").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"echo hi\"]");
    }

    @Test
    void cmdAloneIsTheCommand() {
        assertThat(build("{\"config\":{\"Cmd\":[\"nginx\",\"-g\",\"daemon off;\"]}}").at("/process/args").toString())
                .isEqualTo("[\"nginx\",\"-g\",\"daemon off;\"]");
    }

    @Test
    void envIsVerbatimAndADefaultPathIsAddedOnlyWhenMissing() {
        assertThat(build("{\"config\":{\"Env\":[\"A=1\"]}}").at("/process/env").toString())
                .isEqualTo("[\"" + RuntimeConfigBuilder.DEFAULT_PATH + "\",\"A=1\"]");
        assertThat(build("{\"config\":{\"Env\":[\"PATH=/x\",\"A=1\"]}}").at("/process/env").toString())
                .isEqualTo("[\"PATH=/x\",\"A=1\"]");
    }

    @Test
    void cwdIsWorkingDirOrTheRoot() {
        assertThat(build("{\"config\":{\"WorkingDir\":\"/srv\"}}").at("/process/cwd").asText()).isEqualTo("/srv");
        assertThat(build("{}").at("/process/cwd").asText()).isEqualTo("/");
    }

    @Test
    void stopSignalPlatformAndPortsBecomeAnnotationsAndLabelsWinConflicts() {
        ObjectNode c = build("""
                {"architecture":"arm64","os":"linux","variant":"v8","author":"me","created":"2024-01-01T00:00:00Z",
                 "config":{"StopSignal":"SIGQUIT","ExposedPorts":{"80/tcp":{},"443/tcp":{}},
                           "Labels":{"org.opencontainers.image.os":"label-wins","team":"core"}}}""");
        Map<String, String> a = Json.mapper().convertValue(c.get("annotations"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        assertThat(a).containsEntry("org.opencontainers.image.stopSignal", "SIGQUIT")
                .containsEntry("org.opencontainers.image.architecture", "arm64")
                .containsEntry("org.opencontainers.image.variant", "v8")
                .containsEntry("org.opencontainers.image.author", "me")
                .containsEntry("org.opencontainers.image.created", "2024-01-01T00:00:00Z")
                .containsEntry("org.opencontainers.image.exposedPorts", "443/tcp,80/tcp")
                .containsEntry("org.opencontainers.image.os", "label-wins")
                .containsEntry("team", "core");
    }

    @Test
    void terminalIsOffAndTheRootIsTheBundlesRootfs() {
        ObjectNode c = build("{}");
        assertThat(c.at("/process/terminal").asBoolean(true)).isFalse();
        assertThat(c.at("/root/path").asText()).isEqualTo("rootfs");
        assertThat(c.at("/ociVersion").asText()).isEqualTo(RuntimeConfigBuilder.OCI_VERSION);
    }

    @Test
    void userNumbersAndSupplementaryGroupsAreWritten() {
        ObjectNode c = RuntimeConfigBuilder.build(config("{}"), new ProcessUser(1000, 100, List.of(27L, 44L)), "h");
        assertThat(c.at("/process/user").toString()).isEqualTo("{\"uid\":1000,\"gid\":100,\"additionalGids\":[27,44]}");
    }

    @Test
    void theNetworkNamespaceIsNewByPathOrTheHosts() {
        ObjectNode c = build("{}");
        assertThat(c.at("/linux/namespaces").toString()).contains("{\"type\":\"network\"}");

        RuntimeConfigBuilder.networkNamespace(c, "path", "/run/netns/gantry-x");
        assertThat(c.at("/linux/namespaces").findValuesAsText("type")).containsOnlyOnce("network");
        assertThat(c.at("/linux/namespaces").toString()).contains("{\"type\":\"network\",\"path\":\"/run/netns/gantry-x\"}");

        RuntimeConfigBuilder.networkNamespace(c, "host", null);
        assertThat(c.at("/linux/namespaces").findValuesAsText("type")).doesNotContain("network").contains("pid", "mount");
    }
}
