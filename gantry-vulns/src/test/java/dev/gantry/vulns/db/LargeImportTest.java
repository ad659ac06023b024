package dev.gantry.vulns.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracker import streams: a file many times the heap imports in a JVM limited to 64 MiB. */
class LargeImportTest {
    @TempDir
    Path dir;

    @Test
    void importsATrackerFileMuchLargerThanTheHeap() throws Exception {
        Path tracker = dir.resolve("tracker.json");
        SyntheticTracker.write(tracker, 6000, 10);
        long size = Files.size(tracker);
        assertThat(size).isGreaterThan(30L << 20);
        Path db = dir.resolve("advisories.gvdb");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), SyntheticTracker.class.getName(), tracker.toString(), db.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        // 6000 packages x 10 entries x 4 releases, in 4 releases' keys per package
        assertThat(Files.readString(dir.resolve("out.txt")).strip()).isEqualTo("240000 24000");
        try (AdvisoryDb open = AdvisoryDb.open(db)) {
            List<Advisory> pkg = open.lookup("Debian:12", "pkg1234");
            assertThat(pkg).hasSize(10);
            assertThat(pkg).extracting(Advisory::status).contains(Status.UNIMPORTANT, Status.NO_DSA, Status.UNDETERMINED);
        }
    }
}
