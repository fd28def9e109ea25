package io.taxiride.command.call;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Fare in whole won: a base fare plus a rate per km of the requested distance, rounded half up to the won. */
public record FareSchedule(long baseFare, long perKm) {

    public long fareFor(BigDecimal distanceKm) {
        long distancePart = distanceKm.multiply(BigDecimal.valueOf(perKm))
                                      .setScale(0, RoundingMode.HALF_UP)
                                      .longValueExact();
        return Math.addExact(baseFare, distancePart);
    }
}
