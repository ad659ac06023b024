package dev.gantry.runtime.container;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeErrorLinesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final RuntimeErrorLines lines = new RuntimeErrorLines(out, "runc");

    private void write(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // in two pieces, split inside the prefix, as a pipe may deliver it
        lines.write(bytes, 0, Math.min(7, bytes.length));
        lines.write(bytes, Math.min(7, bytes.length), bytes.length - Math.min(7, bytes.length));
    }

    @Test
    void dropsTheRuntimesFailureLineWhenTheRuntimeFailed() throws IOException {
        write("runc run failed: unable to start container process: exec: \"x\": executable file not found in $PATH\n");
        lines.finish(true);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void passesEverythingElseThroughAsItComes() throws IOException {
        write("hello\nrunc is fine\nrun\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nrunc is fine\nrun\n");
        lines.finish(true);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nrunc is fine\nrun\n");
    }

    @Test
    void aProcessPrintingThePrefixKeepsItsLineWhenTheRuntimeDidNotFail() throws IOException {
        write("a\nrunc run failed: made up by the process\nb\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
        lines.finish(false);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\nrunc run failed: made up by the process\n");
    }

    @Test
    void classifiesTheRuntimesMessageAsDockerDoes() {
        ContainerStartException notFound = ContainerStartException.fromRuntimeError("c1",
                "runc run failed: unable to start container process: exec: \"x\": executable file not found in $PATH");
        ContainerStartException denied = ContainerStartException.fromRuntimeError("c1",
                "runc run failed: unable to start container process: exec: \"/etc\": permission denied");
        ContainerStartException other = ContainerStartException.fromRuntimeError("c1", "runc run failed: cgroup trouble");

        assertThat(notFound.exitCode()).isEqualTo(127);
        assertThat(notFound.getMessage()).isEqualTo("container c1 could not start its process: exec: \"x\": executable file not found in $PATH");
        assertThat(denied.exitCode()).isEqualTo(126);
        assertThat(other.exitCode()).isEqualTo(125);
    }
}
