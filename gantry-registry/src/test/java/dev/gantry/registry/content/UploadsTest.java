package dev.gantry.registry.content;

import dev.gantry.digest.Digest;
import dev.gantry.registry.errors.UploadRangeException;
import dev.gantry.registry.storage.FileSystemDriver;
import dev.gantry.registry.storage.StorageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Upload sessions move between registry instances over the same storage (another node, or the
 * same one restarted): the second continues from the hash state the first saved, reading back
 * none of the bytes, and two of them appending at once never interleave.
 */
class UploadsTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private Registry node() throws Exception {
        return new Registry(new FileSystemDriver(dir));
    }

    @Test
    void anotherNodeContinuesFromTheSavedHashStateWithoutRereadingTheData() throws Exception {
        byte[] first = bytes(3 << 20, 1);
        byte[] second = bytes(1 << 20 | 5, 2);
        Registry a = node();
        String id = a.uploads().start("r/one");
        assertThat(a.uploads().append("r/one", id, 0L, ByteSource.of(first))).isEqualTo(first.length);

        Registry b = node();
        assertThat(b.uploads().append("r/one", id, (long) first.length, ByteSource.of(second))).isEqualTo(first.length + second.length);
        Registry c = node();
        Digest digest = Digest.sha256(concat(first, second));
        c.uploads().finish("r/one", id, null, ByteSource.EMPTY, digest);

        assertThat(b.uploads().rehashedBytes()).isZero();
        assertThat(c.uploads().rehashedBytes()).isZero();
        assertThat(c.blobs().read(digest, 8 << 20)).isEqualTo(concat(first, second));
        assertThat(c.uploads().sessions("r/one")).isEmpty();
    }

    @Test
    void withoutASavedStateTheDataIsHashedAgainOnce() throws Exception {
        byte[] first = bytes(2 << 20, 3);
        Registry a = node();
        String id = a.uploads().start("r/two");
        a.uploads().append("r/two", id, 0L, ByteSource.of(first));
        new FileSystemDriver(dir).delete(StorageLayout.uploadHashState("r/two", id));

        Registry b = node();
        Digest digest = Digest.sha256(concat(first, bytes(10, 4)));
        b.uploads().finish("r/two", id, (long) first.length, ByteSource.of(bytes(10, 4)), digest);
        assertThat(b.uploads().rehashedBytes()).isEqualTo(first.length);
        assertThat(b.blobs().exists(digest)).isTrue();
    }

    @Test
    void bytesWrittenAfterTheStateWasSavedAreTheOnlyOnesReadAgain() throws Exception {
        byte[] first = bytes(2 << 20, 5);
        byte[] unsaved = bytes(4096, 6); // a request cut after its bytes were written, before its state was saved
        Registry a = node();
        String id = a.uploads().start("r/three");
        a.uploads().append("r/three", id, 0L, ByteSource.of(first));
        try (StorageWriter writer = new FileSystemDriver(dir).writer(StorageLayout.uploadData("r/three", id), first.length)) {
            writer.write(ByteBuffer.wrap(unsaved));
        }

        Registry b = node();
        assertThat(b.uploads().size("r/three", id)).isEqualTo(first.length + unsaved.length);
        Digest digest = Digest.sha256(concat(first, unsaved));
        b.uploads().finish("r/three", id, null, ByteSource.EMPTY, digest);
        assertThat(b.uploads().rehashedBytes()).isEqualTo(unsaved.length);
    }

    @Test
    void aBodyCutMidwayKeepsWhatWasWrittenAndItsHashSoTheRetryReadsNothingBack() throws Exception {
        byte[] first = bytes(1 << 20, 10);
        byte[] taken = bytes(3 << 20, 11); // what arrived of the second request before its client vanished
        byte[] rest = bytes(12345, 12);
        Registry a = node();
        String id = a.uploads().start("r/cut");
        a.uploads().append("r/cut", id, 0L, ByteSource.of(first));
        ByteSource cut = sink -> {
            for (int at = 0; at < taken.length; at += 1 << 20) {
                sink.accept(ByteBuffer.wrap(taken, at, 1 << 20));
            }
            throw new java.io.EOFException("client went away");
        };
        assertThatThrownBy(() -> a.uploads().append("r/cut", id, (long) first.length, cut)).isInstanceOf(java.io.EOFException.class);

        Registry b = node();
        long held = b.uploads().size("r/cut", id);
        assertThat(held).as("the bytes written before the cut are kept").isEqualTo(first.length + taken.length);
        b.uploads().append("r/cut", id, held, ByteSource.of(rest));
        byte[] all = concat(concat(first, taken), rest);
        b.uploads().finish("r/cut", id, null, ByteSource.EMPTY, Digest.sha256(all));
        assertThat(b.uploads().rehashedBytes()).isZero();
        assertThat(b.blobs().read(Digest.sha256(all), 8 << 20)).isEqualTo(all);
    }

    @Test
    void aDamagedStateIsHashedAgainRatherThanTrusted() throws Exception {
        byte[] first = bytes(100_000, 7);
        Registry a = node();
        String id = a.uploads().start("r/four");
        a.uploads().append("r/four", id, 0L, ByteSource.of(first));
        new FileSystemDriver(dir).putContent(StorageLayout.uploadHashState("r/four", id), "garbage".getBytes());

        Registry b = node();
        b.uploads().finish("r/four", id, null, ByteSource.EMPTY, Digest.sha256(first));
        assertThat(b.uploads().rehashedBytes()).isEqualTo(first.length);
    }

    @Test
    void twoNodesAppendingAtTheSameOffsetLetOneInAndTellTheOtherTheRealOffset() throws Exception {
        Registry a = node();
        Registry b = node();
        String id = a.uploads().start("r/race");
        byte[] chunkA = bytes(1 << 20, 8);
        byte[] chunkB = bytes(1 << 20, 9);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Long>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (Object[] node : new Object[][] {{a, chunkA}, {b, chunkB}}) {
                results.add(threads.submit(() -> {
                    start.await();
                    try {
                        return ((Registry) node[0]).uploads().append("r/race", id, 0L, ByteSource.of((byte[]) node[1]));
                    } catch (UploadRangeException e) {
                        assertThat(e.size()).isEqualTo(1 << 20);
                        return -1L;
                    }
                }));
            }
            long won = 0;
            for (Future<Long> r : results) {
                won += r.get() == (1 << 20) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
        byte[] stored = new FileSystemDriver(dir).getContent(StorageLayout.uploadData("r/race", id), 2 << 20);
        assertThat(Arrays.equals(stored, chunkA) || Arrays.equals(stored, chunkB)).isTrue();
        Registry c = node();
        c.uploads().finish("r/race", id, null, ByteSource.EMPTY, Digest.sha256(stored));
    }

    @Test
    void aCancelledSessionIsUnknownEverywhere() throws Exception {
        Registry a = node();
        String id = a.uploads().start("r/gone");
        a.uploads().append("r/gone", id, 0L, ByteSource.of(bytes(10, 1)));
        node().uploads().cancel("r/gone", id);
        assertThatThrownBy(() -> a.uploads().append("r/gone", id, 10L, ByteSource.of(bytes(10, 1))))
                .hasMessageContaining("unknown");
        assertThat(a.uploads().sessions("r/gone")).isEmpty();
    }
}
