package io.taxiride.testsupport.axonserver;

/** An {@link AxonServer} this package started, and stops for good when its test class is done. */
interface StoppableAxonServer extends AxonServer {

    void stop();
}
