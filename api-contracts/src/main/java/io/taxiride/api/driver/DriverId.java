package io.taxiride.api.driver;

import java.util.Objects;
import java.util.UUID;

/** Identifies a driver; {@code toString()} is the raw value because aggregate ids are strings. */
public record DriverId(String value) {

    public DriverId {
        Objects.requireNonNull(value, "value");
    }

    public static DriverId create() {
        return new DriverId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
