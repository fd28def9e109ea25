package io.taxiride.axonserver.services;

import io.taxiride.api.call.CancelReason;
import io.taxiride.api.view.CallStatus;
import io.taxiride.api.view.CallView;
import io.taxiride.api.view.DriveStatus;
import io.taxiride.api.view.PaymentStatus;
import io.taxiride.security.Actor;
import io.taxiride.testsupport.axonserver.AxonServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.axoniq.axonserver.connector.AxonServerConnectionFactory;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.event.EventStream;
import io.axoniq.axonserver.connector.impl.ServerAddress;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every event Axon Server stores, read from the start of its event stream through its gRPC API as any client would,
 * counted per ride (the call id every ride event carries) and per event type, with the actors their metadata names.
 */
final class RideEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, Integer>> counts;
    private final Map<String, CancelReason> cancelReasons;
    private final Map<String, Map<String, Set<String>>> actors;

    private RideEvents(Map<String, Map<String, Integer>> counts, Map<String, CancelReason> cancelReasons,
                       Map<String, Map<String, Set<String>>> actors) {
        this.counts = counts;
        this.cancelReasons = cancelReasons;
        this.actors = actors;
    }

    static RideEvents read(AxonServer server) throws InterruptedException {
        String[] hostAndPort = server.grpcAddress().split(":");
        AxonServerConnectionFactory factory = AxonServerConnectionFactory.forClient("taxi-ride-test-reader")
                .routingServers(new ServerAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])))
                .build();
        try {
            EventChannel events = factory.connect("default").eventChannel();
            long last = events.getLastToken().get(30, TimeUnit.SECONDS);
            Map<String, Map<String, Integer>> counts = new HashMap<>();
            Map<String, CancelReason> cancelReasons = new HashMap<>();
            Map<String, Map<String, Set<String>>> actors = new HashMap<>();
            try (EventStream stream = events.openStream(-1, 256)) {
                long token = -1;
                while (token < last) {
                    EventWithToken next = stream.nextIfAvailable(30, TimeUnit.SECONDS);
                    if (next == null) {
                        throw new IllegalStateException("Axon Server's event stream stopped at " + token + " of "
                                + last, stream.getError().orElse(null));
                    }
                    token = next.getToken();
                    String type = next.getEvent().getPayload().getType();
                    type = type.substring(type.lastIndexOf('.') + 1);
                    JsonNode payload = JSON.readTree(next.getEvent().getPayload().getData().toByteArray());
                    JsonNode callIdNode = payload.path("callId");
                    String callId = callIdNode.isObject() ? callIdNode.path("value").asText() : callIdNode.asText();
                    counts.computeIfAbsent(callId, id -> new HashMap<>()).merge(type, 1, Integer::sum);
                    actors.computeIfAbsent(callId, id -> new HashMap<>())
                          .computeIfAbsent(type, t -> new TreeSet<>()).add(actor(next.getEvent()));
                    if (type.equals("CallCancelledEvent")) {
                        cancelReasons.put(callId, CancelReason.valueOf(payload.path("reason").asText()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable event payload", e);
            }
            return new RideEvents(counts, cancelReasons, actors);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read Axon Server's event stream", e);
        } finally {
            factory.shutdown();
        }
    }

    /** The actor an event's metadata names, as {@code ROLE id}. */
    private static String actor(Event event) {
        Map<String, MetaDataValue> metaData = event.getMetaDataMap();
        return text(metaData.get(Actor.ROLE)) + " " + text(metaData.get(Actor.ID));
    }

    private static String text(MetaDataValue value) {
        return value == null ? "none" : value.getTextValue();
    }

    /** The actors, as {@code ROLE id}, that the ride's events of a type name in Axon Server's store. */
    Set<String> actorsOf(String callId, String type) {
        return actors.getOrDefault(callId, Map.of()).getOrDefault(type, Set.of());
    }

    /** Event type (simple name) → how many of that type the ride has. */
    Map<String, Integer> of(String callId) {
        return counts.getOrDefault(callId, Map.of());
    }

    int count(String callId, String type) {
        return of(callId).getOrDefault(type, 0);
    }

    /** How many calls were placed, over every ride. */
    long callsPlaced() {
        return counts.values().stream().mapToInt(types -> types.getOrDefault("CallPlacedEvent", 0)).sum();
    }

    /** A ride is offered, and its offers end, as many times as it takes to find a driver. */
    private static final Set<String> OFFERS = Set.of("CallOfferedEvent", "OfferEndedEvent", "RideOfferedEvent",
                                                     "RideOfferRefusedEvent", "OfferWithdrawnEvent",
                                                     "OfferDroppedEvent");

    /**
     * Null when the ride's view says what its events say (status, cancel reason, payment, driver) and no step of it
     * happened twice; else what is wrong.
     */
    String mismatch(String callId, CallView view) {
        Map<String, Integer> events = of(callId);
        if (events.entrySet().stream().anyMatch(type -> type.getValue() > 1 && !OFFERS.contains(type.getKey()))) {
            return callId + " has a step done twice: " + events;
        }
        if (view == null) {
            return callId + " has no call-view; its events: " + events;
        }
        CallStatus status = events.containsKey("CallCompletedEvent") ? CallStatus.COMPLETED
                : events.containsKey("CallCancelledEvent") ? CallStatus.CANCELLED
                : events.containsKey("RideBegunEvent") ? CallStatus.IN_PROGRESS
                : events.containsKey("DriveAssignedEvent") ? CallStatus.DRIVER_ASSIGNED
                : events.containsKey("FarePaidEvent") ? CallStatus.PAID
                : CallStatus.PLACED;
        PaymentStatus payment = events.containsKey("FareRefundedEvent") ? PaymentStatus.REFUNDED
                : events.containsKey("PaymentDeclinedEvent") ? PaymentStatus.DECLINED
                : events.containsKey("FarePaidEvent") ? PaymentStatus.PAID
                : null;
        DriveStatus drive = events.containsKey("DriveReleasedEvent") ? DriveStatus.RELEASED
                : events.containsKey("DriveEndedEvent") ? DriveStatus.ENDED
                : events.containsKey("DriveStartedEvent") ? DriveStatus.STARTED
                : events.containsKey("DispatchFailedEvent") ? DriveStatus.NOT_AVAILABLE
                : events.containsKey("DriveAssignedEvent") ? DriveStatus.ASSIGNED
                : events.containsKey("CallOfferedEvent")
                        ? events.containsKey("CallCancelledEvent") ? DriveStatus.RELEASED : DriveStatus.OFFERED
                : null;
        CancelReason reason = cancelReasons.get(callId);
        if (view.status() != status || view.paymentStatus() != payment || view.driveStatus() != drive
                || !Objects.equals(view.cancelReason(), reason)) {
            return callId + " shows " + view.status() + "/" + view.cancelReason() + "/" + view.paymentStatus() + "/"
                    + view.driveStatus() + " where its events say " + status + "/" + reason + "/" + payment + "/"
                    + drive + ": " + events;
        }
        return null;
    }
}
