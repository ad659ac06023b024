package dev.gantry.vulns.triage;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IgnoreFileTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    @TempDir
    Path dir;

    @Test
    void readsEntriesWithPackageExpiryAndReasonSkippingComments() throws IOException {
        Path file = Files.writeString(dir.resolve(".gantryignore-vulns"), """
                # accepted risks, reviewed by the platform team
                CVE-2099-2001 gantry-b until=2026-12-31 not reachable: we never parse untrusted input

                CVE-2099-2003   until=2026-12-04   no fix in bookworm yet
                """);
        List<IgnoreEntry> entries = IgnoreFile.read(file, TODAY);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).isEqualTo(new IgnoreEntry("CVE-2099-2001", "gantry-b", LocalDate.of(2026, 12, 31),
                "not reachable: we never parse untrusted input", file.toString(), 2));
        // valid through its until day
        assertThat(entries.get(1).pkg()).isNull();
        assertThat(entries.get(1).origin()).isEqualTo(file + ":4");
    }

    @Test
    void expiredEntryFailsNamingFileLineAndEntry() throws IOException {
        Path file = Files.writeString(dir.resolve("ignore"), "CVE-2099-2001 until=2027-01-01 fine\n"
                + "CVE-2099-2002 gantry-b until=2026-12-03 waiting for upstream\n");
        assertThatThrownBy(() -> IgnoreFile.read(file, TODAY)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ":2: ignore entry CVE-2099-2002 gantry-b expired on 2026-12-03 (\"waiting for upstream\"): "
                        + "review it, then set a new until= date or remove the line");
    }

    @Test
    void entryWithoutReasonOrExpiryIsRefused() throws IOException {
        Path noReason = Files.writeString(dir.resolve("a"), "CVE-2099-2001 gantry-b until=2027-01-01\n");
        assertThatThrownBy(() -> IgnoreFile.read(noReason, TODAY)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(noReason + ":1: ignore entry CVE-2099-2001 has no reason");
        Path noExpiry = Files.writeString(dir.resolve("b"), "CVE-2099-2001 gantry-b because we said so\n");
        assertThatThrownBy(() -> IgnoreFile.read(noExpiry, TODAY)).hasMessageContaining(":1:").hasMessageContaining("has no until=");
        Path badDate = Files.writeString(dir.resolve("c"), "CVE-2099-2001 until=31.12.2026 reason\n");
        assertThatThrownBy(() -> IgnoreFile.read(badDate, TODAY)).hasMessageContaining("is not until=YYYY-MM-DD");
    }

    @Test
    void entryCoversItsIdOrAliasAndOnlyItsPackage() {
        IgnoreEntry byName = new IgnoreEntry("CVE-1", "gantry-b", TODAY, "r", "f", 1);
        String purl = "pkg:deb/debian/gantry-b@2.36-9?arch=amd64&distro=debian-12&upstream=gantry-glibc%402.36-8";
        assertThat(byName.covers(Set.of("DSA-1", "CVE-1"), "gantry-b", purl, "gantry-glibc", "2.36-8")).isTrue();
        assertThat(byName.covers(Set.of("CVE-1"), "gantry-c", purl.replace("gantry-b", "gantry-c"), "gantry-glibc", "2.36-8")).isFalse();
        assertThat(byName.covers(Set.of("CVE-2"), "gantry-b", purl, "gantry-glibc", "2.36-8")).isFalse();
        IgnoreEntry bySource = new IgnoreEntry("CVE-1", "gantry-glibc", TODAY, "r", "f", 1);
        assertThat(bySource.covers(Set.of("CVE-1"), "gantry-b", purl, "gantry-glibc", "2.36-8")).isTrue();
        IgnoreEntry byPurl = new IgnoreEntry("CVE-1", "pkg:deb/debian/gantry-b@2.36-8", TODAY, "r", "f", 1);
        assertThat(byPurl.covers(Set.of("CVE-1"), "gantry-b", purl, "gantry-glibc", "2.36-8")).as("another version").isFalse();
    }
}
