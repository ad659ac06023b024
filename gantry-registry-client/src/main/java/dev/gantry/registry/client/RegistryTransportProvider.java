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

/** Core's {@link RemoteTransport}, found through {@code META-INF/services}: registry sources and targets. */
public final class RegistryTransportProvider implements RemoteTransport {
    // Explicit because the class is exported: java.util.ServiceLoader makes the provider.
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

    /** A client for the reference's repository, its session pinged and its credentials looked up. */
    public static RegistryClient client(Reference reference, RemoteOptions options) throws IOException {
        return new RegistryClient(session(reference.domain(), options), reference.path());
    }

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

    /** {@code --ca-file}, then Docker's {@code /etc/docker/certs.d/HOST/*.crt}. */
    public static List<Path> caFiles(String host, RemoteOptions options) {
        List<Path> files = new ArrayList<>();
        if (options.caFile() != null) {
            files.add(options.caFile());
        }
        files.addAll(DockerCertsDirectory.DEFAULT.caFiles(host));
        return files;
    }
}
