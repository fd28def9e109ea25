package io.taxiride.api.payment;

import java.util.Objects;
import java.util.UUID;

/** Identifies a payment; {@code toString()} is the raw value because aggregate ids and saga associations are strings. */
public record PaymentId(String value) {

    public PaymentId {
        Objects.requireNonNull(value, "value");
    }

    public static PaymentId create() {
        return new PaymentId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
