package io.taxiride.command.payment;

import io.taxiride.api.payment.PaymentId;

/** The built-in provider: approves every charge up to the card limit and every refund. */
public class CardLimitPaymentGateway implements PaymentGateway {

    private final long cardLimit;

    public CardLimitPaymentGateway(long cardLimit) {
        this.cardLimit = cardLimit;
    }

    @Override
    public Authorization charge(PaymentId paymentId, long amount) {
        return amount > cardLimit
                ? Authorization.decline("amount " + amount + " exceeds the card limit of " + cardLimit)
                : Authorization.approve();
    }

    @Override
    public void refund(PaymentId paymentId, long amount) {
        // The built-in provider holds no money, so a refund has nothing to undo.
    }
}
