package io.taxiride.api.view;

public record FindDriverQuery(String driverId) {
}
