package io.taxiride.api.view;

import java.time.Instant;

/**
 * One event of a ride: when, which ({@code CallPlacedEvent}, ...), and its actor: a passenger's or driver's id with
 * PASSENGER or DRIVER, an operator's with OPERATOR, {@code platform} with PLATFORM for the platform's own steps (the
 * saga, dispatch, deadlines). An event stored before events named their actor has a null actorId and the role UNKNOWN.
 */
public record RideStep(Instant at, String event, String actorId, String actorRole) {

    public static final String UNKNOWN_ROLE = "UNKNOWN";
}
