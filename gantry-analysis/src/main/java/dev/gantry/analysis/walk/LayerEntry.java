package dev.gantry.analysis.walk;

/**
 * One tar entry of a layer, as the analysis sees it.
 *
 * @param path       normalised: no leading {@code ./} or {@code /}, no {@code .} or empty components, no
 *                   trailing slash; for whiteouts, the path they delete (see {@link EntryKind})
 * @param kind       what the entry does
 * @param size       content bytes of a regular file; 0 for everything else
 * @param mode       permission bits and set-id/sticky bits ({@code 07777})
 * @param uid        owner id
 * @param gid        group id
 * @param linkTarget symlink target as written (never resolved), or hardlink target normalised like
 *                   {@code path}; null for other kinds
 * @param mtime      modification time, seconds since the epoch
 */
public record LayerEntry(String path, EntryKind kind, long size, int mode, long uid, long gid, String linkTarget,
                         long mtime) {

    /**
     * The last path component.
     *
     * @return the entry's name without its directory
     */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The parent directory's path.
     *
     * @return the path without its last component; "" at the top
     */
    public String parent() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
