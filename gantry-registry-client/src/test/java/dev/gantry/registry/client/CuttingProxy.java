package dev.gantry.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a registry that drops connections: each of the first
 * {@code cuts} connections is closed once it has carried {@code cutAfter} bytes towards the
 * client, as a flaky network would mid-layer.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final long cutAfter;
    private final AtomicInteger cutsLeft;
    final AtomicInteger cutsMade = new AtomicInteger();
    /** Bytes carried from the registry to the client, over all connections. */
    final java.util.concurrent.atomic.AtomicLong bytesToClient = new java.util.concurrent.atomic.AtomicLong();

    CuttingProxy(int upstreamPort, long cutAfter, int cuts) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.cutAfter = cutAfter;
        this.cutsLeft = new AtomicInteger(cuts);
        Thread accept = new Thread(this::acceptLoop, "cutting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                boolean cut = cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                pump(client, upstream, Long.MAX_VALUE, null);
                pump(upstream, client, cut ? cutAfter : Long.MAX_VALUE, bytesToClient);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long budget, java.util.concurrent.atomic.AtomicLong counter) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            long passed = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf, 0, (int) Math.min(buf.length, Math.max(1, budget - passed)))) > 0) {
                    out.write(buf, 0, n);
                    passed += n;
                    if (counter != null) {
                        counter.addAndGet(n);
                    }
                    if (passed >= budget) {
                        cutsMade.incrementAndGet();
                        break;
                    }
                }
            } catch (IOException ignored) {
                // the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cutting-proxy-pump");
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
