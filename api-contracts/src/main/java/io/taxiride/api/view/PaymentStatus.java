package io.taxiride.api.view;

public enum PaymentStatus { PAID, DECLINED, REFUNDED }
