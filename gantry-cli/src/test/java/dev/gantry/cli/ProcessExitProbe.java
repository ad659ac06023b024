package dev.gantry.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** A process for {@link ProcessExitTest}: registers what its first argument names, then ends with exit code 3. */
final class ProcessExitProbe {
    private ProcessExitProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "nothing" -> {
            }
            case "hook" -> Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
            case "delete-on-exit" -> Files.createFile(Path.of(args[1])).toFile().deleteOnExit();
            case "deleted-before-exit" -> { // as zstd-jni does with the native library it extracts
                Path file = Files.createFile(Path.of(args[1]));
                file.toFile().deleteOnExit();
                Files.delete(file);
            }
            case "system-exit" -> System.exit(3);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.print("done"); // no newline: the exit must still flush it
        ProcessExit.exit(3);
    }
}
