package io.taxiride.command.drive;

import io.taxiride.api.drive.DriveId;

import java.util.Optional;

/** The port to the dispatch system that finds a free driver; empty when none is free. */
public interface DriverDispatch {

    Optional<Driver> findDriver(DriveId driveId);

    record Driver(String name, String taxiNum) {
    }
}
