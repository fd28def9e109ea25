package io.taxiride.admission;

import static io.taxiride.DriverClient.offset;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.DriverClient;
import io.taxiride.RideClient;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.command.admission.RidesInDispatch;

import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole platform with an adaptive limit of two calls in dispatch (at most three) and a platform time of 2 s, and
 * real drivers who take longer than that to answer: their time is not the platform's, so the limit grows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "taxiride.admission.rides-in-dispatch=2",
        "taxiride.admission.min-rides-in-dispatch=1",
        "taxiride.admission.max-rides-in-dispatch=3",
        "taxiride.admission.platform-time=2s",
        "taxiride.fleet.simulated-drivers=0",
        "taxiride.dispatch.offer-timeout=120s"})
class AdaptiveAdmissionHttpTest {

    static final Position DAEJEON = new Position(36.3504, 127.3845);

    @Autowired
    TestRestTemplate http;

    @Autowired
    RidesInDispatch ridesInDispatch;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("taxiride-adaptive-admission");
        registry.add("taxiride.data-dir", dataDir::toString);
    }

    @Test
    void aDriverWhoTakesLongerThanThePlatformTimeToAcceptGrowsTheLimitForTheirTimeIsNotThePlatforms()
            throws InterruptedException {
        DriverClient drivers = new DriverClient(http);
        RideClient rides = new RideClient(http);
        String first = drivers.online("Seo Daejeon", offset(DAEJEON, 0.5, 0));
        String second = drivers.online("Yoon Daejeon", offset(DAEJEON, 0, 0.5));
        String callOne = rides.placeCallAt("adaptive-one", "5", DAEJEON);
        String callTwo = rides.placeCallAt("adaptive-two", "5", DAEJEON);
        assertThat(ridesInDispatch.ridesInDispatch()).isEqualTo(2);
        assertThat(rides.placeCallJson("adaptive-three", """
                {"userName":"Passenger","distance":5}""").getStatusCode())
                .as("the limit of two is full").isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        String offeredTo = drivers.awaitStatus(first, DriverStatus.OFFERED).offer().callId();
        drivers.awaitStatus(second, DriverStatus.OFFERED);

        Thread.sleep(3_000); // the drivers think it over, longer than the platform time
        assertThat(drivers.accept(first, offeredTo).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(offeredTo, view -> view.status() == CallStatus.DRIVER_ASSIGNED);

        assertThat(ridesInDispatch.limit()).as("grown by the accepted call, whose platform time was short")
                                           .isEqualTo(3);
        double platformMs = meters.get("taxiride.admission.platform.time").timer().max(TimeUnit.MILLISECONDS);
        assertThat(platformMs).as("the call's time in dispatch less its offer's 3 s with the driver").isLessThan(2_000);
        String otherCall = offeredTo.equals(callOne) ? callTwo : callOne;
        assertThat(drivers.accept(second, otherCall).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }
}
