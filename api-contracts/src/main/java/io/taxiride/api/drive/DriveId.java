package io.taxiride.api.drive;

import java.util.Objects;
import java.util.UUID;

/** Identifies a drive; {@code toString()} is the raw value because aggregate ids and saga associations are strings. */
public record DriveId(String value) {

    public DriveId {
        Objects.requireNonNull(value, "value");
    }

    public static DriveId create() {
        return new DriveId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
