package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.copy.CopyOptions;
import dev.gantry.store.ImageStore;
import dev.gantry.store.StoreRoot;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.RemoteOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry verbs end to end against docker-registry: push, pull, copy, tags, tag, delete, catalog, inspect. */
class RegistryCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static DockerRegistry registry;
    static Path umoci;

    @BeforeAll
    static void start() throws IOException {
        registry = DockerRegistry.start(shared);
        umoci = Fixtures.umociLayout(shared);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    @Test
    void pushPullTagTagsDeleteAndCatalog(@TempDir Path out) throws Exception {
        String repo = registry.host() + "/cli/image";
        CliRun push = ok("push", "--insecure", "--json", "oci:" + umoci + ":" + Fixtures.TAG, repo + ":v1");
        String digest = JSON.readTree(push.stdout()).path("digest").asText();
        assertThat(JSON.readTree(registry.skopeo(null, "inspect", "--tls-verify=false", "docker://" + repo + ":v1").stdout())
                .path("Digest").asText()).isEqualTo(digest);

        assertThat(ok("digest", "--insecure", "docker://" + repo + ":v1").stdout().strip()).isEqualTo(digest);
        assertThat(ok("inspect", "--insecure", repo + ":v1").stdout()).contains(digest);
        assertThat(ok("inspect", "--insecure", "--sizes", "--json", repo + ":v1").stdout()).contains("\"uncompressedSize\"");

        ok("pull", "--insecure", repo + ":v1", out.resolve("pulled").toString());
        assertThat(ok("digest", "oci:" + out.resolve("pulled") + ":v1").stdout().strip()).isEqualTo(digest);

        assertThat(ok("tag", "--insecure", repo + ":v1", "v2").stdout()).contains(repo + ":v2 -> " + digest);
        ok("copy", "--insecure", "docker://" + repo + ":v2", "docker://" + registry.host() + "/cli/copied:v2");
        assertThat(ok("tags", "--insecure", repo).stdout().lines()).containsExactlyInAnyOrder("v1", "v2");
        assertThat(ok("catalog", "--insecure", "--page-size", "1", registry.host()).stdout().lines())
                .contains("cli/image", "cli/copied");

        assertThat(ok("delete", "--insecure", repo + ":v1").stdout()).contains("deleted " + repo + "@" + digest);
        CliRun gone = CliRun.of("inspect", "--insecure", repo + ":v2");
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.stderr()).contains("tag v2 not found in " + repo);
    }

    @Test
    void tagAndDeleteAnswerInJson() throws Exception {
        String repo = registry.host() + "/cli/json";
        String digest = JSON.readTree(ok("push", "--insecure", "--json", "oci:" + umoci + ":" + Fixtures.TAG, repo + ":v1")
                .stdout()).path("digest").asText();

        var tagged = JSON.readTree(ok("tag", "--insecure", "--json", repo + ":v1", "v2").stdout());
        assertThat(tagged.path("repository").asText()).isEqualTo(repo);
        assertThat(tagged.path("tag").asText()).isEqualTo("v2");
        assertThat(tagged.path("digest").asText()).isEqualTo(digest);

        var deleted = JSON.readTree(ok("delete", "--insecure", "--json", repo + ":v2").stdout());
        assertThat(deleted.path("digest").asText()).isEqualTo(digest);
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
    }

    @Test
    void loginAndLogoutAnswerInJsonWithoutTheSecret(@TempDir Path dir) throws Exception {
        try (DockerRegistry locked = DockerRegistry.start(dir, true)) {
            Path authFile = dir.resolve("docker/config.json");
            CliRun login = ok("login", "--insecure", "--json", "--authfile", authFile.toString(), "-u", DockerRegistry.USER,
                    "-p", DockerRegistry.PASSWORD, locked.host());
            assertThat(login.stdout()).doesNotContain(DockerRegistry.PASSWORD);
            var in = JSON.readTree(login.stdout());
            assertThat(in.path("registry").asText()).isEqualTo(locked.host());
            assertThat(in.path("username").asText()).isEqualTo(DockerRegistry.USER);
            assertThat(in.path("authFile").asText()).isEqualTo(authFile.toString());
            assertThat(in.path("credentialsRequired").asBoolean()).isTrue();

            var out = JSON.readTree(ok("logout", "--json", "--authfile", authFile.toString(), locked.host()).stdout());
            assertThat(out.path("removed").asBoolean()).isTrue();
            assertThat(JSON.readTree(ok("logout", "--json", "--authfile", authFile.toString(), locked.host()).stdout())
                    .path("removed").asBoolean()).isFalse();
        }
    }

    @Test
    void loginChecksAndStoresCredentialsThatLaterCommandsUseAndLogoutRemovesThem(@TempDir Path dir) throws Exception {
        try (DockerRegistry locked = DockerRegistry.start(dir, true)) {
            Path authFile = dir.resolve("docker/config.json");
            String repo = locked.host() + "/private/image:v1";

            CliRun wrong = CliRun.of("login", "--insecure", "--authfile", authFile.toString(), "-u", DockerRegistry.USER,
                    "-p", "not-the-password", locked.host());
            assertThat(wrong.exitCode()).isEqualTo(2);
            assertThat(wrong.stderr()).contains("401").doesNotContain("not-the-password");
            assertThat(authFile).doesNotExist();

            assertThat(CliRun.of("push", "--insecure", "--authfile", authFile.toString(), "oci:" + umoci + ":" + Fixtures.TAG, repo)
                    .exitCode()).isEqualTo(2);
            ok("login", "--insecure", "--authfile", authFile.toString(), "-u", DockerRegistry.USER, "-p", DockerRegistry.PASSWORD,
                    locked.host());
            assertThat(JSON.readTree(authFile.toFile()).path("auths").path(locked.host()).path("auth").asText()).isNotEmpty();
            assertThat(java.nio.file.Files.getPosixFilePermissions(authFile)).hasSize(2); // rw-------
            ok("push", "--insecure", "--authfile", authFile.toString(), "oci:" + umoci + ":" + Fixtures.TAG, repo);

            assertThat(ok("logout", "--authfile", authFile.toString(), locked.host()).stdout()).contains("removed");
            assertThat(JSON.readTree(authFile.toFile()).path("auths").has(locked.host())).isFalse();
            assertThat(CliRun.of("tags", "--insecure", "--authfile", authFile.toString(), locked.host() + "/private/image")
                    .exitCode()).isEqualTo(2);
        }
    }

    @Test
    void pullWithoutDestinationFillsTheStoreAndSkipsBlobsItHas(@TempDir Path store) throws Exception {
        String repo = registry.host() + "/cached/image";
        ok("push", "--insecure", "oci:" + umoci + ":" + Fixtures.TAG, repo + ":a");
        ok("tag", "--insecure", repo + ":a", "b");
        CliRun first = ok("pull", "--insecure", "--json", "--root", store.toString(), repo + ":a");
        CliRun second = ok("pull", "--insecure", "--json", "--root", store.toString(), repo + ":b");
        assertThat(JSON.readTree(first.stdout()).path("blobsCopied").asInt()).isGreaterThan(0);
        assertThat(JSON.readTree(second.stdout()).path("blobsCopied").asInt()).isZero();
        assertThat(ok("ls", store.resolve("images").toString()).stdout().lines()).containsExactlyInAnyOrder(repo + ":a", repo + ":b");
    }

    @Test
    void aPulledImageIsWhatImagesListsAndRunOpensWithoutTheRegistry(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        String ref;
        String digest;
        try (DockerRegistry own = DockerRegistry.start(dir.resolve("registry"))) {
            ref = own.host() + "/pulled/once:v1";
            digest = JSON.readTree(ok("push", "--insecure", "--json", "oci:" + umoci + ":" + Fixtures.TAG, ref).stdout())
                    .path("digest").asText();
            ok("pull", "--insecure", "-q", "--root", store.toString(), ref);
        }
        // The registry is gone: whatever follows reads the store or fails.
        JsonNode listed = JSON.readTree(ok("images", "--json", "--root", store.toString()).stdout()).path("images");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("name").asText()).isEqualTo(ref);
        assertThat(listed.get(0).path("digest").asText()).isEqualTo(digest);
        // run's lookup: a stored name is opened from the store, never pulled again.
        try (ImageStore.Stored stored = new ImageStore(StoreRoot.locate(store)).openOrPull(ref, RemoteOptions.defaults(), CopyOptions.defaults())) {
            assertThat(stored.name()).isEqualTo(ref);
            assertThat(stored.image().layers()).isNotEmpty();
        }
    }

    @Test
    void withoutInsecureAnHttpRegistryIsRefusedWithTheFlagToUse() {
        CliRun run = CliRun.of("tags", registry.host() + "/cli/none");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("cannot reach registry " + registry.host()).contains("--insecure");
    }
}
