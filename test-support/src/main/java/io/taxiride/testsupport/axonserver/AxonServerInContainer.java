package io.taxiride.testsupport.axonserver;

import java.net.URI;

import org.axonframework.test.server.AxonServerContainer;

/**
 * Testcontainers' Axon Server container, where a Docker engine runs. An outage is the container paused: its ports
 * stay mapped, so the clients find it where it was once it is unpaused.
 */
final class AxonServerInContainer implements StoppableAxonServer {

    /** The version of the Axon Server jar the tests start where there is no Docker. */
    static final String IMAGE = "axoniq/axonserver:2023.2.1";

    private final AxonServerContainer container;

    private AxonServerInContainer(AxonServerContainer container) {
        this.container = container;
    }

    static AxonServerInContainer start() {
        AxonServerContainer container = new AxonServerContainer(IMAGE).withDevMode(false);
        container.start();
        return new AxonServerInContainer(container);
    }

    @Override
    public String grpcAddress() {
        return container.getAxonServerAddress();
    }

    @Override
    public URI httpUri() {
        return URI.create("http://" + container.getHost() + ":" + container.getHttpPort());
    }

    @Override
    public void suspend() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void resume() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void stop() {
        container.stop();
    }
}
