package io.taxiride.api.driver;

public record DriverRegisteredEvent(DriverId driverId, String name, String taxiNumber) {
}
