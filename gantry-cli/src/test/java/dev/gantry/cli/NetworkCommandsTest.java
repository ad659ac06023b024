package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.oci.Json;
import dev.gantry.runtime.container.OciRuntime;
import dev.gantry.runtime.container.OverlayMount;
import dev.gantry.runtime.network.BridgeNetwork;
import dev.gantry.runtime.network.NetworkRules;
import dev.gantry.runtime.network.NetworkSetupException;
import dev.gantry.testing.BusyboxImages;
import dev.gantry.testing.PeerRequirement;
import dev.gantry.testing.PeerTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --network bridge|host|none} and {@code -p} for run and build, through Main with runc and the real CNI
 * plugins, on busybox images umoci made. Servers the containers reach are the test's own, on 127.0.0.1 or on the
 * bridge's gateway address; nothing goes to another address. After each test (and after a stop) nothing of a
 * container's network is left: no gantry namespace, no veth on the bridge, no iptables rule or chain for it, no
 * address lease.
 */
class NetworkCommandsTest {
    private static final BridgeNetwork NETWORK = BridgeNetwork.defaults();

    @TempDir
    Path work;

    private String store;
    private String app;
    private NetworkLeftovers before;
    private final List<HttpServer> servers = new ArrayList<>();
    private int builds;

    @BeforeEach
    void setUp() {
        PeerRequirement.require(OverlayMount.supported(), "needs root and overlayfs (mount -t overlay)");
        PeerRequirement.require(OciRuntime.available(), "needs runc or crun: apt-get install runc");
        PeerRequirement.require(PeerTools.isInstalled("ip") && PeerTools.isInstalled("iptables-save"),
                "needs ip and iptables: apt-get install iproute2 iptables");
        boolean plugins;
        try {
            NETWORK.plugin("bridge");
            NETWORK.plugin("portmap");
            plugins = true;
        } catch (NetworkSetupException e) {
            plugins = false;
        }
        PeerRequirement.require(plugins, "needs the CNI plugins: apt-get install containernetworking-plugins");
        before = NetworkLeftovers.capture();
        store = work.resolve("store").toString();
        app = "oci:" + BusyboxImages.layout(work) + ":app";
    }

    /** Whatever a test left running is removed; then the host must look as it did before the test. */
    @AfterEach
    void cleanUp() throws Exception {
        servers.forEach(server -> server.stop(0));
        if (store != null) {
            JsonNode left = Json.mapper().readTree(CliRun.of("ps", "--root", store, "--json").stdout());
            for (JsonNode c : left) {
                CliRun.of("rm", "--root", store, "-f", c.get("id").asText());
            }
        }
        if (before != null) {
            assertThat(NetworkLeftovers.capture()).isEqualTo(before);
        }
    }

    @Test
    void bridgeContainersHaveEth0AndARunStepFetchesFromTheGateway() throws Exception {
        CliRun devices = CliRun.of("run", "--root", store, "--rm", app, "cat", "/proc/net/dev");
        assertThat(devices.exitCode()).as(devices.stderr()).isZero();
        assertThat(interfaces(devices.stdout())).containsExactlyInAnyOrder("lo", "eth0");

        // The bridge exists now, with the gateway address: the test's server listens on that address only.
        AtomicInteger requests = new AtomicInteger();
        String url = serve(NETWORK.gateway(), "fetched over the bridge\n", requests);
        CliRun build = build("RUN busybox wget -q -O /fetched.txt " + url);
        assertThat(build.exitCode()).as(build.stderr()).isZero();

        assertThat(requests).hasValue(1);
        assertThat(catInImage("/fetched.txt")).isEqualTo("fetched over the bridge\n");
    }

    @Test
    void hostNetworkRunStepFetchesFromLoopbackWhichTheBridgeCannotReach() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String url = serve("127.0.0.1", "fetched on loopback\n", requests);
        String step = "RUN busybox wget -q -O /fetched.txt " + url;

        CliRun onHost = build(step, "--network", "host");
        assertThat(onHost.exitCode()).as(onHost.stderr()).isZero();
        assertThat(catInImage("/fetched.txt")).isEqualTo("fetched on loopback\n");
        CliRun perStep = build("RUN --network=host busybox wget -q -O /fetched.txt " + url);
        assertThat(perStep.exitCode()).as(perStep.stderr()).isZero();
        assertThat(requests).hasValue(2);

