package dev.gantry.runtime.apply;

import dev.gantry.digest.Digest;

/**
 * Where an apply is: which layer (by digest and position) and which entry. Every error and
 * warning is phrased through it, so a failure always says which blob and which path.
 */
public final class EntryContext {
    /** Names longer than this are shortened in messages; a hostile 1 MiB name should not flood a terminal. */
    private static final int MAX_NAME_IN_MESSAGE = 200;

    private final Digest layer;
    private final int index;
    private String entry;

    /**
     * A context for one layer, with no entry yet; the applier sets the entry as it reads each header.
     *
     * @param layer the layer's blob digest, named in every message
     * @param index the layer's 0-based position in the image, named in every message
     */
    public EntryContext(Digest layer, int index) {
        this.layer = layer;
        this.index = index;
    }

    /**
     * The blob digest of the layer being applied.
     *
     * @return the digest given at construction
     */
    public Digest layer() {
        return layer;
    }

    /**
     * The raw tar name of the entry being applied, as read from its header.
     *
     * @return the entry's name, or null between entries (before the first header and after the last)
     */
    public String entry() {
        return entry;
    }

    void entry(String name) {
        this.entry = name;
    }

    /**
     * The location for a message: "layer 2 (sha256:...)", plus ", entry 'etc/passwd'" once an entry is being
     * read (the name made printable).
     *
     * @return one line of text naming the layer and, if any, the entry
     */
    public String describe() {
        String where = "layer " + index + " (" + layer + ")";
        if (entry == null) {
            return where;
        }
        return where + ", entry '" + printable(entry) + "'";
    }

    /**
     * A name made safe for one line of text: control characters escaped as {@code \xNN}, names over 200
     * characters cut with their length noted, so a hostile name cannot forge or flood terminal output.
     *
     * @param name any entry name, possibly hostile
     * @return the name as it may be printed
     */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < MAX_NAME_IN_MESSAGE; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX_NAME_IN_MESSAGE && name.length() > MAX_NAME_IN_MESSAGE) {
            out.append("… (").append(name.length()).append(" characters)");
        }
        return out.toString();
    }
}
