package io.taxiride.api.view;

/** Answered with the ride's {@link RideTimeline}, or null when no event of the call is known. */
public record FindRideTimelineQuery(String callId) {
}
