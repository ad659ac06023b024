package dev.gantry.digest;

import java.lang.reflect.Field;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads and sets the state of the JDK's own SHA-256 ({@code sun.security.provider.SHA2}), so a
 * running hash can be saved and continued in another process. The JDK has no public API for
 * it, and a SHA-256 written in Java would hash at a fraction of the speed of the JDK's
 * intrinsic (SHA-NI or AVX2), which is what bounds an upload. So this reads the provider's
 * fields, which the JVM allows only when started with
 * {@code --add-opens java.base/java.security=ALL-UNNAMED --add-opens java.base/sun.security.provider=ALL-UNNAMED}
 * (the module {@code dev.gantry.core} instead of {@code ALL-UNNAMED} on the module path). A
 * round trip is checked once when the class loads; when the fields are closed or behave
 * otherwise than expected, {@link #AVAILABLE} is false and callers fall back to re-hashing.
 */
final class JdkSha256State {
    /** Whether states can be read and set in this JVM. */
    static final boolean AVAILABLE;
    private static final Field SPI;
    private static final Field STATE;
    private static final Field BUFFER;
    private static final Field BUFFER_OFFSET;
    private static final Field BYTES_PROCESSED;

    static {
        Field spi = null;
        Field state = null;
        Field buffer = null;
        Field offset = null;
        Field processed = null;
        boolean available;
        try {
            Class<?> delegate = Class.forName("java.security.MessageDigest$Delegate");
            Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
            Class<?> base = Class.forName("sun.security.provider.DigestBase");
            spi = open(delegate.getDeclaredField("digestSpi"));
            state = open(sha2.getDeclaredField("state"));
            buffer = open(base.getDeclaredField("buffer"));
            offset = open(base.getDeclaredField("bufOfs"));
            processed = open(base.getDeclaredField("bytesProcessed"));
            available = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            available = false;
        }
        SPI = available ? spi : null;
        STATE = state;
        BUFFER = buffer;
        BUFFER_OFFSET = offset;
        BYTES_PROCESSED = processed;
        AVAILABLE = available && roundTripWorks();
    }

    /** A saved state: the eight chaining words, the bytes of the unfinished block, and the byte count. */
    record Saved(int[] words, byte[] partial, long count) {
    }

    private JdkSha256State() {
    }

    private static Field open(Field field) {
        field.setAccessible(true);
        return field;
    }

    /** The state of a JDK SHA-256 hasher, or empty when it is not one this class can read. */
    static Optional<Saved> save(MessageDigest hasher) {
        if (SPI == null) {
            return Optional.empty();
        }
        try {
            Object spi = SPI.getDeclaringClass().isInstance(hasher) ? SPI.get(hasher) : null;
            if (spi == null || !STATE.getDeclaringClass().isInstance(spi)) {
                return Optional.empty();
            }
            int[] words = ((int[]) STATE.get(spi)).clone();
            byte[] partial = Arrays.copyOf((byte[]) BUFFER.get(spi), BUFFER_OFFSET.getInt(spi));
            return Optional.of(new Saved(words, partial, BYTES_PROCESSED.getLong(spi)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A new JDK SHA-256 hasher in the saved state, or empty when this JVM cannot set one. */
    static Optional<MessageDigest> restore(Saved saved) {
        if (SPI == null || saved.words().length != 8 || saved.partial().length >= 64 || saved.count() < 0
                || saved.count() % 64 != saved.partial().length) {
            return Optional.empty();
        }
        MessageDigest hasher = DigestAlgorithm.SHA256.newHasher();
        try {
            Object spi = SPI.get(hasher);
            int[] words = (int[]) STATE.get(spi);
            System.arraycopy(saved.words(), 0, words, 0, 8);
            byte[] buffer = (byte[]) BUFFER.get(spi);
            System.arraycopy(saved.partial(), 0, buffer, 0, saved.partial().length);
            BUFFER_OFFSET.setInt(spi, saved.partial().length);
            BYTES_PROCESSED.setLong(spi, saved.count());
            return Optional.of(hasher);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Saves a hasher midway through a block, restores it, and checks that it finishes as the original does. */
    private static boolean roundTripWorks() {
        try {
            byte[] first = new byte[100];
            byte[] rest = new byte[77];
            Arrays.fill(first, (byte) 7);
            Arrays.fill(rest, (byte) 9);
            MessageDigest original = DigestAlgorithm.SHA256.newHasher();
            original.update(first);
            Optional<Saved> saved = save(original);
            if (saved.isEmpty() || saved.get().count() != first.length) {
                return false;
            }
            Optional<MessageDigest> restored = restore(saved.get());
            if (restored.isEmpty()) {
                return false;
            }
            original.update(rest);
            restored.get().update(rest);
            return Arrays.equals(original.digest(), restored.get().digest());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
