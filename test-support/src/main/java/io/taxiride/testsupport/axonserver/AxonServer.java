package io.taxiride.testsupport.axonserver;

import java.net.URI;

/** A real Axon Server that a test talks to: its clients' gRPC address and its HTTP API (dashboard, REST, actuator). */
public interface AxonServer {

    /** {@code host:port} for {@code axon.axonserver.servers}. */
    String grpcAddress();

    /** The base of its HTTP API, e.g. {@code http://localhost:8024}. */
    URI httpUri();

    /** Takes the server away as an outage would; its events stay and {@link #resume()} brings it back. */
    void suspend();

    /** Brings a suspended server back on the same addresses with the same events, and waits until it is healthy. */
    void resume();
}
