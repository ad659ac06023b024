package dev.gantry.registry.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemDriverTest {
    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putContentReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir);
        driver.putContent("/a/b/c", utf8("one"));
        driver.putContent("/a/b/c", utf8("two"));
        assertThat(driver.getContent("/a/b/c", 100)).isEqualTo(utf8("two"));
        try (var files = Files.list(dir.resolve("a/b"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("c");
        }
    }

    @Test
    void aLargeWriteSyncedAlongTheWayKeepsEveryByteInOrder() throws Exception {
        FileSystemDriver driver = new FileSystemDriver(dir);
        java.security.MessageDigest written = java.security.MessageDigest.getInstance("SHA-256");
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        try (StorageWriter writer = driver.writer("/big/data", false)) {
            // 80 MiB: past the early-sync threshold twice, so syncs run while later chunks are written.
            for (int i = 0; i < 80; i++) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.put((byte) (i * 31 + chunk.position() % 251));
                }
                chunk.flip();
                written.update(chunk.duplicate());
                writer.write(chunk);
            }
            writer.commit();
            assertThat(writer.size()).isEqualTo(80L << 20);
        }
        java.security.MessageDigest read = java.security.MessageDigest.getInstance("SHA-256");
        try (InputStream in = driver.reader("/big/data", 0)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.update(buffer, 0, n);
            }
        }
        assertThat(read.digest()).isEqualTo(written.digest());
    }

    @Test
    void pathsOutsideThePatternAreRefusedBeforeAnyFileIsTouched() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir.resolve("root"));
        for (String bad : new String[] {"relative", "/a/../../etc/passwd", "/a/./b", "/a//b", "/a b", "/", "", "/a/b/"}) {
            assertThatThrownBy(() -> driver.putContent(bad, utf8("x"))).as(bad).isInstanceOf(InvalidStoragePathException.class);
        }
        assertThat(dir.resolve("etc")).doesNotExist();
    }

    @Test
    void missingPathsAreTypedNotFound() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir);
        assertThatThrownBy(() -> driver.getContent("/nope", 10)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.size("/nope")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.list("/nope")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.delete("/nope")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/nope", 0)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void readerFromAnOffsetAndPastTheEnd() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir);
        driver.putContent("/blob", utf8("0123456789"));
        try (InputStream in = driver.reader("/blob", 7)) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("789"));
        }
        try (InputStream in = driver.reader("/blob", 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> driver.reader("/blob", 11)).isInstanceOf(InvalidOffsetException.class);
    }

    @Test
    void writerAppendsAcrossReopensCommitsAndCancels() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir);
        try (StorageWriter w = driver.writer("/up/data", false)) {
            w.write(ByteBuffer.wrap(utf8("abc")));
            assertThat(w.size()).isEqualTo(3);
        }
        try (StorageWriter w = driver.writer("/up/data", true)) {
            assertThat(w.size()).isEqualTo(3);
            w.write(ByteBuffer.wrap(utf8("def")));
            w.commit();
        }
        assertThat(driver.getContent("/up/data", 100)).isEqualTo(utf8("abcdef"));
        StorageWriter w = driver.writer("/up/data", true);
        w.cancel();
        assertThat(driver.exists("/up/data")).isFalse();
    }

    @Test
    void listIsSortedAndMoveReplaces() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir);
        driver.putContent("/d/b", utf8("b"));
        driver.putContent("/d/a", utf8("a"));
        assertThat(driver.list("/d")).containsExactly("a", "b");
        driver.move("/d/a", "/d/b");
        assertThat(driver.list("/d")).containsExactly("b");
        assertThat(driver.getContent("/d/b", 10)).isEqualTo(utf8("a"));
        driver.delete("/d");
        assertThat(driver.exists("/d")).isFalse();
    }

    @Test
    void oversizedContentIsRefused() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir);
        driver.putContent("/big", new byte[11]);
        assertThatThrownBy(() -> driver.getContent("/big", 10)).isInstanceOf(dev.gantry.error.LimitExceededException.class);
    }
}
