package io.taxiride.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.EmbeddedRideTest;
import io.taxiride.RideClient;
import io.taxiride.Timeline;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.PaymentStatus;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * Every step of a ride names who took it, as the operator's timeline shows it: the passenger who placed or cancelled
 * the call, the driver who accepted, started and ended it (here one of the simulated fleet, whose app acts with the
 * driver's identity), and the platform for everything the saga and dispatch did in between.
 */
class ActorTimelineTest extends EmbeddedRideTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Autowired
    TestRestTemplate rest;

    @Test
    void aCompletedRideShowsThePassengerTheDriverAndThePlatformEachForTheirOwnSteps() {
        RideClient rides = new RideClient(rest);
        String callId = rides.placeCall("timeline-rider", "6");
        CallView assigned = rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        String driverId = assigned.driverId();
        rides.start(assigned.driveId());
        rides.awaitView(callId, view -> view.status() == CallStatus.IN_PROGRESS);
        rides.end(assigned.driveId());
        rides.awaitView(callId, view -> view.status() == CallStatus.COMPLETED);

        Timeline timeline = Timeline.await(rest, callId, steps -> steps.has("DriverFreedEvent"), SETTLE);

        timeline.assertInOrder();
        timeline.assertActor("CallPlacedEvent", "timeline-rider", "PASSENGER");
        timeline.assertActor("OfferAcceptedEvent", driverId, "DRIVER");
        timeline.assertActor("DriveStartedEvent", driverId, "DRIVER");
        timeline.assertActor("DriveEndedEvent", driverId, "DRIVER");
        for (String platformStep : new String[] {"FarePaidEvent", "CallOfferedEvent", "RideOfferedEvent",
                "RideTakenEvent", "DriveAssignedEvent", "RideBegunEvent", "CallCompletedEvent", "DriverFreedEvent"}) {
            timeline.assertActor(platformStep, "platform", "PLATFORM");
        }
        assertThat(timeline.steps()).allSatisfy(step -> assertThat(step.actorRole()).isNotBlank());
    }

    @Test
    void aRideCancelledByItsPassengerShowsThemForTheCancelAndThePlatformForTheCompensation() {
        RideClient rides = new RideClient(rest);
        String callId = rides.placeCall("timeline-canceller", "4");
        rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        rides.cancel(callId);
        rides.awaitView(callId, view -> view.paymentStatus() == PaymentStatus.REFUNDED
                && view.driveStatus() == DriveStatus.RELEASED);

        Timeline timeline = Timeline.await(rest, callId, steps -> steps.has("DriverFreedEvent"), SETTLE);

        timeline.assertInOrder();
        timeline.assertActor("CallPlacedEvent", "timeline-canceller", "PASSENGER");
        timeline.assertActor("CallCancelledEvent", "timeline-canceller", "PASSENGER");
        timeline.assertActor("FareRefundedEvent", "platform", "PLATFORM");
        timeline.assertActor("DriveReleasedEvent", "platform", "PLATFORM");
    }

    @Test
    void aRideThePlatformCancelsShowsThePlatformForTheCancel() {
        RideClient rides = new RideClient(rest);
        String callId = rides.placeCall("timeline-declined", "50");
        rides.awaitView(callId, view -> view.status() == CallStatus.CANCELLED);

        Timeline timeline = Timeline.await(rest, callId, steps -> steps.has("CallCancelledEvent"), SETTLE);

        timeline.assertActor("CallPlacedEvent", "timeline-declined", "PASSENGER");
        timeline.assertActor("PaymentDeclinedEvent", "platform", "PLATFORM");
        timeline.assertActor("CallCancelledEvent", "platform", "PLATFORM");
    }

    @Test
    void anUnknownRideHasNoTimeline() {
        assertThat(Timeline.answer(rest, "no-such-call").getStatusCode().value()).isEqualTo(404);
        assertThat(Timeline.answer(rest, "no-such-call").getBody().path("code").asText()).isEqualTo("CALL_NOT_FOUND");
    }
}
