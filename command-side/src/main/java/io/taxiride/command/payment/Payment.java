package io.taxiride.command.payment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.CallId;
import io.taxiride.api.payment.ChargeFareCommand;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.FareRefundedEvent;
import io.taxiride.api.payment.PaymentDeclinedEvent;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.api.payment.RefundFareCommand;
import io.taxiride.command.CommandRefusedException;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** The fare of one call: charged once, refunded at most once; a declined charge is on record and final. */
@Aggregate(cache = "aggregateCache")
class Payment {

    enum State { PAID, DECLINED, REFUNDED }

    @AggregateIdentifier
    private PaymentId paymentId;
    private CallId callId;
    private long amount;
    private State state;

    protected Payment() {
    }

    /** Charging twice is charging once: a repeated charge (the saga retrying) finds the answer already given. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChargeFareCommand command, PaymentGateway gateway) {
        if (state != null) {
            return;
        }
        if (command.amount() <= 0) {
            throw new CommandRefusedException(ErrorCode.INVALID_REQUEST, "a fare must be a positive amount");
        }
        PaymentGateway.Authorization answer = gateway.charge(command.paymentId(), command.amount());
        if (answer.approved()) {
            apply(new FarePaidEvent(command.paymentId(), command.callId(), command.amount()));
        } else {
            apply(new PaymentDeclinedEvent(command.paymentId(), command.callId(), command.amount(),
                                           answer.declineReason()));
        }
    }

    @CommandHandler
    void handle(RefundFareCommand command, PaymentGateway gateway) {
        switch (state) {
            case PAID -> {
                gateway.refund(paymentId, amount);
                apply(new FareRefundedEvent(paymentId, callId, amount));
            }
            case REFUNDED -> {
            }
            case DECLINED -> throw new CommandRefusedException(
                    ErrorCode.PAYMENT_NOT_REFUNDABLE, "Payment " + paymentId + " was declined: nothing to refund");
        }
    }

    @EventSourcingHandler
    void on(FarePaidEvent event) {
        paymentId = event.paymentId();
        callId = event.callId();
        amount = event.amount();
        state = State.PAID;
    }

    @EventSourcingHandler
    void on(PaymentDeclinedEvent event) {
        paymentId = event.paymentId();
        callId = event.callId();
        amount = event.amount();
        state = State.DECLINED;
    }

    @EventSourcingHandler
    void on(FareRefundedEvent event) {
        state = State.REFUNDED;
    }
}
