package io.taxiride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.CallViewPage;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.DriverViewPage;
import io.taxiride.api.view.PaymentStatus;
import io.taxiride.testsupport.security.TestIssuer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

public class RideLifecycleHttpTest extends EmbeddedRideTest {

    @Test
    void aRideRunsFromCallToCompletionAndKeepsItsFare() {
        RideClient rides = rides();
        String callId = rides.placeCall("alice", "10");

        CallView assigned = rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        assertThat(assigned.fare()).isEqualTo(14_800);
        assertThat(assigned.distance()).isEqualByComparingTo(new BigDecimal("10"));
        assertThat(assigned.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(assigned.driverName()).isNotBlank();
        assertThat(assigned.taxiNum()).isNotBlank();
        assertThat(assigned.origin()).isEqualTo("Gangnam Station");

        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        rides.awaitView(callId, view -> view.status() == CallStatus.IN_PROGRESS);
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);

        CallView completed = rides.awaitView(callId, view -> view.status() == CallStatus.COMPLETED);
        assertThat(completed.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(completed.driveStatus()).isEqualTo(DriveStatus.ENDED);
        assertThat(completed.cancelReason()).isNull();
        assertThat(completed.updatedAt()).isAfter(completed.createdAt());
    }

    @Test
    void aDeclinedPaymentCancelsTheCallWithoutSendingADriver() {
        RideClient rides = rides();
        String callId = rides.placeCall("bob", DECLINED_DISTANCE);

        CallView view = rides.awaitView(callId, v -> v.status() == CallStatus.CANCELLED);
        assertThat(view.cancelReason()).isEqualTo(CancelReason.PAYMENT_DECLINED);
        assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(view.driveId()).isNull();
    }

    @Test
    void whenNoDriverIsAvailableTheFareIsRefundedAndTheCallCancelled() {
        RideClient rides = rides();
        String callId = rides.placeCall("carol", NO_DRIVER_DISTANCE);

        CallView view = rides.awaitView(callId, v -> v.status() == CallStatus.CANCELLED
                && v.paymentStatus() == PaymentStatus.REFUNDED);
        assertThat(view.cancelReason()).isEqualTo(CancelReason.NO_DRIVER);
        assertThat(view.driveStatus()).isEqualTo(DriveStatus.NOT_AVAILABLE);
    }

    @Test
    void aPassengerCancellingWhileTheChargeIsInFlightIsRefundedAndGetsNoDriver() throws Exception {
        RideClient rides = rides();
        String callId = cancelWhileHeld(rides, GatedProviders.PAYMENT, "dave", CallStatus.PLACED);

        CallView view = rides.awaitView(callId, v -> v.paymentStatus() == PaymentStatus.REFUNDED);
        assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
        assertThat(view.cancelReason()).isEqualTo(CancelReason.PASSENGER);
        assertThat(view.driveId()).isNull();
    }

    @Test
    void aPassengerCancellingBeforeTheDriverHoldsTheOfferIsRefundedAndTheDriverLetGo() throws Exception {
        RideClient rides = rides();
        String callId = cancelWhileHeld(rides, GatedProviders.DISPATCH, "erin", CallStatus.PAID);

        CallView view = rides.awaitView(callId, v -> v.paymentStatus() == PaymentStatus.REFUNDED
                && v.driveStatus() == DriveStatus.RELEASED);
        assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
        assertThat(view.cancelReason()).isEqualTo(CancelReason.PASSENGER);
        assertThat(view.offersMade()).isEqualTo(1);
        assertThat(view.driverId()).isNull();
        // The offer reached the driver after the cancel: it is withdrawn again, and nobody is left holding it.
        TestRestTemplate operator = Bearer.as(http, TestIssuer.operator());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                operator.getForObject("/drivers?status=OFFERED&size=1", DriverViewPage.class).totalItems()).isZero());
    }

    @Test
    void aPassengerCancellingAfterTheDriverIsAssignedIsRefundedAndTheDriverReleased() {
        RideClient rides = rides();
        String callId = rides.placeCall("frank", "10");
        CallView assigned = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED);

        assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.ACCEPTED);

        CallView view = rides.awaitView(callId, v -> v.paymentStatus() == PaymentStatus.REFUNDED
                && v.driveStatus() == DriveStatus.RELEASED);
        assertThat(view.status()).isEqualTo(CallStatus.CANCELLED);
        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.CONFLICT);
        assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aRideInProgressCannotBeCancelledByThePassenger() {
        RideClient rides = rides();
        String callId = rides.placeCall("grace", "3.5");
        CallView assigned = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
        rides.start(assigned.driveId());
        rides.awaitView(callId, v -> v.status() == CallStatus.IN_PROGRESS);

        assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.CONFLICT);

        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.ACCEPTED);
        CallView completed = rides.awaitView(callId, v -> v.status() == CallStatus.COMPLETED);
        assertThat(completed.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(completed.fare()).isEqualTo(8_300);
        assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.CONFLICT);
        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.CONFLICT);
        assertThat(rides.start(assigned.driveId())).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aDriveCannotEndBeforeItStarts() {
        RideClient rides = rides();
        String callId = rides.placeCall("heidi", "2");
        CallView assigned = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED);

        assertThat(rides.end(assigned.driveId())).isEqualTo(HttpStatus.CONFLICT);
        assertThat(rides.view(callId).status()).isEqualTo(CallStatus.DRIVER_ASSIGNED);
    }

    @Test
    void aPaymentProviderOutageDelaysTheRideButLosesNothing() {
        RideClient rides = rides();
        GatedProviders.PAYMENT_OUTAGES.set(2);
        String callId;
        try {
            callId = rides.placeCall("ivan", "6");

            CallView view = rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
            assertThat(GatedProviders.PAYMENT_OUTAGES.get()).isZero();
            assertThat(view.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(view.fare()).isEqualTo(10_800);
        } finally {
            GatedProviders.PAYMENT_OUTAGES.set(0);
        }
    }

    @Test
    void aPassengersRidesAreListedNewestFirstAndCanBeFilteredAndPaged() {
        RideClient rides = rides();
        String first = rides.placeCall("judy", "3");
        rides.awaitView(first, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
        String second = rides.placeCall("judy", DECLINED_DISTANCE);
        rides.awaitView(second, v -> v.status() == CallStatus.CANCELLED);
        String third = rides.placeCall("judy", "4");
        rides.awaitView(third, v -> v.status() == CallStatus.DRIVER_ASSIGNED);

        CallViewPage all = rides.views("userId=judy");
        assertThat(all.items()).extracting(CallView::callId).containsExactly(third, second, first);
        assertThat(all.totalItems()).isEqualTo(3);

        CallViewPage cancelled = rides.views("userId=judy&status=CANCELLED");
        assertThat(cancelled.items()).extracting(CallView::callId).containsExactly(second);

        CallViewPage secondPage = rides.views("userId=judy&page=1&size=2");
        assertThat(secondPage.items()).extracting(CallView::callId).containsExactly(first);
        assertThat(secondPage.totalPages()).isEqualTo(2);
        assertThat(rides.views("userId=nobody").items()).isEmpty();
    }

    @Test
    void aCallSentAgainWithTheSameIdempotencyKeyGetsTheFirstAnswerAndPlacesOneRide(@Autowired EventStore events) {
        RideClient rides = rides();
        String call = """
                {"userId":"kate","userName":"Kate","distance":7,"origin":"Gangnam Station","destination":"Seoul Station"}
                """;
        ResponseEntity<Map> first = rides.placeCallWithKey("kate", call, "kate-ride-1");
        ResponseEntity<Map> again = rides.placeCallWithKey("kate", call, "kate-ride-1");

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String callId = (String) first.getBody().get("callId");
        assertThat(again.getBody()).containsEntry("callId", callId);
        assertThat(again.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        rides.awaitView(callId, v -> v.status() == CallStatus.DRIVER_ASSIGNED);
        assertThat(rides.placeCallWithKey("kate", call.replace("7", "7.000"), "kate-ride-1").getBody())
                .containsEntry("callId", callId);

        ResponseEntity<Map> otherDetails = rides.placeCallWithKey("kate", call.replace("7", "9"), "kate-ride-1");
        assertThat(otherDetails.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(otherDetails.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(otherDetails.getBody()).containsEntry("code", "IDEMPOTENCY_KEY_REUSED");

        assertThat(rides.views("userId=kate").items()).extracting(CallView::callId).containsExactly(callId);
        assertThat(events.readEvents(callId).asStream()
                         .filter(event -> event.getPayload() instanceof CallPlacedEvent)).hasSize(1);

        ResponseEntity<Map> otherPassenger = rides.placeCallWithKey("liam", call.replace("kate", "liam"),
                                                                    "kate-ride-1");
        assertThat(otherPassenger.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(otherPassenger.getBody().get("callId")).isNotEqualTo(callId);
        ResponseEntity<Map> blankKey = rides.placeCallWithKey("kate", call, " ");
        assertThat(blankKey.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(blankKey.getBody()).containsEntry("code", "INVALID_REQUEST");
    }

    /** A client's mistake, refused without a warning or a stack trace in the log, which anyone could fill so. */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void unknownIdsAreNotFound(CapturedOutput output) {
        int logStart = output.length();
        RideClient rides = rides();
        ResponseEntity<Map> view = Bearer.as(http, TestIssuer.passenger("alice"))
                                         .getForEntity("/callViews/no-such-call", Map.class);
        assertThat(view.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(view.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(view.getBody()).containsEntry("status", 404).containsEntry("code", "CALL_NOT_FOUND");
        assertThat(rides.cancel("no-such-call")).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(rides.start("no-such-drive")).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(rides.end("no-such-drive")).isEqualTo(HttpStatus.NOT_FOUND);
        String log = output.toString().substring(logStart);
        assertThat(log.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))).isEmpty();
        assertThat(log).doesNotContain("\tat ");
    }

    /**
     * An id can be as long as a URL: the refusal repeats one of up to 255 characters whole (a token's subject, which
     * is a driver's id, may be that long) and only the start of a longer one, through the command side and the
     * query side alike.
     */
    @Test
    void aRefusalRepeatsAnOverlongIdOnlyInPart() {
        String overlong = "x".repeat(3000);
        TestRestTemplate operator = Bearer.as(http, TestIssuer.operator());
        List<ResponseEntity<Map>> answers = List.of(
                operator.getForEntity("/callViews/" + overlong, Map.class),
                operator.postForEntity("/calls/" + overlong + "/cancel", null, Map.class),
                operator.postForEntity("/drives/" + overlong + "/start", null, Map.class),
                operator.getForEntity("/drivers/" + overlong, Map.class),
                operator.getForEntity("/admin/rides/" + overlong + "/timeline", Map.class));

        for (ResponseEntity<Map> answer : answers) {
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat((String) answer.getBody().get("detail"))
                    .endsWith(" with id " + "x".repeat(64) + "… (3000 characters)");
        }
        String longestSubject = "y".repeat(255);
        ResponseEntity<Map> wholeId = operator.getForEntity("/callViews/" + longestSubject, Map.class);
        assertThat(wholeId.getBody()).containsEntry("detail", "No call with id " + longestSubject);
    }

    /** Places a call, holds its ride at the gate, and cancels it while the view shows the given status. */
    private static String cancelWhileHeld(RideClient rides, Gate gate, String userId, CallStatus heldAt)
            throws InterruptedException {
        gate.close();
        try {
            String callId = rides.placeCall(userId, "10");
            gate.awaitArrival();
            rides.awaitView(callId, v -> v.status() == heldAt);
            assertThat(rides.cancel(callId)).isEqualTo(HttpStatus.ACCEPTED);
            return callId;
        } finally {
            gate.open();
        }
    }

    /**
     * Axon's handler time limits (on by default since 4.13) interrupt a slow handler's thread, and an interrupt
     * during file I/O closes the whole H2 database: they must stay off (axon.timeout.enabled=false).
     */
    @Test
    void noHandlerTimeLimitCanInterruptAThreadOfTheDatabase(@Autowired ApplicationContext context) {
        assertThat(context.getBeansOfType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("axon.timeout.enabled")).isEqualTo("false");
    }
}
