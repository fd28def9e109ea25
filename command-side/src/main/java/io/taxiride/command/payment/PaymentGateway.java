package io.taxiride.command.payment;

import io.taxiride.api.payment.PaymentId;

/** The port to the card payment provider. Amounts in whole won. */
public interface PaymentGateway {

    Authorization charge(PaymentId paymentId, long amount);

    void refund(PaymentId paymentId, long amount);

    /** The provider's answer to a charge; {@code declineReason} is null when approved. */
    record Authorization(boolean approved, String declineReason) {

        public static Authorization approve() {
            return new Authorization(true, null);
        }

        public static Authorization decline(String reason) {
            return new Authorization(false, reason);
        }
    }
}
