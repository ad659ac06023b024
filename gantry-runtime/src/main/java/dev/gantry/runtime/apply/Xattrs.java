package dev.gantry.runtime.apply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Extended attributes from PAX {@code SCHILY.xattr.*} records. Java reaches only the
 * {@code user.} namespace; the others ({@code security.capability} on ping, ACLs) go through
 * setfattr(1) when it is installed (package "attr"). What cannot be applied is a warning,
 * not a failure: many file systems refuse some namespaces (tmpfs and user.*, SELinux labels
 * on hosts without SELinux), and the rest of the file is still right.
 */
final class Xattrs {
    private static final String USER = "user.";
    private final Warnings warnings;
    private final boolean setfattr;

    Xattrs(Warnings warnings) {
        this.warnings = warnings;
        this.setfattr = ExternalTool.available("setfattr");
    }

    /**
     * @param regular true for regular files and directories; a symlink, FIFO or device node
     *                only takes xattrs through setfattr -h (lsetxattr): the JDK would open it,
     *                which blocks on a FIFO and opens a device
     */
    void apply(Path path, Map<String, byte[]> xattrs, boolean regular, String rel) {
        for (Map.Entry<String, byte[]> e : xattrs.entrySet()) {
            String name = e.getKey();
            try {
                if (name.startsWith(USER) && regular) {
                    UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS);
                    view.write(name.substring(USER.length()), ByteBuffer.wrap(e.getValue()));
                } else if (setfattr) {
                    ExternalTool.run(List.of("setfattr", "-h", "-n", name, "-v", "0x" + HexFormat.of().formatHex(e.getValue()),
                            "--", path.toString()));
                } else {
                    warnings.add("xattr " + name + " not applied (install the 'attr' package for setfattr)", rel);
                }
            } catch (IOException | UnsupportedOperationException failure) {
                warnings.add("xattr " + name + " not applied (" + failure.getMessage() + ")", rel);
            }
        }
    }
}
