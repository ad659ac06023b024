package dev.gantry.vulns.db;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one advisory in the database file: {@code DataOutput} fields in a fixed order. The
 * ecosystem and package are the record's key and are not repeated.
 */
final class AdvisoryCodec {
    private AdvisoryCodec() {
    }

    static void write(Advisory a, DataOutput out) throws IOException {
        out.writeUTF(a.id());
        writeList(a.aliases(), out);
        out.writeByte(a.status().ordinal());
        out.writeShort(a.ranges().size());
        for (Range r : a.ranges()) {
            out.writeShort(r.events().size());
            for (Range.Event e : r.events()) {
                out.writeByte(e.kind().ordinal());
                out.writeUTF(e.version());
            }
        }
        writeList(a.versions(), out);
        out.writeByte(a.severity().ordinal());
        writeNullable(a.severityText(), out);
        writeNullable(a.note(), out);
        out.writeUTF(a.source());
    }

    static Advisory read(String ecosystem, String pkg, DataInput in) throws IOException {
        String id = in.readUTF();
        List<String> aliases = readList(in);
        Status status = Status.values()[in.readByte()];
        int rangeCount = in.readUnsignedShort();
        List<Range> ranges = new ArrayList<>(rangeCount);
        for (int i = 0; i < rangeCount; i++) {
            int eventCount = in.readUnsignedShort();
            List<Range.Event> events = new ArrayList<>(eventCount);
            for (int j = 0; j < eventCount; j++) {
                Range.Kind kind = Range.Kind.values()[in.readByte()];
                events.add(new Range.Event(kind, in.readUTF()));
            }
            ranges.add(new Range(List.copyOf(events)));
        }
        List<String> versions = readList(in);
        Severity severity = Severity.values()[in.readByte()];
        String severityText = readNullable(in);
        String note = readNullable(in);
        String source = in.readUTF();
        return new Advisory(id, aliases, ecosystem, pkg, status, List.copyOf(ranges), versions, severity, severityText,
                note, source);
    }

    private static void writeList(List<String> list, DataOutput out) throws IOException {
        int n = Math.min(list.size(), 65535);
        out.writeShort(n);
        for (int i = 0; i < n; i++) {
            out.writeUTF(clip(list.get(i)));
        }
    }

    private static List<String> readList(DataInput in) throws IOException {
        int n = in.readUnsignedShort();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return List.copyOf(out);
    }

    private static void writeNullable(String s, DataOutput out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(clip(s));
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** writeUTF holds 65535 bytes; notes and versions are far shorter, but a hostile file is not. */
    private static String clip(String s) {
        return s.length() > 16_000 ? s.substring(0, 16_000) : s;
    }
}
