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

    /** Every name under {@code root}, temporary ones included, relative to it. */
    private static java.util.List<String> everything(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aKeyAndTheFoldersItNeedsAppearTogetherAndWritesRacingIntoTheSameNewFolderAllLand() throws Exception {
        FileSystemDriver driver = new FileSystemDriver(dir);
        int writers = 16;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String key = "/repositories/new/_layers/sha256/" + i + "/link";
                done.add(threads.submit(() -> {
                    start.await();
                    driver.putContent(key, utf8(key));
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
        for (int i = 0; i < writers; i++) {
            assertThat(driver.getContent("/repositories/new/_layers/sha256/" + i + "/link", 100)).isEqualTo(utf8("/repositories/new/_layers/sha256/" + i + "/link"));
        }
        assertThat(everything(dir)).noneMatch(name -> name.contains(".tmp-"));
    }

    @Test
    void moveBringsAFileOrAFolderIntoFoldersThatDoNotExistYet() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir);
        driver.putContent("/up/data", utf8("bytes"));
        driver.move("/up/data", "/blobs/sha256/ab/abcd/data");
        assertThat(driver.getContent("/blobs/sha256/ab/abcd/data", 10)).isEqualTo(utf8("bytes"));
        assertThat(driver.exists("/up/data")).isFalse();
        driver.move("/blobs/sha256/ab/abcd", "/_quarantine/run/sha256/abcd");
        assertThat(driver.getContent("/_quarantine/run/sha256/abcd/data", 10)).isEqualTo(utf8("bytes"));
        assertThat(driver.list("/blobs/sha256/ab")).isEmpty();
        assertThat(everything(dir)).noneMatch(name -> name.contains(".tmp-"));
    }

    @Test
    void aWriteRefusedForLackOfSpaceIsStorageFullAndLeavesNoFolderOrPartialFileBehind() throws IOException {
        try (dev.gantry.testing.SmallFileSystem small = dev.gantry.testing.SmallFileSystem.mount(dir.resolve("small"), 1)) {
            FileSystemDriver driver = new FileSystemDriver(small.path().resolve("store"));
            driver.putContent("/repositories/r/_manifests/tags/old/current/link", utf8("sha256:old"));
            small.fillLeaving(2048, "filler");
            java.util.List<String> before = everything(driver.root());

            assertThatThrownBy(() -> driver.putContent("/repositories/r/_manifests/tags/v1/current/link", utf8("sha256:new")))
                    .isInstanceOf(StorageFullException.class)
                    .hasMessageContaining("/repositories/r/_manifests/tags/v1/current/link");
            // A tag folder left behind would be listed as a tag whose link is missing.
            assertThat(driver.list("/repositories/r/_manifests/tags")).containsExactly("old");
            assertThat(everything(driver.root())).isEqualTo(before);

            try (StorageWriter writer = driver.writer("/repositories/r/_uploads/u/data", false)) {
                assertThatThrownBy(() -> writer.write(ByteBuffer.wrap(new byte[64 << 10]))).isInstanceOf(StorageFullException.class);
            }
            assertThat(driver.space()).hasValueSatisfying(space -> {
                assertThat(space.totalBytes()).isEqualTo(1 << 20);
                assertThat(space.freeBytes()).isLessThan(4096);
            });

            Files.delete(small.path().resolve("filler"));
            driver.putContent("/repositories/r/_manifests/tags/v1/current/link", utf8("sha256:new"));
            assertThat(driver.list("/repositories/r/_manifests/tags")).containsExactly("old", "v1");
        }
    }
}
