package io.taxiride.query.deadletter;

import java.util.List;

/**
 * A processor's dead-letter queue: how many sequences and events it holds, and the sequences shown (the least
 * recently tried first, at most the {@code limit} asked for).
 */
record DeadLetters(String processor, long sequences, long letters, List<DeadLetterSequence> shown) {
}
