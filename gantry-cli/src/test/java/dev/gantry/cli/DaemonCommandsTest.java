package dev.gantry.cli;

import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PodmanService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-daemon:} through the CLI as a docker user runs it: {@code DOCKER_HOST} names the
 * socket (here podman's Docker-compatible service, over a throwaway store), so each command runs
 * in a JVM of its own with that environment.
 */
class DaemonCommandsTest {
    @TempDir
    static Path shared;
    static Path umoci;
    static PodmanService podman;

    @BeforeAll
    static void start() throws IOException {
        umoci = Fixtures.umociLayout(shared);
        podman = PodmanService.start(shared.resolve("podman"));
    }

    @AfterAll
    static void stop() {
        if (podman != null) {
            podman.close();
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run gantry(String dockerHost, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(shared, "out", ".txt");
        Path err = Files.createTempFile(shared, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("DOCKER_HOST", dockerHost);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("gantry " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void copiesIntoTheDaemonAndBackThroughDockerHost(@TempDir Path out) throws Exception {
        Run load = gantry(podman.dockerHost(), "copy", "oci:" + umoci + ":" + Fixtures.TAG, "docker-daemon:localhost/gantry/cli:v1");
        assertThat(load.exitCode()).as(load.stderr()).isZero();
        assertThat(load.stdout()).contains("-> docker-daemon:localhost/gantry/cli:v1");
        assertThat(podman.podman("images", "--format", "{{.Repository}}:{{.Tag}}").stdout()).contains("localhost/gantry/cli:v1");

        Run inspect = gantry(podman.dockerHost(), "inspect", "docker-daemon:localhost/gantry/cli:v1");
        assertThat(inspect.exitCode()).as(inspect.stderr()).isZero();
        assertThat(inspect.stdout()).contains("Source:      docker-daemon:localhost/gantry/cli:v1", "Layers:      2");

        Run save = gantry(podman.dockerHost(), "copy", "docker-daemon:localhost/gantry/cli:v1", "oci:" + out.resolve("back") + ":v1");
        assertThat(save.exitCode()).as(save.stderr()).isZero();
        Run validate = gantry(podman.dockerHost(), "validate", "oci:" + out.resolve("back") + ":v1");
        assertThat(validate.exitCode()).as(validate.stdout() + validate.stderr()).isZero();
    }

    @Test
    void aDaemonThatIsNotRunningIsOneCleanLineNamingTheSocket(@TempDir Path out) throws Exception {
        Path socket = out.resolve("docker.sock");
        Run run = gantry("unix://" + socket, "inspect", "docker-daemon:busybox:latest");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).singleElement().asString()
                .startsWith("gantry: error: cannot reach the Docker daemon at unix://" + socket + ": no such socket");
        assertThat(run.stdout()).isEmpty();
    }
}
