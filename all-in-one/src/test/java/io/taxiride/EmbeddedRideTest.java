package io.taxiride;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The all-in-one on its embedded default, on a fresh H2 file database, reached over real HTTP. Test classes that
 * extend this share one application. Card limit and service limit are lowered so that a 50 km ride is declined and
 * a 40 km ride finds no driver.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.payment.card-limit=50000",
        "taxiride.drive.max-distance-km=30",
        "taxiride.saga.answer-timeout=3s"})
@Import(GatedProviders.class)
public abstract class EmbeddedRideTest {

    static final String DECLINED_DISTANCE = "50";
    static final String NO_DRIVER_DISTANCE = "40";

    @Autowired
    TestRestTemplate http;

    RideClient rides() {
        return new RideClient(http);
    }

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("taxiride-test");
        registry.add("taxiride.data-dir", dataDir::toString);
    }
}
