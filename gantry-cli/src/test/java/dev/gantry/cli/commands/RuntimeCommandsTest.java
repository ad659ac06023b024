package dev.gantry.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.Fixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * unpack, bundle, export and flatten driven through picocli on an image umoci made. The
 * commands are run directly (not through Main), so these tests hold whether or not Main
 * registers them yet.
 */
class RuntimeCommandsTest {
    @TempDir
    Path work;

    private String run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int code = cli.execute(args);
        assertThat(code).as("exit code of %s, output %s", List.of(args), out).isZero();
        return out.toString();
    }

    private String image() {
        return "oci:" + Fixtures.umociLayout(work) + ":" + Fixtures.TAG;
    }

    @Test
    void unpackWritesTheMergedTree() throws Exception {
        String image = image();
        JsonNode result = Json.mapper().readTree(run(new UnpackCommand(), image, work.resolve("root").toString(), "--json"));
        assertThat(result.get("layers").asInt()).isEqualTo(2);
        assertThat(work.resolve("root/etc/hello.txt")).hasContent("hello\n");
        assertThat(work.resolve("root/etc/bye.txt")).doesNotExist();
        assertThat(work.resolve("root/data")).doesNotExist();
    }

    @Test
    void bundleWritesRootfsAndConfig() throws Exception {
        String image = image();
        run(new BundleCommand(), image, work.resolve("b").toString());
        JsonNode config = Json.mapper().readTree(work.resolve("b/config.json").toFile());
        assertThat(config.at("/process/args/0").asText()).isEqualTo(Fixtures.ENTRYPOINT.get(0));
        assertThat(config.at("/process/env").toString()).contains(Fixtures.ENV);
        assertThat(work.resolve("b/rootfs/etc/new.txt")).exists();
    }

    @Test
    void exportWritesOneTar() throws Exception {
        String image = image();
        Path tar = work.resolve("fs.tar");
        run(new ExportCommand(), image, "-o", tar.toString());
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (var e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).contains("etc/", "etc/hello.txt", "etc/new.txt").doesNotContain("etc/bye.txt");
    }

    @Test
    void flattenWritesAOneLayerImage() throws Exception {
        String image = image();
        String flat = "oci:" + work.resolve("flat") + ":flat";
        JsonNode result = Json.mapper().readTree(run(new FlattenCommand(), image, flat, "--json", "--level", "1",
                "--tmp", work.resolve("tmp").toString()));
        assertThat(result.get("sourceLayers").asInt()).isEqualTo(2);
        run(new UnpackCommand(), flat, work.resolve("flat-root").toString());
        assertThat(work.resolve("flat-root/etc/hello.txt")).hasContent("hello\n");
    }
}
