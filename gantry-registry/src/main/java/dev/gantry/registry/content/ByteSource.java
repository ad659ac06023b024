package dev.gantry.registry.content;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A request body as the buffers it arrives in, so storage writes them without copying into arrays. */
@FunctionalInterface
public interface ByteSource {
    /** Hands every buffer, in order, to {@code sink}; the buffer is valid only during the call. */
    void transferTo(Sink sink) throws IOException;

    @FunctionalInterface
    interface Sink {
        void accept(ByteBuffer buffer) throws IOException;
    }

    ByteSource EMPTY = sink -> {
    };

    static ByteSource of(byte[] bytes) {
        return sink -> sink.accept(ByteBuffer.wrap(bytes));
    }
}
