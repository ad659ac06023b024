package dev.gantry.runtime.apply;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;

/**
 * Owners an unprivileged process cannot apply, recorded where rootless tools look for them:
 * the {@code user.rootlesscontainers} xattr (the convention umoci and the rootless runtimes
 * share), holding the protobuf message {@code Resource { uint32 uid = 1; uint32 gid = 2; }}.
 * Export reads it back, so an image unpacked without root still exports with its owners.
 * Only regular files and directories can carry it: Linux refuses user.* xattrs on symlinks,
 * and opening a FIFO or device to set one would block or touch the device.
 */
public final class RootlessOwners {
    /** The xattr's name within the user namespace. */
    public static final String XATTR = "rootlesscontainers";

    private RootlessOwners() {
    }

    /**
     * A uid/gid pair.
     *
     * @param uid the numeric user id
     * @param gid the numeric group id
     */
    public record Owner(int uid, int gid) {
    }

    static void record(Path path, int uid, int gid) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.write(XATTR, ByteBuffer.wrap(encode(uid, gid)));
    }

    /**
     * The owner recorded on a regular file or directory, if any. Never follows a symlink; an unreadable or
     * malformed attribute, or a file system without user xattrs, reads as no record.
     *
     * @param path the file to look at
     * @return the recorded owner, or empty when none is recorded or it cannot be read
     */
    public static Optional<Owner> read(Path path) {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!view.list().contains(XATTR)) {
                return Optional.empty();
            }
            ByteBuffer value = ByteBuffer.allocate(view.size(XATTR));
            view.read(XATTR, value);
            value.flip();
            return Optional.of(decode(value));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Protobuf: field 1 and field 2 as varints; proto3 leaves out zeros. */
    static byte[] encode(int uid, int gid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(12);
        if (uid != 0) {
            out.write(0x08);
            varint(out, Integer.toUnsignedLong(uid));
        }
        if (gid != 0) {
            out.write(0x10);
            varint(out, Integer.toUnsignedLong(gid));
        }
        return out.toByteArray();
    }

    static Owner decode(ByteBuffer in) {
        int uid = 0;
        int gid = 0;
        while (in.hasRemaining()) {
            int tag = in.get() & 0xff;
            long value = readVarint(in);
            switch (tag) {
                case 0x08 -> uid = (int) value;
                case 0x10 -> gid = (int) value;
                default -> throw new IllegalArgumentException("unexpected field tag " + tag + " in user." + XATTR);
            }
        }
        return new Owner(uid, gid);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("truncated varint in user." + XATTR);
            }
            int b = in.get() & 0xff;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long in user." + XATTR);
    }
}
