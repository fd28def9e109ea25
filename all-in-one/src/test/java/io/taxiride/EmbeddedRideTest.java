package io.taxiride;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The all-in-one on its embedded default, on a fresh H2 file database, reached over real HTTP. Test classes that
 * extend this share one application. Card limit and service limit are lowered so that a 50 km ride is declined and
 * a 40 km ride finds no driver. The simulated fleet is large enough for every ride of these tests to find a driver,
 * and accepts every offer at once.
 */
// Spring Boot leaves the Prometheus registry out of tests unless asked: it is part of what the operator gets.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.payment.card-limit=50000",
        "taxiride.drive.max-distance-km=30",
        "taxiride.saga.answer-timeout=3s",
        "taxiride.fleet.simulated-drivers=" + EmbeddedRideTest.FLEET,
        "taxiride.fleet.answer-delay-min=0ms",
        "taxiride.fleet.answer-delay-max=0ms",
        "taxiride.fleet.decline-rate=0"})
@Import(GatedProviders.class)
public abstract class EmbeddedRideTest {

    static final String DECLINED_DISTANCE = "50";
    static final String NO_DRIVER_DISTANCE = "40";
    static final int FLEET = 400;

    @Autowired
    TestRestTemplate http;

    RideClient rides() {
        return new RideClient(http);
    }

    /** The fleet registers and goes online after the application is up: rides wait for all of it. */
    @BeforeEach
    void awaitFleetOnline() {
        FleetOnline.await(http, FLEET);
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("taxiride-test");
        registry.add("taxiride.data-dir", dataDir::toString);
    }
}
