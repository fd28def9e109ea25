package io.taxiride.command.call;

import java.math.BigDecimal;

/** How far a drive may go: beyond it no driver is sent. */
public record ServiceArea(BigDecimal maxDistanceKm) {

    public boolean covers(BigDecimal distanceKm) {
        return distanceKm.compareTo(maxDistanceKm) <= 0;
    }
}
