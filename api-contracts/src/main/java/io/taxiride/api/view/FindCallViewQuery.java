package io.taxiride.api.view;

/** Answered with an {@code Optional<CallView>}: empty when no such call is known. */
public record FindCallViewQuery(String callId) {
}
