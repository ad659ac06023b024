package dev.gantry.cli.output;

/**
 * A tar entry's type and mode as {@code ls -l} and dive print them ({@code drwxr-xr-x},
 * {@code prw-r--r--}, {@code -rwsr-xr-x}): people read the type from the first letter.
 */
public final class Permissions {
    private Permissions() {
    }

    /**
     * @param kind an {@code EntryKind} name in lower case, as the tree rows carry it
     * @param octalMode the permission bits as four octal digits ({@code 0755}), setuid/setgid/sticky included
     */
    public static String of(String kind, String octalMode) {
        int mode = Integer.parseInt(octalMode, 8);
        StringBuilder s = new StringBuilder(10).append(typeLetter(kind));
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-');
            boolean special = switch (shift) {
                case 6 -> (mode & 04000) != 0;
                case 3 -> (mode & 02000) != 0;
                default -> (mode & 01000) != 0;
            };
            char set = shift == 0 ? 't' : 's';
            s.append(special ? ((bits & 1) != 0 ? set : Character.toUpperCase(set)) : ((bits & 1) != 0 ? 'x' : '-'));
        }
        return s.toString();
    }

    private static char typeLetter(String kind) {
        return switch (kind) {
            case "dir" -> 'd';
            case "symlink" -> 'l';
            case "fifo" -> 'p';
            case "char_device" -> 'c';
            case "block_device" -> 'b';
            case "other" -> '?';
            default -> '-'; // files, and hard links, which ls shows as the file they are
        };
    }
}
