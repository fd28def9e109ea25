package io.taxiride.api.driver;

public record DriverWentOfflineEvent(DriverId driverId) {
}
