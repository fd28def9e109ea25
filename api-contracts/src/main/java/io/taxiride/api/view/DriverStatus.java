package io.taxiride.api.view;

/** OFFLINE, AVAILABLE (online, free), OFFERED (holding an offer), ON_RIDE (holding a drive). */
public enum DriverStatus { OFFLINE, AVAILABLE, OFFERED, ON_RIDE }
