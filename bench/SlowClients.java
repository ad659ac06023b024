import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latency of a normal client's manifest GETs against a registry, alone and then while IDLE idle
 * connections and SLOW slowloris connections (a header byte every 200 ms, never finishing) are
 * open; for bench/slow-clients.sh, which runs it against gantry serve and docker-registry.
 *
 * <pre>java bench/SlowClients.java HOST PORT PATH REQUESTS IDLE SLOW</pre>
 *
 * Each request is a fresh keep-alive-free HTTP/1.1 GET on its own connection (a new client each
 * time, as a CI job's pulls are), timed from connect to the last byte. Prints one line per phase:
 * phase, requests, p50 ms, p99 ms, max ms, failures.
 */
public final class SlowClients {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int requests = Integer.parseInt(args[3]);
        int idle = Integer.parseInt(args[4]);
        int slow = Integer.parseInt(args[5]);
        measure("alone", host, port, path, requests / 5); // warm-up, not printed
        System.out.println(measure("alone", host, port, path, requests));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < idle; i++) {
            held.add(new Socket(host, port));
        }
        List<OutputStream> trickled = new ArrayList<>();
        for (int i = 0; i < slow; i++) {
            Socket socket = new Socket(host, port);
            held.add(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: slow\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
            trickled.add(out);
        }
        Thread trickle = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                for (OutputStream out : trickled) {
                    try {
                        out.write('a');
                        out.flush();
                    } catch (IOException dropped) {
                        // the server may close it
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        System.out.println(measure("with " + idle + " idle + " + slow + " slowloris", host, port, path, requests));
        trickle.interrupt();
        for (Socket socket : held) {
            socket.close();
        }
    }

    private static String measure(String phase, String host, int port, String path, int requests) {
        double[] millis = new double[requests];
        int failures = 0;
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/vnd.oci.image.manifest.v1+json,"
                + "application/vnd.docker.distribution.manifest.v2+json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[64 << 10];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            try (Socket socket = new Socket(host, port)) {
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(request);
                InputStream in = socket.getInputStream();
                int first = in.read(buffer);
                String head = first > 0 ? new String(buffer, 0, Math.min(first, 12), StandardCharsets.US_ASCII) : "";
                while (in.read(buffer) >= 0) {
                    // to the end of the response
                }
                if (!head.startsWith("HTTP/1.1 200")) {
                    failures++;
                }
            } catch (IOException e) {
                failures++;
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return String.format(Locale.ROOT, "%-32s %6d %8.2f %8.2f %8.2f %4d", phase, requests,
                millis[requests / 2], millis[(int) Math.ceil(requests * 0.99) - 1], millis[requests - 1], failures);
    }
}
