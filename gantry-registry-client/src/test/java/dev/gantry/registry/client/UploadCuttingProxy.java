package dev.gantry.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a registry that counts every byte the client sends
 * upstream and, once, drops the connection carrying byte number {@code cutAt} (as a flaky
 * network would in the middle of an upload's request body).
 */
final class UploadCuttingProxy implements AutoCloseable {
    private static final List<String> METHODS = List.of("HEAD", "GET", "POST", "PATCH", "PUT", "DELETE");
    private static final int CARRY = 16;
    private final ServerSocket server;
    private final int upstreamPort;
    private final long cutAt;
    private final AtomicBoolean cut = new AtomicBoolean();
    final AtomicLong upstreamBytes = new AtomicLong();
    private final List<String> methods = new CopyOnWriteArrayList<>();

    UploadCuttingProxy(int upstreamPort, long cutAt) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.cutAt = cutAt;
        Thread accept = new Thread(this::acceptLoop, "upload-cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    boolean cutMade() {
        return cut.get();
    }

    /**
     * The methods of the registry API requests the client sent through, in order: every {@code METHOD /v2/} the
     * upstream bytes held (the request lines; a random blob body matching one is out of the question).
     */
    List<String> methods() {
        return List.copyOf(methods);
    }

    /** Records the request lines that end in {@code chunk}; {@code carry} is the end of the connection's previous chunk. */
    private String recordRequestLines(String carry, byte[] buf, int n) {
        String text = carry + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        TreeMap<Integer, String> found = new TreeMap<>();
        for (String method : METHODS) {
            String line = method + " /v2/";
            for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
                if (i + line.length() > carry.length()) { // not already seen whole in the previous chunk
                    found.put(i, method);
                }
            }
        }
        methods.addAll(found.values());
        return text.substring(Math.max(0, text.length() - CARRY));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counted) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            String carry = "";
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (counted) {
                        carry = recordRequestLines(carry, buf, n);
                        long before = upstreamBytes.getAndAdd(n);
                        if (before + n >= cutAt && !cut.getAndSet(true)) {
                            int part = (int) Math.max(0, cutAt - before);
                            out.write(buf, 0, part);
                            upstreamBytes.addAndGet(part - n);
                            break;
                        }
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "upload-cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
