package io.taxiride.axonserver;

import io.taxiride.CallViewLongPollTest;

/** Every scenario of {@link CallViewLongPollTest}, on a real Axon Server. */
@AxonServerMode
class AxonServerCallViewLongPollTest extends CallViewLongPollTest {
}
