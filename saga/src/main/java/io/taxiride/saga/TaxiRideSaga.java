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
import java.util.UUID;

import org.axonframework.commandhandling.callbacks.LoggingCallback;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * Coordinates one ride: charge the fare, then request a drive, then complete the call when the drive ends. When the
 * call is cancelled, for whatever reason, it refunds a captured fare and releases a held driver, including answers
 * that arrive after the cancel. It decides nothing itself: every rule is in the aggregates, whose commands from here
 * are idempotent. It ends when the ride is completed or fully compensated.
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

    enum PaymentStep { CHARGING, PAID, DECLINED, REFUNDED }

    enum DriveStep { NONE, REQUESTED, ASSIGNED, NOT_AVAILABLE, STARTED, ENDED, RELEASED }

    private CallId callId;
    private BigDecimal distance;
    private PaymentId paymentId;
    private DriveId driveId;
    private PaymentStep payment;
    private DriveStep drive = DriveStep.NONE;
    private boolean cancelled;
    private boolean refundRequested;
    private boolean releaseRequested;

    @StartSaga
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallPlacedEvent event, CommandGateway commands) {
        callId = event.callId();
        distance = event.distance();
        paymentId = new PaymentId(derivedId("payment", callId));
        associateWith(PAYMENT_ID, paymentId.toString());
        payment = PaymentStep.CHARGING;
        send(commands, new ChargeFareCommand(paymentId, callId, event.fare()));
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(FarePaidEvent event, CommandGateway commands) {
        payment = PaymentStep.PAID;
        if (cancelled) {
            refund(commands);
            return;
        }
        driveId = new DriveId(derivedId("drive", callId));
        associateWith(DRIVE_ID, driveId.toString());
        drive = DriveStep.REQUESTED;
        send(commands, new RequestDriveCommand(driveId, callId, distance));
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentDeclinedEvent event, CommandGateway commands) {
        payment = PaymentStep.DECLINED;
        if (cancelled) {
            endIfCompensated();
        } else {
            send(commands, new CancelCallCommand(callId, CancelReason.PAYMENT_DECLINED));
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(FareRefundedEvent event) {
        payment = PaymentStep.REFUNDED;
        endIfCompensated();
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveAssignedEvent event, CommandGateway commands) {
        drive = DriveStep.ASSIGNED;
        if (cancelled) {
            release(commands);
        }
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveNotAvailableEvent event, CommandGateway commands) {
        drive = DriveStep.NOT_AVAILABLE;
        refund(commands);
        if (cancelled) {
            endIfCompensated();
        } else {
            send(commands, new CancelCallCommand(callId, CancelReason.NO_DRIVER));
        }
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveStartedEvent event, CommandGateway commands) {
        drive = DriveStep.STARTED;
        if (cancelled) {
            release(commands);
        } else {
            send(commands, new BeginRideCommand(callId, driveId));
        }
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveEndedEvent event, CommandGateway commands) {
        drive = DriveStep.ENDED;
        if (cancelled) {
            endIfCompensated();
        } else {
            send(commands, new CompleteCallCommand(callId, driveId));
        }
    }

    @SagaEventHandler(associationProperty = DRIVE_ID)
    void on(DriveReleasedEvent event) {
        drive = DriveStep.RELEASED;
        endIfCompensated();
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallCancelledEvent event, CommandGateway commands) {
        cancelled = true;
        if (payment == PaymentStep.PAID) {
            refund(commands);
        }
        if (drive == DriveStep.ASSIGNED || drive == DriveStep.STARTED) {
            release(commands);
        }
        endIfCompensated();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallCompletedEvent event) {
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

    private void endIfCompensated() {
        boolean moneySettled = payment == PaymentStep.DECLINED || payment == PaymentStep.REFUNDED;
        boolean driverFree = drive == DriveStep.NONE || drive == DriveStep.NOT_AVAILABLE
                || drive == DriveStep.RELEASED || drive == DriveStep.ENDED;
        if (cancelled && moneySettled && driverFree) {
            end();
        }
    }

    /**
     * A ride has one payment and one drive, so their ids follow from the call id: a step repeated after a failure
     * reaches the same aggregate, and the payment provider sees the same idempotency key.
     */
    private static String derivedId(String kind, CallId callId) {
        return UUID.nameUUIDFromBytes((kind + ":" + callId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void send(CommandGateway commands, Object command) {
        commands.send(command, LoggingCallback.INSTANCE);
    }
}
