package io.taxiride.query.deadletter;

import java.util.List;

/**
 * The parked events of one sequence of a processor (a call for the call-view, a driver for the driver-view, an
 * aggregate for the ride timeline), in the order they are to be handled. After a retry, {@code handled} says
 * whether every one of them was; an empty list means none is left.
 */
record DeadLetterSequence(String processor, String sequence, Boolean handled, List<DeadLetterView> letters) {
}
