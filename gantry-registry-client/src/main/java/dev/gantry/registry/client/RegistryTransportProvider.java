package dev.gantry.registry.client;

import dev.gantry.ref.Reference;
import dev.gantry.registry.client.auth.CredentialStore;
import dev.gantry.registry.client.auth.Credentials;
import dev.gantry.registry.client.auth.DockerConfigCredentials;
import dev.gantry.registry.client.http.RetryPolicy;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteCredentials;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.RemoteTransport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Core's {@link RemoteTransport}, found through {@code META-INF/services}: registry sources and targets. Its static
 * methods are how a library opens a registry the way the CLI does, with {@link RemoteOptions} deciding TLS and
 * credentials.
 */
public final class RegistryTransportProvider implements RemoteTransport {
    /** Made by {@link java.util.ServiceLoader} when core first opens a registry location; it holds no state. */
    public RegistryTransportProvider() {
    }

    @Override
    public ImageSource openSource(Reference reference, RemoteOptions options) throws IOException {
        return new RegistrySource(client(reference, options), reference);
    }

    @Override
    public ImageTarget openTarget(Reference reference, RemoteOptions options) throws IOException {
        RegistryClient client = new RegistryClient(session(reference.domain(), options), reference.path(), true);
        return new RegistryTarget(client, reference, UploadPolicy.DEFAULT);
    }

    /**
     * A client for the reference's repository, its session pinged and its credentials looked up. Closing the
     * session ({@code client.session().close()}) releases its connections.
     *
     * @param reference the image reference; only its registry and repository are used
     * @param options   how to reach the registry: {@code --insecure}, {@code --ca-file}, {@code --authfile} or
     *                  {@code --creds}
     * @return a client whose reads ask for pull access only
     * @throws IOException as {@link #session} does
     * @see #session(String, RemoteOptions)
     */
    public static RegistryClient client(Reference reference, RemoteOptions options) throws IOException {
        return new RegistryClient(session(reference.domain(), options), reference.path());
    }

    /**
     * A session with one registry, opened as every Gantry command opens it: the credentials are
     * {@code options.credentials()} when given (for whatever host asks), else those of the Docker config file
     * ({@code options.authFile()}, else {@link DockerConfigCredentials#defaultFile()}); verified TLS trusts the JDK's
     * CAs plus {@link #caFiles}.
     *
     * @param host    the registry as written in references ({@code localhost:5000}, {@code docker.io})
     * @param options how to reach the registry
     * @return a pinged session, which the caller closes
     * @throws IOException when Docker's CA directory for the host exists but cannot be listed
     * @throws dev.gantry.error.GantryException when the registry cannot be reached, its certificate is not trusted
     *                                          ({@link UntrustedCertificateException}), or a CA file cannot be read
     */
    public static RegistrySession session(String host, RemoteOptions options) throws IOException {
        CredentialStore credentials = options.credentials() != null
                ? given(options.credentials())
                : new DockerConfigCredentials(options.authFile() != null ? options.authFile() : DockerConfigCredentials.defaultFile());
        return RegistrySession.open(host, options.insecure(), caFiles(host, options), credentials, RetryPolicy.DEFAULT);
    }

    /** {@code --creds}: the same user and password for whatever host asks. */
    private static CredentialStore given(RemoteCredentials given) {
        Optional<Credentials> credentials = Optional.of(Credentials.basic(given.username(), given.password()));
        return host -> credentials;
    }

    /**
     * The extra CAs trusted for one registry: {@code --ca-file}, then Docker's {@code /etc/docker/certs.d/HOST/*.crt}.
     *
     * @param host    the registry as written in references, with its port
     * @param options the remote options whose {@code caFile} (may be null) comes first
     * @return the PEM files to trust beside the JDK's CAs, possibly none
     * @throws IOException when the host's directory under {@code /etc/docker/certs.d} exists but cannot be listed
     */
    public static List<Path> caFiles(String host, RemoteOptions options) throws IOException {
        List<Path> files = new ArrayList<>();
        if (options.caFile() != null) {
            files.add(options.caFile());
        }
        files.addAll(DockerCertsDirectory.DEFAULT.caFiles(host));
        return files;
    }
}
