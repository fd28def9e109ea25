package io.taxiride.saga;

import static org.axonframework.modelling.saga.SagaLifecycle.associateWith;
import static org.axonframework.modelling.saga.SagaLifecycle.end;

import io.taxiride.api.call.BeginRideCommand;
import io.taxiride.api.call.CallCancelledEvent;
import io.taxiride.api.call.CallCompletedEvent;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CallPlacedEvent;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.CompleteCallCommand;
import io.taxiride.api.call.RideBegunEvent;
import io.taxiride.api.drive.DriveAssignedEvent;
import io.taxiride.api.drive.DriveEndedEvent;
import io.taxiride.api.drive.DriveId;
import io.taxiride.api.drive.DriveNotAvailableEvent;
import io.taxiride.api.drive.DriveReleasedEvent;
import io.taxiride.api.drive.DriveStartedEvent;
import io.taxiride.api.drive.ReleaseDriveCommand;
import io.taxiride.api.drive.RequestDriveCommand;
import io.taxiride.api.payment.ChargeFareCommand;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.FareRefundedEvent;
import io.taxiride.api.payment.PaymentDeclinedEvent;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.api.payment.RefundFareCommand;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.callbacks.FailureLoggingCallback;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinates one ride: charge the fare, then request a drive, then complete the call when the drive ends. When the
 * call is cancelled, for whatever reason, it refunds a captured fare and releases a held driver, including answers
 * that arrive after the cancel. It decides nothing itself: every rule is in the aggregates, whose commands from here
 * are idempotent. A command that is not answered in time (it failed, or was lost between processes) is sent again
 * when a deadline expires. It ends when the ride is completed or fully compensated.
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
    private static final Logger log = LoggerFactory.getLogger(TaxiRideSaga.class);
    private static final CommandCallback<Object, Object> LOG_FAILURES = new FailureLoggingCallback<>(log);

    enum PaymentStep { CHARGING, PAID, DECLINED, REFUNDED }

    enum DriveStep { NONE, REQUESTED, ASSIGNED, NOT_AVAILABLE, STARTED, ENDED, RELEASED }

    private CallId callId;
    private BigDecimal distance;
    private long fare;
    private PaymentId paymentId;
    private DriveId driveId;
    private PaymentStep payment;
    private DriveStep drive = DriveStep.NONE;
    private boolean cancelled;
    private boolean rideBegun;
    private CancelReason cancelRequested;
    private boolean refundRequested;
    private boolean releaseRequested;
    private boolean beginRequested;
    private boolean completeRequested;
    private String answerDeadline;

    @StartSaga
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallPlacedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        callId = event.callId();
        distance = event.distance();
        fare = event.fare();
        paymentId = new PaymentId(derivedId("payment", callId));
        associateWith(PAYMENT_ID, paymentId.toString());
        payment = PaymentStep.CHARGING;
        send(commands, new ChargeFareCommand(paymentId, callId, fare));
        awaitAnswers(deadlines, timeout);
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(FarePaidEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        payment = PaymentStep.PAID;
        if (cancelled) {
            refund(commands);
        } else {
            driveId = new DriveId(derivedId("drive", callId));
            associateWith(DRIVE_ID, driveId.toString());
            drive = DriveStep.REQUESTED;
            send(commands, new RequestDriveCommand(driveId, callId, distance));
        }
        awaitAnswers(deadlines, timeout);
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentDeclinedEvent event, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        payment = PaymentStep.DECLINED;
        if (cancelled) {
            endIfCompensated(deadlines);
        } else {
            cancelCall(commands, CancelReason.PAYMENT_DECLINED);
            awaitAnswers(deadlines, timeout);
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(FareRefundedEvent event, DeadlineManager deadlines) {
        payment = PaymentStep.REFUNDED;
        endIfCompensated(deadlines);
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
    void on(DriveNotAvailableEvent event, CommandGateway commands, DeadlineManager deadlines,
            AnswerTimeout timeout) {
        drive = DriveStep.NOT_AVAILABLE;
        refund(commands);
        if (!cancelled) {
            cancelCall(commands, CancelReason.NO_DRIVER);
        }
        if (!endIfCompensated(deadlines)) {
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
        if (cancelled) {
            endIfCompensated(deadlines);
        } else {
            completeRequested = true;
            send(commands, new CompleteCallCommand(callId, driveId));
            awaitAnswers(deadlines, timeout);
        }
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveReleasedEvent event, DeadlineManager deadlines) {
        drive = DriveStep.RELEASED;
        endIfCompensated(deadlines);
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
        if (drive == DriveStep.ASSIGNED || drive == DriveStep.STARTED) {
            release(commands);
        }
        if (!endIfCompensated(deadlines)) {
            awaitAnswers(deadlines, timeout);
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallCompletedEvent event, DeadlineManager deadlines) {
        cancelAnswerDeadline(deadlines);
    }

    /**
     * A command sent earlier may not have been answered in time: it failed, or was lost on the way. Every command of
     * this saga is idempotent, so whatever is still unanswered is simply sent again.
     */
    @DeadlineHandler(deadlineName = ANSWER_OVERDUE)
    void on(AnswerOverdue deadline, CommandGateway commands, DeadlineManager deadlines, AnswerTimeout timeout) {
        answerDeadline = null;
        List<Object> unanswered = unansweredCommands();
        if (!unanswered.isEmpty()) {
            log.warn("Ride {}: no answer in time, sending again {}", callId, unanswered);
            unanswered.forEach(command -> send(commands, command));
            awaitAnswers(deadlines, timeout);
        }
    }

    private List<Object> unansweredCommands() {
        List<Object> unanswered = new ArrayList<>();
        if (payment == PaymentStep.CHARGING) {
            unanswered.add(new ChargeFareCommand(paymentId, callId, fare));
        }
        if (drive == DriveStep.REQUESTED) {
            unanswered.add(new RequestDriveCommand(driveId, callId, distance));
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
        if (completeRequested && !cancelled) {
            unanswered.add(new CompleteCallCommand(callId, driveId));
        }
        return unanswered;
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

    /** The payload of the deadline: which ride is waiting, for whoever reads the deadline store. */
    record AnswerOverdue(CallId callId) {
    }

    private boolean endIfCompensated(DeadlineManager deadlines) {
        boolean moneySettled = payment == PaymentStep.DECLINED || payment == PaymentStep.REFUNDED;
        boolean driverFree = drive == DriveStep.NONE || drive == DriveStep.NOT_AVAILABLE
                || drive == DriveStep.RELEASED || drive == DriveStep.ENDED;
        if (cancelled && moneySettled && driverFree) {
            cancelAnswerDeadline(deadlines);
            end();
            return true;
        }
        return false;
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
