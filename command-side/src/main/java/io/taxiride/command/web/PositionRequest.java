package io.taxiride.command.web;

import io.taxiride.api.geo.Position;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/** A position in a request body, in WGS84 degrees; out of range, or not a finite number, is a 400. */
public record PositionRequest(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
                              @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {

    public Position toPosition() {
        return new Position(lat, lon);
    }

    public static Position toPosition(PositionRequest request) {
        return request == null ? null : request.toPosition();
    }
}
