package dev.gantry.transport;

import dev.gantry.error.InvalidInputException;

/**
 * A user name and password given for one command ({@code --creds USER:PASS}), used instead of
 * the credentials file. {@link #toString()} hides the password, so options holding these can
 * be printed or logged.
 */
public record RemoteCredentials(String username, String password) {
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
