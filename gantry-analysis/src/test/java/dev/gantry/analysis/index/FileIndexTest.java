package dev.gantry.analysis.index;

import dev.gantry.analysis.testing.Opened;
import dev.gantry.testing.AnalysisFixtures;
import dev.gantry.analysis.walk.EntryKind;
import dev.gantry.digest.Digest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileIndexTest {
    @TempDir
    static Path work;
    static Path layout;
    static FileIndex index;

    @BeforeAll
    static void build() throws IOException {
        layout = AnalysisFixtures.wastefulLayout(work);
        try (Opened opened = Opened.of(layout)) {
            index = FileIndex.build(opened.image(), IndexOptions.withHashes());
        }
    }

    private static List<String> history(String path) {
        return index.history(path).stream()
                .map(e -> e.layer() + " " + e.change() + (e.cause() == null ? "" : " by " + e.cause()))
                .toList();
    }

    @Test
    void blamesADeletedFileOnTheLayerThatAddedItAndTheOneThatDeletedIt() {
        assertThat(history("/etc/secret.env")).containsExactly("0 ADDED", "1 DELETED");
        assertThat(index.visible("etc/secret.env")).isFalse();
        assertThat(index.stateAt("etc/secret.env", 0)).get().extracting(PathEvent::size)
                .isEqualTo((long) AnalysisFixtures.SECRET.length());
    }

    @Test
    void recordsFilesRemovedWithTheirDirectoryAndHiddenByAnOpaqueMarker() {
        assertThat(history("data/d/x")).containsExactly("0 ADDED", "1 DELETED_WITH_PARENT by data/d");
        assertThat(history("data/d")).containsExactly("0 ADDED", "1 DELETED");
        assertThat(history("opq/sub/old2")).containsExactly("0 ADDED", "2 HIDDEN_BY_OPAQUE by opq");
        assertThat(history("opq/old1")).containsExactly("0 ADDED", "2 HIDDEN_BY_OPAQUE by opq");
        assertThat(history("opq")).contains("0 ADDED", "2 MADE_OPAQUE");
        assertThat(index.visible("opq/new")).isTrue();
        assertThat(index.visible("opq")).isTrue();
    }

    @Test
    void knowsWhichLayerLastWroteEachPathOfTheMergedTree() {
        List<String> tree = index.tree(2).stream().filter(e -> e.kind() == EntryKind.FILE)
                .map(e -> e.path() + "@" + e.layer() + ":" + e.size()).toList();
        assertThat(tree).containsExactly("etc/hello.txt@0:6", "etc/new.txt@1:4",
                "opq/new@2:1", "opt/big.bin@1:" + AnalysisFixtures.BIG_SECOND);
        List<String> first = index.tree(0).stream().filter(e -> e.kind() == EntryKind.FILE).map(PathEvent::path).toList();
        assertThat(first).containsExactly("data/d/x", "etc/hello.txt", "etc/secret.env", "opq/old1", "opq/sub/old2", "opt/big.bin");
    }

    @Test
    void hashesFileContentWhenAsked() {
        PathEvent hello = index.stateAt("etc/hello.txt", 2).orElseThrow();
        assertThat(hello.digest()).isEqualTo(Digest.sha256("hello\n".getBytes()));
        assertThat(history("opt/big.bin")).containsExactly("0 ADDED", "1 MODIFIED");
    }

    @Test
    void countsEachLayersAddedModifiedDeletedAndHiddenPaths() {
        LayerStats second = index.layers().get(1);
        assertThat(second.modified()).isGreaterThanOrEqualTo(1); // opt/big.bin (and directories umoci rewrote)
        assertThat(second.deleted()).isEqualTo(3); // etc/secret.env, data/d, data/d/x
        assertThat(second.deletedBytes()).isEqualTo(AnalysisFixtures.SECRET.length() + 1);
        assertThat(index.layers().get(2).hidden()).isEqualTo(3); // opq/old1, opq/sub, opq/sub/old2
        assertThat(index.layers()).extracting(l -> l.layer().createdBy())
                .containsExactly("step one", "step two", "opaque step");
    }

    @Test
    void listsOneLayersOwnChangesWithWhatTheyRemoved() {
        List<String> changes = index.changes(1).stream().map(e -> e.change() + " " + e.path()).toList();
        assertThat(changes).contains("DELETED etc/secret.env", "MODIFIED opt/big.bin", "ADDED etc/new.txt",
                "DELETED data/d", "DELETED_WITH_PARENT data/d/x");
    }
}
