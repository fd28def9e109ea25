package io.taxiride.command.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.taxiride.api.payment.PaymentId;

import org.junit.jupiter.api.Test;

class CardLimitPaymentGatewayTest {

    private static final PaymentId PAYMENT = new PaymentId("payment-1");

    private final CardLimitPaymentGateway gateway = new CardLimitPaymentGateway(20_000);

    @Test
    void chargeUpToTheLimitIsApproved() {
        assertThat(gateway.charge(PAYMENT, 20_000)).isEqualTo(PaymentGateway.Authorization.approve());
    }

    @Test
    void chargeAboveTheLimitIsDeclinedWithAReason() {
        PaymentGateway.Authorization answer = gateway.charge(PAYMENT, 20_001);

        assertThat(answer.approved()).isFalse();
        assertThat(answer.declineReason()).contains("20001", "20000");
    }
}
