package io.taxiride.command.call;

import static io.taxiride.command.CommandText.requireOptionalText;
import static io.taxiride.command.CommandText.requireText;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.BeginRideCommand;
import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallOfferedEvent;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.CompleteCallCommand;
import io.taxiride.api.call.DeclineOfferCommand;
import io.taxiride.api.call.DispatchCallCommand;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.EndOfferCommand;
import io.taxiride.api.call.OfferAcceptedEvent;
import io.taxiride.api.call.OfferEndedEvent;
import io.taxiride.api.call.OfferOutcome;
import io.taxiride.api.call.PlaceCallCommand;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.dispatch.DispatchCandidate;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.geo.Position;
import io.taxiride.command.CommandRefusedException;
import io.taxiride.security.Actor;
import io.taxiride.security.Role;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A passenger's call for a taxi: open until the ride begins or the call is cancelled. The call is the one place that
 * decides between "cancelled" and "under way", so a cancel racing the driver's start has exactly one winner. It also
 * decides who drives: it offers itself to one driver at a time, and of the drivers' answers exactly one acceptance
 * wins, and none after a cancel.
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
    private long fare;
    /** Set once the call starts looking for a driver: a dispatch sent again finds it set. */
    private DriveId driveId;
    private DriverId offeredTo;
    private Instant offerExpiresAt;
    /** Every driver the call was offered to, in order; none of them is offered it again. */
    private final Set<DriverId> tried = new LinkedHashSet<>();
    /** Offers that reached their driver: the ones maxOffers counts. */
    private int offersCounted;
    /** Every offer made, those that never reached their driver too: numbers the offers, and is capped. */
    private int attempts;
    private DriverId acceptedBy;

    protected Call() {
    }

    /**
     * Answers whether this placed the call ({@code false}: the same request sent again found it placed), which the
     * admission of new calls tells apart where it cannot see the call's events at once.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(PlaceCallCommand command, FareSchedule fares) {
        if (placedBy != null) {
            if (!sameRequest(placedBy, command)) {
                throw new CommandRefusedException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Call " + callId
                        + " was placed with this Idempotency-Key and other details: use a new key for a new call");
            }
            return false;
        }
        requireText(command.userId(), "userId", 64);
        requireText(command.userName(), "userName", 100);
        requireOptionalText(command.origin(), "origin", 200);
        requireOptionalText(command.destination(), "destination", 200);
        requireValidIfPresent(command.pickup(), "pickup");
        requireValidIfPresent(command.dropoff(), "dropoff");
        BigDecimal distance = command.distance();
        if (distance == null || distance.signum() <= 0 || distance.compareTo(MAX_DISTANCE_KM) > 0
                || distance.stripTrailingZeros().scale() > 3) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST, "distance must be more than 0 and at most "
                    + MAX_DISTANCE_KM + " km, to the metre");
        }
        apply(new CallPlacedEvent(command.callId(), command.userId(), command.userName(), distance,
                                  command.origin(), command.destination(), fares.fareFor(distance),
                                  command.pickup(), command.dropoff()));
        return true;
    }

    /** A dispatch sent again, or after a cancel, changes nothing. */
    @CommandHandler
    void handle(DispatchCallCommand command, ServiceArea serviceArea, DispatchPolicy policy, DriverFinder finder) {
        if (stage != Stage.OPEN || driveId != null) {
            return;
        }
        if (!serviceArea.covers(placedBy.distance())) {
            noDriver(command.driveId(), "beyond the service limit of " + serviceArea.maxDistanceKm() + " km");
            return;
        }
        offerNext(command.driveId(), command.at(), policy, finder);
    }

    @CommandHandler
    void handle(AcceptOfferCommand command) {
        DriverId driver = command.driverId();
        if (isAcceptedBy(driver)) {
            return;
        }
        requireValidIfPresent(command.position(), "position");
        requireOfferOpenTo(driver, command.acceptedAt(), "accepted");
        apply(new OfferAcceptedEvent(callId, driveId, driver, command.position()));
    }

    @CommandHandler
    void handle(DeclineOfferCommand command, DispatchPolicy policy, DriverFinder finder) {
        DriverId driver = command.driverId();
        if (isAcceptedBy(driver)) {
            throw new CommandRefusedException(ErrorCode.ALREADY_DISPATCHED, "Call " + callId + " was accepted by "
                    + driver + ": the ride is theirs and can no longer be declined");
        }
        requireOfferOpenTo(driver, command.declinedAt(), "declined");
        apply(new OfferEndedEvent(callId, driver, OfferOutcome.DECLINED));
        offerNext(driveId, command.declinedAt(), policy, finder);
    }

    /** The saga's word that an offer ended; it is late, and changes nothing, once that offer is no longer current. */
    @CommandHandler
    void handle(EndOfferCommand command, DispatchPolicy policy, DriverFinder finder) {
        if (stage != Stage.OPEN || acceptedBy != null || !command.driverId().equals(offeredTo)) {
            return;
        }
        apply(new OfferEndedEvent(callId, command.driverId(), command.outcome()));
        offerNext(driveId, command.at(), policy, finder);
    }

    /**
     * Only the call's passenger, an operator or the platform (the saga: payment declined, no driver) may cancel it,
     * each with their own reason. Anyone else is answered as if the call did not exist, before its state is looked
     * at, so the answer tells them nothing about it. A passenger may cancel until the ride begins; an operator also
     * while it is in progress (a ride that did not happen, a driver who never ends it), which refunds the fare and
     * frees the driver as any cancellation does.
     */
    @CommandHandler
    void handle(CancelCallCommand command, MetaData metaData) {
        Actor actor = Actor.from(metaData).orElse(null);
        CancelReason reason = command.reason();
        boolean allowed = actor != null && (actor.is(Role.PLATFORM)
                || actor.is(Role.PASSENGER) && reason == CancelReason.PASSENGER
                   && actor.id().equals(placedBy.userId())
                || actor.is(Role.OPERATOR) && reason == CancelReason.OPERATOR);
        if (!allowed) {
            throw CommandRefusedException.notFound(ErrorCode.CALL_NOT_FOUND, callId);
        }
        if (stage == Stage.OPEN || stage == Stage.IN_PROGRESS && reason == CancelReason.OPERATOR) {
            apply(new CallCancelledEvent(callId, reason));
        } else if (reason == CancelReason.PASSENGER || reason == CancelReason.OPERATOR) {
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
        fare = event.fare();
        placedBy = new PlaceCallCommand(event.callId(), event.userId(), event.userName(), event.distance(),
                                        event.origin(), event.destination(), event.pickup(), event.dropoff());
    }

    @EventSourcingHandler
    void on(CallOfferedEvent event) {
        driveId = event.driveId();
        offeredTo = event.driverId();
        offerExpiresAt = event.expiresAt();
        tried.add(event.driverId());
        offersCounted++;
        attempts = event.offerNumber();
    }

    @EventSourcingHandler
    void on(OfferEndedEvent event) {
        offeredTo = null;
        offerExpiresAt = null;
        if (event.outcome() == OfferOutcome.DRIVER_UNAVAILABLE) {
            offersCounted--;
        }
    }

    @EventSourcingHandler
    void on(OfferAcceptedEvent event) {
        acceptedBy = event.driverId();
        offeredTo = null;
        offerExpiresAt = null;
    }

    @EventSourcingHandler
    void on(DispatchFailedEvent event) {
        driveId = event.driveId();
        offeredTo = null;
        offerExpiresAt = null;
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

    /** Whether the ride is this driver's and still theirs: a cancelled or completed call is no one's any more. */
    private boolean isAcceptedBy(DriverId driver) {
        return (stage == Stage.OPEN || stage == Stage.IN_PROGRESS) && driver.equals(acceptedBy);
    }

    /**
     * Refuses an answer of the driver that cannot count: the call is over, taken, offered to someone else, or this
     * driver's offer ended or ran out of time by {@code answeredAt}.
     */
    private void requireOfferOpenTo(DriverId driver, Instant answeredAt, String verb) {
        if (answeredAt == null) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST, "The time of the answer is missing");
        }
        if (stage != Stage.OPEN) {
            throw new CommandRefusedException(ErrorCode.CALL_NOT_OPEN, "Call " + callId + " is " + describe()
                    + ": its offer can no longer be " + verb);
        }
        if (acceptedBy != null) {
            throw new CommandRefusedException(ErrorCode.ALREADY_DISPATCHED,
                                              "Call " + callId + " was taken by another driver");
        }
        if (driver.equals(offeredTo)) {
            if (!answeredAt.isBefore(offerExpiresAt)) {
                throw new CommandRefusedException(ErrorCode.OFFER_EXPIRED, "The offer of call " + callId + " to "
                        + driver + " expired at " + offerExpiresAt);
            }
            return;
        }
        if (tried.contains(driver)) {
            throw new CommandRefusedException(ErrorCode.OFFER_EXPIRED,
                                              "The offer of call " + callId + " to " + driver + " has ended");
        }
        if (offeredTo != null) {
            throw new CommandRefusedException(ErrorCode.ALREADY_DISPATCHED,
                                              "Call " + callId + " is offered to another driver");
        }
        throw new CommandRefusedException(ErrorCode.OFFER_NOT_FOUND,
                                          "Call " + callId + " was never offered to driver " + driver);
    }

    /** Offers the call to the best driver not tried yet, or gives up: no one left in range, or enough offers made. */
    private void offerNext(DriveId drive, Instant at, DispatchPolicy policy, DriverFinder finder) {
        if (offersCounted >= policy.maxOffers()) {
            noDriver(drive, "no driver took the ride in " + offersCounted + " offers");
            return;
        }
        if (attempts >= policy.maxAttempts()) {
            noDriver(drive, "no driver could be reached in " + attempts + " attempts");
            return;
        }
        Position pickup = placedBy.pickup();
        List<String> excluded = new ArrayList<>(tried.size());
        tried.forEach(driver -> excluded.add(driver.value()));
        DispatchCandidate candidate = finder.find(pickup, policy.radiusKm(), excluded, 1).stream()
                                            .filter(found -> !excluded.contains(found.driverId()))
                                            .findFirst()
                                            .orElse(null);
        if (candidate == null) {
            noDriver(drive, pickup == null ? "no driver is available"
                    : "no driver is available within " + km(policy.radiusKm()) + " km of the pickup");
            return;
        }
        apply(new CallOfferedEvent(callId, drive, new DriverId(candidate.driverId()), candidate.name(),
                                   candidate.taxiNumber(), candidate.position(), pickup, placedBy.dropoff(),
                                   placedBy.distance(), fare, at.plus(policy.offerTimeout()), attempts + 1));
    }

    private void noDriver(DriveId drive, String reason) {
        apply(new DispatchFailedEvent(callId, drive, reason));
        apply(new CallCancelledEvent(callId, CancelReason.NO_DRIVER));
    }

    private static String km(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static boolean sameRequest(PlaceCallCommand placed, PlaceCallCommand again) {
        return placed.userId().equals(again.userId()) && placed.userName().equals(again.userName())
                && again.distance() != null && placed.distance().compareTo(again.distance()) == 0
                && Objects.equals(placed.origin(), again.origin())
                && Objects.equals(placed.destination(), again.destination())
                && Objects.equals(placed.pickup(), again.pickup())
                && Objects.equals(placed.dropoff(), again.dropoff());
    }

    private String describe() {
        return switch (stage) {
            case IN_PROGRESS -> "in progress: only the driver, or an operator, can end it now";
            case COMPLETED -> "already completed";
            case CANCELLED -> "already cancelled";
            case OPEN -> "open";
        };
    }

    private static void requireValidIfPresent(Position position, String name) {
        if (position != null && !position.inRange()) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST,
                                              name + " must have lat -90..90 and lon -180..180");
        }
    }
}
