package io.taxiride.api;

import io.taxiride.api.call.CallId;

/**
 * Every event of a ride names its call, whichever aggregate applied it, so handlers can keep all of one ride's events
 * in order.
 */
public interface RideEvent {

    CallId callId();
}
