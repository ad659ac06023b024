package dev.gantry.registry.auth;

import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Verifying Basic credentials against an htpasswd file that `htpasswd -B` wrote. */
class HtpasswdTest {
    @TempDir
    Path dir;

    /**
     * Found by RegistryAuthFuzzTest.basicCredentials: a password over 72 bytes made verify throw
     * IllegalArgumentException (a 500 for any client). bcrypt uses the first 72 bytes; htpasswd
     * hashed only those, so the whole password must verify, and one wrong within them must not.
     */
    @Test
    void aPasswordLongerThanBcryptReadsVerifiesAsHtpasswdHashedIt() throws Exception {
        PeerTools.assumeInstalled("htpasswd");
        String password = "p".repeat(71) + "-and-some-more-after-the-seventy-second-byte";
        Path file = dir.resolve("htpasswd");
        PeerTools.run(dir, "htpasswd", "-B", "-C", "4", "-b", "-c", file.toString(), "alice", password);
        Htpasswd users = Htpasswd.load(file);
        assertThat(users.verify("alice", password)).isTrue();
        assertThat(users.verify("alice", "q" + password.substring(1))).isFalse();
        assertThat(users.verify("alice", "é".repeat(100))).isFalse();
        assertThat(Files.readString(file)).startsWith("alice:$2y$04$");
    }
}
