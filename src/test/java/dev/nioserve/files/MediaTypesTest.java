package dev.nioserve.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "index.html|text/html; charset=utf-8",
                "old.htm|text/html; charset=utf-8",
                "style.css|text/css; charset=utf-8",
                "app.js|text/javascript; charset=utf-8",
                "module.mjs|text/javascript; charset=utf-8",
                "data.json|application/json; charset=utf-8",
                "logo.svg|image/svg+xml; charset=utf-8",
                "notes.txt|text/plain; charset=utf-8",
                "feed.xml|application/xml; charset=utf-8",
                "logo.png|image/png",
                "photo.jpg|image/jpeg",
                "photo.jpeg|image/jpeg",
                "anim.gif|image/gif",
                "pic.webp|image/webp",
                "pic.avif|image/avif",
                "favicon.ico|image/x-icon",
                "font.woff|font/woff",
                "font.woff2|font/woff2",
                "paper.pdf|application/pdf",
                "module.wasm|application/wasm",
                "clip.mp4|video/mp4",
                "clip.webm|video/webm",
                "song.mp3|audio/mpeg",
                "INDEX.HTML|text/html; charset=utf-8",
                "Photo.JPG|image/jpeg",
                "archive.tar.gz|application/gzip",
                "README|application/octet-stream",
                "program.exe|application/octet-stream",
                "trailing.|application/octet-stream",
                ".bashrc|application/octet-stream",
            })
    void extensionsMapToTheirContentType(String name, String expected) {
        assertEquals(expected, MediaTypes.of(Path.of("dir", name)).value());
    }

    @Test
    void textTypesAndOnlyTextTypesCarryTheUtf8Charset() {
        for (String name : new String[] {"a.html", "a.css", "a.js", "a.mjs", "a.json", "a.svg", "a.txt", "a.xml"}) {
            MediaType type = MediaTypes.ofName(name);
            assertTrue(type.isText(), name);
            assertTrue(type.value().endsWith("; charset=utf-8"), name);
        }
        for (String name : new String[] {"a.png", "a.wasm", "a.woff2", "a.bin"}) {
            assertFalse(MediaTypes.ofName(name).value().contains("charset"), name);
        }
    }

    @Test
    void alreadyCompressedTypesAreMarkedSo() {
        assertTrue(MediaTypes.ofName("a.png").isCompressed());
        assertTrue(MediaTypes.ofName("a.woff2").isCompressed());
        assertFalse(MediaTypes.ofName("a.wasm").isCompressed());
        assertFalse(MediaTypes.ofName("a.css").isCompressed());
    }
}
