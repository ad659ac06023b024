package dev.gantry.cli;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * Ends the gantry process with its exit code.
 *
 * <p>{@code System.exit} looks up a {@code System.Logger} for {@code java.lang.Runtime} (JDK 21+
 * logs exits at DEBUG), and finding the logging backend makes the JDK search every jar on the
 * class path for a {@code System.LoggerFinder} service: each jar opened (67 of them then, 35 since
 * the S3 plugin left the class path), its central directory and manifest read, ~0.05 s of CPU that
 * every short command paid after its output was written (the start-up cache spares the jars otherwise: classes come from the cache). What
 * {@code System.exit} does besides that is run the shutdown hooks (the application's, the
 * console's echo restore, {@code File.deleteOnExit}) and then halt. So when no hook is registered
 * and no file waits for deletion, halting directly is the same exit without the search; when
 * anything is registered (a server's or a container's stop hook, sqlite-jdbc's extracted native
 * library, a JFR recording), or the JDK's state cannot be read, it is {@code System.exit}.
 *
 * <p>Reading that state needs {@code --add-opens java.base/java.lang} and {@code java.base/java.io}
 * (the launcher passes them); without them every exit is {@code System.exit}. A user who enables
 * the {@code java.lang.Runtime} logger (a logging configuration) gets {@code System.exit} too.
 */
final class ProcessExit {
    /** JDK 25's shutdown slots: 0 console echo restore, 1 application hooks, 2 delete-on-exit files. */
    private static final int APPLICATION_HOOKS_SLOT = 1;
    private static final int DELETE_ON_EXIT_SLOT = 2;

    private ProcessExit() {
    }

    static void exit(int code) {
        System.out.flush();
        System.err.flush();
        if (nothingWaitsForShutdown()) {
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** True only when the JDK's shutdown state was read and holds nothing to run. */
    static boolean nothingWaitsForShutdown() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return false;
        }
        try {
            Object[] slots = (Object[]) staticField("java.lang.Shutdown", "hooks");
            for (int slot = 0; slot < slots.length; slot++) {
                if (slots[slot] == null) {
                    continue;
                }
                boolean empty = switch (slot) {
                    case APPLICATION_HOOKS_SLOT -> {
                        Map<?, ?> hooks = (Map<?, ?>) staticField("java.lang.ApplicationShutdownHooks", "hooks");
                        yield hooks != null && hooks.isEmpty(); // null: shutdown has begun
                    }
                    case DELETE_ON_EXIT_SLOT -> nothingLeftToDelete((Collection<?>) staticField("java.io.DeleteOnExitHook", "files"));
                    default -> false;
                };
                if (!empty) {
                    return false;
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException notReadable) {
            return false;
        }
    }

    /**
     * zstd-jni marks the native library it extracts for deletion on exit and deletes it at once
     * after loading it: a name whose file is gone leaves nothing for the hook to do.
     */
    private static boolean nothingLeftToDelete(Collection<?> files) {
        for (Object file : files) {
            if (Files.exists(Path.of((String) file), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private static Object staticField(String className, String name) throws ReflectiveOperationException {
        Class<?> owner = Class.forName(className);
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        // ApplicationShutdownHooks and DeleteOnExitHook guard their fields with their class lock; Shutdown guards its
        // slots with a lock object of its own, and its slots are read as they stand (registration is over by now)
        synchronized (owner) {
            return field.get(null);
        }
    }
}
