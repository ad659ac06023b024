package dev.gantry.cli.output;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PermissionsTest {
    @Test
    void theFirstLetterIsTheEntryType() {
        assertThat(Permissions.of("file", "0644")).isEqualTo("-rw-r--r--");
        assertThat(Permissions.of("dir", "0755")).isEqualTo("drwxr-xr-x");
        assertThat(Permissions.of("symlink", "0777")).isEqualTo("lrwxrwxrwx");
        assertThat(Permissions.of("fifo", "0644")).isEqualTo("prw-r--r--");
        assertThat(Permissions.of("char_device", "0666")).isEqualTo("crw-rw-rw-");
        assertThat(Permissions.of("block_device", "0660")).isEqualTo("brw-rw----");
    }

    @Test
    void setuidSetgidAndStickyShowAsLsShowsThem() {
        assertThat(Permissions.of("file", "4755")).isEqualTo("-rwsr-xr-x");
        assertThat(Permissions.of("file", "2644")).isEqualTo("-rw-r-Sr--");
        assertThat(Permissions.of("dir", "1777")).isEqualTo("drwxrwxrwt");
        assertThat(Permissions.of("dir", "1776")).isEqualTo("drwxrwxrwT");
    }
}
