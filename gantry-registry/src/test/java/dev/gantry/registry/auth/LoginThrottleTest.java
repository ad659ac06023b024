package dev.gantry.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private Instant now = Instant.parse("2026-12-04T12:00:00Z");
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
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), clock);

    @Test
    void refusesAClientAtItsLimitUntilTheWindowFromItsFirstFailurePasses() {
        throttle.failed("10.0.0.1");
        now = now.plusSeconds(20);
        throttle.failed("10.0.0.1");
        assertThat(throttle.refusedFor("10.0.0.1")).isEmpty();
        throttle.failed("10.0.0.1");

        assertThat(throttle.refusedFor("10.0.0.1")).hasValue(Duration.ofSeconds(40));
        assertThat(throttle.refusedFor("10.0.0.2")).as("another client").isEmpty();
        now = now.plusSeconds(40);
        assertThat(throttle.refusedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void aSuccessClearsTheClientsFailures() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        throttle.succeeded("10.0.0.1");
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");

        assertThat(throttle.refusedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void remembersABoundedNumberOfClients() {
        for (int i = 0; i < 20_000; i++) {
            throttle.failed("client-" + i);
        }
        throttle.failed("client-0");
        throttle.failed("client-0");
        assertThat(throttle.refusedFor("client-0")).as("forgotten, then counted afresh").isEmpty();
        assertThat(throttle.refusedFor("client-19999")).isEmpty();
    }
}
