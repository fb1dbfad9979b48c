package dev.nioserve.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagsTest {

    @Test
    void noFlagsGiveTheEmbeddedDefault() throws Exception {
        Settings settings = Flags.parse();
        assertNull(settings.host());
        assertEquals(8443, settings.port());
        assertNull(settings.root());
        assertEquals(Path.of("certs"), settings.tls().devCertDir());
        assertEquals(Settings.Timeouts.DEFAULT, settings.timeouts());
        assertEquals(Settings.Policy.DEFAULT, settings.policy());
    }

    @Test
    void valuesComeAsTheNextWordOrAfterAnEqualsSign() throws Exception {
        Settings settings = Flags.parse(
                "--host",
                "::1",
                "--port=0",
                "--root",
                "site",
                "--cert",
                "c.pem",
                "--key=k.pem",
                "--key-password",
                "pw",
                "--idle-timeout",
                "5",
                "--max-request-line=100",
                "--max-connections-per-ip",
                "7",
                "--hsts",
                "--plain-http",
                "reject",
                "--list-dirs",
                "--cache-control",
                "max-age=60");
        assertEquals("::1", settings.host());
        assertEquals(0, settings.port());
        assertEquals(Path.of("site"), settings.root());
        assertEquals(Path.of("c.pem"), settings.tls().certPem());
        assertArrayEquals("pw".toCharArray(), settings.tls().keyPassword());
        assertEquals(Duration.ofSeconds(5), settings.timeouts().idle());
        assertEquals(100, settings.limits().maxRequestLine());
        assertEquals(7, settings.connections().perAddress());
        assertEquals(Duration.ofDays(365), settings.policy().hstsMaxAge());
        assertEquals(Settings.PlainHttp.REJECT, settings.policy().plainHttp());
        assertTrue(settings.files().directoryListing());
        assertEquals("max-age=60", settings.files().cacheControl());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--port abc | --port takes a whole number, not 'abc'",
                "--port 70000 | --port must be from 0 to 65535",
                "--cert c.pem | --cert and --key go together",
                "--nope 1 | unknown flag --nope (see --help)",
                "--port | --port needs a value",
                "stray | unexpected argument 'stray' (see --help)",
                "--hsts=1 | --hsts takes no value",
                "--plain-http maybe | --plain-http takes redirect or reject, not 'maybe'",
                "--port 1 --port 2 | --port given twice",
                "--cert c --key k --keystore s | use either --cert/--key or --keystore, not both",
            })
    void unusableCommandLinesSayWhyInOneLine(String args, String message) {
        Flags.UsageException e = assertThrows(
                Flags.UsageException.class, () -> Flags.parse(args.trim().split(" ")));
        assertEquals(message.trim(), e.getMessage());
    }

    @Test
    void helpIsItsOwnOutcome() {
        assertThrows(Flags.HelpRequested.class, () -> Flags.parse("--port", "1", "--help"));
        assertTrue(Flags.USAGE.contains("--plain-http"));
    }
}
