package io.taxiride.axonserver;

import io.taxiride.ConcurrentRidesHttpTest;

/** Every scenario of {@link ConcurrentRidesHttpTest}, on a real Axon Server. */
@AxonServerMode
class AxonServerConcurrentRidesHttpTest extends ConcurrentRidesHttpTest {
}
