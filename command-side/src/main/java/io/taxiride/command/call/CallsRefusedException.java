package io.taxiride.command.call;

import java.time.Duration;

/** {@link CallAdmission} refused a new call: answered 503 with the time to wait before calling again. */
public class CallsRefusedException extends RuntimeException {

    private final long retryAfterSeconds;

    CallsRefusedException(Duration retryAfter) {
        this(Math.max(1, retryAfter.plusNanos(999_999_999).toSeconds()));
    }

    private CallsRefusedException(long retryAfterSeconds) {
        super("The platform is busy with the rides it has; call again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds, at least 1, as HTTP's {@code Retry-After} takes them. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
