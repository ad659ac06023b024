package dev.gantry.registry.client;

import dev.gantry.error.GantryException;

import javax.net.ssl.SSLHandshakeException;
import java.security.cert.CertificateException;

/** A registry's TLS certificate did not verify against the trusted CAs; says how to trust it. */
public final class UntrustedCertificateException extends GantryException {
    UntrustedCertificateException(String host, String detail) {
        super("TLS certificate of registry " + host + " is not trusted (" + detail + "); give the CA that signed it with --ca-file PEM"
                + " (or put it in /etc/docker/certs.d/" + host + "/ca.crt), or add --insecure to skip verification");
    }

    /** Whether {@code e} is a TLS handshake refused for the server's certificate (not a protocol mismatch). */
    static boolean causedBy(Throwable e) {
        boolean handshake = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            handshake |= t instanceof SSLHandshakeException;
            if (handshake && t instanceof CertificateException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
