package dev.gantry.cli.commands;

import dev.gantry.cli.Main;
import dev.gantry.cli.ProcessSettings;
import dev.gantry.registry.metadata.DatabaseConfig;
import dev.gantry.registry.server.RegistryConfig;
import dev.gantry.registry.server.RegistryConfigFile;
import dev.gantry.registry.server.RegistryServer;
import dev.gantry.registry.server.TokenAuthConfig;
import dev.gantry.registry.storage.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", subcommands = {ServeScrubCommand.class, ServeMigrateCommand.class}, description = {
        "Run an OCI distribution-spec 1.1 registry over a local directory.",
        "Listens on 127.0.0.1:5000 and stores in ./gantry-data unless told otherwise; one JSON access-log line per "
                + "request on stdout; SIGTERM (or Ctrl-C) stops accepting and lets requests in flight finish.",
        "GET /healthz answers {\"status\":\"ok\",\"storage\":{\"freeBytes\":N,\"totalBytes\":N}} without authentication; "
                + "a push the disk has no room for is refused with 507 Insufficient Storage. `gantry serve scrub` checks the store."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "read settings from this JSON file (keys: addr, data, htpasswd, authTokenRealm, authTokenService, "
            + "authTokenIssuer, authTokenCerts, readOnly, tlsCert, tlsKey, maxUploadSize, maxConcurrentUploads, accessLog, "
            + "storage: {\"driver\": \"filesystem\", \"path\": DIR} in place of data; relative paths are from the file's directory); flags given override it")
    Path configFile;

    @Option(names = "--addr", paramLabel = "HOST:PORT", description = "where to listen (default: ${DEFAULT-VALUE})")
    String addr = RegistryConfig.DEFAULT_HOST + ":" + RegistryConfig.DEFAULT_PORT;

    @Option(names = "--data", paramLabel = "DIR", description = "storage directory (default: ${DEFAULT-VALUE})")
    Path data = RegistryConfig.DEFAULT_DATA;

    @Option(names = "--htpasswd", paramLabel = "FILE", description = "require HTTP Basic authentication against this htpasswd file (bcrypt: htpasswd -B)")
    Path htpasswd;

    @Option(names = "--auth-token-realm", paramLabel = "URL", description = "require bearer tokens from this token server (Docker token auth); "
            + "needs --auth-token-service, --auth-token-issuer and --auth-token-certs")
    String tokenRealm;

    @Option(names = "--auth-token-service", paramLabel = "NAME", description = "this registry's name as the tokens' audience (aud)")
    String tokenService;

    @Option(names = "--auth-token-issuer", paramLabel = "NAME", description = "the issuer (iss) tokens must name")
    String tokenIssuer;

    @Option(names = "--auth-token-certs", paramLabel = "FILE", description = "PEM certificates (roots of x5c chains) or public keys (named by kid) of the token issuer")
    Path tokenCerts;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "serve HTTPS with this PEM certificate chain (the server's certificate first); needs --tls-key")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the PEM PKCS#8 private key ('BEGIN PRIVATE KEY') of --tls-cert")
    Path tlsKey;

    @Option(names = "--read-only", description = "serve pulls only: pushes and deletes are refused (405 UNSUPPORTED)")
    boolean readOnly;

    @Option(names = "--max-upload-size", paramLabel = "BYTES", description = "refuse a blob upload that grows past this many bytes (413 BLOB_UPLOAD_INVALID, the upload is cancelled); 0: no limit")
    long maxUploadSize;

    @Option(names = "--max-concurrent-uploads", paramLabel = "N", description = "refuse new uploads while N are open (429 TOOMANYREQUESTS with Retry-After); 0: no limit")
    int maxConcurrentUploads;

    @Option(names = "--insecure-public", description = "allow listening on a non-loopback address without authentication")
    boolean insecurePublic;

    @Option(names = "--no-access-log", description = "do not print a JSON line per request")
    boolean noAccessLog;

    /** The config file's {@code "storage"}, unless --data overrides it; null for the file-system driver over {@link #data}. */
    private StorageConfig storage;
    /** {@code "database"} from the config file (no flag): metadata in PostgreSQL rather than the storage tree. */
    private DatabaseConfig database;

    @Override
    public Integer call() throws Exception {
        ProcessSettings.forServer();
        if (configFile != null) {
            applyFile(RegistryConfigFile.read(configFile));
        }
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            return usage("--addr must be HOST:PORT, e.g. 127.0.0.1:5000, not '" + addr + "'");
        }
        String host = addr.substring(0, colon).replaceAll("^\\[|]$", "");
        int port;
        try {
            port = Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            return usage("--addr port must be a number: '" + addr + "'");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            return usage("HTTPS needs both --tls-cert FILE and --tls-key FILE");
        }
        TokenAuthConfig tokenAuth = null;
        if (tokenRealm != null || tokenService != null || tokenIssuer != null || tokenCerts != null) {
            if (tokenRealm == null || tokenService == null || tokenIssuer == null || tokenCerts == null) {
                return usage("token auth needs all of --auth-token-realm URL, --auth-token-service NAME, --auth-token-issuer NAME "
                        + "and --auth-token-certs FILE");
            }
            if (htpasswd != null) {
                return usage("choose one authentication: --htpasswd (Basic) or --auth-token-* (bearer tokens), not both");
            }
            tokenAuth = new TokenAuthConfig(tokenRealm, tokenService, tokenIssuer, tokenCerts);
        }
        if (maxUploadSize < 0 || maxConcurrentUploads < 0) {
            return usage("--max-upload-size and --max-concurrent-uploads must be 0 (no limit) or more");
        }
        RegistryConfig config = RegistryConfig.defaults().withAddress(host.isEmpty() ? "0.0.0.0" : host, port)
                .withDataDir(data).withAccessLog(!noAccessLog).withHtpasswd(htpasswd).withReadOnly(readOnly)
                .withTls(tlsCert, tlsKey).withMaxUploadSize(maxUploadSize).withMaxConcurrentUploads(maxConcurrentUploads).withTokenAuth(tokenAuth)
                .withStorage(storage).withDatabase(database);
        if (!config.isLoopback() && htpasswd == null && tokenAuth == null && !insecurePublic) {
            return usage("refusing to serve on " + addr + ", which is reachable from other machines, without authentication; "
                    + "listen on 127.0.0.1, require logins with --htpasswd FILE or --auth-token-*, or pass --insecure-public to accept anyone's pushes and deletes");
        }
        // Straight to fd 1, flushed per line: the access log must not sit in a buffer when the process is killed.
        PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        RegistryServer server = new RegistryServer(config, log).start().stopOnShutdown();
        StorageConfig stored = config.storageConfig();
        String where = stored.driver().equals(StorageConfig.FILESYSTEM) && stored.path("path") != null
                ? stored.path("path").toAbsolutePath().normalize().toString()
                : "storage driver " + stored.driver();
        if (database != null) {
            where += ", metadata in " + database.url();
        }
        spec.commandLine().getErr().println("gantry: serving the registry API on " + server.baseUri() + "/v2/ from " + where);
        spec.commandLine().getErr().flush();
        server.join();
        return Main.EXIT_OK;
    }

    /** Takes each setting the file has and the command line does not: flags override the file. */
    private void applyFile(RegistryConfigFile file) {
        addr = unlessGiven("--addr", file.addr(), addr);
        data = unlessGiven("--data", file.data(), data);
        storage = unlessGiven("--data", file.storage(), storage);
        database = file.database();
        htpasswd = unlessGiven("--htpasswd", file.htpasswd(), htpasswd);
        tokenRealm = unlessGiven("--auth-token-realm", file.authTokenRealm(), tokenRealm);
        tokenService = unlessGiven("--auth-token-service", file.authTokenService(), tokenService);
        tokenIssuer = unlessGiven("--auth-token-issuer", file.authTokenIssuer(), tokenIssuer);
        tokenCerts = unlessGiven("--auth-token-certs", file.authTokenCerts(), tokenCerts);
        readOnly = unlessGiven("--read-only", file.readOnly(), readOnly);
        ParseResult given = spec.commandLine().getParseResult();
        // Certificate and key go together: either flag replaces the pair from the file.
        if (file.tlsCert() != null && !given.hasMatchedOption("--tls-cert") && !given.hasMatchedOption("--tls-key")) {
            tlsCert = file.tlsCert();
            tlsKey = file.tlsKey();
        } else if (file.tlsKey() != null && file.tlsCert() == null && !given.hasMatchedOption("--tls-key")) {
            tlsKey = file.tlsKey();
        }
        maxUploadSize = unlessGiven("--max-upload-size", file.maxUploadSize(), maxUploadSize);
        maxConcurrentUploads = unlessGiven("--max-concurrent-uploads", file.maxConcurrentUploads(), maxConcurrentUploads);
        noAccessLog = !unlessGiven("--no-access-log", file.accessLog(), !noAccessLog);
    }

    /** The file's value unless the file lacks the key or the flag was given. */
    private <T> T unlessGiven(String flag, T fromFile, T current) {
        return fromFile != null && !spec.commandLine().getParseResult().hasMatchedOption(flag) ? fromFile : current;
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("gantry: " + message);
        return Main.EXIT_ERROR;
    }
}
