package io.taxiride.query;

/** As many long polls as this process holds are waiting ({@link Waits}): this one is not held. */
public class TooManyWaitsException extends RuntimeException {

    public TooManyWaitsException(int most) {
        super(most + " requests are waiting, as many as this process holds at once", null, false, false);
    }
}
