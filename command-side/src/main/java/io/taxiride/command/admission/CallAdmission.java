package io.taxiride.command.admission;

import io.taxiride.api.call.CallId;

/** Whether a new call is taken now. Nothing but {@code POST /calls} asks: every other request always passes. */
public interface CallAdmission {

    /** With {@code taxiride.admission.rides-in-dispatch} 0 or less: every call is taken. */
    CallAdmission ALL = callId -> Admission.NOTHING_HELD;

    /**
     * Admits the call about to be placed, or refuses it at once.
     *
     * @throws OverloadedException when the platform takes no new call now: send nothing
     */
    Admission admit(CallId callId);

    /** What admitting a call yields: {@link #answered(boolean)} once its placing has been answered, however. */
    interface Admission {

        Admission NOTHING_HELD = placedNow -> { };

        /**
         * @param placedNow the answer said this request placed the call: not refused, not failed, not a request sent
         *                  again that found it placed
         */
        void answered(boolean placedNow);
    }
}
