package dev.gantry.registry.storage;

import dev.gantry.error.LimitExceededException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link StorageDriver} must do, whatever it stores on: whole objects, writers
 * (commit, cancel, resume at an offset, one writer at a time), atomic moves, listings, large
 * objects streamed through, concurrency, and the typed failures. A driver's test extends this
 * class and says how to make a fresh, empty driver; distribution's storagedriver/testsuites is
 * the model.
 */
public abstract class StorageDriverSuite {
    /** Big enough to cross the file-system driver's early-sync threshold twice, small enough for any CI disk. */
    private static final int LARGE_MIB = 96;

    protected StorageDriver driver;

    /**
     * A fresh driver over empty storage, for one test.
     *
     * @return the driver
     * @throws Exception when the storage cannot be prepared
     */
    protected abstract StorageDriver newDriver() throws Exception;

    @BeforeEach
    void makeDriver() throws Exception {
        driver = newDriver();
    }

    @AfterEach
    void closeDriver() throws Exception {
        if (driver instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String read(String path) throws IOException {
        return new String(driver.getContent(path, 1 << 20), StandardCharsets.UTF_8);
    }

    private void writeAt(String path, long offset, String content) throws IOException {
        try (StorageWriter writer = driver.writer(path, offset)) {
            writer.write(ByteBuffer.wrap(utf8(content)));
        }
    }

    // ---- whole objects

    @Test
    void putContentCreatesParentsAndReplacesWholly() throws IOException {
        driver.putContent("/a/b/c", utf8("one"));
        assertThat(read("/a/b/c")).isEqualTo("one");
        driver.putContent("/a/b/c", utf8("second"));
        assertThat(read("/a/b/c")).isEqualTo("second");
        assertThat(driver.size("/a/b/c")).isEqualTo(6);
        assertThat(driver.exists("/a/b/c")).isTrue();
        assertThat(driver.exists("/a/b")).isTrue();
        assertThat(driver.list("/a/b")).containsExactly("c");
    }

    @Test
    void emptyContentIsAnObject() throws IOException {
        driver.putContent("/empty", new byte[0]);
        assertThat(driver.getContent("/empty", 10)).isEmpty();
        assertThat(driver.size("/empty")).isZero();
    }

    @Test
    void contentLargerThanTheLimitIsRefused() throws IOException {
        driver.putContent("/big", new byte[11]);
        assertThat(driver.getContent("/big", 11)).hasSize(11);
        assertThatThrownBy(() -> driver.getContent("/big", 10)).isInstanceOf(LimitExceededException.class);
    }

    // ---- readers

    @Test
    void readerStartsAtAnOffsetAndTheEndIsAnEmptyStream() throws IOException {
        driver.putContent("/blob", utf8("0123456789"));
        try (InputStream in = driver.reader("/blob", 0)) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("0123456789"));
        }
        try (InputStream in = driver.reader("/blob", 7)) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("789"));
        }
        try (InputStream in = driver.reader("/blob", 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    // ---- writers

    @Test
    void aWriterCommitsWhatItWrote() throws IOException {
        try (StorageWriter writer = driver.writer("/up/data", 0)) {
            writer.write(ByteBuffer.wrap(utf8("abc")));
            writer.write(ByteBuffer.wrap(utf8("def")));
            assertThat(writer.size()).isEqualTo(6);
            writer.commit();
        }
        assertThat(read("/up/data")).isEqualTo("abcdef");
        assertThat(driver.size("/up/data")).isEqualTo(6);
    }

    @Test
    void aWriterOpenedAtZeroCreatesAnEmptyObject() throws IOException {
        driver.writer("/up/data", 0).close();
        assertThat(driver.exists("/up/data")).isTrue();
        assertThat(driver.size("/up/data")).isZero();
    }

    @Test
    void aWriterLeavesItsBufferAtItsLimit() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(utf8("abc"));
        try (StorageWriter writer = driver.writer("/up/data", 0)) {
            writer.write(bytes);
        }
        assertThat(bytes.hasRemaining()).isFalse();
    }

    @Test
    void aWriterResumesAtTheOffsetWhereTheObjectEnds() throws IOException {
        writeAt("/up/data", 0, "abc");
        try (StorageWriter writer = driver.writer("/up/data", 3)) {
            assertThat(writer.size()).isEqualTo(3);
            writer.write(ByteBuffer.wrap(utf8("def")));
            assertThat(writer.size()).isEqualTo(6);
            writer.commit();
        }
        writeAt("/up/data", 6, "g");
        assertThat(read("/up/data")).isEqualTo("abcdefg");
    }

    @Test
    void aWriterAtAnyOtherOffsetIsRefusedWithTheRealSize() throws IOException {
        writeAt("/up/data", 0, "abc");
        for (long wrong : new long[] {0, 2, 4, 1000}) {
            assertThatThrownBy(() -> driver.writer("/up/data", wrong)).as("offset %d", wrong)
                    .isInstanceOfSatisfying(InvalidOffsetException.class, e -> {
                        assertThat(e.offset()).isEqualTo(wrong);
                        assertThat(e.size()).isEqualTo(3);
                    });
        }
        assertThatThrownBy(() -> driver.writer("/up/data", -1)).isInstanceOf(InvalidOffsetException.class);
        assertThatThrownBy(() -> driver.writer("/new/data", 5)).isInstanceOf(InvalidOffsetException.class);
        assertThat(read("/up/data")).isEqualTo("abc");
        // a refused writer let go of the object: the right offset still opens
        writeAt("/up/data", 3, "d");
        assertThat(read("/up/data")).isEqualTo("abcd");
    }

    @Test
    void cancelRemovesEverythingThePathHolds() throws IOException {
        writeAt("/up/data", 0, "abc");
        StorageWriter writer = driver.writer("/up/data", 3);
        writer.write(ByteBuffer.wrap(utf8("def")));
        writer.cancel();
        assertThat(driver.exists("/up/data")).isFalse();
        assertThatThrownBy(() -> driver.size("/up/data")).isInstanceOf(PathNotFoundException.class);
        // and the path is free for a new writer
        writeAt("/up/data", 0, "new");
        assertThat(read("/up/data")).isEqualTo("new");
    }

    @Test
    void aClosedWriterRefusesWrites() throws IOException {
        StorageWriter writer = driver.writer("/up/data", 0);
        writer.close();
        assertThatThrownBy(() -> writer.write(ByteBuffer.wrap(utf8("x")))).isInstanceOf(IOException.class);
    }

    // ---- moves

    @Test
    void moveReplacesTheTargetAndCreatesItsParents() throws IOException {
        driver.putContent("/d/a", utf8("a"));
        driver.putContent("/d/b", utf8("b"));
        driver.move("/d/a", "/d/b");
        assertThat(driver.list("/d")).containsExactly("b");
        assertThat(read("/d/b")).isEqualTo("a");
        driver.move("/d/b", "/e/f/g/data");
        assertThat(read("/e/f/g/data")).isEqualTo("a");
        assertThat(driver.exists("/d/b")).isFalse();
    }

    @Test
    void readersOfAMovedIntoPathSeeTheOldOrTheNewObjectNeverAMix() throws Exception {
        byte[] first = new byte[256 << 10];
        byte[] second = new byte[256 << 10];
        Arrays.fill(first, (byte) 1);
        Arrays.fill(second, (byte) 2);
        driver.putContent("/target", first);
        AtomicBoolean moving = new AtomicBoolean(true);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<Integer> reads = threads.submit(() -> {
                int n = 0;
                while (moving.get()) {
                    byte[] seen = driver.getContent("/target", 1 << 20);
                    assertThat(Arrays.equals(seen, first) || Arrays.equals(seen, second)).as("a whole object").isTrue();
                    n++;
                }
                return n;
            });
            for (int i = 0; i < 100; i++) {
                driver.putContent("/staging/" + i, i % 2 == 0 ? second : first);
                driver.move("/staging/" + i, "/target");
            }
            moving.set(false);
            assertThat(reads.get()).isPositive();
        }
    }

    // ---- listings and deletes

    @Test
    void listingNamesDirectChildrenSorted() throws IOException {
        driver.putContent("/r/b/x", utf8("1"));
        driver.putContent("/r/a", utf8("2"));
        driver.putContent("/r/c/y/z", utf8("3"));
        driver.putContent("/r/B", utf8("4"));
        assertThat(driver.list("/r")).containsExactly("B", "a", "b", "c");
        assertThat(driver.list("/r/c")).containsExactly("y");
    }

    @Test
    void deleteRemovesAWholeSubtree() throws IOException {
        driver.putContent("/r/keep", utf8("1"));
        driver.putContent("/r/gone/a", utf8("2"));
        driver.putContent("/r/gone/b/c", utf8("3"));
        driver.delete("/r/gone");
        assertThat(driver.exists("/r/gone")).isFalse();
        assertThat(driver.exists("/r/gone/b/c")).isFalse();
        assertThat(driver.list("/r")).containsExactly("keep");
        driver.delete("/r/keep");
        assertThat(driver.exists("/r/keep")).isFalse();
    }

    @Test
    void modifiedIsKnownForWhatIsStored() throws IOException {
        driver.putContent("/m", utf8("x"));
        assertThat(driver.modified("/m")).isNotNull();
    }

    // ---- large objects

    @Test
    void aLargeObjectStreamsInAndOutAcrossAResumedWriter() throws Exception {
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        long size = 0;
        for (int part = 0; part < 2; part++) {
            try (StorageWriter writer = driver.writer("/big/data", size)) {
                for (int i = 0; i < LARGE_MIB / 2; i++) {
                    chunk.clear();
                    while (chunk.hasRemaining()) {
                        chunk.put((byte) (i * 31 + part + chunk.position() % 251));
                    }
                    chunk.flip();
                    written.update(chunk.duplicate());
                    writer.write(chunk);
                }
                writer.commit();
                size = writer.size();
            }
        }
        assertThat(size).isEqualTo((long) LARGE_MIB << 20);
        assertThat(driver.size("/big/data")).isEqualTo(size);
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (InputStream in = driver.reader("/big/data", 0)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.update(buffer, 0, n);
            }
        }
        assertThat(read.digest()).isEqualTo(written.digest());
        try (InputStream in = driver.reader("/big/data", size - 3)) {
            assertThat(in.readAllBytes()).hasSize(3);
        }
    }

    // ---- concurrency

    @Test
    void writersRacingForOneOffsetLetExactlyOneIn() throws Exception {
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                byte[] mine = new byte[64 << 10];
                Arrays.fill(mine, (byte) i);
                results.add(threads.submit(() -> {
                    start.await();
                    try (StorageWriter writer = driver.writer("/race/data", 0)) {
                        writer.write(ByteBuffer.wrap(mine));
                        writer.commit();
                        return true;
                    } catch (InvalidOffsetException e) {
                        assertThat(e.size()).isEqualTo(64 << 10);
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> result : results) {
                won += result.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
        byte[] stored = driver.getContent("/race/data", 1 << 20);
        assertThat(stored).hasSize(64 << 10);
        byte first = stored[0];
        for (byte b : stored) {
            assertThat(b).isEqualTo(first);
        }
    }

    @Test
    void aSecondWriterWaitsForTheFirstToClose() throws Exception {
        StorageWriter first = driver.writer("/seq/data", 0);
        first.write(ByteBuffer.wrap(utf8("abc")));
        try (ExecutorService threads = Executors.newSingleThreadExecutor()) {
            Future<?> second = threads.submit(() -> {
                writeAt("/seq/data", 3, "def");
                return null;
            });
            Thread.sleep(200);
            assertThat(second.isDone()).as("appended while another writer was open").isFalse();
            first.close();
            second.get(30, TimeUnit.SECONDS);
        }
        assertThat(read("/seq/data")).isEqualTo("abcdef");
    }

    @Test
    void writesToManyPathsAtOnceAllLand() throws Exception {
        int writers = 16;
        CyclicBarrier start = new CyclicBarrier(writers);
        try (ExecutorService threads = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String key = "/many/_layers/" + i + "/link";
                int n = i;
                done.add(threads.submit(() -> {
                    start.await();
                    if (n % 2 == 0) {
                        driver.putContent(key, utf8(key));
                    } else {
                        writeAt(key, 0, key);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        for (int i = 0; i < writers; i++) {
            assertThat(read("/many/_layers/" + i + "/link")).isEqualTo("/many/_layers/" + i + "/link");
        }
        assertThat(driver.list("/many/_layers")).hasSize(writers);
    }

    // ---- typed failures

    @Test
    void missingPathsAreTypedNotFound() {
        assertThatThrownBy(() -> driver.getContent("/nope", 10)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.size("/nope")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.list("/nope")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.delete("/nope")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/nope", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.modified("/nope")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.move("/nope", "/there")).isInstanceOf(PathNotFoundException.class)
                .satisfies(e -> assertThat(((PathNotFoundException) e).path()).isEqualTo("/nope"));
        assertThat(driver.exists("/nope")).isFalse();
        assertThat(driver.exists("/there")).isFalse();
    }

    @Test
    void pathsOutsideThePatternAreRefusedByEveryOperation() {
        for (String bad : new String[] {"relative", "/a/../../etc/passwd", "/a/./b", "/a//b", "/a b", "/", "", "/a/b/", null}) {
            assertThatThrownBy(() -> driver.putContent(bad, utf8("x"))).as(bad).isInstanceOf(InvalidStoragePathException.class);
            assertThatThrownBy(() -> driver.getContent(bad, 1)).as(bad).isInstanceOf(InvalidStoragePathException.class);
            assertThatThrownBy(() -> driver.writer(bad, 0)).as(bad).isInstanceOf(InvalidStoragePathException.class);
            assertThatThrownBy(() -> driver.reader(bad, 0)).as(bad).isInstanceOf(InvalidStoragePathException.class);
            assertThatThrownBy(() -> driver.list(bad)).as(bad).isInstanceOf(InvalidStoragePathException.class);
            assertThatThrownBy(() -> driver.delete(bad)).as(bad).isInstanceOf(InvalidStoragePathException.class);
            assertThatThrownBy(() -> driver.move("/x", bad)).as(bad).isInstanceOf(InvalidStoragePathException.class);
            assertThatThrownBy(() -> driver.exists(bad)).as(bad).isInstanceOf(InvalidStoragePathException.class);
        }
    }

    @Test
    void readsPastTheEndAreInvalidOffsets() throws IOException {
        driver.putContent("/blob", utf8("0123456789"));
        assertThatThrownBy(() -> driver.reader("/blob", 11)).isInstanceOf(InvalidOffsetException.class);
        assertThatThrownBy(() -> driver.reader("/blob", -1)).isInstanceOf(InvalidOffsetException.class);
    }
}
