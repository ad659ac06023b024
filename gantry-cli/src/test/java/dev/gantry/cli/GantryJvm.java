package dev.gantry.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `gantry ARGS` in a JVM of its own on the test's class path, as a user's shell starts it: for tests that kill or race whole processes. */
final class GantryJvm {
    private GantryJvm() {
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
