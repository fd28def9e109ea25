package io.taxiride.api.view;

import io.taxiride.api.call.CancelReason;
import io.taxiride.api.geo.Position;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One ride's status, as the call-view projection holds it. Amounts in whole won, distance in km; driverPosition is
 * where the driver was when they took the ride; offersMade counts the offers of the ride to drivers so far.
 */
public record CallView(String callId, String userId, String userName, String origin, String destination,
                       BigDecimal distance, long fare, CallStatus status, CancelReason cancelReason,
                       PaymentStatus paymentStatus, String driveId, String driverName, String taxiNum,
                       DriveStatus driveStatus, Instant createdAt, Instant updatedAt, Position pickup,
                       Position dropoff, String driverId, Position driverPosition, int offersMade) {
}
