package dev.gantry.runtime.bundle;

import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the image's {@code Config.User} (user, uid, user:group, uid:gid, uid:group,
 * user:gid) to numbers, as conversion.md asks: numbers are taken verbatim; names are looked
 * up in the rootfs's own etc/passwd and etc/group (never the host's), and a name that is not
 * there is an error. A user given without a group gets its passwd group and, when named, its
 * supplementary groups from etc/group. No User at all means root (0:0), as Docker does.
 */
public final class UserResolver {
    private final Path rootfs;
    private List<String[]> passwd;
    private List<String[]> group;

    /**
     * A resolver against one unpacked rootfs; its etc/passwd and etc/group are read on first need and kept.
     *
     * @param rootfs the unpacked root filesystem whose own user database decides
     */
    public UserResolver(Path rootfs) {
        this.rootfs = rootfs;
    }

    /**
     * Resolves a {@code Config.User} value (user, uid, user:group, uid:gid, uid:group or user:gid) to numbers.
     * A number is taken as it is (a numeric uid still gets its passwd group when etc/passwd lists it); a name
     * must be in the rootfs's etc/passwd or etc/group, read without following symlinks. Supplementary groups
     * are added only for a named user given without a group.
     *
     * @param user the image's User, or null or blank for root
     * @return the uid, gid and supplementary gids
     * @throws dev.gantry.error.InvalidInputException when a name is not defined in the rootfs, an id there is
     *         malformed, or etc/passwd or etc/group is larger than 4 MiB
     * @throws IOException when etc/passwd or etc/group cannot be read
     */
    public ProcessUser resolve(String user) throws IOException {
        if (user == null || user.isBlank()) {
            return new ProcessUser(0, 0, List.of());
        }
        int colon = user.indexOf(':');
        String userPart = colon < 0 ? user : user.substring(0, colon);
        String groupPart = colon < 0 ? null : user.substring(colon + 1);
        long uid;
        Long primaryGid = null;
        String userName = null;
        if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
            String[] entry = find(passwd(), 2, userPart);
            if (entry != null) {
                primaryGid = parseId(entry[3], "etc/passwd");
            }
        } else {
            String[] entry = find(passwd(), 0, userPart);
            if (entry == null) {
                throw new InvalidInputException("image config User '" + user + "': no user '" + userPart
                        + "' in the image's etc/passwd" + (passwd().isEmpty() ? " (the rootfs has no readable etc/passwd)" : ""));
            }
            uid = parseId(entry[2], "etc/passwd");
            primaryGid = parseId(entry[3], "etc/passwd");
            userName = userPart;
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            long gid;
            if (isNumber(groupPart)) {
                gid = Long.parseLong(groupPart);
            } else {
                String[] entry = find(group(), 0, groupPart);
                if (entry == null) {
                    throw new InvalidInputException("image config User '" + user + "': no group '" + groupPart
                            + "' in the image's etc/group");
                }
                gid = parseId(entry[2], "etc/group");
            }
            return new ProcessUser(uid, gid, List.of()); // a group was given: no supplementary groups
        }
        long gid = primaryGid != null ? primaryGid : 0;
        return new ProcessUser(uid, gid, userName == null ? List.of() : supplementaryGroups(userName, gid));
    }

    private List<Long> supplementaryGroups(String userName, long primaryGid) throws IOException {
        List<Long> gids = new ArrayList<>();
        for (String[] entry : group()) {
            if (entry.length < 4 || entry[3].isEmpty()) {
                continue;
            }
            for (String member : entry[3].split(",")) {
                if (member.trim().equals(userName)) {
                    long gid = parseId(entry[2], "etc/group");
                    if (gid != primaryGid && !gids.contains(gid)) {
                        gids.add(gid);
                    }
                }
            }
        }
        return gids;
    }

    private List<String[]> passwd() throws IOException {
        if (passwd == null) {
            passwd = parse(RootfsFiles.read(rootfs, "etc/passwd"), 4);
        }
        return passwd;
    }

    private List<String[]> group() throws IOException {
        if (group == null) {
            group = parse(RootfsFiles.read(rootfs, "etc/group"), 3);
        }
        return group;
    }

    /** colon-separated lines with at least {@code minFields} fields; comments and junk skipped. */
    private static List<String[]> parse(String text, int minFields) {
        List<String[]> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (fields.length >= minFields) {
                out.add(fields);
            }
        }
        return out;
    }

    private static String[] find(List<String[]> entries, int field, String value) {
        for (String[] e : entries) {
            if (e[field].equals(value)) {
                return e;
            }
        }
        return null;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(Character::isDigit) && Long.parseLong(s) <= 0xffffffffL;
    }

    private static long parseId(String s, String file) {
        if (!isNumber(s)) {
            throw new InvalidInputException("the image's " + file + " has a malformed id '" + s + "'");
        }
        return Long.parseLong(s);
    }
}
