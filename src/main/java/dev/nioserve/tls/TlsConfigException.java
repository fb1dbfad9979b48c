package dev.nioserve.tls;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The server cannot set up TLS from what it was given. The message is one line meant for the user:
 * which file and what is wrong with it ("wrong password for key.pem"). It carries no stack trace, as
 * the fault is in the user's files rather than in the server; print {@link #getMessage()} and stop.
 */
public final class TlsConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message, null, false, false);
    }

    /** Keeps the underlying failure for a DEBUG log; the message alone must still say what is wrong. */
    TlsConfigException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** "cannot read certs/key.pem: no such file", in the words a shell would use. */
    static TlsConfigException cannotRead(Path file, IOException failure) {
        return new TlsConfigException("cannot read " + file + ": " + reason(failure), failure);
    }

    /** "cannot write certs: permission denied". */
    static TlsConfigException cannotWrite(Path file, IOException failure) {
        return new TlsConfigException("cannot write " + file + ": " + reason(failure), failure);
    }

    private static String reason(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(failure.getMessage());
    }
}
