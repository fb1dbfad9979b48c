package dev.nioserve.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The answer to plain HTTP sent to the TLS port, in plain HTTP, so a person who typed http://
 * reads why nothing works instead of a TLS alert's garbage. It costs no handshake.
 */
final class PlainHttpAnswer {
    private static final String BODY = "This port speaks HTTPS: use https:// instead.\n";
    private static final byte[] USE_HTTPS = ("HTTP/1.1 400 Bad Request\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: " + BODY.length() + "\r\n"
                    + "Connection: close\r\n\r\n"
                    + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private PlainHttpAnswer() {}

    /**
     * Writes the answer once, without waiting for the socket, then shuts output. The request's
     * bytes were read already, so the close that follows sends FIN, not a reset.
     */
    static void send(SocketChannel channel, ByteBuffer request) throws IOException {
        // TODO(#4): a GET or HEAD gets a 301 to https:// built from a valid Host; --plain-http reject.
        channel.write(ByteBuffer.wrap(USE_HTTPS));
        channel.shutdownOutput();
    }
}
