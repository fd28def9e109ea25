package io.taxiride.api.call;

/**
 * How an offer that was not accepted ended: the driver said no (or went offline holding it), nobody answered in time,
 * or the driver was no longer available when the offer reached them (the dispatch read model was behind).
 */
public enum OfferOutcome { DECLINED, EXPIRED, DRIVER_UNAVAILABLE }
