package dev.gantry.registry.metadata;

import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An abandoned session stops holding a slot once idle; one with a request in progress never does. */
class LocalUploadSlotsTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void anIdleSessionFreesItsSlotButABusyOneDoesNot() {
        LocalUploadSlots slots = new LocalUploadSlots(1, clock);
        slots.bind(slots.reserve(), "a");
        assertThatThrownBy(slots::reserve).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOMANYREQUESTS));

        slots.enter("a"); // a long streamed PATCH
        now = now.plus(LocalUploadSlots.IDLE).plusSeconds(1);
        assertThatThrownBy(slots::reserve).isInstanceOf(RegistryException.class);

        slots.leave("a");
        now = now.plus(LocalUploadSlots.IDLE).plusSeconds(1);
        slots.bind(slots.reserve(), "b");
        assertThatThrownBy(slots::reserve).isInstanceOf(RegistryException.class);
    }

    @Test
    void noLimitTracksNothing() {
        LocalUploadSlots slots = new LocalUploadSlots(0, clock);
        for (int i = 0; i < 100; i++) {
            assertThat(slots.reserve()).isNull();
        }
    }
}
