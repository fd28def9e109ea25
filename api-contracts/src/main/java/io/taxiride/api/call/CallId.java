package io.taxiride.api.call;

import java.nio.charset.StandardCharsets;
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

    /**
     * The call a passenger's request with this {@code Idempotency-Key} places: the same key of the same passenger
     * always names the same call, in any process and after any restart, so a repeated request cannot place a second
     * one.
     */
    public static CallId forIdempotencyKey(String userId, String idempotencyKey) {
        String name = "call\n" + userId + "\n" + idempotencyKey;
        return new CallId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
