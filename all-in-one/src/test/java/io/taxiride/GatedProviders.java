package io.taxiride;

import io.taxiride.api.driver.OfferRideCommand;
import io.taxiride.api.payment.PaymentId;
import io.taxiride.command.RideProperties;
import io.taxiride.command.payment.CardLimitPaymentGateway;
import io.taxiride.command.payment.PaymentGateway;


import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.annotation.Autowired;
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
    /** How many of the next charges fail as if the provider were down. */
    static final AtomicInteger PAYMENT_OUTAGES = new AtomicInteger();

    @Bean
    @Primary
    PaymentGateway gatedPaymentGateway(RideProperties properties) {
        PaymentGateway provider = new CardLimitPaymentGateway(properties.payment().cardLimit());
        return new PaymentGateway() {
            @Override
            public Authorization charge(PaymentId paymentId, long amount) {
                PAYMENT.passThrough();
                if (PAYMENT_OUTAGES.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    throw new IllegalStateException("payment provider unavailable");
                }
                return provider.charge(paymentId, amount);
            }

            @Override
            public void refund(PaymentId paymentId, long amount) {
                provider.refund(paymentId, amount);
            }
        };
    }

    /**
     * Holds the offers the call makes on their way to the driver: the call has offered itself (the call-view shows
     * OFFERED) and the driver does not hold the offer yet.
     */
    @Autowired
    void gateOffersToDrivers(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof OfferRideCommand) {
                DISPATCH.passThrough();
            }
            return chain.proceed();
        });
    }
}
