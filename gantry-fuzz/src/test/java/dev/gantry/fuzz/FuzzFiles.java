package dev.gantry.fuzz;

import dev.gantry.runtime.apply.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** What several targets share: their fixtures (files of the seed corpora) and scratch directories. */
final class FuzzFiles {
    private FuzzFiles() {
    }

    /** A file of the test resources, by its path from the resource root (e.g. "dev/gantry/fuzz/XInputs/m/f"). */
    static byte[] resource(String path) {
        try (InputStream in = FuzzFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + path + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A seed of {@code test}'s corpus for {@code method}, used by other targets as a real fixture. */
    static byte[] seed(Class<?> test, String method, String file) {
        return resource(test.getPackageName().replace('.', '/') + "/" + test.getSimpleName() + "Inputs/" + method + "/" + file);
    }

    /**
     * Deletes a tree without following links, making directories writable first (an input may chmod
     * them 000): runtime's rule for deleting what an unpack made, unchecked for the targets' finally blocks.
     */
    static void deleteTree(Path dir) {
        try {
            Trees.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + dir, e);
        }
    }
}
