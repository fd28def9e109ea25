package io.taxiride.axonserver;

import io.taxiride.RideLifecycleHttpTest;

/** Every scenario of {@link RideLifecycleHttpTest}, on a real Axon Server. */
@AxonServerMode
class AxonServerRideLifecycleHttpTest extends RideLifecycleHttpTest {
}
