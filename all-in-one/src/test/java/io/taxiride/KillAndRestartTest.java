package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.PaymentStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

/**
 * Runs the all-in-one as its own process on an H2 file database, kills it with SIGKILL while rides are in flight,
 * starts it again on the same files, and checks that nothing accepted was lost and unfinished sagas carry on.
 */
class KillAndRestartTest {

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
    void everyAcceptedCallSurvivesAKillAndItsRideCarriesOn() throws Exception {
        try {
            killAndRestart();
        } catch (Exception | AssertionError failure) {
            // The application's log lives in the temporary directory, which goes with the test: show it here.
            if (app != null) {
                System.out.println("--- log of " + app + " ---");
                System.out.println(app.logTail(Integer.MAX_VALUE));
            }
            throw failure;
        }
    }

    private void killAndRestart() throws Exception {
        app = ChildApplication.launch("app", TaxiRideApplication.class, "384m",
                                      List.of("--taxiride.data-dir=" + dataDir,
                                              // The default fleet, answering every offer at once.
                                              "--taxiride.fleet.decline-rate=0", "--taxiride.fleet.answer-delay-max=0ms",
                                              "--taxiride.fleet.answer-delay-min=0ms"), dataDir);
        app.awaitUp();
        FleetOnline.await(app.http(), 50);
        // A start logs nothing an operator would have to look into.
        assertThat(app.logLines()).noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
        RideClient rides = app.rides();
        String started = rides.placeCall("restart-started", "8");
        String driveId = rides.awaitView(started, v -> v.status() == CallStatus.DRIVER_ASSIGNED).driveId();
        assertThat(rides.start(driveId)).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(started, v -> v.status() == CallStatus.IN_PROGRESS);
        String assigned = rides.placeCall("restart-assigned", "4");
        rides.awaitView(assigned, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
        List<String> inFlight = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inFlight.add(rides.placeCall("restart-in-flight-" + i, "12"));
        }
        app.kill();

        app.restart().awaitUp();
        for (String callId : inFlight) {
            CallView view = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
            assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(view.fare()).isEqualTo(16_800);
        }
        assertThat(rides.view(started).status()).isEqualTo(CallStatus.IN_PROGRESS);

        assertThat(rides.end(driveId)).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(rides.awaitView(started, v -> v.status() == CallStatus.COMPLETED).driveStatus())
                .isEqualTo(DriveStatus.ENDED);
        assertThat(rides.cancel(assigned)).isEqualTo(HttpStatus.ACCEPTED);
        CallView cancelled = rides.awaitView(assigned, v -> v.paymentStatus() == PaymentStatus.REFUNDED
                && v.driveStatus() == DriveStatus.RELEASED);
        assertThat(cancelled.status()).isEqualTo(CallStatus.CANCELLED);
    }
}
