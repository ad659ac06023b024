package dev.gantry.analysis;

import org.junit.jupiter.api.Test;

import static dev.gantry.analysis.Shadowing.Touch.DELETE;
import static dev.gantry.analysis.Shadowing.Touch.DIRECTORY;
import static dev.gantry.analysis.Shadowing.Touch.OPAQUE;
import static dev.gantry.analysis.Shadowing.Touch.REPLACE;
import static org.assertj.core.api.Assertions.assertThat;

class ShadowingTest {
    Shadowing<String> shadowing = new Shadowing<>();

    @Test
    void whiteoutOfADirectoryHidesEverythingUnderIt() {
        shadowing.add(0, "a/b/c", "x");
        shadowing.add(0, "a/bc", "y");
        assertThat(shadowing.touch(1, "a/b", DELETE)).extracting(Shadowing.Item::value).containsExactly("x");
        assertThat(shadowing.visible()).extracting(Shadowing.Item::value).containsExactly("y");
    }

    @Test
    void opaqueDirectoryHidesLowerLayersOnly() {
        shadowing.add(0, "d/old", "lower");
        shadowing.add(1, "d/new", "same layer");
        assertThat(shadowing.touch(1, "d", OPAQUE)).extracting(Shadowing.Item::value).containsExactly("lower");
        assertThat(shadowing.visible()).extracting(Shadowing.Item::value).containsExactly("same layer");
    }

    @Test
    void directoryEntryKeepsChildrenButReplacesAFile() {
        shadowing.add(0, "d/f", "child");
        shadowing.add(0, "e", "file");
        assertThat(shadowing.touch(1, "d", DIRECTORY)).isEmpty();
        assertThat(shadowing.touch(1, "e", DIRECTORY)).extracting(Shadowing.Item::value).containsExactly("file");
    }

    @Test
    void fileReplacesSamePathAndADirectoryItTakesThePlaceOf() {
        shadowing.add(0, "f", "old");
        shadowing.add(0, "g/h", "under");
        assertThat(shadowing.touch(0, "f", REPLACE)).isEmpty();
        assertThat(shadowing.touch(2, "f", REPLACE)).extracting(Shadowing.Item::value).containsExactly("old");
        assertThat(shadowing.touch(2, "g", REPLACE)).extracting(Shadowing.Item::value).containsExactly("under");
        assertThat(shadowing.visible()).isEmpty();
    }
}
