package dev.gantry.transport.files;

import dev.gantry.error.GantryException;
import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Writes files into a directory: to a temporary name beside the target, then an atomic rename. */
public final class DirTreeWriter implements TreeWriter {
    private static final int BUFFER = 1 << 20;
    /**
     * A writer's temporary file ({@code .NAME.RANDOM.partial}) untouched this long was left by a
     * process that died (kill -9, a power cut): a live writer changes its file with every MiB.
     */
    static final Duration ABANDONED = Duration.ofHours(1);
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9]+\\.partial");
    private final DirTree tree;
    private final Set<Path> swept = new HashSet<>();

    /**
     * The root is made by the first write, not here: a copy that fails before writing anything
     * (an unknown source tag, say) must not leave an empty directory behind.
     */
    public DirTreeWriter(Path root) throws IOException {
        this.tree = new DirTree(root);
    }

    @Override
    public boolean replacesOnRewrite() {
        return true;
    }

    @Override
    public String describe() {
        return tree.describe();
    }

    @Override
    public boolean exists(String path) throws IOException {
        return tree.exists(path);
    }

    @Override
    public void write(String path, long size, InputStream content) throws IOException {
        Path file = tree.resolve(path);
        Files.createDirectories(file.getParent());
        sweepAbandoned(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".partial");
        try {
            long written;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                written = copy(content, ch);
                checkSize(path, size, written);
                ch.force(true);
            }
            place(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Keeps the bytes of an interrupted write in {@code .NAME.partial} beside the file (a fixed
     * name, so the next run finds it), locked while written so two processes never append to
     * one file; when the lock is taken the content is written whole, as {@link #write} does.
     */
    @Override
    public void writeResumable(String path, long size, InputStream rest, UnaryOperator<InputStream> verify) throws IOException {
        Path file = tree.resolve(path);
        Files.createDirectories(file.getParent());
        Path partial = partialOf(file);
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(ch)) {
            if (lock == null) {
                write(path, size, verify.apply(rest));
                return;
            }
            long kept = ch.size();
            // The kept bytes are read to their end before anything is appended, so this stream sees exactly them.
            try (InputStream whole = verify.apply(new SequenceInputStream(Files.newInputStream(partial), rest))) {
                byte[] buf = new byte[BUFFER];
                for (long left = kept; left > 0; ) { // through the check, not written again
                    int n = whole.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException(partial + " ended early");
                    }
                    left -= n;
                }
                ch.position(kept);
                long written = kept + copy(whole, ch);
                checkSize(path, size, written);
                ch.force(true);
                place(partial, file);
            } catch (GantryException wrongContent) {
                Files.deleteIfExists(partial); // the kept bytes or the rest do not match: start over next time
                throw wrongContent;
            }
        }
    }

    /**
     * Deletes, once per directory and writer, the temporary files that killed writers left there:
     * never visible as content, but without this they would pile up with every interrupted copy.
     * The resumable {@code .NAME.partial} files are kept: they are what a re-run resumes from.
     */
    private void sweepAbandoned(Path dir) throws IOException {
        synchronized (swept) {
            if (!swept.add(dir)) {
                return;
            }
        }
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED));
        try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(dir,
                entry -> TEMPORARY.matcher(entry.getFileName().toString()).matches())) {
            for (Path temporary : temporaries) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(temporary, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().compareTo(before) < 0) {
                        Files.deleteIfExists(temporary);
                    }
                } catch (NoSuchFileException goneMeanwhile) {
                    // another writer swept it first
                }
            }
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
            return null;
        }
    }

    @Override
    public long kept(String path) throws IOException {
        Path partial = partialOf(tree.resolve(path));
        return Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS) ? Files.size(partial) : 0;
    }

    private static Path partialOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".partial");
    }

    /** Big writes: the network and the verifier hand over up to 1 MiB at a time. */
    private static long copy(InputStream in, FileChannel out) throws IOException {
        byte[] buf = new byte[BUFFER];
        ByteBuffer wrap = ByteBuffer.wrap(buf);
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            wrap.clear().limit(n);
            while (wrap.hasRemaining()) {
                out.write(wrap);
            }
            total += n;
        }
        return total;
    }

    private static void checkSize(String path, long size, long written) {
        if (size >= 0 && written != size) {
            throw new InvalidInputException(path + ": got " + written + " bytes, expected " + size);
        }
    }

    private static void place(Path from, Path file) throws IOException {
        try {
            Files.move(from, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void commit() {
    }

    @Override
    public void close() {
    }
}
