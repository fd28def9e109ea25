package io.taxiride.query.admin;

import java.util.List;

/**
 * One event processor of this instance. {@code replayProgress} is a percentage (see {@link SegmentStatus}): 0 while a
 * requested replay has not yet restarted the processor, the lowest of the segments' while any replays, 100 when none
 * does; null when this instance holds no segment of it. {@code caughtUp} means every segment held here has reached
 * the head of the event stream and none replays.
 */
record ProcessorStatus(String name, String type, boolean running, boolean error, boolean replayable,
                       boolean replaying, Integer replayProgress, boolean caughtUp, List<SegmentStatus> segments) {

    /**
     * A segment claimed by this instance. While it replays, {@code replayProgress = floor(100 * position /
     * resetPosition)}, capped at 99 (positions are global indexes of the event stream; the reset position is where
     * the token stood when the replay began); 100 when it does not replay. It counts as replayed once its position
     * reaches the reset position, even though Axon flags the token as replaying until a newer event arrives.
     */
    record SegmentStatus(int segment, int mask, boolean caughtUp, boolean replaying, boolean error, Long position,
                         Long resetPosition, int replayProgress) {
    }
}
