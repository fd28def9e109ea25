package io.taxiride.api.call;

public enum CancelReason { PASSENGER, PAYMENT_DECLINED, NO_DRIVER }
