package dev.gantry.registry.client;

import dev.gantry.copy.CopyListener;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.digest.Digest;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Descriptor;
import dev.gantry.ref.Reference;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code copy/pull/push --referrers}: after an image, the manifests that refer to it (signatures, SBOMs)
 * and, in turn, theirs, as {@code oras cp -r} does. Each is copied by digest, never converted
 * (a converted manifest would get a new digest and its own referrers would dangle): to a
 * registry under its digest (the target keeps the fallback tag when the registry has no
 * referrers API), to an OCI layout as an untagged index.json entry.
 */
public final class ReferrersCopy {
    private static final int MAX = 1000;

    private ReferrersCopy() {
    }

    /**
     * Copies the referrers of {@code subject}, and theirs in turn (breadth-first, each once), from one registry
     * repository to another place, reaching both with the same options.
     *
     * @param from     the registry repository ({@code docker://}) the image was copied from; its tag or digest is
     *                 not used
     * @param to       the registry repository or {@code oci:} layout the image was copied to; each referrer goes
     *                 there by digest (an untagged {@code index.json} entry in a layout)
     * @param subject  the digest of the copied image or index whose referrers are wanted
     * @param remote   how to reach the registries: TLS, credentials
     * @param jobs     how many blobs of one referrer are copied at once
     * @param listener told of the blobs copied, as for the image itself
     * @return how many manifests were copied; 0 when nothing refers to {@code subject}
     * @throws IOException when reading from {@code from} or writing to {@code to} fails
     * @throws InvalidInputException when {@code from} is not a registry, {@code to} is neither a registry nor an
     *                               {@code oci:} layout, or the graph reaches 1000 referrers (those found before
     *                               are copied already)
     */
    public static int copy(TransportRef from, TransportRef to, Digest subject, RemoteOptions remote, int jobs, CopyListener listener)
            throws IOException {
        return copy(from, to, subject, remote, remote, jobs, listener);
    }

    /**
     * Copies the referrers of {@code subject}, as {@link #copy(TransportRef, TransportRef, Digest, RemoteOptions, int,
     * CopyListener)} does, reaching the source and the destination each with its own options (their own
     * credentials, say).
     *
     * @param from         the registry repository ({@code docker://}) the image was copied from; its tag or digest
     *                     is not used
     * @param to           the registry repository or {@code oci:} layout the image was copied to
     * @param subject      the digest of the copied image or index whose referrers are wanted
     * @param remote       how to reach {@code from}
     * @param targetRemote how to reach {@code to} when it is a registry
     * @param jobs         how many blobs of one referrer are copied at once
     * @param listener     told of the blobs copied, as for the image itself
     * @return how many manifests were copied; 0 when nothing refers to {@code subject}
     * @throws IOException when reading from {@code from} or writing to {@code to} fails
     * @throws InvalidInputException when {@code from} is not a registry, {@code to} is neither a registry nor an
     *                               {@code oci:} layout, or the graph reaches 1000 referrers (those found before
     *                               are copied already)
     */
    public static int copy(TransportRef from, TransportRef to, Digest subject, RemoteOptions remote, RemoteOptions targetRemote,
                           int jobs, CopyListener listener) throws IOException {
        if (from.kind() != TransportRef.Kind.REGISTRY) {
            throw new InvalidInputException("--referrers needs a registry source (docker://...); " + from + " has no referrers");
        }
        if (to.kind() != TransportRef.Kind.REGISTRY && to.kind() != TransportRef.Kind.OCI) {
            throw new InvalidInputException("--referrers copies to a registry or an oci: layout, not to " + to);
        }
        RegistryClient client = RegistryTransportProvider.client(from.reference(), remote);
        Deque<Digest> subjects = new ArrayDeque<>(java.util.List.of(subject));
        Set<Digest> seen = new HashSet<>(subjects);
        int copied = 0;
        while (!subjects.isEmpty()) {
            for (Descriptor referrer : client.referrers(subjects.pop())) {
                if (!seen.add(referrer.digest())) {
                    continue;
                }
                if (seen.size() > MAX) {
                    throw new InvalidInputException(from + " has more than " + MAX + " referrers; copy them separately");
                }
                copyOne(at(from, referrer.digest()), at(to, referrer.digest()), remote, targetRemote, jobs, listener);
                subjects.add(referrer.digest());
                copied++;
            }
        }
        return copied;
    }

    private static void copyOne(TransportRef from, TransportRef to, RemoteOptions remote, RemoteOptions targetRemote, int jobs,
                                CopyListener listener) throws IOException {
        CopyOptions options = new CopyOptions(true, null, ManifestFormat.ANY, jobs, listener);
        try (ImageSource source = Transports.openSource(from, remote);
             ImageTarget target = Transports.openTarget(to, ManifestFormat.ANY, targetRemote)) {
            new ImageCopier(source, target, options).copy();
        }
    }

    /** The same repository or layout, naming one manifest by digest (a layout entry without a tag). */
    private static TransportRef at(TransportRef ref, Digest digest) {
        if (ref.kind() == TransportRef.Kind.REGISTRY) {
            Reference r = ref.reference();
            return new TransportRef(ref.kind(), null, null, new Reference(r.domain(), r.path(), null, digest));
        }
        return new TransportRef(ref.kind(), ref.path(), null, null);
    }
}
