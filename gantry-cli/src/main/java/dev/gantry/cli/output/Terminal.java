package dev.gantry.cli.output;

import java.io.Console;

/** Whether output goes to a person at a terminal (progress bars) or to a log (plain lines). */
public final class Terminal {
    private Terminal() {
    }

    /**
     * True on an interactive terminal that understands cursor moves: a console whose streams
     * are not redirected, no {@code CI} variable and a {@code TERM} other than {@code dumb}.
     */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null || System.getenv("CI") != null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            // Since JDK 22 a console may exist for redirected streams; isTerminal() tells them apart.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true; // before JDK 22 System.console() is null unless both streams are a terminal
        }
    }
}
