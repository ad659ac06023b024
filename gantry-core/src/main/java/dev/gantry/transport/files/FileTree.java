package dev.gantry.transport.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Read access to the files of an image store by relative path: a directory, or a tar read
 * in place. OCI layouts and docker-archives are read through this, whatever holds them.
 */
public interface FileTree extends Closeable {
    /** Names the tree in messages: a directory or archive path. */
    String describe();

    boolean exists(String path) throws IOException;

    /** The file's size, or -1 when it does not exist. */
    long size(String path) throws IOException;

    /** Opens a file; fails with {@link dev.gantry.error.NotFoundException} naming the path when it is missing. */
    InputStream open(String path) throws IOException;
}
