package io.taxiride.drivers;

import static io.taxiride.DriverClient.offset;
import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.ChildApplication;
import io.taxiride.DriverClient;
import io.taxiride.RideClient;
import io.taxiride.TaxiRideApplication;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.geo.Position;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriverStatus;
import io.taxiride.api.view.PaymentStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/**
 * The all-in-one as its own process, killed with SIGKILL while four offers are open, and started again on the same
 * files: each open offer is still there to be accepted, or still runs out, and no ride is left stuck. Four calls in
 * four towns farther apart than the dispatch radius, one driver near each, so each offer has one driver to go to.
 */
class OpenOffersKillTest {

    private static final List<Position> TOWNS = List.of(new Position(37.8813, 127.7298), new Position(37.7519, 128.8761),
                                                       new Position(36.9910, 127.9259), new Position(34.8118, 126.3922));
    private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    private ChildApplication app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyOfferOpenAtAKillIsAcceptedOrRunsOutAfterTheRestart() throws Exception {
        try {
            killWithOpenOffers();
        } catch (Exception | AssertionError failure) {
            if (app != null) {
                System.out.println("--- log of " + app + " ---");
                System.out.println(app.logTail(Integer.MAX_VALUE));
            }
            throw failure;
        }
    }

    private void killWithOpenOffers() throws Exception {
        app = ChildApplication.launch("offers", TaxiRideApplication.class, "384m",
                                      List.of("--taxiride.data-dir=" + dataDir, "--taxiride.fleet.simulated-drivers=0",
                                              "--taxiride.dispatch.offer-timeout=" + OFFER_TIMEOUT.toSeconds() + "s",
                                              "--db-scheduler.polling-interval=500ms"), dataDir);
        app.awaitUp();
        DriverClient drivers = new DriverClient(app.http());
        RideClient rides = app.rides();
        List<String> driverIds = new ArrayList<>();
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < TOWNS.size(); i++) {
            driverIds.add(drivers.online("Town driver " + i, offset(TOWNS.get(i), 1, 1)));
            callIds.add(rides.placeCallAt("town-" + i, "5", TOWNS.get(i)));
        }
        for (int i = 0; i < TOWNS.size(); i++) {
            assertThat(drivers.awaitStatus(driverIds.get(i), DriverStatus.OFFERED).offer().callId())
                    .isEqualTo(callIds.get(i));
        }
        long killedAt = System.nanoTime();
        app.kill();

        app.restart().awaitUp();
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("restarted before the offers ran out")
                                                                   .isLessThan(OFFER_TIMEOUT.minusSeconds(10));
        // The first two drivers accept the offers they still hold; the other two let theirs run out.
        for (int i = 0; i < 2; i++) {
            assertThat(drivers.view(driverIds.get(i)).status()).isEqualTo(DriverStatus.OFFERED);
            assertThat(drivers.accept(driverIds.get(i), callIds.get(i)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            CallView assigned = rides.awaitView(callIds.get(i), v -> v.status() == CallStatus.DRIVER_ASSIGNED);
            assertThat(assigned.driverId()).isEqualTo(driverIds.get(i));
            assertThat(drivers.awaitStatus(driverIds.get(i), DriverStatus.ON_RIDE).driveId())
                    .isEqualTo(assigned.driveId());
        }
        for (int i = 2; i < 4; i++) {
            CallView noDriver = rides.awaitView(callIds.get(i), v -> v.paymentStatus() == PaymentStatus.REFUNDED,
                                                OFFER_TIMEOUT.plusSeconds(30));
            assertThat(noDriver.status()).isEqualTo(CallStatus.CANCELLED);
            assertThat(noDriver.cancelReason()).isEqualTo(CancelReason.NO_DRIVER);
            assertThat(drivers.awaitStatus(driverIds.get(i), DriverStatus.AVAILABLE).offer()).isNull();
        }
    }
}
