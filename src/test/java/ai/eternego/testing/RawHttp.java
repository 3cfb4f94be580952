package ai.eternego.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a socket, for what ordinary clients won't send: any {@code Host}, an
 * {@code Origin} of our choosing, a body larger than its {@code Content-Length} allows, chunked
 * bodies. One request per connection ({@code Connection: close}).
 */
public final class RawHttp {

    /** One answer: status, headers (names in lower case) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line; {@code Connection: close}
     * is added) then {@code body}, and reads the whole answer. A server that answers early and closes
     * while the body is still being written is fine: the answer is read anyway.
     */
    public static Answer send(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // the body goes out on its own thread while the answer is read, as a browser does: a server
            // that answers early (413) and stops reading must not leave us blocked in a write
            Thread writer = new Thread(() -> {
                try {
                    if (body != null) {
                        for (int at = 0; at < body.length; at += 65536) {
                            out.write(body, at, Math.min(65536, body.length - at));
                        }
                    }
                    out.flush();
                } catch (IOException refusedEarly) {
                    // the server answered and closed before taking the whole body
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        }
    }

    public static Answer get(int port, String path, String host, String... headers) throws IOException {
        return send(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + extra(headers), null);
    }

    /** A request with a body and its exact {@code Content-Length}. */
    public static Answer post(int port, String method, String path, String host, String contentType, byte[] body,
            String... headers) throws IOException {
        return send(port, method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + extra(headers), body);
    }

    /** A request whose body is sent chunked, without a {@code Content-Length}. */
    public static Answer postChunked(int port, String path, String host, String contentType, byte[] body,
            String... headers) throws IOException {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 8192) {
            int n = Math.min(8192, body.length - at);
            chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, at, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return send(port, "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked" + extra(headers), chunked.toByteArray());
    }

    private static String extra(String... headers) {
        StringBuilder b = new StringBuilder();
        for (String h : headers) {
            b.append("\r\n").append(h);
        }
        return b.toString();
    }

    /**
     * Reads one answer: the head, then exactly its body (Content-Length, or chunks up to the last one),
     * never waiting for the connection to close: a server that answered early (413) may keep the
     * connection open while the rest of the request is still arriving.
     */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("no HTTP answer: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    break;
                }
                out.writeBytes(in.readNBytes(n));
                line(in);
            }
            body = out.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n';) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
