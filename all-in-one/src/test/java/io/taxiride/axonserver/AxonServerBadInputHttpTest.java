package io.taxiride.axonserver;

import io.taxiride.BadInputHttpTest;

/** Every scenario of {@link BadInputHttpTest}, on a real Axon Server. */
@AxonServerMode
class AxonServerBadInputHttpTest extends BadInputHttpTest {
}
