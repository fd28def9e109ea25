package io.taxiride.command;

import io.taxiride.api.ErrorCode;

/** An aggregate refuses a command that is not allowed now; the code says why. */
public class CommandRefusedException extends RuntimeException {

    private final ErrorCode code;

    public CommandRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
