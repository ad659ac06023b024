package dev.gantry.analysis.secrets;

import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileScannerTest {
    static final SecureRandom RANDOM = new SecureRandom();
    final FileScanner scanner = new FileScanner(SecretRules.defaults(), 1 << 20);

    @TempDir
    Path dir;

    /** A random string over an alphabet, so no test secret is a constant someone could allow-list by accident. */
    static String random(String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    static String awsKeyId() {
        return "AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    }

    static String awsSecret() {
        return random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", 40);
    }

    List<SecretMatch> scan(String path, byte[] content) throws IOException {
        return scanner.scan(path, content.length, new ByteArrayInputStream(content)).matches();
    }

    List<String> rules(List<SecretMatch> matches) {
        return matches.stream().map(m -> m.rule().id()).toList();
    }

    @Test
    void findsOpenSshKeyMadeBySshKeygenAndNotItsNameTwice() throws IOException {
        PeerTools.assumeInstalled("ssh-keygen");
        PeerTools.run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id_ed25519").toString());
        List<SecretMatch> matches = scan("root/.ssh/id_ed25519", Files.readAllBytes(dir.resolve("id_ed25519")));
        assertThat(rules(matches)).containsExactly("private-key");
        assertThat(matches.getFirst().line()).isEqualTo(1);
        assertThat(scan("root/.ssh/id_ed25519.pub", Files.readAllBytes(dir.resolve("id_ed25519.pub")))).isEmpty();
    }

    @Test
    void findsRsaAndEcKeysMadeByOpenssl() throws IOException {
        PeerTools.assumeInstalled("openssl");
        PeerTools.run(dir, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.pem");
        PeerTools.run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem");
        assertThat(rules(scan("etc/ssl/private/app.key", Files.readAllBytes(dir.resolve("rsa.pem"))))).containsExactly("private-key");
        assertThat(rules(scan("srv/ec.pem", Files.readAllBytes(dir.resolve("ec.pem"))))).containsExactly("private-key");
    }

    @Test
    void reportsKeyFileByNameWhenItsContentIsUnrecognised() throws IOException {
        List<SecretMatch> matches = scan("home/u/.ssh/id_rsa", "not a PEM file\n".getBytes(StandardCharsets.UTF_8));
        assertThat(rules(matches)).containsExactly("ssh-private-key-file");
        assertThat(matches.getFirst().line()).isZero();
    }

    @Test
    void findsAwsKeyPairInDotEnvWithLineNumbers() throws IOException {
        String id = awsKeyId();
        String secret = awsSecret();
        String env = "# deploy settings\nAWS_ACCESS_KEY_ID=" + id + "\nAWS_SECRET_ACCESS_KEY=" + secret + "\nREGION=eu-west-1\n";
        List<SecretMatch> matches = scan("app/.env", env.getBytes(StandardCharsets.UTF_8));
        assertThat(matches).extracting(m -> m.rule().id() + "@" + m.line() + "=" + m.secret())
                .containsExactly("aws-access-key-id@2=" + id, "aws-secret-access-key@3=" + secret);
    }

    @Test
    void ignoresAwsDocumentationExampleKeysAndPlaceholders() throws IOException {
        String text = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
                + "DB_PASSWORD=${DB_PASSWORD}\npassword=changeme123\nAPI_TOKEN=<your-token>\n";
        assertThat(scan("app/.env", text.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void genericPasswordRuleSkipsCodeAndFindsLiterals() throws IOException {
        // lines seen in Debian's /usr/share: calls, scoped variables, paths, option lists
        String code = "let s:netrw_passwd  = substitute(a:choice,mipf,'\\3',\"\")\n"
                + "  password = gnome_keyring_find_password_sync(&schema, NULL);\n"
                + "authentication-password = /system/http_proxy/authentication_password\n"
                + "__mvncomp \"username= message= passphrase= password= scmVersion= $(x)\" \"-D\"\n"
                + "let s:netrw_passwd= s:netrw_passwd_default\n";
        assertThat(scan("usr/share/misc/code", code.getBytes(StandardCharsets.UTF_8))).isEmpty();
        String pass = random("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        String config = "[db]\nhost = db.internal\npassword = " + pass + "\nADMIN_PASSWORD=\"" + pass + "!\"\n";
        assertThat(scan("etc/app/app.ini", config.getBytes(StandardCharsets.UTF_8)))
                .extracting(m -> m.rule().id() + "@" + m.line()).containsExactly("generic-password@3", "generic-password@4");
    }

    @Test
    void findsTokensAnywhere() throws IOException {
        String gh = "ghp_" + random("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 36);
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0." + random("abcdefghijklmnop_-", 43);
        String text = "token: " + gh + "\nAuthorization: Bearer " + jwt + "\n";
        assertThat(rules(scan("usr/src/app/settings.yml", text.getBytes(StandardCharsets.UTF_8))))
                .containsExactlyInAnyOrder("github-token", "jwt");
    }

    @Test
    void findsCredentialFilesByTheirFormat() throws IOException {
        String pass = random("abcdefghijklmnopqrstuvwxyz0123456789", 20);
        assertThat(rules(scan("root/.git-credentials", ("https://bob:" + pass + "@github.com\n").getBytes(StandardCharsets.UTF_8))))
                .containsExactly("git-credentials");
        assertThat(rules(scan("root/.pgpass", ("db.local:5432:*:app:" + pass + "\n").getBytes(StandardCharsets.UTF_8))))
                .containsExactly("pgpass");
        assertThat(rules(scan("home/n/.npmrc", ("//registry.npmjs.org/:_authToken=" + pass + "\n").getBytes(StandardCharsets.UTF_8))))
                .containsExactly("npmrc-auth");
        String auth = java.util.Base64.getEncoder().encodeToString(("bob:" + pass).getBytes(StandardCharsets.UTF_8));
        assertThat(rules(scan("root/.docker/config.json", ("{\"auths\":{\"r.example\":{\"auth\":\"" + auth + "\"}}}")
                .getBytes(StandardCharsets.UTF_8)))).containsExactly("docker-config-auth");
        String kube = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: " + pass + pass + "\n";
        assertThat(rules(scan("root/.kube/config", kube.getBytes(StandardCharsets.UTF_8)))).containsExactly("kubeconfig-credentials");
    }

    @Test
    void skipsBinaryFiles() throws IOException {
        byte[] text = ("\0\0ELF AWS_ACCESS_KEY_ID=" + awsKeyId()).getBytes(StandardCharsets.UTF_8);
        FileScanner.Result result = scanner.scan("usr/bin/tool", text.length, new ByteArrayInputStream(text));
        assertThat(result.binary()).isTrue();
        assertThat(result.matches()).isEmpty();
    }

    @Test
    void scansOnlyTheFirstBytesUpToTheCap() throws IOException {
        FileScanner small = new FileScanner(SecretRules.defaults(), 4096);
        byte[] text = ("x".repeat(5000) + "\nkey=" + awsKeyId() + "\n").getBytes(StandardCharsets.UTF_8);
        FileScanner.Result result = small.scan("var/log/big.log", text.length, new ByteArrayInputStream(text));
        assertThat(result.truncated()).isTrue();
        assertThat(result.matches()).isEmpty();
        assertThat(scanner.scan("var/log/big.log", text.length, new ByteArrayInputStream(text)).matches()).hasSize(1);
    }

    @Test
    void excerptNeverShowsTheSecret() {
        String secret = awsSecret();
        String excerpt = Redaction.excerpt(secret);
        assertThat(excerpt).isEqualTo(secret.substring(0, 4) + "…(40 chars)");
        assertThat(Redaction.excerpt("hunter22")).isEqualTo("hu…(8 chars)");
        assertThat(Redaction.fingerprint(secret)).hasSize(16).isEqualTo(Redaction.fingerprint(secret + "\n"));
    }
}
