package dev.gantry.runtime.repack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The whiteout rules of a repack, from real snapshots of a small tree edited between them. */
class RootfsChangesTest {
    @TempDir
    Path root;

    private void file(String rel, String text) throws IOException {
        Files.createDirectories(root.resolve(rel).getParent());
        Files.writeString(root.resolve(rel), text);
    }

    private void deleteTree(String rel) throws IOException {
        try (var all = Files.walk(root.resolve(rel))) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aDeletedSubtreeIsOneWhiteoutAtItsTop() throws IOException {
        file("a/b/c/d.txt", "d");
        file("a/keep.txt", "k");
        RootfsSnapshot before = RootfsSnapshot.take(root);
        deleteTree("a/b");

        RootfsChanges changes = RootfsChanges.between(before, RootfsSnapshot.take(root));
        assertThat(changes.deleted()).containsExactly("a/b");
        assertThat(changes.modified()).containsExactly("a"); // its entries changed
        assertThat(changes.added()).isEmpty();
    }

    @Test
    void aFileReplacingADirectoryNeedsNoWhiteoutsBelowIt() throws IOException {
        file("a/b/c.txt", "c");
        RootfsSnapshot before = RootfsSnapshot.take(root);
        deleteTree("a/b");
        file("a/b", "now a file");

        RootfsChanges changes = RootfsChanges.between(before, RootfsSnapshot.take(root));
        assertThat(changes.deleted()).isEmpty();
        assertThat(changes.written()).contains("a/b");
    }

    @Test
    void aDirectoryMadeAgainWhitesOutWhatWasNotMadeAgain() throws IOException {
        file("a/b/old.txt", "o");
        file("a/b/again.txt", "1");
        RootfsSnapshot before = RootfsSnapshot.take(root);
        deleteTree("a/b");
        file("a/b/again.txt", "2");

        RootfsChanges changes = RootfsChanges.between(before, RootfsSnapshot.take(root));
        assertThat(changes.deleted()).containsExactly("a/b/old.txt");
        assertThat(changes.modified()).contains("a/b", "a/b/again.txt");
    }

    @Test
    void anUntouchedTreeHasNoChanges() throws IOException {
        file("a/b.txt", "b");
        Files.createSymbolicLink(root.resolve("a/link"), Path.of("b.txt"));
        RootfsSnapshot before = RootfsSnapshot.take(root);
        assertThat(RootfsChanges.between(before, RootfsSnapshot.take(root)).isEmpty()).isTrue();
    }
}
