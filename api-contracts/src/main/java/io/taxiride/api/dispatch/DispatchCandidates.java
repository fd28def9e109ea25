package io.taxiride.api.dispatch;

import java.util.List;

/** A wrapper rather than a bare list, so the answer keeps its element type across Axon Server. */
public record DispatchCandidates(List<DispatchCandidate> candidates) {
}
