package dev.gantry.transport;

import dev.gantry.error.InvalidInputException;

/**
 * A user name and password given for one command ({@code --creds USER:PASS}), used instead of
 * the credentials file. {@link #toString()} hides the password, so options holding these can
 * be printed or logged.
 *
 * @param username the user name, not empty
 * @param password the password, possibly empty
 */
public record RemoteCredentials(String username, String password) {
    /**
     * Checks both parts are there.
     *
     * @throws InvalidInputException when the user name is empty or the password null
     */
    public RemoteCredentials {
        if (username == null || username.isEmpty()) {
            throw new InvalidInputException("credentials need a user name: USER[:PASSWORD]");
        }
        if (password == null) {
            throw new InvalidInputException("credentials for " + username + " have no password");
        }
    }

    @Override
    public String toString() {
        return "RemoteCredentials[username=" + username + ", password=<redacted>]";
    }
}
