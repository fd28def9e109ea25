package io.taxiride.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.EmbeddedRideTest;
import io.taxiride.RideClient;
import io.taxiride.api.call.CallId;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/**
 * In the postgres profile several instances share the database, and each handles the commands that reach it: the
 * driver's start may go to one instance and the end to another. A command must therefore see what the other
 * instances' commands did to its aggregate, which an aggregate kept in memory between commands would not. Here the
 * other instance is stood for by appending its event to the store directly.
 */
@PostgresMode
class PostgresAnotherInstanceTest extends EmbeddedRideTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;

    @Test
    void aDriveStartedOnAnotherInstanceCanBeEndedOnThisOne() {
        RideClient rides = new RideClient(rest);
        String callId = rides.placeCall("shared", "10");
        CallView assigned = rides.awaitView(callId, view -> view.status() == CallStatus.DRIVER_ASSIGNED);
        String driveId = assigned.driveId();

        // This instance assigned the drive a moment ago; another one now starts it.
        long last = eventStore.lastSequenceNumberFor(driveId).orElseThrow();
        eventStore.publish(new GenericDomainEventMessage<>(
                "Drive", driveId, last + 1, new DriveStartedEvent(new DriveId(driveId), new CallId(callId))));
        rides.awaitView(callId, view -> view.status() == CallStatus.IN_PROGRESS);

        assertThat(rides.end(driveId)).isEqualTo(HttpStatus.ACCEPTED);
        CallView completed = rides.awaitView(callId, view -> view.status() == CallStatus.COMPLETED);
        assertThat(completed.driveStatus()).isEqualTo(DriveStatus.ENDED);
    }
}
