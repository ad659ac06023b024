package dev.gantry.vulns.db;

import dev.gantry.vulns.version.DpkgVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The OSV schema's evaluation, case by case from its examples and pseudocode. */
class AffectedCheckTest {
    private static Advisory advisory(List<String> versions, Range... ranges) {
        return new Advisory("OSV-1", List.of(), "Debian:12", "p", Status.AFFECTED, List.of(ranges), versions,
                Severity.UNKNOWN, null, null, "test");
    }

    private static Range range(String... kindsAndVersions) {
        List<Range.Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < kindsAndVersions.length; i += 2) {
            events.add(new Range.Event(Range.Kind.valueOf(kindsAndVersions[i]), kindsAndVersions[i + 1]));
        }
        return new Range(events);
    }

    private static AffectedCheck.Result check(Advisory a, String v) {
        return AffectedCheck.check(a, v, DpkgVersion.ORDER);
    }

    @Test
    void introducedZeroAloneAffectsEveryVersion() {
        Advisory a = advisory(List.of(), range("INTRODUCED", "0"));
        assertThat(check(a, "0.0.1").affected()).isTrue();
        assertThat(check(a, "99:1").affected()).isTrue();
        assertThat(check(a, "1").fixed()).isNull();
    }

    @Test
    void fixedIsTheFirstUnaffectedVersion() {
        Advisory a = advisory(List.of(), range("INTRODUCED", "0", "FIXED", "1.0.2"));
        assertThat(check(a, "1.0.1")).isEqualTo(new AffectedCheck.Result(true, "1.0.2"));
        assertThat(check(a, "1.0.2").affected()).isFalse();
        assertThat(check(a, "1.0.2~rc1").affected()).isTrue();
    }

    @Test
    void severalIntervalsInOneRangeEvenWhenListedOutOfOrder() {
        Advisory a = advisory(List.of(), range("INTRODUCED", "3.0.0", "FIXED", "3.2.5", "INTRODUCED", "1.0.0", "FIXED", "1.0.2"));
        assertThat(check(a, "0.9").affected()).isFalse();
        assertThat(check(a, "1.0.0")).isEqualTo(new AffectedCheck.Result(true, "1.0.2"));
        assertThat(check(a, "2.0").affected()).isFalse();
        assertThat(check(a, "3.1")).isEqualTo(new AffectedCheck.Result(true, "3.2.5"));
        assertThat(check(a, "3.2.5").affected()).isFalse();
    }

    @Test
    void lastAffectedIncludesThatVersionOnly() {
        Advisory a = advisory(List.of(), range("INTRODUCED", "0", "LAST_AFFECTED", "2.1.214"));
        assertThat(check(a, "2.1.214")).isEqualTo(new AffectedCheck.Result(true, null));
        assertThat(check(a, "2.1.215").affected()).isFalse();
    }

    @Test
    void limitsBoundTheRangeAndStarMeansNone() {
        Advisory limited = advisory(List.of(), range("INTRODUCED", "1.0", "LIMIT", "2.0"));
        assertThat(check(limited, "1.5").affected()).isTrue();
        assertThat(check(limited, "2.0").affected()).isFalse();
        assertThat(check(limited, "0.5").affected()).isFalse();
        Advisory star = advisory(List.of(), range("INTRODUCED", "1.0", "LIMIT", "*"));
        assertThat(check(star, "9.0").affected()).isTrue();
    }

    @Test
    void listedVersionsMatchExactlyBesideRanges() {
        Advisory a = advisory(List.of("0.5-1", "0.7-2"), range("INTRODUCED", "1.0", "FIXED", "1.1"));
        assertThat(check(a, "0.5-1").affected()).isTrue();
        assertThat(check(a, "0.6-1").affected()).isFalse();
        assertThat(check(a, "1.0").affected()).isTrue();
    }

    @Test
    void reportsTheLowestFixAboveTheVersion() {
        Advisory a = advisory(List.of(), range("INTRODUCED", "0", "FIXED", "2.0"), range("INTRODUCED", "0", "FIXED", "1.5"));
        assertThat(check(a, "1.0").fixed()).isEqualTo("1.5");
        assertThat(check(a, "1.7")).isEqualTo(new AffectedCheck.Result(true, "2.0"));
    }
}
