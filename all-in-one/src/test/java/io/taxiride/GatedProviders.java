package io.taxiride;

import io.taxiride.api.payment.PaymentId;
import io.taxiride.command.RideProperties;
import io.taxiride.command.drive.DriverDispatch;
import io.taxiride.command.drive.RosterDriverDispatch;
import io.taxiride.command.payment.CardLimitPaymentGateway;
import io.taxiride.command.payment.PaymentGateway;


import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The built-in payment provider and dispatch, each behind a gate that a test can close to hold a ride at PLACED
 * (charge in flight) or at PAID (driver search in flight). Open gates change nothing.
 */
@TestConfiguration
class GatedProviders {

    static final Gate PAYMENT = new Gate();
    static final Gate DISPATCH = new Gate();

    @Bean
    @Primary
    PaymentGateway gatedPaymentGateway(RideProperties properties) {
        PaymentGateway provider = new CardLimitPaymentGateway(properties.payment().cardLimit());
        return new PaymentGateway() {
            @Override
            public Authorization charge(PaymentId paymentId, long amount) {
                PAYMENT.passThrough();
                return provider.charge(paymentId, amount);
            }

            @Override
            public void refund(PaymentId paymentId, long amount) {
                provider.refund(paymentId, amount);
            }
        };
    }

    @Bean
    @Primary
    DriverDispatch gatedDriverDispatch() {
        DriverDispatch roster = new RosterDriverDispatch();
        return driveId -> {
            DISPATCH.passThrough();
            return roster.findDriver(driveId);
        };
    }
}
