package io.taxiride.command;

import io.taxiride.api.ErrorCode;

import org.axonframework.commandhandling.CommandExecutionException;

/** An aggregate refuses a command that is not allowed now; the code says why. */
public class CommandRefusedException extends RuntimeException {

    private final ErrorCode code;

    public CommandRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * The refusal for an id that names nothing the actor may act on. Worded the same whether nothing has that id or
     * it is someone else's, so the answer never tells another's ride or driver from one that does not exist.
     */
    public static CommandRefusedException notFound(ErrorCode code, Object id) {
        return new CommandRefusedException(code, code.unknownId(id));
    }

    public ErrorCode code() {
        return code;
    }

    /** As the command bus answers it: the code in the details, the only part that survives Axon Server. */
    public CommandExecutionException answer() {
        return new CommandExecutionException(getMessage(), this, code);
    }
}
