package dev.gantry.registry.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An append in progress on one object, kept beside it in the bucket between writers (so between
 * PATCH requests, nodes and restarts): the S3 multipart upload holding its full parts, and the
 * tail below one part, stored as small segment objects until enough has gathered to make a part.
 * The object at the key itself still holds only its {@code base} bytes; it gets the rest when the
 * writer commits (the multipart upload completes, or one PUT when everything fits one part).
 *
 * <p>Stored as a few lines of text: {@code size N}, {@code base N}, {@code copyBase N},
 * {@code upload ID}, {@code part NUMBER SIZE ETAG}..., {@code tail NAME SIZE}... A tail entry
 * named {@link #BASE} is the object's own first {@code base} bytes (fewer than a part); a
 * {@code copyBase} above 0 is a base of at least a part, copied server-side as the first parts
 * when the multipart upload begins (once per upload, never per request).
 *
 * @param size     every byte of the append: base, parts and tail
 * @param base     the bytes the object at the key held when the append began; a different size
 *                 there means this state is stale (a completion that crashed before removing it)
 * @param copyBase base bytes still to be copied into the upload as its first parts, or 0
 * @param uploadId the multipart upload, or null before the first full part
 * @param parts    the upload's parts, numbered from 1
 * @param tail     the bytes after the parts, oldest first
 */
record MultipartState(long size, long base, long copyBase, String uploadId, List<Part> parts, List<Segment> tail) {
    /** The tail entry standing for the object's own first bytes. */
    static final String BASE = "@base";
    private static final String MAGIC = "gantry-s3-append 1";

    /** A part of the multipart upload. */
    record Part(int number, long size, String eTag) {
    }

    /** Tail bytes: a segment object's name under the state's folder, or {@link #BASE}. */
    record Segment(String name, long size) {
    }

    MultipartState {
        parts = List.copyOf(parts);
        tail = List.copyOf(tail);
    }

    long tailBytes() {
        return tail.stream().mapToLong(Segment::size).sum();
    }

    byte[] toBytes() {
        StringBuilder out = new StringBuilder(MAGIC).append('\n');
        out.append("size ").append(size).append('\n');
        out.append("base ").append(base).append('\n');
        out.append("copyBase ").append(copyBase).append('\n');
        if (uploadId != null) {
            out.append("upload ").append(uploadId).append('\n');
        }
        for (Part part : parts) {
            out.append("part ").append(part.number()).append(' ').append(part.size()).append(' ').append(part.eTag()).append('\n');
        }
        for (Segment segment : tail) {
            out.append("tail ").append(segment.name()).append(' ').append(segment.size()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a saved state, checking that its numbers add up.
     *
     * @throws IOException naming {@code where} when the text is not a state this version wrote
     */
    static MultipartState parse(byte[] bytes, String where) throws IOException {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new IOException("S3 append state " + where + " is not in the format this version writes");
        }
        long size = -1;
        long base = -1;
        long copyBase = 0;
        String uploadId = null;
        List<Part> parts = new ArrayList<>();
        List<Segment> tail = new ArrayList<>();
        try {
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(" ");
                switch (f[0]) {
                    case "size" -> size = Long.parseLong(f[1]);
                    case "base" -> base = Long.parseLong(f[1]);
                    case "copyBase" -> copyBase = Long.parseLong(f[1]);
                    case "upload" -> uploadId = f[1];
                    case "part" -> parts.add(new Part(Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3]));
                    case "tail" -> tail.add(new Segment(f[1], Long.parseLong(f[2])));
                    default -> throw new IOException("S3 append state " + where + ": unknown line '" + lines[i] + "'");
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("S3 append state " + where + " is damaged: " + e.getMessage(), e);
        }
        MultipartState state = new MultipartState(size, base, copyBase, uploadId, parts, tail);
        long counted = copyBase + parts.stream().mapToLong(Part::size).sum() + state.tailBytes();
        if (size < 0 || base < 0 || counted != size) {
            throw new IOException("S3 append state " + where + " is damaged: its parts and tail do not add up to " + size);
        }
        return state;
    }
}
