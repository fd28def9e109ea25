package io.taxiride.api.view;

public enum DriveStatus { ASSIGNED, NOT_AVAILABLE, STARTED, ENDED, RELEASED }
