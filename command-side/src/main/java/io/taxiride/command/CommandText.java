package io.taxiride.command;

import io.taxiride.api.ErrorCode;

import java.util.regex.Pattern;

/**
 * What free text in a command may hold (names, places, taxi numbers), checked by the aggregates and, with the same
 * pattern, by the REST edge's bean validation.
 * <p>
 * No control characters (Unicode category Cc: NUL, line breaks, tabs, terminal escapes) and no unpaired surrogate
 * halves: they are never part of a name or a place, and PostgreSQL refuses a NUL in a text column, so a name holding
 * one would be stored as an event and then fail every projection that writes it (the ride's view, the driver's view,
 * the timeline), on every replay too.
 */
public final class CommandText {

    /** For {@code @Pattern}: no control character and no unpaired surrogate anywhere in the text. */
    public static final String PRINTABLE = "[^\\p{Cc}\\p{Cs}]*";
    public static final String PRINTABLE_MESSAGE = "must not contain control characters";

    private static final Pattern PRINTABLE_TEXT = Pattern.compile(PRINTABLE);

    private CommandText() {
    }

    /** Text that must be there: not blank, at most {@code maxLength} characters, printable. */
    public static void requireText(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST, name + " must not be blank");
        }
        requireOptionalText(value, name, maxLength);
    }

    /** Text that may be left out (null); when given, at most {@code maxLength} characters, printable. */
    public static void requireOptionalText(String value, String name, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST,
                                              name + " must be at most " + maxLength + " characters");
        }
        if (!PRINTABLE_TEXT.matcher(value).matches()) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST, name + " " + PRINTABLE_MESSAGE);
        }
    }
}
