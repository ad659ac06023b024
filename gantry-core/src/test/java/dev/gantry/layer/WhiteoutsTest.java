package dev.gantry.layer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WhiteoutsTest {
    @Test
    void classifiesWhiteoutsOpaqueMarkersAndAufsBookkeeping() {
        assertThat(Whiteouts.classify("passwd")).isEqualTo(Whiteouts.Kind.NONE);
        assertThat(Whiteouts.classify(".wh")).isEqualTo(Whiteouts.Kind.NONE);
        assertThat(Whiteouts.classify(".wh.passwd")).isEqualTo(Whiteouts.Kind.WHITEOUT);
        assertThat(Whiteouts.classify(".wh..wh..opq")).isEqualTo(Whiteouts.Kind.OPAQUE);
        assertThat(Whiteouts.classify(".wh..wh.plnk")).isEqualTo(Whiteouts.Kind.AUFS_META);
        assertThat(Whiteouts.classify(".wh..wh.aufs")).isEqualTo(Whiteouts.Kind.AUFS_META);
    }

    @Test
    void aWhiteoutHidesTheNameAfterItsPrefixUnlessThatNameCannotExist() {
        assertThat(Whiteouts.hiddenName(".wh.passwd")).isEqualTo("passwd");
        assertThat(Whiteouts.isRemovable("passwd")).isTrue();
        assertThat(Whiteouts.isRemovable("")).isFalse();
        assertThat(Whiteouts.isRemovable(".")).isFalse();
        assertThat(Whiteouts.isRemovable("..")).isFalse();
        assertThat(Whiteouts.isRemovable("...")).isTrue();
    }

    @Test
    void findsEntriesInsideWhiteoutNamedDirectories() {
        assertThat(Whiteouts.insideWhiteoutName("")).isFalse();
        assertThat(Whiteouts.insideWhiteoutName("etc")).isFalse();
        assertThat(Whiteouts.insideWhiteoutName("etc/x.wh.y")).isFalse();
        assertThat(Whiteouts.insideWhiteoutName(".wh.dir")).isTrue();
        assertThat(Whiteouts.insideWhiteoutName("a/.wh..wh.plnk/b")).isTrue();
    }

    @Test
    void writesTheNamesItClassifies() {
        assertThat(Whiteouts.whiteoutFor("etc/passwd")).isEqualTo("etc/.wh.passwd");
        assertThat(Whiteouts.whiteoutFor("top")).isEqualTo(".wh.top");
        assertThat(Whiteouts.opaqueMarkerIn("a/b")).isEqualTo("a/b/.wh..wh..opq");
        assertThat(Whiteouts.opaqueMarkerIn("")).isEqualTo(".wh..wh..opq");
        for (String path : new String[] {"etc/passwd", "top", "a/b/c"}) {
            String marker = Whiteouts.whiteoutFor(path);
            assertThat(Whiteouts.classify(EntryName.base(marker))).isEqualTo(Whiteouts.Kind.WHITEOUT);
            assertThat(EntryName.child(EntryName.parent(marker), Whiteouts.hiddenName(EntryName.base(marker)))).isEqualTo(path);
        }
        assertThat(Whiteouts.classify(EntryName.base(Whiteouts.opaqueMarkerIn("a/b")))).isEqualTo(Whiteouts.Kind.OPAQUE);
    }
}
