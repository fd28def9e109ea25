package io.taxiride.api.view;

import io.taxiride.api.geo.Position;

/** Drivers, optionally of one status; with {@code near}, only those within radiusKm of it, nearest first. */
public record FindDriversQuery(DriverStatus status, Position near, double radiusKm, int page, int size) {
}
