package dev.gantry.runtime.apply;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

/** Device nodes and FIFOs, created with mknod(1)/mkfifo(1); only called when running as root. */
final class SpecialFiles {
    enum Kind { CHARACTER, BLOCK, FIFO }

    private SpecialFiles() {
    }

    /**
     * Creates the node with its final mode. Owner comes after (lchown does not open the file);
     * times are set with touch(1) in {@link #setTimes}, because the JDK opens a file to set its
     * times, which blocks on a FIFO and would open a real device.
     */
    static void create(Path path, Kind kind, int major, int minor, int mode) throws IOException {
        String octal = Integer.toOctalString(mode & 07777);
        // "--" ends options, so a name starting with '-' stays a name.
        switch (kind) {
            case FIFO -> ExternalTool.run(List.of("mkfifo", "-m", octal, "--", path.toString()));
            case CHARACTER -> ExternalTool.run(List.of("mknod", "-m", octal, "--", path.toString(), "c",
                    Integer.toString(major), Integer.toString(minor)));
            case BLOCK -> ExternalTool.run(List.of("mknod", "-m", octal, "--", path.toString(), "b",
                    Integer.toString(major), Integer.toString(minor)));
        }
    }

    /** Sets the modification time without opening the node ({@code touch -h -m -d @SECONDS}). */
    static void setTimes(Path path, FileTime modified) throws IOException {
        if (modified == null) {
            return;
        }
        Instant t = modified.toInstant();
        ExternalTool.run(List.of("touch", "-h", "-m", "-d", "@" + t.getEpochSecond() + "." + String.format("%09d", t.getNano()),
                "--", path.toString()));
    }
}
