package dev.gantry.registry.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

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
