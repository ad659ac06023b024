package dev.gantry.testing;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A CA and a server certificate for 127.0.0.1 (IP SAN) signed by it, made with openssl in a test's directory. */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey) {
    public static TestCertificates make(Path dir) throws IOException {
        PeerTools.assumeInstalled("openssl");
        Path d = Files.createDirectories(dir.resolve("certs"));
        Path caKey = d.resolve("ca.key");
        Path caCert = d.resolve("ca.crt");
        Path key = d.resolve("server.key");
        Path csr = d.resolve("server.csr");
        Path cert = d.resolve("server.crt");
        Path ext = d.resolve("server.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        PeerTools.run(d, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=Gantry Test CA", "-keyout", caKey.toString(), "-out", caCert.toString());
        PeerTools.run(d, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", key.toString(), "-out", csr.toString());
        PeerTools.run(d, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", cert.toString());
        return new TestCertificates(caCert, cert, key);
    }
}
