package io.taxiride;

import io.taxiride.api.view.DriverViewPage;

import java.time.Duration;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Waits until the simulated fleet is registered and online (as many drivers online), as the driver-view shows it to the
 * operator.
 */
public final class FleetOnline {

    private FleetOnline() {
    }

    public static void await(TestRestTemplate queries, int drivers) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(
                () -> total(queries, "/drivers?size=1") - total(queries, "/drivers?status=OFFLINE&size=1") >= drivers);
    }

    private static long total(TestRestTemplate queries, String path) {
        ResponseEntity<DriverViewPage> page = queries.exchange(path, HttpMethod.GET,
                                                               Bearer.request(Bearer.operator()),
                                                               DriverViewPage.class);
        return page.getStatusCode().is2xxSuccessful() ? page.getBody().totalItems() : -1;
    }
}
