package io.taxiride.query.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The parked events of one sequence of a processor (a call for the call-view, a driver for the driver-view, an
 * aggregate for the ride timeline), in the order they are to be handled. After a retry, {@code handled} says
 * whether every one of them was (absent in a listing); an empty list means none is left.
 */
record DeadLetterSequence(String processor, String sequence,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Boolean handled, List<DeadLetterView> letters) {
}
