package dev.gantry.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner every peer test relies on: output captured, failures explained, hung tools killed. */
class PeerToolsTest {
    @Test
    void capturesStdoutAndStderrSeparately(@TempDir Path dir) {
        PeerTools.Result r = PeerTools.run(dir, "sh", "-c", "echo out; echo err >&2; pwd");
        assertThat(r.stdout()).isEqualTo("out\n" + dir.toAbsolutePath() + "\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void nonZeroExitFailsWithTheToolsStderr() {
        assertThatThrownBy(() -> PeerTools.run(null, "sh", "-c", "echo 'umoci: no such tag' >&2; exit 3"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("umoci: no such tag");
        assertThat(PeerTools.runAllowingFailure(null, "sh", "-c", "exit 4").exitCode()).isEqualTo(4);
    }

    @Test
    @Timeout(120) // a guard only: the tool would sleep for an hour; returning at all means it was killed
    void hungToolIsKilledAtItsTimeoutWithItsChildren(@TempDir Path dir) throws IOException {
        Path pids = dir.resolve("pids");
        // Two seconds: time enough for even a loaded machine to start sh and record the pids before the kill.
        assertThatThrownBy(() -> PeerTools.run(Duration.ofSeconds(2), null,
                List.of("sh", "-c", "sleep 3600 & echo $$ $! > " + pids + "; wait")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not finish");
        List<Long> shellAndChild = Arrays.stream(Files.readString(pids).strip().split(" ")).map(Long::parseLong).toList();
        // SIGKILL lands asynchronously: wait for each exit (an event), which an unkilled sleep would not give for an hour.
        assertThat(shellAndChild).hasSize(2).allSatisfy(pid -> ProcessHandle.of(pid)
                .ifPresent(p -> assertThat(p.onExit()).as("process %d", pid).succeedsWithin(Duration.ofSeconds(60))));
    }

    @Test
    void missingToolSkipsOrFailsWithTheInstallHint() {
        assertThat(PeerTools.isInstalled("sh")).isTrue();
        assertThatCode(() -> PeerTools.assumeInstalled("sh")).doesNotThrowAnyException();
        assertThatThrownBy(() -> PeerTools.assumeInstalled("gantry-no-such-tool"))
                .isInstanceOf(PeerRequirement.strict() ? AssertionError.class : TestAbortedException.class)
                .hasMessageContaining("gantry-no-such-tool not installed: apt-get install gantry-no-such-tool");
    }

    @Test
    void theInstallHintNamesTheDebianPackage() {
        assertThat(PeerTools.packageOf("htpasswd")).isEqualTo("apache2-utils");
        assertThat(PeerTools.packageOf("ssh-keygen")).isEqualTo("openssh-client");
        assertThat(PeerTools.packageOf("setfattr")).isEqualTo("attr");
        assertThat(PeerTools.packageOf("skopeo")).isEqualTo("skopeo");
    }
}
