package io.taxiride.api.view;

import java.util.List;

/** Every event of one ride in the order the event store holds them, each with who caused it. */
public record RideTimeline(String callId, List<RideStep> steps) {
}
