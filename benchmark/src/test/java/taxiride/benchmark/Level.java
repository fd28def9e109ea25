package taxiride.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the rides of one load level measured, from the virtual users' side. Times are wall-clock milliseconds taken
 * in the simulation; a status is "seen" by the first poll that returns it, so every time-to-status is late by at most
 * one poll interval plus one request.
 */
final class Level {

    final String label;
    final String load;
    final int seconds;
    final AtomicLong started = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    /** Calls answered 503 (the platform took no new ride then): the rider does not send them again. */
    final AtomicLong refused = new AtomicLong();
    /** Calls that got no answer at all: the connection was not made, or broke. */
    final AtomicLong unanswered = new AtomicLong();
    /** Accepted calls whose rider has not seen them COMPLETED, by call id, with the time the call was sent. */
    final Map<String, Long> unfinished = new ConcurrentHashMap<>();
    private final AtomicBoolean begun = new AtomicBoolean();
    private volatile long startMs;
    private final List<Long> completions = new ArrayList<>();
    private final List<Long> place = new ArrayList<>();
    private final List<Long> toAssigned = new ArrayList<>();
    private final List<Long> toCompleted = new ArrayList<>();
    private final List<Long> ride = new ArrayList<>();
    private final List<Long> pollLag = new ArrayList<>();
    private final List<Long> refusedIn = new ArrayList<>();
    /** Per accepted call, for the recovery after a spike: {sent at, POST /calls ms, to DRIVER_ASSIGNED ms or -1}. */
    private final Map<String, long[]> accepted = new ConcurrentHashMap<>();
    /** Per call not taken: {sent at, -1 refused or -2 no answer, -1}. */
    private final List<long[]> notTaken = new ArrayList<>();

    Level(String label, String load, int seconds) {
        this.label = label;
        this.load = load;
        this.seconds = seconds;
    }

    /** The first ride of a level opens a lag phase in the application's benchmark probe (as the operator), if any. */
    void begin(String baseUrl, String operatorToken) {
        if (begun.compareAndSet(false, true)) {
            startMs = System.currentTimeMillis();
            try {
                HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/benchmark/phase?label=" + label))
                                   .header("Authorization", "Bearer " + operatorToken)
                                   .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception noProbe) {
                // Without the probe (an app started by hand) the in-process lag is simply not reported.
            }
        }
        started.incrementAndGet();
    }

    synchronized void placed(String callId, long sentAt, long ms) {
        place.add(ms);
        unfinished.put(callId, sentAt);
        accepted.put(callId, new long[] {sentAt, ms, -1});
    }

    synchronized void refused(long sentAt, long ms) {
        refused.incrementAndGet();
        refusedIn.add(ms);
        notTaken.add(new long[] {sentAt, -1, -1});
    }

    synchronized void unanswered(long sentAt) {
        unanswered.incrementAndGet();
        notTaken.add(new long[] {sentAt, -2, -1});
    }

    synchronized void assigned(String callId, long ms, long lagMs) {
        toAssigned.add(ms);
        pollLag.add(lagMs);
        long[] ride = accepted.get(callId);
        if (ride != null) {
            ride[2] = ms;
        }
    }

    synchronized void lag(long lagMs) {
        pollLag.add(lagMs);
    }

    synchronized void completed(String callId, long endToCompletedMs, long rideMs, long lagMs) {
        unfinished.remove(callId);
        toCompleted.add(endToCompletedMs);
        ride.add(rideMs);
        pollLag.add(lagMs);
        completions.add(System.currentTimeMillis());
        completed.incrementAndGet();
    }

    static String header() {
        return String.join("\t", "phase", "load", "rides_started", "rides_completed", "errors", "completed_per_s",
                           "place_p50_ms", "place_p95_ms", "place_p99_ms", "place_max_ms", "assigned_p50_ms",
                           "assigned_p99_ms", "completed_p50_ms", "completed_p99_ms", "ride_p50_ms",
                           "poll_lag_p50_ms", "poll_lag_p99_ms", "start_ms", "end_ms", "refused", "refused_p99_ms");
    }

    /**
     * Completed rides per second in the level's steady part: completions between the end of its ramp (the first
     * quarter, at most 5 s, while the first rides are still under way) and the end of its injection window.
     */
    synchronized String row() {
        double ramp = Math.min(5.0, seconds / 4.0);
        long from = startMs + (long) (ramp * 1000);
        long to = startMs + seconds * 1000L;
        long inWindow = completions.stream().filter(t -> t >= from && t <= to).count();
        double perSecond = startMs == 0 ? 0 : inWindow / (seconds - ramp);
        return String.join("\t", label, load, Long.toString(started.get()), Long.toString(completed.get()),
                           Long.toString(started.get() - completed.get() - refused.get()),
                           String.format("%.1f", perSecond),
                           p(place, 0.50), p(place, 0.95), p(place, 0.99), p(place, 1.0),
                           p(toAssigned, 0.50), p(toAssigned, 0.99), p(toCompleted, 0.50), p(toCompleted, 0.99),
                           p(ride, 0.50), p(pollLag, 0.50), p(pollLag, 0.99), Long.toString(startMs),
                           Long.toString(to), Long.toString(refused.get()), p(refusedIn, 0.99));
    }

    synchronized int placedCount() {
        return place.size();
    }

    long startMs() {
        return startMs;
    }

    synchronized String placeP(double q) {
        return p(place, q);
    }

    synchronized String assignedP(double q) {
        return p(toAssigned, q);
    }

    synchronized String refusedP(double q) {
        return p(refusedIn, q);
    }

    /** Every ride of the level as {sent at, POST /calls ms (-1 refused, -2 no answer), to DRIVER_ASSIGNED ms or -1}. */
    synchronized List<long[]> rides() {
        List<long[]> copy = new ArrayList<>();
        accepted.values().forEach(ride -> copy.add(ride.clone()));
        notTaken.forEach(ride -> copy.add(ride.clone()));
        return copy;
    }

    static String p(List<Long> values, double q) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.max(1, Math.ceil(q * sorted.size()));
        return Long.toString(sorted.get(rank - 1));
    }
}
