package io.taxiride.command.call;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether a new call is taken now. Refusing a call before it exists keeps a burst the platform cannot carry from
 * turning into rides that all wait too long: the rides already taken go on at full speed, and the passengers refused
 * hear so at once. Without a bean of this type (the command side run alone) every call is taken.
 */
public interface CallAdmission {

    /** Empty when a new call is taken now; otherwise how long the passenger should wait before calling again. */
    Optional<Duration> refusal();
}
