package io.taxiride.api.call;

/** Why a call was cancelled: by its passenger, by the platform (payment, dispatch), or by an operator. */
public enum CancelReason { PASSENGER, PAYMENT_DECLINED, NO_DRIVER, OPERATOR }
