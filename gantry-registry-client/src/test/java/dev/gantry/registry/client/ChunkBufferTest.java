package dev.gantry.registry.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkBufferTest {
    private static final int PIECE = ChunkBuffer.PIECE;

    @Test
    void viewsFromAnyOffsetGiveBackExactlyTheRestOfTheChunk() throws IOException {
        byte[] data = new byte[2 * PIECE + 1234];
        new Random(7).nextBytes(data);
        ChunkBuffer chunk = new ChunkBuffer(3 * PIECE);
        assertThat(chunk.fill(new ByteArrayInputStream(data), data.length)).isTrue();

        for (int offset : new int[] {0, 1, PIECE - 1, PIECE, PIECE + 1, 2 * PIECE, data.length - 1, data.length}) {
            assertThat(concat(chunk.from(offset))).as("from %d", offset).isEqualTo(Arrays.copyOfRange(data, offset, data.length));
        }
    }

    @Test
    void refillingReplacesTheContentAndAShortSourceIsReported() throws IOException {
        ChunkBuffer chunk = new ChunkBuffer(PIECE + 10);
        byte[] first = new byte[PIECE + 10];
        Arrays.fill(first, (byte) 1);
        chunk.fill(new ByteArrayInputStream(first), first.length);
        byte[] second = {9, 8, 7};

        assertThat(chunk.fill(new ByteArrayInputStream(second), 3)).isTrue();
        assertThat(concat(chunk.from(0))).containsExactly(9, 8, 7);
        assertThat(chunk.fill(new ByteArrayInputStream(second), 5)).isFalse();
        assertThat(chunk.length()).isEqualTo(3);
        assertThatThrownBy(() -> chunk.fill(new ByteArrayInputStream(first), PIECE + 11))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChunkBeyondTheMemoryBudgetWaitsUntilAnotherIsClosed() throws Exception {
        Semaphore budget = new Semaphore(1024);
        ChunkBuffer first = new ChunkBuffer(768 << 10, budget, 1024);
        CountDownLatch made = new CountDownLatch(1);
        Thread second = Thread.ofPlatform().start(() -> {
            try (ChunkBuffer ignored = new ChunkBuffer(512 << 10, budget, 1024)) {
                made.countDown();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(made.await(300, TimeUnit.MILLISECONDS)).as("made while the first holds the budget").isFalse();
        first.close();
        assertThat(made.await(5, TimeUnit.SECONDS)).isTrue();
        second.join();
        assertThat(budget.availablePermits()).isEqualTo(1024);
    }

    @Test
    void aChunkLargerThanTheWholeBudgetTakesAllOfIt() throws IOException {
        Semaphore budget = new Semaphore(256);
        try (ChunkBuffer big = new ChunkBuffer(PIECE * 2, budget, 256)) {
            assertThat(budget.availablePermits()).isZero();
        }
        assertThat(budget.availablePermits()).isEqualTo(256);
    }

    private static byte[] concat(List<ByteBuffer> views) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer view : views) {
            byte[] part = new byte[view.remaining()];
            view.duplicate().get(part);
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
