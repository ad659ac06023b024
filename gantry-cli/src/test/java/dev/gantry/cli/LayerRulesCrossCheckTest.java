package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.oci.Json;
import dev.gantry.testing.Fixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code unpack} writes and {@code tree} reports the same paths for the names layers really
 * carry: bytes that are not UTF-8, {@code ./} and {@code /} prefixes, trailing slashes,
 * whiteouts, opaque markers and aufs bookkeeping. Both go through core's layer rules; before
 * they did, the walker let the tar library turn a non-UTF-8 byte into U+FFFD while unpack kept it.
 */
class LayerRulesCrossCheckTest {
    @TempDir
    Path dir;

    /** Entry names as raw bytes: each char of the string is one byte (ISO-8859-1). */
    private static byte[] tar(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "ISO-8859-1")) {
            for (String name : entries) {
                boolean directory = name.endsWith("/");
                TarArchiveEntry entry = new TarArchiveEntry(name, directory ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL, true);
                byte[] content = directory ? new byte[0] : name.getBytes(StandardCharsets.ISO_8859_1);
                entry.setSize(content.length);
                entry.setMode(directory ? 0755 : 0644);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** {@code é} as UTF-8 bytes, each byte one char. */
    private static final String UTF8_E_ACUTE = new String("é".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

    private Path archive() throws IOException {
        byte[] lower = tar(
                "./etc/", "./etc/passwd", "./etc/group",
                "caf\u00e9",                                  // byte 0xE9 alone: not UTF-8
                "utf8-caf" + UTF8_E_ACUTE,                     // proper UTF-8
                "\u00ff\u00fe-dir/", "\u00ff\u00fe-dir/inner", // invalid UTF-8 directory
                "bin/", "bin/sh",
                "/abs/file",                                   // leading slash, implicit parent
                "old/", "old/a", "old/keep/", "old/keep/x",
                "gone", "gone-dir/", "gone-dir/y");
        byte[] upper = tar(
                "./.wh.gone", ".wh.gone-dir",
                "etc/.wh.passwd",
                "./old/.wh..wh..opq", "old/b",
                "\u00ff\u00fe-dir/.wh.inner",
                ".wh..wh.plnk/", ".wh..wh.plnk/123.4",        // aufs bookkeeping: never content
                ".wh.ghost-dir/", ".wh.ghost-dir/z");         // inside a whiteout name: never content
        Path folder = Files.createDirectories(dir.resolve("image"));
        Files.write(folder.resolve("lower.tar"), lower);
        Files.write(folder.resolve("upper.tar"), upper);
        Files.writeString(folder.resolve("config.json"), """
                {"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s","%s"]}}
                """.formatted(Fixtures.sha256(lower), Fixtures.sha256(upper)).strip());
        Fixtures.writeManifestJson(folder, "config.json", "lower.tar", "upper.tar");
        return Fixtures.tarFolder(folder, dir.resolve("image.tar"));
    }

    @Test
    void unpackAndTreeNameTheSamePathsForNonUtf8PrefixedTrailingSlashAndWhiteoutNames() throws Exception {
        String image = "docker-archive:" + archive();
        Path root = dir.resolve("root");
        CliRun unpack = CliRun.of("unpack", image, root.toString());
        assertThat(unpack.exitCode()).as(unpack.stderr()).isZero();
        Set<String> unpacked = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> unpacked.add(root.relativize(p).toString()));
        }

        CliRun tree = CliRun.of("tree", image, "--json");
        assertThat(tree.exitCode()).as(tree.stderr()).isZero();
        Set<String> listed = new TreeSet<>();
        for (JsonNode row : Json.mapper().readTree(tree.stdout())) {
            listed.add(row.get("path").asText());
        }

        assertThat(listed).isEqualTo(unpacked);
        assertThat(unpacked).contains("caf\u00e9", "utf8-caf\u00e9", "\u00ff\u00fe-dir", "etc/group", "bin/sh", "abs/file",
                        "old/b")
                .doesNotContain("gone", "gone-dir", "gone-dir/y", "etc/passwd", "old/a", "old/keep", "\u00ff\u00fe-dir/inner")
                .noneMatch(p -> p.contains(".wh.") || p.contains("\ufffd") || p.startsWith(".") || p.endsWith("/"));
        // The file's content is its raw name: the path unpack wrote is the one tree shows, byte for byte.
        assertThat(Files.readString(root.resolve("caf\u00e9"), StandardCharsets.ISO_8859_1)).isEqualTo("caf\u00e9");
    }
}
