package io.taxiride.api.view;

import java.util.List;

public record DriverViewPage(List<DriverView> items, int page, int size, long totalItems, int totalPages) {
}
