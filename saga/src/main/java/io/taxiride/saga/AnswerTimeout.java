package io.taxiride.saga;

import java.time.Duration;

/** How long the saga waits for the answer to a command before it sends the command again. */
public record AnswerTimeout(Duration duration) {
}
