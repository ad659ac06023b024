package dev.gantry.ref;

import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceTest {
    static final Digest DIGEST = Digest.sha256("hello".getBytes(StandardCharsets.UTF_8));

    @Test
    void normalisesSingleComponentNameUnderLibrary() {
        Reference r = Reference.parse("busybox");
        assertThat(r.domain()).isEqualTo("docker.io");
        assertThat(r.path()).isEqualTo("library/busybox");
        assertThat(r.tag()).isNull();
        assertThat(r.digest()).isNull();
        assertThat(r.tagOrDefault()).isEqualTo("latest");
        assertThat(r.repository()).isEqualTo("docker.io/library/busybox");
        assertThat(r.toString()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(r.familiarName()).isEqualTo("busybox");
        assertThat(r.familiarString()).isEqualTo("busybox:latest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox:1.36", "library/busybox:1.36", "docker.io/busybox:1.36",
            "docker.io/library/busybox:1.36", "index.docker.io/library/busybox:1.36", "index.docker.io/busybox:1.36"})
    void spellingsOfAnOfficialImageNormaliseAlike(String text) {
        Reference r = Reference.parse(text);
        assertThat(r.toString()).isEqualTo("docker.io/library/busybox:1.36");
        assertThat(r.familiarString()).isEqualTo("busybox:1.36");
    }

    @Test
    void keepsUserRepositoriesOnDockerHubOutOfLibrary() {
        Reference r = Reference.parse("bitnami/redis:7.2");
        assertThat(r.domain()).isEqualTo("docker.io");
        assertThat(r.path()).isEqualTo("bitnami/redis");
        assertThat(r.familiarString()).isEqualTo("bitnami/redis:7.2");
    }

    @Test
    void readsLocalhostWithPortAndNestedPath() {
        Reference r = Reference.parse("localhost:5000/a/b:t");
        assertThat(r.domain()).isEqualTo("localhost:5000");
        assertThat(r.path()).isEqualTo("a/b");
        assertThat(r.tag()).isEqualTo("t");
        assertThat(r.toString()).isEqualTo("localhost:5000/a/b:t");
        assertThat(r.familiarString()).isEqualTo("localhost:5000/a/b:t");
    }

    @Test
    void readsLocalhostWithoutPortAsAHost() {
        Reference r = Reference.parse("localhost/app");
        assertThat(r.domain()).isEqualTo("localhost");
        assertThat(r.path()).isEqualTo("app");
    }

    @Test
    void readsBareNameAndPortAsNameAndTagLikeDocker() {
        // Without a slash there is no host: "localhost:5000" is the image "localhost" tagged "5000".
        Reference r = Reference.parse("localhost:5000");
        assertThat(r.repository()).isEqualTo("docker.io/library/localhost");
        assertThat(r.tag()).isEqualTo("5000");
    }

    @ParameterizedTest
    @CsvSource({
            "registry.example.com:443/team/app:1.0, registry.example.com:443, team/app, 1.0",
            "ghcr.io/owner/repo, ghcr.io, owner/repo, ",
            "quay.io/a/b/c/d:v1-rc.2_x, quay.io, a/b/c/d, v1-rc.2_x",
            "10.0.0.1:5000/x, 10.0.0.1:5000, x, ",
            "my-registry.local/x__y/z-1:T, my-registry.local, x__y/z-1, T",
            "Registry.Example.COM/app:1, Registry.Example.COM, app, 1",
            "Host/app, Host, app, ",
    })
    void readsHostsWithAndWithoutPorts(String text, String domain, String path, String tag) {
        Reference r = Reference.parse(text);
        assertThat(r.domain()).isEqualTo(domain);
        assertThat(r.path()).isEqualTo(path);
        assertThat(r.tag()).isEqualTo(tag);
    }

    @Test
    void readsIpv6HostWithPort() {
        Reference r = Reference.parse("[::1]:5000/x");
        assertThat(r.domain()).isEqualTo("[::1]:5000");
        assertThat(r.path()).isEqualTo("x");
        assertThat(r.tag()).isNull();
        assertThat(r.toString()).isEqualTo("[::1]:5000/x:latest");
    }

    @Test
    void readsIpv6HostWithTagAndWithoutPort() {
        Reference r = Reference.parse("[2001:db8::1]/team/app:v2");
        assertThat(r.domain()).isEqualTo("[2001:db8::1]");
        assertThat(r.path()).isEqualTo("team/app");
        assertThat(r.tag()).isEqualTo("v2");
    }

    @Test
    void readsNameWithDigest() {
        Reference r = Reference.parse("busybox@" + DIGEST);
        assertThat(r.repository()).isEqualTo("docker.io/library/busybox");
        assertThat(r.tag()).isNull();
        assertThat(r.digest()).isEqualTo(DIGEST);
        assertThat(r.tagOrDefault()).isNull();
        assertThat(r.toString()).isEqualTo("docker.io/library/busybox@" + DIGEST);
        assertThat(r.familiarString()).isEqualTo("busybox@" + DIGEST);
    }

    @Test
    void readsNameWithTagAndDigest() {
        Reference r = Reference.parse("localhost:5000/a/b:1.0@" + DIGEST);
        assertThat(r.domain()).isEqualTo("localhost:5000");
        assertThat(r.path()).isEqualTo("a/b");
        assertThat(r.tag()).isEqualTo("1.0");
        assertThat(r.digest()).isEqualTo(DIGEST);
        assertThat(r.toString()).isEqualTo("localhost:5000/a/b:1.0@" + DIGEST);
    }

    @Test
    void readsHostPortAndDigestWithoutTag() {
        Reference r = Reference.parse("localhost:5000/a@" + DIGEST);
        assertThat(r.domain()).isEqualTo("localhost:5000");
        assertThat(r.tag()).isNull();
        assertThat(r.digest()).isEqualTo(DIGEST);
    }

    @Test
    void rejectsUppercaseRepositoryNamingTheRule() {
        assertThatThrownBy(() -> Reference.parse("BusyBox"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("BusyBox")
                .hasMessageContaining("lowercase");
        assertThatThrownBy(() -> Reference.parse("ghcr.io/Owner/repo:1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Owner/repo")
                .hasMessageContaining("lowercase");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a//b", "ghcr.io/a//b", "a/", "/a", "ghcr.io/", "localhost:5000/", "a/./b", "a/../b",
            "a-/b", "a/_b", "a/b.", "a...b", "a___b", "busy box", "busybox\n", "ghcr.io/a/b\\c"})
    void rejectsMalformedPathComponents(String text) {
        assertThatThrownBy(() -> Reference.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid repository name")
                .hasMessageContaining("lowercase letters and digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox:", "busybox:-x", "busybox:.x", "busybox:a+b", "busybox:a/b@", "ghcr.io/a:b:c"})
    void rejectsBadTags(String text) {
        assertThatThrownBy(() -> Reference.parse(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageMatching("(?s).*(invalid tag|invalid digest|invalid repository name|invalid registry host).*");
    }

    @Test
    void rejectsTagOver128CharactersSayingTheLimit() {
        String tag = "t".repeat(129);
        assertThatThrownBy(() -> Reference.parse("busybox:" + tag))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid tag")
                .hasMessageContaining("128");
        assertThat(Reference.parse("busybox:" + "t".repeat(128)).tag()).hasSize(128);
    }

    @Test
    void isValidTagFollowsTheTagGrammar() {
        assertThat(Reference.isValidTag("latest")).isTrue();
        assertThat(Reference.isValidTag("_x.Y-1")).isTrue();
        assertThat(Reference.isValidTag(".x")).isFalse();
        assertThat(Reference.isValidTag("")).isFalse();
        assertThat(Reference.isValidTag(null)).isFalse();
        assertThat(Reference.isValidTag("é")).isFalse();
    }

    @Test
    void rejectsNamesLongerThan255Characters() {
        // docker.io/library/ is 18 characters; the limit applies to the normalised name.
        assertThat(Reference.parse("a".repeat(237)).repository()).hasSize(255);
        assertThatThrownBy(() -> Reference.parse("a".repeat(238)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("longer than 255");
        assertThatThrownBy(() -> Reference.parse("ghcr.io/" + "a/".repeat(130) + "b:tag"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("longer than 255");
    }

    @Test
    void rejectsInvalidHostSayingWhatAHostLooksLike() {
        assertThatThrownBy(() -> Reference.parse("localhost:abc/x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid registry host 'localhost:abc'")
                .hasMessageContaining("host[:port]");
        assertThatThrownBy(() -> Reference.parse("-bad.example.com/x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid registry host");
        assertThatThrownBy(() -> Reference.parse("[::1/x"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsBadDigestInReference() {
        assertThatThrownBy(() -> Reference.parse("busybox@sha256:abc"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sha256:abc");
        assertThatThrownBy(() -> Reference.parse("busybox@"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Reference.parse("busybox@md5:d41d8cd98f00b204e9800998ecf8427e"))
                .isInstanceOf(GantryException.class)
                .hasMessageContaining("md5");
    }

    @Test
    void rejectsEmptyAndNull() {
        assertThatThrownBy(() -> Reference.parse("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Reference.parse(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsA64HexNameAsLookingLikeAnImageId() {
        String id = DIGEST.hex();
        assertThatThrownBy(() -> Reference.parse(id))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("64");
        // Inside a longer path it is just a name.
        assertThat(Reference.parse("ghcr.io/x/" + id).path()).isEqualTo("x/" + id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox:latest", "busybox:1.36", "bitnami/redis:7.2", "localhost:5000/a/b:t",
            "ghcr.io/owner/repo:v1", "[::1]:5000/x:latest", "registry.example.com:443/team/app:1.0",
            "library/foo/bar:latest"})
    void familiarStringRoundTripsAsDockerSaveWritesRepoTags(String repoTag) {
        Reference r = Reference.parse(repoTag);
        assertThat(r.familiarString()).isEqualTo(repoTag);
        assertThat(Reference.parse(r.familiarString())).isEqualTo(r);
    }

    @Test
    void familiarStringAddsTheDefaultTag() {
        assertThat(Reference.parse("docker.io/library/busybox").familiarString()).isEqualTo("busybox:latest");
        assertThat(Reference.parse("ghcr.io/owner/repo").familiarString()).isEqualTo("ghcr.io/owner/repo:latest");
    }

    @Test
    void familiarNameKeepsLibraryPrefixForNestedPaths() {
        // Dropping library/ from docker.io/library/foo/bar would name docker.io/foo/bar, another repository.
        Reference r = Reference.parse("docker.io/library/foo/bar:1");
        assertThat(r.familiarName()).isEqualTo("library/foo/bar");
        assertThat(Reference.parse(r.familiarString()).repository()).isEqualTo(r.repository());
    }

    @Test
    void familiarNameKeepsDockerIoWhenThePathWouldReadAsAHost() {
        // docker.io/foo.bar/baz shortened to foo.bar/baz would name the registry foo.bar.
        Reference r = Reference.parse("docker.io/foo.bar/baz:1");
        assertThat(Reference.parse(r.familiarString()).repository()).isEqualTo("docker.io/foo.bar/baz");
    }

    @Test
    void toStringRoundTrips() {
        for (String s : new String[] {"busybox", "localhost:5000/a/b:t", "busybox:1@" + DIGEST, "ghcr.io/o/r@" + DIGEST}) {
            Reference r = Reference.parse(s);
            assertThat(Reference.parse(r.toString()).toString()).isEqualTo(r.toString());
            assertThat(Reference.parse(r.toString()).repository()).isEqualTo(r.repository());
        }
    }

    /** Found by ReferenceParsingFuzzTest: library/<64 hex> shortened to the bare hex, which parses as an image ID. */
    @Test
    void aLibraryRepositoryNamedLikeAnImageIdKeepsLibraryInItsFamiliarName() {
        String hex = "266e3cde754d829dc012c743f7460c866c39507029cdd7d0ad553db2f793b828";
        Reference r = Reference.parse("library/" + hex);
        assertThat(r.repository()).isEqualTo("docker.io/library/" + hex);
        assertThat(r.familiarName()).isEqualTo("library/" + hex);
        assertThat(Reference.parse(r.familiarName()).repository()).isEqualTo(r.repository());
        assertThat(Reference.parse(r.familiarString()).toString()).isEqualTo(r.toString());
    }
}
