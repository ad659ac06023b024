package dev.gantry.registry.metadata;

/**
 * The database a registry keeps its metadata in, as the {@code "database"} object of
 * {@code gantry serve --config} gives it: {@code {"url": "jdbc:postgresql://HOST:PORT/DB", "user": ..., "password": ...}}.
 * The URL's scheme picks the {@link MetadataStoreProvider}.
 *
 * @param url      the JDBC URL, such as {@code jdbc:postgresql://127.0.0.1:5432/gantry}
 * @param user     the user to connect as, or null for the driver's default
 * @param password the user's password, or null for none
 * @param gc       the online garbage collector this node runs over the database
 */
public record DatabaseConfig(String url, String user, String password, OnlineGcConfig gc) {
    /**
     * Settings with the default garbage collector ({@link OnlineGcConfig#DEFAULTS}).
     *
     * @param url      the JDBC URL
     * @param user     the user, or null
     * @param password the password, or null
     */
    public DatabaseConfig(String url, String user, String password) {
        this(url, user, password, OnlineGcConfig.DEFAULTS);
    }

    /**
     * The same database with another garbage-collector setting.
     *
     * @param config the collector's settings
     * @return a copy
     */
    public DatabaseConfig withGc(OnlineGcConfig config) {
        return new DatabaseConfig(url, user, password, config);
    }

    /**
     * Checks that there is a URL.
     *
     * @throws IllegalArgumentException when the URL is null or blank
     */
    public DatabaseConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a database configuration needs a \"url\" such as jdbc:postgresql://HOST:PORT/DB");
        }
        if (gc == null) {
            gc = OnlineGcConfig.DEFAULTS;
        }
    }

    /**
     * The settings as text for messages, without the password.
     *
     * @return the URL and user
     */
    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", gc=" + gc + "]";
    }
}