        CliRun onBridge = build(step);
        assertThat(onBridge.exitCode()).isEqualTo(2);
        assertThat(onBridge.stderr()).contains("RUN exited with code");
        assertThat(requests).hasValue(2);
    }

    @Test
    void aPublishedPortAnswersOnLoopbackUntilTheContainerStops() throws Exception {
        Path www = Files.createDirectories(work.resolve("www"));
        Files.writeString(www.resolve("index.html"), "published\n");
        int port = freePort();
        CliRun started = CliRun.of("run", "--root", store, "-d", "-p", "127.0.0.1:" + port + ":8080", "-v", www + ":/www:ro",
                app, "busybox", "httpd", "-f", "-p", "8080", "-h", "/www");
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        String id = started.stdout().strip();
        assertThat(CliRun.of("ps", "--root", store).stdout()).contains("127.0.0.1:" + port + "->8080/tcp");

        assertThat(getOnLoopback(port, "/index.html")).endsWith("\r\n\r\npublished\n");

        CliRun stopped = CliRun.of("stop", "--root", store, "-t", "1", id);
        assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
        // stopped, not removed: its network is gone all the same
        assertThat(NetworkLeftovers.capture()).isEqualTo(before);
        assertThat(CliRun.of("rm", "--root", store, id).exitCode()).isZero();
    }

    @Test
    void aDetachedRmContainerStopsAndTakesItsNetworkWithIt() throws Exception {
        CliRun started = CliRun.of("run", "--root", store, "-d", "--rm", "-p", "127.0.0.1:" + freePort() + ":8080", app,
                "sleep", "300");
        assertThat(started.exitCode()).as(started.stderr()).isZero();

        CliRun stopped = CliRun.of("stop", "--root", store, "-t", "1", started.stdout().strip());

        assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
        assertThat(Json.mapper().readTree(CliRun.of("ps", "--root", store, "--json").stdout())).isEmpty();
        assertThat(NetworkLeftovers.capture()).isEqualTo(before);
    }

    @Test
    void noneHasOnlyLoopbackAndCannotReachTheGateway() throws Exception {
        assertThat(CliRun.of("run", "--root", store, "--rm", app, "true").exitCode()).isZero(); // the bridge exists
        AtomicInteger requests = new AtomicInteger();
        String url = serve(NETWORK.gateway(), "reached\n", requests);

        CliRun none = CliRun.of("run", "--root", store, "--rm", "--network", "none", app, "sh", "-c",
                "cat /proc/net/dev; busybox wget -q -O- " + url);
        CliRun bridge = CliRun.of("run", "--root", store, "--rm", app, "busybox", "wget", "-q", "-O-", url);

        assertThat(interfaces(none.stdout())).containsExactly("lo");
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.stderr()).contains("Network is unreachable");
        assertThat(bridge.stdout()).isEqualTo("reached\n");
        assertThat(requests).hasValue(1);
        assertThat(CliRun.of("run", "--root", store, "--rm", "--network", "none", "-p", "8080:80", app, "true").stderr())
                .contains("--network none");
    }

    @Test
    void aMissingOrFailingPluginIsOneLineAndLeavesNothing() throws Exception {
        Path empty = Files.createDirectories(work.resolve("no-cni"));
        // A portmap that refuses, found before the real one; the real bridge and host-local run first, and
        // what they made must be undone.
        Path refusing = Files.createDirectories(work.resolve("refusing-cni"));
        Path portmap = refusing.resolve("portmap");
        Files.writeString(portmap, "#!/bin/sh\ncat >/dev/null\n"
                + "echo '{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"cannot publish\",\"details\":\"refused by the test\"}'\nexit 1\n");
        portmap.toFile().setExecutable(true);

        PeerTools.Result missing = gantry(Map.of("CNI_PATH", empty.toString()), "run", "--root", store, app, "true");
        PeerTools.Result failing = gantry(Map.of("CNI_PATH", refusing + ":" + NETWORK.plugin("bridge").getParent()), "run", "--root", store, "-p", "18099:80", app, "true");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr().lines().toList()).singleElement().asString()
                .isEqualTo("gantry: error: the CNI plugin 'bridge' is not installed (looked in " + empty
                        + "): apt-get install containernetworking-plugins, or run with --network host or --network none");
        assertThat(failing.exitCode()).isEqualTo(2);
        assertThat(failing.stderr().lines().toList()).singleElement().asString()
                .isEqualTo("gantry: error: network setup failed: CNI plugin portmap: cannot publish: refused by the test");
        assertThat(NetworkLeftovers.capture()).isEqualTo(before);
        assertThat(Json.mapper().readTree(CliRun.of("ps", "--root", store, "--json").stdout())).isEmpty();
    }

    @Test
    void aRunRefusedWhileItsNetworkIsBeingMadeLeavesNothing() throws Exception {
        // The network is made while the rootfs is stacked and the config written; the unknown user is found
        // in the middle of that, and the teardown must wait for the setup rather than race it.
        for (int i = 0; i < 3; i++) {
            CliRun refused = CliRun.of("run", "--root", store, "--rm", "-p", (18110 + i) + ":80", "--user", "ghost", app, "true");

            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr().lines().toList()).singleElement().asString().contains("ghost");
            assertThat(NetworkLeftovers.capture()).isEqualTo(before);
            assertThat(Json.mapper().readTree(CliRun.of("ps", "--root", store, "--json").stdout())).isEmpty();
        }
    }

    @Test
    void theNetworksNatAndForwardRulesAreMadeOnceAndRemadeWhenRemoved() throws Exception {
        String comment = "--comment \"" + NetworkRules.commentPrefix(NETWORK) + ": ";
        // Two runs at once (each its own JVM, as two shells), then one after a rule was taken away (as a
        // firewall reload would).
        CliRun stored = CliRun.of("run", "--root", store, "--rm", "--network", "none", app, "true"); // the runs race on the rules only
        assertThat(stored.exitCode()).as(stored.stderr()).isZero();
        PeerTools.run(work, "iptables-save").stdout().lines().filter(line -> line.contains(comment)).forEach(NetworkCommandsTest::deleteRule);
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(new ProcessBuilder(GantryJvm.command("run", "--root", store, "--rm", app, "true")).redirectErrorStream(true)
                    .redirectOutput(work.resolve("concurrent-" + i + ".log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start());
        }
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.get(i).exitValue()).as(Files.readString(work.resolve("concurrent-" + i + ".log"))).isZero();
        }
        List<String> rules = PeerTools.run(work, "iptables-save").stdout().lines().filter(line -> line.contains(comment)).toList();
        assertThat(rules).hasSize(3).doesNotHaveDuplicates();
        assertThat(rules).anySatisfy(rule -> assertThat(rule).contains("-s " + NETWORK.subnet()).contains("-j MASQUERADE"));

        deleteRule(rules.stream().filter(rule -> rule.contains("MASQUERADE")).findFirst().orElseThrow());
        CliRun again = CliRun.of("run", "--root", store, "--rm", app, "true");

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(PeerTools.run(work, "iptables-save").stdout().lines().filter(line -> line.contains(comment)).toList())
                .containsExactlyInAnyOrderElementsOf(rules);
    }

    /** Deletes a rule iptables-save printed (its table told by its target: only the masquerade is in nat). */
    private static void deleteRule(String saved) {
        List<String> delete = new ArrayList<>(List.of("iptables", "-t", saved.contains("MASQUERADE") ? "nat" : "filter"));
        delete.addAll(shellWords(saved.replaceFirst("^-A ", "-D ")));
        PeerTools.run(null, delete.toArray(String[]::new));
    }

    /** iptables-save's words: spaces separate them, double quotes hold a comment with spaces together. */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        java.util.regex.Matcher word = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words;
    }

    /** The interface names /proc/net/dev lists. */
    private static List<String> interfaces(String procNetDev) {
        return procNetDev.lines().filter(line -> line.contains(":")).map(line -> line.substring(0, line.indexOf(':')).strip())
                .toList();
    }

    /** A server for one file on {@code address} (a free port); returns the file's URL. */
    private String serve(String address, String body, AtomicInteger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/file.txt", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        servers.add(server);
        return "http://" + address + ":" + server.getAddress().getPort() + "/file.txt";
    }

    /** Builds FROM the busybox app image plus {@code step} into this test's next output image. */
    private CliRun build(String step, String... options) throws IOException {
        Path context = Files.createDirectories(work.resolve("context-" + ++builds));
        Files.writeString(context.resolve("Containerfile"), "FROM " + app + "\n" + step + "\n");
        List<String> args = new ArrayList<>(List.of("build", context.toString(), "-t", output(), "--root", store, "--no-cache"));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    private String output() {
        return "oci:" + work.resolve("out") + ":v" + builds;
    }

    /** A file of the last built image, read by a container without a network. */
    private String catInImage(String file) {
        CliRun cat = CliRun.of("run", "--root", store, "--rm", "--network", "none", output(), "cat", file);
        assertThat(cat.exitCode()).as(cat.stderr()).isZero();
        return cat.stdout();
    }

    /** A loopback port nothing listens on now. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** GET over a plain socket to 127.0.0.1, retried while the container's server is starting (up to 20 s). */
    private static String getOnLoopback(int port, String path) throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = socket.getInputStream()) {
                    String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (!response.isEmpty()) {
                        return response;
                    }
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing answered on 127.0.0.1:" + port, last);
    }

    /** gantry in a JVM of its own, with extra environment. */
    private PeerTools.Result gantry(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new PeerTools.Result(command, process.exitValue(), Files.readString(work.resolve("out.txt")),
                Files.readString(work.resolve("err.txt")));
    }
}
