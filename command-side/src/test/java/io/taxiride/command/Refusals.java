package io.taxiride.command;

import io.taxiride.api.ErrorCode;

import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;

/** Matches the {@link CommandRefusedException} an aggregate throws, by its error code. */
public final class Refusals {

    private Refusals() {
    }

    public static Matcher<Object> refusedWith(ErrorCode code) {
        return Matchers.predicate(e -> e instanceof CommandRefusedException refused && refused.code() == code);
    }

    /** The refusal of an unknown id, word for word: what an actor gets for an aggregate that is not theirs. */
    public static Matcher<Object> unknown(ErrorCode code, Object id) {
        String message = CommandRefusedException.notFound(code, id).getMessage();
        return Matchers.predicate(e -> e instanceof CommandRefusedException refused && refused.code() == code
                && refused.getMessage().equals(message));
    }
}
