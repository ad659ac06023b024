package dev.gantry.cli;

import dev.gantry.digest.Digest;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.oci.Descriptor;
import dev.gantry.testing.Fixtures;
import dev.gantry.testing.PeerTools;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress of copy/pull/push: bars on a terminal; one plain line per blob done when stderr is not
 * a terminal (as in CI); --quiet silences it.
 */
class TransferProgressTest {
    @TempDir
    static Path shared;
    static String source;
    static List<Descriptor> blobs = new ArrayList<>();

    @BeforeAll
    static void fixture() throws IOException {
        source = "oci:" + Fixtures.umociLayout(shared) + ":" + Fixtures.TAG;
        try (ImageSource src = Transports.openSource(TransportRef.parse(source))) {
            Image image = (Image) Images.open(src);
            blobs.add(image.configDescriptor());
            blobs.addAll(image.manifest().layers());
        }
    }

    @Test
    void printsOneLinePerBlobCopiedThenOnePerBlobAlreadyThere(@TempDir Path out) {
        String target = "oci:" + out.resolve("copy") + ":v1";
        CliRun first = CliRun.of("copy", source, target);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stderr().lines()).containsExactlyInAnyOrderElementsOf(lines("copied  "));
        assertThat(first.stderr()).doesNotContain("\033[");

        CliRun again = CliRun.of("copy", source, target);
        assertThat(again.stderr().lines()).containsExactlyInAnyOrderElementsOf(lines("exists  "));
    }

    @Test
    void quietPrintsNoProgress(@TempDir Path out) {
        CliRun run = CliRun.of("copy", "--quiet", source, "oci:" + out.resolve("copy") + ":v1");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
    }

    /**
     * On a real terminal (a pseudo-terminal from util-linux's {@code script}, with no CI variable)
     * the copy draws a bar per blob in flight and an overall bar, redrawn in place, and leaves the
     * finished blobs' lines and a full overall bar on screen.
     */
    @Test
    void drawsBarsOnATerminal(@TempDir Path out) throws Exception {
        PeerTools.assumeInstalled("script");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(" ", List.of(java, "-cp", quoted(System.getProperty("java.class.path")), Main.class.getName(),
                "copy", quoted(source), quoted("oci:" + out.resolve("copy") + ":v1")));
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true);
        pb.environment().remove("CI");
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        p.getOutputStream().close();
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(screen).isZero();

        long total = blobs.stream().mapToLong(Descriptor::size).sum();
        assertThat(screen).contains("\033[2K", "\033[J")
                .contains("overall " + blobs.size() + "/" + blobs.size() + " blobs  [" + "=".repeat(24) + "]")
                .contains(dev.gantry.cli.output.Sizes.human(total) + " / " + dev.gantry.cli.output.Sizes.human(total));
        for (String line : lines("copied  ")) {
            assertThat(screen).contains(line);
        }
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static List<String> lines(String what) {
        return blobs.stream().map(b -> what + shortHex(b.digest()) + "  " + dev.gantry.cli.output.Sizes.human(b.size())).toList();
    }

    private static String shortHex(Digest digest) {
        return digest.shortHex();
    }
}
