package dev.gantry.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a registry that counts every byte the client sends
 * upstream and, once, drops the connection carrying byte number {@code cutAt} (as a flaky
 * network would in the middle of an upload's request body).
 */
final class UploadCuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final long cutAt;
    private final AtomicBoolean cut = new AtomicBoolean();
    final AtomicLong upstreamBytes = new AtomicLong();

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
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (counted) {
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
