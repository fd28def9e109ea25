package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.PaymentStatus;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpStatus;

/**
 * Runs the all-in-one as its own process on an H2 file database, kills it with SIGKILL while rides are in flight,
 * starts it again on the same files, and checks that nothing accepted was lost and unfinished sagas carry on.
 */
class KillAndRestartTest {

    @TempDir
    Path dataDir;

    private Process app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.destroyForcibly();
        }
    }

    @Test
    void everyAcceptedCallSurvivesAKillAndItsRideCarriesOn() throws Exception {
        try {
            killAndRestart();
        } catch (Exception | AssertionError failure) {
            // The application's log lives in the temporary directory, which goes with the test: show it here.
            Path log = dataDir.resolve("app.log");
            if (Files.exists(log)) {
                System.out.println("--- log of the application under test (" + log + ") ---");
                System.out.println(Files.readString(log));
            }
            throw failure;
        }
    }

    private void killAndRestart() throws Exception {
        int port = freePort();
        RideClient rides = new RideClient(new TestRestTemplate(
                new RestTemplateBuilder().rootUri("http://localhost:" + port)));

        app = start(port);
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
        app.destroyForcibly().waitFor();

        app = start(port);
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

    private Process start(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), TaxiRideApplication.class.getName(),
                "--server.port=" + port, "--taxiride.data-dir=" + dataDir)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("app.log").toFile()))
                .start();
        TestRestTemplate health = new TestRestTemplate();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
               .ignoreExceptions()
               .until(() -> health.getForEntity("http://localhost:" + port + "/actuator/health", String.class)
                                  .getStatusCode().is2xxSuccessful());
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
