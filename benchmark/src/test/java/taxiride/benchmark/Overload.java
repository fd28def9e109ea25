package taxiride.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The overload level: rides arrive at a normal rate, then at twice the peak for the spike, then at the normal rate
 * again, all in one open population, so the rides after the spike arrive on time while the spike's are still under
 * way. Each ride belongs to the part of the level in which it was sent. Reports what the spike's riders got, how long
 * after the spike the rides were served as before it, and which accepted rides never ended.
 */
final class Overload {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    /** Rides still moving when the load ends (a saga hop, a view update) get this long before they are looked at. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final Level before;
    private final Level spike;
    private final Level after;
    private final double rate;
    private final double normal;
    private final AtomicLong firstRide = new AtomicLong();

    Overload(Level before, Level spike, Level after, double rate, double normal) {
        this.before = before;
        this.spike = spike;
        this.after = after;
        this.rate = rate;
        this.normal = normal;
    }

    static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%.1f rides/s", rate);
    }

    long seconds() {
        return (long) before.seconds + spike.seconds + after.seconds;
    }

    /** The part of the level a ride sent now belongs to, by the time since the level's first ride. */
    Level levelNow() {
        long now = System.currentTimeMillis();
        firstRide.compareAndSet(0, now);
        long elapsed = now - firstRide.get();
        if (elapsed < before.seconds * 1000L) {
            return before;
        }
        return elapsed < (before.seconds + spike.seconds) * 1000L ? spike : after;
    }

    /**
     * key=value lines: the spike's accepted and refused rides a second, the answer times of each kind, the calls that
     * got no answer, the recovery, and the accepted rides that never ended.
     */
    String report(String queryUrl, String operatorToken) {
        double placeNormal = number(before.placeP(0.99));
        double assignedNormal = number(before.assignedP(0.99));
        StringBuilder out = new StringBuilder();
        line(out, "rate", String.format(Locale.ROOT, "%.1f", rate));
        line(out, "normal_rate", String.format(Locale.ROOT, "%.1f", normal));
        line(out, "spike_seconds", spike.seconds);
        line(out, "spike_sent", spike.started.get());
        line(out, "spike_accepted", spike.started.get() - spike.refused.get() - spike.unanswered.get());
        line(out, "spike_accepted_per_s", String.format(Locale.ROOT, "%.1f",
                (spike.started.get() - spike.refused.get() - spike.unanswered.get()) / (double) spike.seconds));
        line(out, "spike_refused", spike.refused.get());
        line(out, "spike_refused_per_s", String.format(Locale.ROOT, "%.1f",
                spike.refused.get() / (double) spike.seconds));
        line(out, "spike_completed", spike.completed.get());
        line(out, "refused_p50_ms", spike.refusedP(0.50));
        line(out, "refused_p99_ms", spike.refusedP(0.99));
        line(out, "refused_max_ms", spike.refusedP(1.0));
        line(out, "accepted_place_p99_ms", spike.placeP(0.99));
        line(out, "accepted_assigned_p99_ms", spike.assignedP(0.99));
        line(out, "unanswered", before.unanswered.get() + spike.unanswered.get() + after.unanswered.get());
        line(out, "normal_place_p99_ms", before.placeP(0.99));
        line(out, "normal_assigned_p99_ms", before.assignedP(0.99));
        line(out, "recovery", recovery(placeNormal, assignedNormal));
        lost(out, queryUrl, operatorToken);
        return out.toString();
    }

    /**
     * Seconds from the spike's end to the first second of arrivals from which on every call sent was accepted and
     * assigned a driver, none slower than twice the normal p99 (POST /calls and to DRIVER_ASSIGNED, as before the
     * spike); "none" when the level after the spike never got there.
     */
    private String recovery(double placeNormal, double assignedNormal) {
        if (Double.isNaN(placeNormal) || Double.isNaN(assignedNormal) || after.startMs() == 0) {
            return "unknown (no normal figures before the spike, or no ride after it)";
        }
        long spikeEnd = firstRide.get() + (before.seconds + spike.seconds) * 1000L;
        TreeMap<Long, Boolean> secondOk = new TreeMap<>();
        for (long[] ride : after.rides()) {
            long second = Math.max(0, (ride[0] - spikeEnd) / 1000);
            boolean ok = ride[1] >= 0 && ride[1] <= 2 * placeNormal && ride[2] >= 0 && ride[2] <= 2 * assignedNormal;
            secondOk.merge(second, ok, Boolean::logicalAnd);
        }
        Long recoveredAt = null;
        for (Map.Entry<Long, Boolean> second : secondOk.descendingMap().entrySet()) {
            if (!second.getValue()) {
                break;
            }
            recoveredAt = second.getKey();
        }
        if (recoveredAt == null) {
            return "none within " + after.seconds + " s";
        }
        return recoveredAt + " s (limits " + Math.round(2 * placeNormal) + " / " + Math.round(2 * assignedNormal)
                + " ms)";
    }

    /**
     * Accepted rides whose rider did not see them COMPLETED, by the status they have once all settled: ended
     * (COMPLETED, CANCELLED), left by their rider with a driver (DRIVER_ASSIGNED, IN_PROGRESS: the rider waited 25 s
     * in vain for a status and went away, so nobody starts or ends the drive), or lost: no driver and not ended, or
     * not in the call-view at all.
     */
    private void lost(StringBuilder out, String queryUrl, String operatorToken) {
        List<String> unfinished = new ArrayList<>();
        for (Level level : List.of(before, spike, after)) {
            unfinished.addAll(level.unfinished.keySet());
        }
        try {
            Thread.sleep(SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Integer> byStatus = new TreeMap<>();
        for (String callId : unfinished) {
            String status;
            try {
                HttpResponse<String> view = http.send(
                        HttpRequest.newBuilder(URI.create(queryUrl + "/callViews/" + callId))
                                   .header("Authorization", "Bearer " + operatorToken)
                                   .timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher matcher = STATUS.matcher(view.body());
                status = view.statusCode() == 404 ? "NOT_FOUND" : matcher.find() ? matcher.group(1)
                        : "HTTP_" + view.statusCode();
            } catch (Exception failed) {
                status = "NO_ANSWER";
            }
            byStatus.merge(status, 1, Integer::sum);
        }
        int ended = byStatus.getOrDefault("COMPLETED", 0) + byStatus.getOrDefault("CANCELLED", 0);
        int leftByRider = byStatus.getOrDefault("DRIVER_ASSIGNED", 0) + byStatus.getOrDefault("IN_PROGRESS", 0);
        line(out, "accepted", before.placedCount() + spike.placedCount() + after.placedCount());
        line(out, "unfinished_by_rider", unfinished.size());
        line(out, "left_by_rider", leftByRider);
        line(out, "lost", unfinished.size() - ended - leftByRider);
        StringBuilder statuses = new StringBuilder();
        byStatus.forEach((status, count) -> statuses.append(statuses.length() == 0 ? "" : ",")
                                                    .append(status).append(':').append(count));
        line(out, "unfinished_statuses", statuses.length() == 0 ? "-" : statuses);
    }

    private static double number(String percentile) {
        return percentile.equals("-") ? Double.NaN : Double.parseDouble(percentile);
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append('=').append(value).append('\n');
    }
}
