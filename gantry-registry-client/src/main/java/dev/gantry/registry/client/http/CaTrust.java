package dev.gantry.registry.client.http;

import dev.gantry.error.InvalidInputException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Verified TLS that trusts the JDK's default CAs and, in addition, the CAs of some PEM files
 * ({@code --ca-file}, {@code /etc/docker/certs.d/HOST/*.crt}). Per client: the JVM's default
 * SSL context is never changed. Host names are still checked: both delegates are the JDK's own
 * extended trust managers, which the HttpClient asks to verify the endpoint.
 */
final class CaTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager system;
    private final X509ExtendedTrustManager extra;

    private CaTrust(X509ExtendedTrustManager system, X509ExtendedTrustManager extra) {
        this.system = system;
        this.extra = extra;
    }

    /** An SSL context trusting the default CAs plus every certificate in {@code caFiles}. */
    static SSLContext context(List<Path> caFiles) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Path file : caFiles) {
                for (X509Certificate cert : read(file)) {
                    store.setCertificateEntry("ca-" + n++, cert);
                }
            }
            CaTrust trust = new CaTrust(trustManager(null), trustManager(store));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The certificates of one PEM (or DER) file; none, or an unreadable file, is an error naming it. */
    static List<X509Certificate> read(Path file) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read CA file " + file + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new InvalidInputException("CA file " + file + " holds no readable PEM certificate: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new InvalidInputException("CA file " + file + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager in " + f.getAlgorithm());
    }

    private interface Check {
        void run(X509ExtendedTrustManager tm) throws CertificateException;
    }

    /** Trusted when either delegate trusts the chain; else the default store's refusal, the other's attached. */
    private void either(Check check) throws CertificateException {
        try {
            check.run(system);
        } catch (CertificateException bySystem) {
            try {
                check.run(extra);
            } catch (CertificateException byExtra) {
                bySystem.addSuppressed(byExtra);
                throw bySystem;
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        either(tm -> tm.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        either(tm -> tm.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        either(tm -> tm.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        either(tm -> tm.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        either(tm -> tm.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        either(tm -> tm.checkClientTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] a = system.getAcceptedIssuers();
        X509Certificate[] b = extra.getAcceptedIssuers();
        X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
