package dev.nioserve.files;

/** A path the files layer will not serve, and the {@link Refusal} that says why. No stack trace: it is routine. */
public final class FileRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final Refusal refusal;

    public FileRefusal(Refusal refusal) {
        super(refusal.phrase(), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
