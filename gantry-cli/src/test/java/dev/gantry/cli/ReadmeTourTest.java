package dev.gantry.cli;

import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's examples run as written, in order, in a fresh directory: every block marked
 * {@code <!-- tour -->} ({@link ReadmeTour}), with {@code ./gantry} there running this build's
 * classes and HOME a directory of the test's (so the store, caches and Docker config are fresh),
 * the README's own {@code ./gantry serve &} as the registry on a free port. Any command that ends
 * otherwise than the README says fails the test, naming its README line.
 */
class ReadmeTourTest {
    private static final Path PROJECT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    private static ReadmeTour tour() throws IOException {
        return ReadmeTour.parse(Files.readString(PROJECT.resolve("README.md")));
    }

    @Test
    void readsTheTourBlocksWithTheirExpectedExits() throws IOException {
        List<ReadmeTour.Command> commands = tour().commands();
        assertThat(commands).extracting(ReadmeTour.Command::text)
                .anyMatch(t -> t.startsWith("./gantry serve") && t.endsWith("&"))
                .anyMatch(t -> t.startsWith("cat > Containerfile <<'EOF'\nFROM ") && t.endsWith("\nEOF"))
                .anyMatch(t -> t.startsWith("./gantry build ."))
                .noneMatch(t -> t.equals("./run-tests") || t.startsWith("./run-tests "));
        assertThat(commands).filteredOn(c -> c.text().startsWith("./gantry run --rm oci:out:app sh"))
                .singleElement().extracting(ReadmeTour.Command::expectedExit).isEqualTo(3);
        assertThat(commands).filteredOn(c -> c.text().startsWith("./gantry inspect --insecure"))
                .singleElement().extracting(ReadmeTour.Command::expectedExit).isEqualTo(2);
    }

    @Test
    void theScriptPutsTheRegistryOnTheGivenPortAndChecksEveryExit() {
        ReadmeTour tour = ReadmeTour.parse("""
                <!-- tour -->
                ```
                $ ./gantry serve > access.log &
                gantry: serving
                $ ./gantry tags 127.0.0.1:5000/demo/hello      # exits 2
                ```
                """);
        String script = tour.script(41234);
        assertThat(script).contains("./gantry serve --addr 127.0.0.1:41234 > access.log &\n",
                "./gantry tags 127.0.0.1:41234/demo/hello", "-ne 2 ]").doesNotContain("5000", "gantry: serving");
    }

    @Test
    void theTourRunsAsWritten(@TempDir Path dir) throws Exception {
        PeerTools.assumeInstalled("bash", "curl", "tar", "gzip", "skopeo", "umoci", "ssh-keygen", "runc", "busybox");
        PeerTools.assumeRoot("the tour's `run` and the RUN step of its build");
        Path gantry = dir.resolve("gantry");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(gantry, "#!/bin/sh\nexec '" + java + "' -Duser.home=\"$HOME\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(gantry, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(dir.resolve("home"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path script = dir.resolve("tour.sh");
        Files.writeString(script, tour().script(port));
        Path log = dir.resolve("tour.log");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        for (String inherited : List.of("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "GANTRY_ROOT", "DOCKER_HOST",
                "DOCKER_CONFIG", "SOURCE_DATE_EPOCH", "GANTRY_JAVA_OPTS")) {
            env.remove(inherited);
        }
        Process process = builder.start();
        boolean finished = process.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        // Kept for a reader: what every command printed, to compare with the README's transcripts.
        Files.writeString(PROJECT.resolve("gantry-cli/target/readme-tour.log"), output);
        assertThat(finished).as("the tour did not finish in 20 minutes:\n" + tail(output)).isTrue();
        assertThat(process.exitValue()).as(tail(output)).isZero();
        assertThat(output).contains("tour: every command ran as the README says", "version 2\n", "hi\n");
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
