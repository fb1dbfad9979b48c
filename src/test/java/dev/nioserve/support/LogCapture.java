package dev.nioserve.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Keeps every WARN and ERROR the server logs, so a test can pin that a client's mistake never
 * reaches those levels. One instance for the test JVM, attached to the root logger.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {
    private static final LogCapture INSTANCE = attach();

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    private static LogCapture attach() {
        LogCapture capture = new LogCapture();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
        return capture;
    }

    public static LogCapture instance() {
        return INSTANCE;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            events.add(event);
        }
    }

    /** Forgets what was logged so far. */
    public void clear() {
        events.clear();
    }

    /** WARN and ERROR lines logged since the last clear, as "LEVEL logger: message". */
    public List<String> warnings() {
        return events.stream()
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
                .toList();
    }
}
