package io.taxiride.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.springframework.test.util.ReflectionTestUtils;

/**
 * For tests that start a context under the Axon Server profile with no Axon Server running: an address where
 * nothing listens, and a look at what a context registered on its local buses.
 */
public final class AxonServerAbsent {

    private AxonServerAbsent() {
    }

    /** A loopback address with a port nobody listens on: the connector keeps trying in the background. */
    public static String nowhere() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Axon offers no accessor for a local bus's subscriptions; the field is what the server is told about. */
    @SuppressWarnings("unchecked")
    public static Map<String, ?> subscriptions(Object localBus) {
        return (Map<String, ?>) ReflectionTestUtils.getField(localBus, "subscriptions");
    }
}
