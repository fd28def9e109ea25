package io.taxiride.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.ChildApplication;
import io.taxiride.DriverClient;
import io.taxiride.RideClient;
import io.taxiride.TaxiRideApplication;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.DriverStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The admission of new calls with two instances on one PostgreSQL database, where each instance handles the commands
 * it is sent: a call admitted by one instance may leave dispatch on the other (here the passenger's cancel goes to
 * the other one), and the admitting instance must see it leave, or its place stays taken until max-hold.
 */
class TwoInstancesAdmissionTest {

    private static final Position PICKUP = new Position(37.5665, 126.9780);
    private static final String CALL = """
            {"userName":"Admission","distance":5,"pickup":{"lat":%s,"lon":%s}}""".formatted(PICKUP.lat(), PICKUP.lon());

    /** Kept after the run (not a temporary folder), so a failure can be read in the instances' own logs. */
    private final Path logs = Path.of("target", "two-instances-admission-" + System.currentTimeMillis());
    private final List<ChildApplication> instances = new ArrayList<>();
    private final String databaseUrl = EmbeddedPostgresServer.newDatabase("two_instances_admission");

    @AfterEach
    void stopEverything() {
        instances.forEach(ChildApplication::close);
    }

    @Test
    void aCallAdmittedByOneInstanceThatLeavesDispatchOnTheOtherGivesItsPlaceBack() throws Exception {
        ChildApplication admitting = launch("admitting");
        ChildApplication other = launch("other");
        admitting.awaitUp();
        other.awaitUp();
        DriverClient driver = new DriverClient(admitting.http());
        driver.register("admission-driver", "Admission Driver", "33-3333");
        assertThat(driver.goOnline("admission-driver", PICKUP).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        driver.awaitStatus("admission-driver", DriverStatus.AVAILABLE);

        // The one place of the admitting instance: a call offered to the driver, who does not answer yet.
        RideClient onAdmitting = admitting.rides();
        String held = onAdmitting.placeCallAt("admission-passenger", "5", PICKUP);
        assertThat(driver.awaitStatus("admission-driver", DriverStatus.OFFERED).offer().callId()).isEqualTo(held);
        ResponseEntity<Map> refused = onAdmitting.placeCallJson("admission-passenger", CALL);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getBody()).containsEntry("code", "OVERLOADED");

        // The passenger cancels through the other instance: the Call's end is published there, not here.
        assertThat(other.rides().cancel(held)).isEqualTo(HttpStatus.ACCEPTED);
        onAdmitting.awaitView(held, view -> view.status() == CallStatus.CANCELLED);

        await("the admitting instance takes a new call").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> onAdmitting.placeCallJson("admission-passenger-2", CALL).getStatusCode(),
                       status -> status == HttpStatus.CREATED);
    }

    private ChildApplication launch(String name) throws Exception {
        ChildApplication instance = ChildApplication.launch(name, TaxiRideApplication.class, "384m",
                EmbeddedPostgresServer.instanceArguments(databaseUrl,
                // One place, held for as long as the test runs unless the call's end is seen.
                "--taxiride.admission.rides-in-dispatch=1",
                "--taxiride.admission.platform-time=0",
                "--taxiride.admission.max-hold=10m",
                "--taxiride.dispatch.offer-timeout=5m"), logs);
        instances.add(instance);
        return instance;
    }
}
