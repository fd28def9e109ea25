package io.taxiride.api.view;

import java.util.List;

public record CallViewPage(List<CallView> items, int page, int size, long totalItems, int totalPages) {
}
