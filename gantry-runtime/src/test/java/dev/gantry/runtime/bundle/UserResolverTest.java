package dev.gantry.runtime.bundle;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserResolverTest {
    @TempDir
    Path rootfs;

    @BeforeEach
    void etcFiles() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                # a comment
                www:x:33:33:www:/var/www:/usr/sbin/nologin
                app:x:1000:1000::/home/app:/bin/sh
                """);
        Files.writeString(rootfs.resolve("etc/group"), """
                root:x:0:
                www:x:33:
                app:x:1000:
                docker:x:999:app,other
                audio:x:29:app
                """);
    }

    private ProcessUser resolve(String user) throws Exception {
        return new UserResolver(rootfs).resolve(user);
    }

    @Test
    void noUserMeansRoot() throws Exception {
        assertThat(resolve(null)).isEqualTo(new ProcessUser(0, 0, List.of()));
        assertThat(resolve("")).isEqualTo(new ProcessUser(0, 0, List.of()));
    }

    @Test
    void numericUserAndGroupAreCopiedVerbatim() throws Exception {
        assertThat(resolve("4242:4343")).isEqualTo(new ProcessUser(4242, 4343, List.of()));
    }

    @Test
    void numericUserTakesItsPasswdGroupWithoutSupplementaryGroups() throws Exception {
        assertThat(resolve("1000")).isEqualTo(new ProcessUser(1000, 1000, List.of()));
        assertThat(resolve("5555")).isEqualTo(new ProcessUser(5555, 0, List.of()));
    }

    @Test
    void namedUserIsResolvedWithItsSupplementaryGroups() throws Exception {
        assertThat(resolve("app")).isEqualTo(new ProcessUser(1000, 1000, List.of(999L, 29L)));
    }

    @Test
    void userAndGroupNamesAreBothResolvedAndAGroupSuppressesSupplementaryOnes() throws Exception {
        assertThat(resolve("app:www")).isEqualTo(new ProcessUser(1000, 33, List.of()));
        assertThat(resolve("www:999")).isEqualTo(new ProcessUser(33, 999, List.of()));
    }

    @Test
    void anUnknownNameIsAnError() {
        assertThatThrownBy(() -> resolve("nobody-here")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no user 'nobody-here'");
        assertThatThrownBy(() -> resolve("app:nogroup")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no group 'nogroup'");
    }

    @Test
    void aPasswdSymlinkedToTheHostIsNeverRead() throws Exception {
        Files.delete(rootfs.resolve("etc/passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/etc/passwd"));
        assertThatThrownBy(() -> resolve("root")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no readable etc/passwd");
    }
}
