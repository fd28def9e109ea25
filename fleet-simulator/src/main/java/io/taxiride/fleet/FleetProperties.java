package io.taxiride.fleet;

import io.taxiride.api.geo.Position;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code taxiride.fleet.*}: how many simulated drivers there are, where they drive and how they answer offers. A
 * value out of range stops the start with the property's name in the message.
 *
 * @param simulatedDrivers how many; 0 leaves the simulator out altogether
 * @param spreadKm         radius of the disc around {@code centre} the drivers start and stay in
 * @param centre           the disc's centre as "lat,lon" in WGS84 degrees
 * @param answerDelayMin   the shortest time a driver takes to answer an offer
 * @param answerDelayMax   the longest; each answer takes a uniformly drawn time in between
 * @param declineRate      the share of offers not accepted: half of them declined, half left to expire
 * @param moveEvery        how often each driver reports a new position; 0 = they never move
 */
@ConfigurationProperties("taxiride.fleet")
public record FleetProperties(@DefaultValue("0") int simulatedDrivers,
                              @DefaultValue("3") double spreadKm,
                              @DefaultValue("37.5665,126.9780") String centre,
                              @DefaultValue("500ms") Duration answerDelayMin,
                              @DefaultValue("2s") Duration answerDelayMax,
                              @DefaultValue("0.1") double declineRate,
                              @DefaultValue("0") Duration moveEvery) {

    private static final String PREFIX = "taxiride.fleet.";

    public FleetProperties {
        require(simulatedDrivers >= 0, "simulated-drivers must be 0 or more, was " + simulatedDrivers);
        require(spreadKm > 0 && spreadKm <= 1000, "spread-km must be above 0 and at most 1000, was " + spreadKm);
        parseCentre(centre);
        requireNotNegative("answer-delay-min", answerDelayMin);
        requireNotNegative("answer-delay-max", answerDelayMax);
        require(answerDelayMin.compareTo(answerDelayMax) <= 0,
                "answer-delay-min must not exceed answer-delay-max, was " + answerDelayMin + " > " + answerDelayMax);
        require(declineRate >= 0 && declineRate <= 1, "decline-rate must be between 0 and 1, was " + declineRate);
        requireNotNegative("move-every", moveEvery);
    }

    public Position centrePosition() {
        return parseCentre(centre);
    }

    private static Position parseCentre(String centre) {
        require(centre != null, "centre must be given as lat,lon");
        String[] parts = centre.split(",");
        Position position = null;
        if (parts.length == 2) {
            try {
                position = new Position(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            } catch (NumberFormatException notANumber) {
                position = null;
            }
        }
        require(position != null && position.inRange(),
                "centre must be lat,lon in degrees (lat -90..90, lon -180..180), was \"" + centre + "\"");
        return position;
    }

    private static void requireNotNegative(String name, Duration duration) {
        require(duration != null && !duration.isNegative(), name + " must be 0 or more, was " + duration);
    }

    private static void require(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(PREFIX + message);
        }
    }
}
