package io.taxiride.command.payment;

import static io.taxiride.command.Refusals.refusedWith;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.taxiride.api.ErrorCode;
import io.taxiride.api.call.CallId;
import io.taxiride.api.payment.ChargeFareCommand;
import io.taxiride.api.payment.FarePaidEvent;
import io.taxiride.api.payment.FareRefundedEvent;
import io.taxiride.api.payment.PaymentDeclinedEvent;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.api.payment.RefundFareCommand;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentTest {

    private static final PaymentId PAYMENT = new PaymentId("payment-1");
    private static final CallId CALL = new CallId("call-1");
    private static final long FARE = 14800;

    private final PaymentGateway gateway = mock(PaymentGateway.class);
    private FixtureConfiguration<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerInjectableResource(gateway);
    }

    @Test
    void approvedChargeIsPaid() {
        when(gateway.charge(PAYMENT, FARE)).thenReturn(PaymentGateway.Authorization.approve());

        fixture.givenNoPriorActivity()
               .when(new ChargeFareCommand(PAYMENT, CALL, FARE))
               .expectEvents(new FarePaidEvent(PAYMENT, CALL, FARE));
    }

    @Test
    void declinedChargeIsRecordedWithTheProvidersReason() {
        when(gateway.charge(PAYMENT, FARE)).thenReturn(PaymentGateway.Authorization.decline("card blocked"));

        fixture.givenNoPriorActivity()
               .when(new ChargeFareCommand(PAYMENT, CALL, FARE))
               .expectEvents(new PaymentDeclinedEvent(PAYMENT, CALL, FARE, "card blocked"));
    }

    @Test
    void aRepeatedChargeChangesNothingAndDoesNotAskTheProviderAgain() {
        fixture.given(new FarePaidEvent(PAYMENT, CALL, FARE))
               .when(new ChargeFareCommand(PAYMENT, CALL, FARE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        verify(gateway, never()).charge(any(), anyLong());
    }

    @Test
    void aRepeatedChargeAfterADeclineStaysDeclined() {
        fixture.given(new PaymentDeclinedEvent(PAYMENT, CALL, FARE, "card blocked"))
               .when(new ChargeFareCommand(PAYMENT, CALL, FARE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        verify(gateway, never()).charge(any(), anyLong());
    }

    @Test
    void chargeAboveTheCardLimitIsDeclined() {
        fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerInjectableResource(new CardLimitPaymentGateway(10_000));

        fixture.givenNoPriorActivity()
               .when(new ChargeFareCommand(PAYMENT, CALL, FARE))
               .expectEvents(new PaymentDeclinedEvent(PAYMENT, CALL, FARE,
                                                      "amount 14800 exceeds the card limit of 10000"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void nonPositiveAmountIsRefusedWithoutAskingTheProvider(long amount) {
        fixture.givenNoPriorActivity()
               .when(new ChargeFareCommand(PAYMENT, CALL, amount))
               .expectNoEvents()
               .expectException(refusedWith(ErrorCode.INVALID_REQUEST));
        verify(gateway, never()).charge(any(), anyLong());
    }

    @Test
    void paidFareIsRefundedThroughTheProvider() {
        fixture.given(new FarePaidEvent(PAYMENT, CALL, FARE))
               .when(new RefundFareCommand(PAYMENT))
               .expectEvents(new FareRefundedEvent(PAYMENT, CALL, FARE));
        verify(gateway).refund(PAYMENT, FARE);
    }

    @Test
    void refundingTwiceRefundsOnce() {
        fixture.given(new FarePaidEvent(PAYMENT, CALL, FARE), new FareRefundedEvent(PAYMENT, CALL, FARE))
               .when(new RefundFareCommand(PAYMENT))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        verify(gateway, never()).refund(any(), anyLong());
    }

    @Test
    void declinedPaymentIsNotRefundable() {
        fixture.given(new PaymentDeclinedEvent(PAYMENT, CALL, FARE, "card blocked"))
               .when(new RefundFareCommand(PAYMENT))
               .expectNoEvents()
               .expectException(refusedWith(ErrorCode.PAYMENT_NOT_REFUNDABLE));
        verify(gateway, never()).refund(any(), anyLong());
    }
}
