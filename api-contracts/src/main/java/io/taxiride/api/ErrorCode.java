package io.taxiride.api;

/**
 * Why a command was refused. The code travels in the details of a {@code CommandExecutionException}, so a refusal
 * keeps its meaning when the command side runs in another process.
 */
public enum ErrorCode {
    INVALID_REQUEST(Kind.INVALID),
    CALL_NOT_FOUND(Kind.NOT_FOUND),
    DRIVE_NOT_FOUND(Kind.NOT_FOUND),
    PAYMENT_NOT_FOUND(Kind.NOT_FOUND),
    DRIVER_NOT_FOUND(Kind.NOT_FOUND),
    /** The call was never offered to this driver. */
    OFFER_NOT_FOUND(Kind.NOT_FOUND),
    CALL_NOT_CANCELLABLE(Kind.CONFLICT),
    DRIVE_WRONG_STATE(Kind.CONFLICT),
    PAYMENT_NOT_REFUNDABLE(Kind.CONFLICT),
    DUPLICATE_ID(Kind.CONFLICT),
    /** Going offline, or another change that needs a free driver, while the driver holds a drive. */
    DRIVER_ON_RIDE(Kind.CONFLICT),
    /** An offer to a driver who is not AVAILABLE (offline, holding another offer or a drive). */
    DRIVER_NOT_AVAILABLE(Kind.CONFLICT),
    /** The call is offered to, or was taken by, another driver. */
    ALREADY_DISPATCHED(Kind.CONFLICT),
    /** The driver's offer of this call was declined or ran out of time. */
    OFFER_EXPIRED(Kind.CONFLICT),
    /** The call was cancelled or completed: nothing to accept or decline any more. */
    CALL_NOT_OPEN(Kind.CONFLICT),
    /** An {@code Idempotency-Key} the passenger already used for a call with other details. */
    IDEMPOTENCY_KEY_REUSED(Kind.CONFLICT),
    /** The aggregate changed at the same moment, and went on changing through every retry: send it again. */
    CONCURRENT_CHANGE(Kind.CONFLICT),
    /**
     * The driver is registered, but the driver-view does not show them yet (it is behind the Driver's events, as right
     * after registering or during a replay): a position report was not written; send the next one.
     */
    DRIVER_VIEW_BEHIND(Kind.UNAVAILABLE);

    /** {@code UNAVAILABLE}: nothing was changed, and the same request may succeed a moment later. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAVAILABLE }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The detail of this refusal for an id that names nothing: "No call with id c-1". The id is what the client
     * sent, up to the 8 KB a URL may hold. One of up to 255 characters is repeated whole: the platform's own ids are
     * 36-character UUIDs, a driver's is their token's subject, which OpenID Connect bounds at 255. A longer one names
     * nothing that can exist; the detail repeats its first 64 characters and says how long it was.
     */
    public String unknownId(Object id) {
        String noun = switch (this) {
            case CALL_NOT_FOUND -> "call";
            case DRIVE_NOT_FOUND -> "drive";
            case PAYMENT_NOT_FOUND -> "payment";
            case DRIVER_NOT_FOUND -> "driver";
            default -> throw new IllegalArgumentException(this + " is not the code of an unknown id");
        };
        String shown = String.valueOf(id);
        if (shown.length() > 255) {
            shown = shown.substring(0, 64) + "… (" + shown.length() + " characters)";
        }
        return "No " + noun + " with id " + shown;
    }
}
