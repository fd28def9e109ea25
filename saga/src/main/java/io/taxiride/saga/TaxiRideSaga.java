package io.taxiride.saga;

import static org.axonframework.modelling.saga.SagaLifecycle.associateWith;
import static org.axonframework.modelling.saga.SagaLifecycle.end;

import io.taxiride.api.call.BeginRideCommand;
import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallOfferedEvent;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.CompleteCallCommand;
import io.taxiride.api.call.DispatchCallCommand;
import io.taxiride.api.call.DispatchFailedEvent;
import io.taxiride.api.call.EndOfferCommand;
import io.taxiride.api.call.OfferAcceptedEvent;
import io.taxiride.api.call.OfferEndedEvent;
import io.taxiride.api.call.OfferOutcome;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.AssignDriveCommand;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveReleasedEvent;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.drive.ReleaseDriveCommand;
import io.taxiride.api.driver.DriverFreedEvent;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.FreeDriverCommand;
import io.taxiride.api.driver.OfferDroppedEvent;
import io.taxiride.api.driver.OfferRideCommand;
import io.taxiride.api.driver.OfferWithdrawnEvent;
import io.taxiride.api.driver.RideOfferRefusedEvent;
import io.taxiride.api.driver.RideOfferedEvent;
import io.taxiride.api.driver.RideTakenEvent;
import io.taxiride.api.driver.TakeRideCommand;
import io.taxiride.api.driver.WithdrawOfferCommand;
import io.taxiride.api.geo.Position;
import io.taxiride.api.payment.ChargeFareCommand;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.FareRefundedEvent;
import io.taxiride.api.payment.PaymentDeclinedEvent;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.api.payment.RefundFareCommand;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.callbacks.FailureLoggingCallback;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinates one ride: charge the fare; have the call dispatched; hand each offer the call makes to its driver and
 * end it when it runs out of time; give the drive to the driver who won the call; complete the call when the drive
 * ends and free the driver. When the call is cancelled, for whatever reason, it refunds a captured fare, withdraws a
 * running offer, releases a held drive and frees the driver, including answers that arrive after the cancel.
 * <p>
 * It decides nothing itself: the call picks drivers and arbitrates offers, the driver holds one offer and one drive at
 * a time, and every command from here is idempotent. A command that is not answered in time (it failed, or was lost
 * between processes) is sent again when a deadline expires. The saga ends when the ride is completed and its driver
 * free again, or fully compensated.
 */
