package io.taxiride.api.view;

/** The ride as a passenger sees it; COMPLETED and CANCELLED are final. */
public enum CallStatus { PLACED, PAID, DRIVER_ASSIGNED, IN_PROGRESS, COMPLETED, CANCELLED }
