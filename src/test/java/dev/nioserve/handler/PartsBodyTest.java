package dev.nioserve.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nioserve.http.Body;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PartsBodyTest {

    @Test
    void partsAreSentInOrderWhateverTheBufferSize() throws IOException {
        for (int size = 1; size <= 12; size++) {
            PartsBody body = new PartsBody(List.of(text("abc"), Body.EMPTY, text("de"), text("fghij")));
            assertEquals(10, body.length());
            assertEquals("abcdefghij", drain(body, size), "buffer of " + size);
        }
    }

    @Test
    void closeClosesEveryPartAndReportsTheFirstFailure() {
        AtomicInteger closed = new AtomicInteger();
        Body failing = new Body() {
            @Override
            public long length() {
                return 0;
            }

            @Override
            public int read(ByteBuffer dst) {
                return -1;
            }

            @Override
            public void close() throws IOException {
                closed.incrementAndGet();
                throw new IOException("close failed");
            }
        };
        PartsBody body = new PartsBody(List.of(failing, failing, failing));
        IOException thrown = assertThrows(IOException.class, body::close);
        assertEquals(3, closed.get());
        assertTrue(thrown.getSuppressed().length == 2);
    }

    private static Body text(String text) {
        return Body.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String drain(Body body, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(bufferSize);
        while (body.read(chunk) >= 0) {
            chunk.flip();
            out.write(chunk.array(), 0, chunk.limit());
            chunk.clear();
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
