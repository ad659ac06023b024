package dev.gantry.cli;

import dev.gantry.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code "database"} in {@code gantry serve --config}: the PostgreSQL module answers it (through
 * ServiceLoader), an unreachable database is one error line, and no other command loads JDBC,
 * HikariCP, Flyway or the module's own classes.
 */
class ServeDatabaseTest {
    private static final List<String> DATABASE_PACKAGES = List.of(" org.postgresql.", " com.zaxxer.hikari.", " org.flywaydb.", " dev.gantry.registry.postgres.");

    @TempDir
    Path dir;

    @Test
    void anUnreachableDatabaseIsOneErrorLine() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("gantry.json"), "{\"addr\": \"127.0.0.1:0\", \"data\": \"store\", "
                + "\"database\": {\"url\": \"jdbc:postgresql://127.0.0.1:" + closed + "/gantry\", \"user\": \"gantry\", \"password\": \"secret\"}}");
        CliRun run = CliRun.of("serve", "--config", config.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderr().strip()).startsWith("gantry: ").contains("cannot reach the metadata database jdbc:postgresql://127.0.0.1:" + closed + "/gantry")
                .doesNotContain("secret").doesNotContain("\n");
    }

    @Test
    void aDatabaseKeyOfTheWrongShapeNamesTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("gantry.json"), "{\"database\": {\"url\": \"jdbc:postgresql://h/db\", \"pasword\": \"x\"}}");
        CliRun run = CliRun.of("serve", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
        assertThat(run.stderr()).contains("unknown key 'database.pasword'");
    }

    @Test
    void inspectLoadsNoDatabaseClass() throws Exception {
        Path layout = Fixtures.umociLayout(dir);
        assertThat(databaseClassesLoadedBy("inspect", "oci:" + layout + ":" + Fixtures.TAG)).isEmpty();
        assertThat(databaseClassesLoadedBy("--help")).isEmpty();
    }

    private List<String> databaseClassesLoadedBy(String... args) throws Exception {
        Path log = Files.createTempFile(dir, "class-load", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        // The check must see the module's classes on the class path at all, or it proves nothing.
        assertThat(System.getProperty("java.class.path")).contains("gantry-registry-postgres").contains("postgresql-42");
        return Files.readAllLines(log).stream().filter(l -> DATABASE_PACKAGES.stream().anyMatch(l::contains)).toList();
    }
}
