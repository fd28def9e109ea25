package io.taxiride.command.admission;

/** No room for a new call now: as many calls as the limit allows are looking for a driver. Nothing was sent. */
public class OverloadedException extends RuntimeException {

    private final int ridesInDispatch;

    public OverloadedException(int ridesInDispatch) {
        super(ridesInDispatch + " rides are finding their driver, as many as this process takes at once", null,
              false, false);
        this.ridesInDispatch = ridesInDispatch;
    }

    public int ridesInDispatch() {
        return ridesInDispatch;
    }
}
