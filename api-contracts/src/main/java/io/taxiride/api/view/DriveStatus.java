package io.taxiride.api.view;

/** Where the ride's driver is: OFFERED while the ride is offered to drivers, then the drive's own states. */
public enum DriveStatus { OFFERED, ASSIGNED, NOT_AVAILABLE, STARTED, ENDED, RELEASED }
