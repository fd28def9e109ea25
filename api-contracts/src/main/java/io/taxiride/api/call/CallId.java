package io.taxiride.api.call;

import java.util.Objects;
import java.util.UUID;

/** Identifies a call; {@code toString()} is the raw value because aggregate ids and saga associations are strings. */
public record CallId(String value) {

    public CallId {
        Objects.requireNonNull(value, "value");
    }

    public static CallId create() {
        return new CallId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
