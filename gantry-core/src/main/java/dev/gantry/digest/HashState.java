package dev.gantry.digest;

import dev.gantry.error.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A running hash stopped after the first {@link #count()} bytes of some content, to continue
 * from there: an upload cut midway hashes the rest of the content on top of the state it had
 * reached where the receiver's copy ends, instead of re-reading the whole prefix. Immutable: it
 * holds its own copy of the hasher and hands out copies.
 *
 * <p>A SHA-256 state can also be saved as bytes ({@link #toBytes()}) and continued in another
 * process ({@link #fromBytes(byte[])}), as a registry keeps an upload's hash beside its bytes so
 * that another node, or the same one after a restart, goes on hashing without re-reading them.
 * That needs the JVM to open the JDK's SHA-256 to Gantry ({@link #portable()} says whether it
 * does); the saved form is Gantry's own (the eight chaining words, the unfinished block, the
 * count), not the JDK's.
 */
public final class HashState {
    private final DigestAlgorithm algorithm;
    private final MessageDigest hasher;
    private final long count;

    private HashState(DigestAlgorithm algorithm, MessageDigest hasher, long count) {
        this.algorithm = algorithm;
        this.hasher = hasher;
        this.count = count;
    }

    /**
     * The state before any byte.
     *
     * @param algorithm the hash to run
     * @return a state covering nothing
     */
    public static HashState start(DigestAlgorithm algorithm) {
        return new HashState(algorithm, algorithm.newHasher(), 0);
    }

    /**
     * The state of {@code hasher} after {@code count} bytes (copied: the hasher may go on).
     *
     * @param algorithm the hash {@code hasher} runs
     * @param hasher    a hasher that has been given exactly the first {@code count} bytes
     * @param count     how many bytes it has been given
     * @return a state covering those bytes
     */
    public static HashState of(DigestAlgorithm algorithm, MessageDigest hasher, long count) {
        return new HashState(algorithm, DigestingInputStream.snapshot(hasher), count);
    }

    /**
     * The hash this state runs.
     *
     * @return the algorithm
     */
    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * How many leading bytes of the content the state covers.
     *
     * @return the byte count
     */
    public long count() {
        return count;
    }

    /**
     * A hasher to continue with, holding this state; the state itself never changes.
     *
     * @return a new hasher that has, in effect, been given the first {@link #count()} bytes
     */
    public MessageDigest hasher() {
        return DigestingInputStream.snapshot(hasher);
    }

    /**
     * Whether this JVM can save and restore SHA-256 states ({@link #toBytes()}, {@link #fromBytes(byte[])}): it
     * must be started with {@code --add-opens java.base/java.security=ALL-UNNAMED} and
     * {@code --add-opens java.base/sun.security.provider=ALL-UNNAMED} (on the module path, opened to
     * {@code dev.gantry.core}).
     *
     * @return true when states can be saved and restored
     */
    public static boolean portable() {
        return JdkSha256State.AVAILABLE;
    }

    /**
     * This state as bytes to keep, when it is a SHA-256 state and the JVM allows it ({@link #portable()}).
     *
     * @return the saved state, or empty when it cannot be saved here (another algorithm, a closed JDK)
     */
    public Optional<byte[]> toBytes() {
        if (algorithm != DigestAlgorithm.SHA256 || !portable()) {
            return Optional.empty();
        }
        return JdkSha256State.save(hasher).filter(saved -> saved.count() == count).map(saved -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(FORMAT);
                out.writeUTF(algorithm.id());
                out.writeLong(count);
                for (int word : saved.words()) {
                    out.writeInt(word);
                }
                out.writeShort(saved.partial().length);
                out.write(saved.partial());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return bytes.toByteArray();
        });
    }

    /**
     * A state saved by {@link #toBytes()}, possibly in another process.
     *
     * @param bytes what {@link #toBytes()} returned
     * @return the state, or empty when this JVM cannot restore one ({@link #portable()} is false)
     * @throws InvalidInputException when the bytes are not a saved state (damaged, truncated, another format)
     */
    public static Optional<HashState> fromBytes(byte[] bytes) {
        JdkSha256State.Saved saved;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (!FORMAT.equals(in.readUTF()) || !DigestAlgorithm.SHA256.id().equals(in.readUTF())) {
                throw new InvalidInputException("not a saved SHA-256 hash state");
            }
            long count = in.readLong();
            int[] words = new int[8];
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readInt();
            }
            int partialLength = in.readUnsignedShort();
            if (count < 0 || partialLength >= 64 || count % 64 != partialLength) {
                throw new InvalidInputException("saved hash state is inconsistent: " + count + " bytes with " + partialLength + " pending");
            }
            byte[] partial = in.readNBytes(partialLength);
            if (partial.length != partialLength || in.read() != -1) {
                throw new InvalidInputException("saved hash state has the wrong length");
            }
            saved = new JdkSha256State.Saved(words, partial, count);
        } catch (IOException e) {
            throw new InvalidInputException("saved hash state is truncated");
        }
        return JdkSha256State.restore(saved).map(hasher -> new HashState(DigestAlgorithm.SHA256, hasher, saved.count()));
    }

    private static final String FORMAT = "gantry-hashstate-1";

    @Override
    public String toString() {
        return algorithm.id() + " state after " + count + " bytes";
    }
}
