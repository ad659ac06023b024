package dev.gantry.registry.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users and bcrypt hashes from an htpasswd file ({@code htpasswd -B}), the format distribution
 * reads. Only bcrypt is accepted: the file's other formats (MD5-crypt, SHA-1, crypt) are weak.
 *
 * <p>bcrypt costs tens of milliseconds on purpose, and clients send credentials on every
 * request, so a successful check is remembered by the SHA-256 of user and password (never the
 * password itself) for the life of the process. Safe for concurrent use.
 */
public final class Htpasswd {
    /**
     * bcrypt reads at most 72 bytes of a password; `htpasswd -B` and distribution's Go bcrypt use
     * only those of a longer one, so this does too. The library's default refused a longer password
     * with IllegalArgumentException: any client could turn its login into a 500.
     */
    private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(null, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    private final Map<String, String> hashes;
    private final Set<Digest> verified = ConcurrentHashMap.newKeySet();

    private Htpasswd(Map<String, String> hashes) {
        this.hashes = hashes;
    }

    /**
     * Reads an htpasswd file: one {@code user:hash} per line, blank lines and {@code #} comments skipped, the hash
     * bcrypt ({@code $2y$}, {@code $2a$}, {@code $2b$}). The file is read once; later changes are not seen.
     *
     * @param file the htpasswd file, UTF-8
     * @return the users it names
     * @throws IOException when the file cannot be read
     * @throws InvalidInputException when a line is not {@code user:bcrypt-hash} (the message names the line and how
     *                               to make one), or the file names no user
     */
    public static Htpasswd load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> hashes = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String hash = colon < 0 ? "" : line.substring(colon + 1);
            if (colon <= 0 || !(hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$"))) {
                throw new InvalidInputException(file + " line " + (i + 1) + ": expected user:bcrypt-hash "
                        + "(make one with: htpasswd -B -c " + file + " USER); other htpasswd formats are refused as weak");
            }
            hashes.put(line.substring(0, colon), hash);
        }
        if (hashes.isEmpty()) {
            throw new InvalidInputException(file + " has no users; add one with: htpasswd -B " + file + " USER");
        }
        return new Htpasswd(hashes);
    }

    /**
     * Checks a user's password against its bcrypt hash; a pair verified once is accepted again without bcrypt.
     *
     * @param user     the user name
     * @param password the password as sent
     * @return true when the user exists and the password matches its hash
     */
    public boolean verify(String user, String password) {
        String hash = hashes.get(user);
        if (hash == null) {
            // As slow as a wrong password for a real user: a quick "no" would tell a guesser which
            // user names exist. The result is ignored (the password may well be that user's).
            VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8), hashes.values().iterator().next().getBytes(StandardCharsets.UTF_8));
            return false;
        }
        Digest key = Digest.sha256((user + "\u0000" + password + "\u0000" + hash).getBytes(StandardCharsets.UTF_8));
        if (verified.contains(key)) {
            return true;
        }
        boolean ok = VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
        if (ok) {
            verified.add(key);
        }
        return ok;
    }
}
