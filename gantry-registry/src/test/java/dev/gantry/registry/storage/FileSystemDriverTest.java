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

/** What only the file-system driver promises beyond the shared suite ({@link FileSystemDriverSuiteTest}): files and folders on disk. */
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

    /** Every name under {@code root}, temporary ones included, relative to it. */
    private static java.util.List<String> everything(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void pathsOutsideThePatternTouchNoFile() throws IOException {
        FileSystemDriver driver = new FileSystemDriver(dir.resolve("root"));
        assertThatThrownBy(() -> driver.putContent("/a/../../etc/passwd", utf8("x"))).isInstanceOf(InvalidStoragePathException.class);
        assertThat(dir.resolve("etc")).doesNotExist();
    }

    @Test
    void aWriterInAnotherProcessIsExcludedByAFileLock() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/python3").canExecute(), "python3 stands in for another process");
        FileSystemDriver driver = new FileSystemDriver(dir);
        String file = dir.resolve("up/data").toString();
        try (StorageWriter writer = driver.writer("/up/data", 0)) {
            writer.write(ByteBuffer.wrap(utf8("abc")));
            // Another gantry serve sharing the directory takes the same POSIX lock (fcntl), as lockf does: refused.
            assertThat(tryLockInAnotherProcess(file)).as("lockf exit status while a writer is open").isNotZero();
        }
        assertThat(tryLockInAnotherProcess(file)).isZero();
    }

    private static int tryLockInAnotherProcess(String file) throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c",
                "import fcntl, sys\nf = open(sys.argv[1], 'r+')\ntry:\n    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept OSError:\n    sys.exit(3)", file)
                .redirectErrorStream(true).start();
        python.getInputStream().readAllBytes();
        return python.waitFor();
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

            try (StorageWriter writer = driver.writer("/repositories/r/_uploads/u/data", 0)) {
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
