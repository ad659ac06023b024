package dev.gantry.transport.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirTreeWriterTest {
    @TempDir
    Path root;

    @Test
    void aWriteSweepsTheTemporaryFilesOfKilledWritersButKeepsResumableAndLiveOnes() throws IOException {
        Path blobs = Files.createDirectories(root.resolve("blobs/sha256"));
        Path abandoned = old(Files.writeString(blobs.resolve(".aaaa.8472946134.partial"), "half a blob"));
        Path resumable = old(Files.writeString(blobs.resolve(".bbbb.partial"), "kept for a resume"));
        Path live = Files.writeString(blobs.resolve(".cccc.1234.partial"), "being written right now");
        Path blob = old(Files.writeString(blobs.resolve("dddd"), "a blob"));

        try (DirTreeWriter writer = new DirTreeWriter(root)) {
            byte[] content = "new".getBytes(StandardCharsets.UTF_8);
            writer.write("blobs/sha256/eeee", content.length, new ByteArrayInputStream(content));
        }

        assertThat(abandoned).doesNotExist();
        assertThat(resumable).exists();
        assertThat(live).exists();
        assertThat(blob).exists();
        assertThat(blobs.resolve("eeee")).hasContent("new");
    }

    private static Path old(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(DirTreeWriter.ABANDONED).minusSeconds(60)));
        return file;
    }
}
