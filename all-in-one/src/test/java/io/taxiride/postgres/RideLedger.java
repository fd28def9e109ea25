package io.taxiride.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads what the event store, the saga store and the call-view hold about a set of rides, straight from the
 * database, and lists every ride that is not (yet) where it must end: paid with a driver, or cancelled with the
 * money back and no driver held, each exactly once.
 */
final class RideLedger {

    private static final String EVENT_CALL_ID = """
            coalesce(convert_from(payload, 'UTF8')::jsonb -> 'callId' ->> 'value',
                     convert_from(payload, 'UTF8')::jsonb ->> 'callId')""";

    private final JdbcTemplate jdbc;

    RideLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long callsPlaced() {
        return count("select count(*) from domain_event_entry where payload_type = 'io.taxiride.api.call.CallPlacedEvent'");
    }

    long callViewRows() {
        return count("select count(*) from call_view");
    }

    /** Every ride of {@code callIds} that is not settled, with the reason. */
    List<String> unsettled(Collection<String> callIds) {
        Map<String, Map<String, Integer>> events = eventCounts();
        Map<String, Map<String, Object>> views = new HashMap<>();
        jdbc.queryForList("select call_id, status, payment_status, drive_status from call_view")
            .forEach(row -> views.put((String) row.get("call_id"), row));
        Map<String, Long> sagas = new HashMap<>();
        jdbc.queryForList("select association_value, count(*) as sagas from association_value_entry "
                                  + "where association_key = 'callId' group by association_value")
            .forEach(row -> sagas.put((String) row.get("association_value"), (Long) row.get("sagas")));

        List<String> unsettled = new ArrayList<>();
        for (String callId : callIds) {
            Map<String, Integer> counts = events.getOrDefault(callId, Map.of());
            Map<String, Object> view = views.get(callId);
            String problem = problem(counts, view, sagas.getOrDefault(callId, 0L));
            if (problem != null) {
                unsettled.add(callId + " " + problem + " " + counts + " " + view);
            }
        }
        return unsettled;
    }

    private static String problem(Map<String, Integer> events, Map<String, Object> view, long sagas) {
        int placed = events.getOrDefault("CallPlacedEvent", 0);
        int cancelled = events.getOrDefault("CallCancelledEvent", 0);
        int paid = events.getOrDefault("FarePaidEvent", 0);
        int declined = events.getOrDefault("PaymentDeclinedEvent", 0);
        int refunded = events.getOrDefault("FareRefundedEvent", 0);
        int assigned = events.getOrDefault("DriveAssignedEvent", 0);
        int notAvailable = events.getOrDefault("DispatchFailedEvent", 0);
        int offered = events.getOrDefault("CallOfferedEvent", 0);
        int released = events.getOrDefault("DriveReleasedEvent", 0);
        if (placed != 1) {
            return "placed " + placed + " times";
        }
        if (paid + declined > 1 || assigned + notAvailable > 1 || refunded > 1 || released > 1 || cancelled > 1
                || sagas > 1) {
            return "was handled more than once";
        }
        if (view == null) {
            return "has no call-view row";
        }
        if (cancelled == 1) {
            if (paid != refunded) {
                return "is cancelled with money captured";
            }
            if (assigned != released) {
                return "is cancelled with a driver held";
            }
            if (sagas != 0) {
                return "is cancelled but its saga still runs";
            }
            return viewDiffers(view, "CANCELLED", paid == 1 ? "REFUNDED" : "DECLINED",
                               assigned == 1 || (offered > 0 && notAvailable == 0) ? "RELEASED"
                                       : notAvailable == 1 ? "NOT_AVAILABLE" : null);
        }
        if (paid != 1 || refunded != 0 || assigned != 1) {
            return "is neither cancelled nor paid with a driver";
        }
        if (sagas != 1) {
            return "has " + sagas + " sagas";
        }
        return viewDiffers(view, "DRIVER_ASSIGNED", "PAID", "ASSIGNED");
    }

    private static String viewDiffers(Map<String, Object> view, String status, String payment, String drive) {
        if (!status.equals(view.get("status")) || !payment.equals(view.get("payment_status"))
                || (drive != null && !drive.equals(view.get("drive_status")))) {
            return "has a call-view that differs from its events (expected " + status + "/" + payment + "/" + drive
                    + ")";
        }
        return null;
    }

    /** callId → simple event type name → how many such events the store holds. */
    private Map<String, Map<String, Integer>> eventCounts() {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        jdbc.queryForList("select " + EVENT_CALL_ID + " as call_id, payload_type, count(*) as events "
                                  + "from domain_event_entry group by 1, 2")
            .forEach(row -> {
                String type = (String) row.get("payload_type");
                counts.computeIfAbsent((String) row.get("call_id"), id -> new HashMap<>())
                      .put(type.substring(type.lastIndexOf('.') + 1), ((Long) row.get("events")).intValue());
            });
        return counts;
    }

    /** processor name → owners of its segments right now (null for an unclaimed segment is left out). */
    Map<String, Set<String>> segmentOwners() {
        Map<String, Set<String>> owners = new HashMap<>();
        jdbc.queryForList("select processor_name, owner from token_entry where owner is not null")
            .forEach(row -> owners.computeIfAbsent((String) row.get("processor_name"), p -> new HashSet<>())
                                  .add((String) row.get("owner")));
        return owners;
    }

    /** Segments no instance holds; the token store's own {@code __config} row (its identifier) is no segment. */
    long unclaimedSegments() {
        return count("select count(*) from token_entry where owner is null and processor_name <> '__config'");
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
