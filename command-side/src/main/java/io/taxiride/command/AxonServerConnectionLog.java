package io.taxiride.command;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Logs the connection to Axon Server once when it is lost and once when it is back. The connector itself logs every
 * reconnect attempt (every 2 s) at INFO and WARN; the configuration turns those down to ERROR in favour of this.
 */
class AxonServerConnectionLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AxonServerConnectionLog.class);

    private final AxonServerConnectionManager connections;
    private final AxonServerConfiguration configuration;
    private ScheduledExecutorService checks;
    private volatile boolean connected = true;

    AxonServerConnectionLog(AxonServerConnectionManager connections, AxonServerConfiguration configuration) {
        this.connections = connections;
        this.configuration = configuration;
    }

    @Override
    public synchronized void start() {
        checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "axonserver-connection-log");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    void check() {
        boolean now = connections.isConnected(connections.getDefaultContext());
        if (now == connected) {
            return;
        }
        connected = now;
        if (now) {
            log.info("Axon Server connection back ({}): commands and events flow again", configuration.getServers());
        } else {
            log.warn("Axon Server connection lost ({}): commands are answered 503 and event processing waits until "
                             + "it is back; the connector keeps reconnecting", configuration.getServers());
        }
    }

    @Override
    public synchronized void stop() {
        if (checks != null) {
            checks.shutdownNow();
            checks = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checks != null;
    }
}
