package io.taxiride.command.call;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.BeginRideCommand;
import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.CompleteCallCommand;
import io.taxiride.api.call.PlaceCallCommand;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.command.CommandRefusedException;

import java.math.BigDecimal;
import java.util.Objects;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A passenger's call for a taxi: open until the ride begins or the call is cancelled. The call is the one place that
 * decides between "cancelled" and "under way", so a cancel racing the driver's start has exactly one winner.
 * Commands from the saga are idempotent: a step that is already done, or overtaken by a cancel, changes nothing. So is
 * placing it: a passenger's request sent again with the same {@code Idempotency-Key} names the same call, and finds it
 * placed already.
 */
@Aggregate(cache = "aggregateCache")
class Call {

    static final BigDecimal MAX_DISTANCE_KM = new BigDecimal("1000");

    enum Stage { OPEN, IN_PROGRESS, COMPLETED, CANCELLED }

    @AggregateIdentifier
    private CallId callId;
    private Stage stage;
    private PlaceCallCommand placedBy;

    protected Call() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(PlaceCallCommand command, FareSchedule fares) {
        if (placedBy != null) {
            if (!sameRequest(placedBy, command)) {
                throw new CommandRefusedException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Call " + callId
                        + " was placed with this Idempotency-Key and other details: use a new key for a new call");
            }
            return;
        }
        requireText(command.userId(), "userId", 64);
        requireText(command.userName(), "userName", 100);
        requireLength(command.origin(), "origin", 200);
        requireLength(command.destination(), "destination", 200);
        BigDecimal distance = command.distance();
        if (distance == null || distance.signum() <= 0 || distance.compareTo(MAX_DISTANCE_KM) > 0
                || distance.stripTrailingZeros().scale() > 3) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST, "distance must be more than 0 and at most "
                    + MAX_DISTANCE_KM + " km, to the metre");
        }
        apply(new CallPlacedEvent(command.callId(), command.userId(), command.userName(), distance,
                                  command.origin(), command.destination(), fares.fareFor(distance)));
    }

    @CommandHandler
    void handle(CancelCallCommand command) {
        if (stage == Stage.OPEN) {
            apply(new CallCancelledEvent(callId, command.reason()));
        } else if (command.reason() == CancelReason.PASSENGER) {
            throw new CommandRefusedException(ErrorCode.CALL_NOT_CANCELLABLE, "Call " + callId + " is " + describe());
        }
    }

    @CommandHandler
    void handle(BeginRideCommand command) {
        if (stage == Stage.OPEN) {
            apply(new RideBegunEvent(callId, command.driveId()));
        }
    }

    @CommandHandler
    void handle(CompleteCallCommand command) {
        if (stage == Stage.OPEN || stage == Stage.IN_PROGRESS) {
            apply(new CallCompletedEvent(callId, command.driveId()));
        }
    }

    @EventSourcingHandler
    void on(CallPlacedEvent event) {
        callId = event.callId();
        stage = Stage.OPEN;
        placedBy = new PlaceCallCommand(event.callId(), event.userId(), event.userName(), event.distance(),
                                        event.origin(), event.destination());
    }

    @EventSourcingHandler
    void on(RideBegunEvent event) {
        stage = Stage.IN_PROGRESS;
    }

    @EventSourcingHandler
    void on(CallCompletedEvent event) {
        stage = Stage.COMPLETED;
    }

    @EventSourcingHandler
    void on(CallCancelledEvent event) {
        stage = Stage.CANCELLED;
    }

    private static boolean sameRequest(PlaceCallCommand placed, PlaceCallCommand again) {
        return placed.userId().equals(again.userId()) && placed.userName().equals(again.userName())
                && again.distance() != null && placed.distance().compareTo(again.distance()) == 0
                && Objects.equals(placed.origin(), again.origin())
                && Objects.equals(placed.destination(), again.destination());
    }

    private String describe() {
        return switch (stage) {
            case IN_PROGRESS -> "in progress: only the driver can end it now";
            case COMPLETED -> "already completed";
            case CANCELLED -> "already cancelled";
            case OPEN -> "open";
        };
    }

    private static void requireText(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST, name + " must not be blank");
        }
        requireLength(value, name, maxLength);
    }

    private static void requireLength(String value, String name, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST,
                                              name + " must be at most " + maxLength + " characters");
        }
    }
}