@Saga
@ProcessingGroup(TaxiRideSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class TaxiRideSaga {

    public static final String PROCESSING_GROUP = "taxi-ride-saga";
    static final String CALL_ID = "callId";
    static final String PAYMENT_ID = "paymentId";
    static final String DRIVE_ID = "driveId";
    static final String ANSWER_OVERDUE = "answer-overdue";
    static final String OFFER_EXPIRED = "offer-expired";
    private static final Logger log = LoggerFactory.getLogger(TaxiRideSaga.class);
    private static final CommandCallback<Object, Object> LOG_FAILURES = new FailureLoggingCallback<>(log);

    enum PaymentStep { CHARGING, PAID, DECLINED, REFUNDED }

    enum DriveStep { NONE, NOT_AVAILABLE, ASSIGNED, STARTED, ENDED, RELEASED }

    private CallId callId;
    private long fare;
    private PaymentId paymentId;
    private DriveId driveId;
    private PaymentStep payment;
    private DriveStep drive = DriveStep.NONE;
    private boolean cancelled;
    private boolean completed;
    private boolean rideBegun;
    private CancelReason cancelRequested;
    private boolean refundRequested;
    private boolean releaseRequested;
    private boolean beginRequested;
    private boolean completeRequested;
    private String answerDeadline;

    /** The call was asked to find a driver (at this time), and whether it answered with an offer or a failure. */
    private Instant dispatchRequestedAt;
    private boolean dispatchAnswered;
    /** The offer running now: the driver it was made to, whether they hold it, and its deadline. */
    private OfferRideCommand offer;
    private boolean offerHeld;
    /** Offers handed to drivers whose answer (held, or refused) has not arrived yet. */
    private List<OfferRideCommand> unansweredOffers = new ArrayList<>();
    private OfferOutcome offerEndRequested;
    private String offerDeadline;
    /**
     * Drivers asked to let go of an offer of this call that ended, until they confirm. Declared a LinkedHashSet because
     * Jackson builds the declared type: a saga read back from the store is the saga that was stored, order included.
     */
    private LinkedHashSet<DriverId> withdrawing = new LinkedHashSet<>();
    /** The driver who won the call, and their side of it. */
    private DriverId driverId;
    /** Where the winner accepted, if their app said: the position the drive starts from. */
    private Position acceptedAt;
    private RideTakenEvent rideTaken;
    private boolean assignRequested;
    private boolean freeRequested;
    private boolean driverFreed;

    @StartSaga
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallPlacedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        callId = event.callId();
        fare = event.fare();
        paymentId = new PaymentId(derivedId("payment", callId));
        associateWith(PAYMENT_ID, paymentId.toString());
        payment = PaymentStep.CHARGING;
        send(commands, new ChargeFareCommand(paymentId, callId, fare));
        awaitAnswers(deadlines, timeout);
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(FarePaidEvent event, @Timestamp Instant paidAt, CommandGateway commands, DeadlineManager deadlines,
            AnswerTimeout timeout) {
        payment = PaymentStep.PAID;
        if (cancelled) {
            refund(commands);
        } else {
            driveId = new DriveId(derivedId("drive", callId));
            associateWith(DRIVE_ID, driveId.toString());
            dispatchRequestedAt = paidAt;
            send(commands, new DispatchCallCommand(callId, driveId, paidAt));
        }
        awaitAnswers(deadlines, timeout);
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentDeclinedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        payment = PaymentStep.DECLINED;
        if (cancelled) {
            endIfSettled(deadlines);
        } else {
            cancelCall(commands, CancelReason.PAYMENT_DECLINED);
            awaitAnswers(deadlines, timeout);
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(FareRefundedEvent event, DeadlineManager deadlines) {
        payment = PaymentStep.REFUNDED;
        endIfSettled(deadlines);
    }

    /** The call offered itself to a driver: the driver is to hold the offer until it expires. */
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallOfferedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        dispatchAnswered = true;
        cancelOfferDeadline(deadlines);
        offer = new OfferRideCommand(event.driverId(), callId, event.driveId(), event.pickup(), event.dropoff(),
                                     event.distance(), event.fare(), event.expiresAt());
        offerHeld = false;
        offerEndRequested = null;
        unansweredOffers.add(offer);
        send(commands, offer);
        offerDeadline = deadlines.schedule(event.expiresAt(), OFFER_EXPIRED,
                                           new OfferExpiry(callId, event.driverId()));
        awaitAnswers(deadlines, timeout);
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(RideOfferedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        answered(event.driverId());
        if (isCurrentOffer(event.driverId())) {
            offerHeld = true;
        } else if (!event.driverId().equals(driverId)) {
            // The offer ended on the call's side before the driver took hold of it: let the driver go.
            withdraw(commands, event.driverId());
            awaitAnswers(deadlines, timeout);
        }
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(RideOfferRefusedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        answered(event.driverId());
        if (isCurrentOffer(event.driverId())) {
            endOffer(commands, OfferOutcome.DRIVER_UNAVAILABLE);
            awaitAnswers(deadlines, timeout);
        } else {
            endIfSettled(deadlines);
        }
    }

    /** The driver went offline holding the offer, which counts as declining it. */
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(OfferDroppedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        withdrawing.remove(event.driverId());
        if (isCurrentOffer(event.driverId())) {
            offerHeld = false;
            endOffer(commands, OfferOutcome.DECLINED);
            awaitAnswers(deadlines, timeout);
        } else {
            endIfSettled(deadlines);
        }
    }

    @DeadlineHandler(deadlineName = OFFER_EXPIRED)
    void on(OfferExpiry expiry, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        offerDeadline = null;
        if (isCurrentOffer(expiry.driverId())) {
            endOffer(commands, OfferOutcome.EXPIRED);
            awaitAnswers(deadlines, timeout);
        }
    }

    /** The offer ended unanswered; the call has made its next offer or given up in the same step. */
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(OfferEndedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        if (isCurrentOffer(event.driverId())) {
            if (offerHeld) {
                withdraw(commands, event.driverId());
                awaitAnswers(deadlines, timeout);
            }
            clearOffer(deadlines);
        }
        endIfSettled(deadlines);
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(OfferWithdrawnEvent event, DeadlineManager deadlines) {
        withdrawing.remove(event.driverId());
        endIfSettled(deadlines);
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(OfferAcceptedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        driverId = event.driverId();
        acceptedAt = event.position();
        clearOffer(deadlines);
        send(commands, new TakeRideCommand(driverId, callId, driveId, acceptedAt));
        awaitAnswers(deadlines, timeout);
    }

    /** The winner holds the ride on their side: the drive is theirs, unless the call was cancelled meanwhile. */
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(RideTakenEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        rideTaken = event;
        if (cancelled) {
            free(commands);
        } else {
            assignRequested = true;
            send(commands, assignDrive());
        }
        awaitAnswers(deadlines, timeout);
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(DispatchFailedEvent event) {
        dispatchAnswered = true;
        drive = DriveStep.NOT_AVAILABLE;
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveAssignedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        drive = DriveStep.ASSIGNED;
        if (cancelled) {
            release(commands);
            awaitAnswers(deadlines, timeout);
        }
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveStartedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        drive = DriveStep.STARTED;
        if (cancelled) {
            release(commands);
        } else {
            beginRequested = true;
            send(commands, new BeginRideCommand(callId, driveId));
        }
        awaitAnswers(deadlines, timeout);
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveEndedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        drive = DriveStep.ENDED;
        free(commands);
        if (!cancelled) {
            completeRequested = true;
            send(commands, new CompleteCallCommand(callId, driveId));
        }
        if (!endIfSettled(deadlines)) {
            awaitAnswers(deadlines, timeout);
        }
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveReleasedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        drive = DriveStep.RELEASED;
        free(commands);
        if (!endIfSettled(deadlines)) {
            awaitAnswers(deadlines, timeout);
        }
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(DriverFreedEvent event, DeadlineManager deadlines) {
        driverFreed = true;
        endIfSettled(deadlines);
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(RideBegunEvent event) {
        rideBegun = true;
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallCancelledEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        cancelled = true;
        if (payment == PaymentStep.PAID) {
            refund(commands);
        }
        if (offer != null) {
            if (offerHeld) {
                withdraw(commands, offer.driverId());
            }
            clearOffer(deadlines);
        }
        if (drive == DriveStep.ASSIGNED || drive == DriveStep.STARTED) {
            release(commands);
        } else if (rideTaken != null && drive == DriveStep.NONE) {
            // The driver took the ride but the drive was not theirs yet: if it still becomes theirs it is released,
            // and either way the driver is free again.
            free(commands);
        }
        if (!endIfSettled(deadlines)) {
            awaitAnswers(deadlines, timeout);
        }
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallCompletedEvent event, DeadlineManager deadlines) {
        completed = true;
        endIfSettled(deadlines);
    }

    /**
     * A command sent earlier may not have been answered in time: it failed, or was lost on the way. Every command of
     * this saga is idempotent, so whatever is still unanswered is simply sent again.
     */
    @DeadlineHandler(deadlineName = ANSWER_OVERDUE)
    void on(AnswerOverdue deadline, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout,
            SagaResends resends) {
        answerDeadline = null;
        List<Object> unanswered = unansweredCommands();
        if (!unanswered.isEmpty()) {
            log.warn("Ride {}: no answer in time, sending again {}", callId, unanswered);
            unanswered.forEach(command -> {
                resends.resent(command);
                send(commands, command);
            });
            awaitAnswers(deadlines, timeout);
        }
    }

    private List<Object> unansweredCommands() {
        List<Object> unanswered = new ArrayList<>();
        if (payment == PaymentStep.CHARGING) {
            unanswered.add(new ChargeFareCommand(paymentId, callId, fare));
        }
        if (dispatchRequestedAt != null && !dispatchAnswered && !cancelled) {
            unanswered.add(new DispatchCallCommand(callId, driveId, dispatchRequestedAt));
        }
        unanswered.addAll(unansweredOffers);
        if (offer != null && offerEndRequested != null) {
            unanswered.add(new EndOfferCommand(callId, offer.driverId(), offerEndRequested, now()));
        }
        withdrawing.forEach(driver -> unanswered.add(new WithdrawOfferCommand(driver, callId)));
        if (driverId != null && rideTaken == null) {
            unanswered.add(new TakeRideCommand(driverId, callId, driveId, acceptedAt));
        }
        if (assignRequested && drive == DriveStep.NONE) {
            unanswered.add(assignDrive());
        }
        if (freeRequested && !driverFreed) {
            unanswered.add(new FreeDriverCommand(rideTaken.driverId(), callId, driveId));
        }
        if (refundRequested && payment != PaymentStep.REFUNDED) {
            unanswered.add(new RefundFareCommand(paymentId));
        }
        if (releaseRequested && drive != DriveStep.RELEASED && drive != DriveStep.ENDED) {
            unanswered.add(new ReleaseDriveCommand(driveId));
        }
        if (cancelRequested != null && !cancelled) {
            unanswered.add(new CancelCallCommand(callId, cancelRequested));
        }
        if (beginRequested && !rideBegun && !cancelled) {
            unanswered.add(new BeginRideCommand(callId, driveId));
        }
        if (completeRequested && !completed && !cancelled) {
            unanswered.add(new CompleteCallCommand(callId, driveId));
        }
        return unanswered;
    }

    private void answered(DriverId driver) {
        unansweredOffers.removeIf(sent -> sent.driverId().equals(driver));
    }

    private boolean isCurrentOffer(DriverId driver) {
        return offer != null && offer.driverId().equals(driver);
    }

    private void endOffer(CommandGateway commands, OfferOutcome outcome) {
        if (offerEndRequested == null) {
            offerEndRequested = outcome;
            send(commands, new EndOfferCommand(callId, offer.driverId(), outcome, now()));
        }
    }

    private void clearOffer(DeadlineManager deadlines) {
        offer = null;
        offerHeld = false;
        offerEndRequested = null;
        cancelOfferDeadline(deadlines);
    }

    private void withdraw(CommandGateway commands, DriverId driver) {
        if (withdrawing.add(driver)) {
            send(commands, new WithdrawOfferCommand(driver, callId));
        }
    }

    private AssignDriveCommand assignDrive() {
        return new AssignDriveCommand(driveId, callId, rideTaken.driverId(), rideTaken.driverName(),
                                      rideTaken.taxiNumber(), rideTaken.position());
    }

    private void free(CommandGateway commands) {
        if (rideTaken != null && !freeRequested) {
            freeRequested = true;
            send(commands, new FreeDriverCommand(rideTaken.driverId(), callId, driveId));
        }
    }

    private void cancelCall(CommandGateway commands, CancelReason reason) {
        cancelRequested = reason;
        send(commands, new CancelCallCommand(callId, reason));
    }

    private void refund(CommandGateway commands) {
        if (!refundRequested) {
            refundRequested = true;
            send(commands, new RefundFareCommand(paymentId));
        }
    }

    private void release(CommandGateway commands) {
        if (!releaseRequested) {
            releaseRequested = true;
            send(commands, new ReleaseDriveCommand(driveId));
        }
    }

    /**
     * One deadline per ride at a time, not one per command: each deadline is a row in the deadline store, and
     * sending a command again a little early is harmless because every command is idempotent.
     */
    private void awaitAnswers(DeadlineManager deadlines, AnswerTimeout timeout) {
        if (answerDeadline == null) {
            answerDeadline = deadlines.schedule(timeout.duration(), ANSWER_OVERDUE, new AnswerOverdue(callId));
        }
    }

    private void cancelAnswerDeadline(DeadlineManager deadlines) {
        if (answerDeadline != null) {
            deadlines.cancelSchedule(ANSWER_OVERDUE, answerDeadline);
            answerDeadline = null;
        }
    }

    private void cancelOfferDeadline(DeadlineManager deadlines) {
        if (offerDeadline != null) {
            deadlines.cancelSchedule(OFFER_EXPIRED, offerDeadline);
            offerDeadline = null;
        }
    }

    /** The payload of the answer deadline: which ride is waiting, for whoever reads the deadline store. */
    record AnswerOverdue(CallId callId) {
    }

    /** The payload of an offer's deadline: the offer of this call to this driver runs out. */
    record OfferExpiry(CallId callId, DriverId driverId) {
    }

    /**
     * Ends the saga once nothing of the ride is left to do: completed, or cancelled with the money settled; in both
     * cases with no offer running or held, no drive held, and the driver who took the ride free again.
     */
    private boolean endIfSettled(DeadlineManager deadlines) {
        boolean moneySettled = completed || payment == PaymentStep.DECLINED || payment == PaymentStep.REFUNDED;
        boolean offersSettled = offer == null && unansweredOffers.isEmpty() && withdrawing.isEmpty()
                && (driverId == null || rideTaken != null);
        boolean driveSettled = !assignRequested || drive == DriveStep.RELEASED || drive == DriveStep.ENDED;
        boolean driverSettled = rideTaken == null || driverFreed;
        if ((completed || cancelled) && moneySettled && offersSettled && driveSettled && driverSettled) {
            cancelAnswerDeadline(deadlines);
            cancelOfferDeadline(deadlines);
            end();
            return true;
        }
        return false;
    }

    /**
     * The time an offer ends at, from Axon's clock: the next offer runs from it, and tests move that clock along with
     * their deadlines.
     */
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    /**
     * A ride has one payment and one drive, so their ids follow from the call id: a step repeated after a failure
     * reaches the same aggregate, and the payment provider sees the same idempotency key.
     */
    private static String derivedId(String kind, CallId callId) {
        return UUID.nameUUIDFromBytes((kind + ":" + callId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Sends without waiting: the answer is the event it causes, and a command not answered in time is sent again when
     * the deadline expires. A failure is logged (WARN, this class's logger), a success is not: Axon's LoggingCallback
     * logs every success at INFO, four lines for every ride and 1.3 % of the CPU under load (docs/benchmarks.md,
     * "Settings and the measurements behind them").
     */
    private static void send(CommandGateway commands, Object command) {
        commands.send(command, LOG_FAILURES);
    }
}
