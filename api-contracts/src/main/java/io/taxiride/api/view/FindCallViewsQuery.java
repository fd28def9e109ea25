package io.taxiride.api.view;

/** A page of calls, newest first; {@code userId} and {@code status} narrow it when not null. */
public record FindCallViewsQuery(String userId, CallStatus status, int page, int size) {
}
