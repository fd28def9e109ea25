package taxiride.benchmark.probe;

import io.axoniq.axonserver.connector.event.AppendEventsTransaction;
import io.axoniq.axonserver.connector.event.EventChannel;
import io.axoniq.axonserver.connector.event.EventStream;
import io.axoniq.axonserver.grpc.MetaDataValue;
import io.axoniq.axonserver.grpc.SerializedObject;
import io.axoniq.axonserver.grpc.event.Event;
import io.axoniq.axonserver.grpc.event.EventWithToken;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.axonframework.axonserver.connector.AxonServerConnectionManager;

import com.google.protobuf.ByteString;

/**
 * Axon Server's own limit, through the same connector and connection as the application's: first a sequential read of
 * the stored events from the first one ({@code openStream}, as a processor replaying reads them, every byte of each
 * event consumed), which also gives the stored events' average payload size and a real event's metadata; then appends
 * of events of that size and metadata, one event per transaction awaited before the next, and then a batch per
 * transaction. Axon Server keeps every event: the appended ones stay in the store, on aggregates of their own
 * ({@value #AGGREGATE_TYPE}, seven events each, as a ride's aggregates have) with a payload type no handler knows, so
 * the processors skip them. Each part is bounded by time and by an event count.
 */
class AxonServerStorageLimit implements StorageLimit {

    static final String AGGREGATE_TYPE = "BenchmarkScratch";
    static final String PAYLOAD_TYPE = "taxiride.benchmark.probe.ScratchEvent";
    private static final int MAX_EVENTS = 500_000;
    private static final int READ_BUFFER = 1_000;

    private final AxonServerConnectionManager connections;

    AxonServerStorageLimit(AxonServerConnectionManager connections) {
        this.connections = connections;
    }

    @Override
    public String measure(double seconds, int batchSize) throws Exception {
        EventChannel events = connections.getConnection().eventChannel();
        Read read = read(events, seconds);
        Appender appender = new Appender(read.payloadBytes(), read.metaData());
        double single = append(events, appender, seconds, 1);
        double batched = append(events, appender, seconds, batchSize);
        return "store=axonserver payload_bytes=" + read.payloadBytes() + " meta_data_entries=" + read.metaData().size()
                + " append_1_per_tx_events_per_s=" + Math.round(single)
                + " append_" + batchSize + "_per_tx_events_per_s=" + Math.round(batched)
                + " read_events_per_s=" + Math.round(read.perSecond()) + " read_events=" + read.count()
                + " appended=" + appender.appended;
    }

    /**
     * Reads the stored events from the first (for at most {@code seconds}) and averages, over those of the type, the
     * payload's size and the whole event's as the protocol carries it (identifiers, timestamp, payload and metadata),
     * which is what Axon Server writes to its event files, before its own index.
     */
    @Override
    public String storedSize(String payloadType, double seconds) throws Exception {
        EventChannel events = connections.getConnection().eventChannel();
        long last = events.getLastToken().get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long read = 0;
        long count = 0;
        long payloadBytes = 0;
        long eventBytes = 0;
        try (EventStream stream = events.openStream(-1, READ_BUFFER)) {
            while (read <= last && System.nanoTime() < deadline) {
                EventWithToken next = stream.nextIfAvailable(1, TimeUnit.SECONDS);
                if (next == null) {
                    continue;
                }
                read++;
                Event event = next.getEvent();
                if (event.getPayload().getType().equals(payloadType)) {
                    count++;
                    payloadBytes += event.getPayload().getData().size();
                    eventBytes += event.getSerializedSize();
                }
            }
        }
        return "store=axonserver type=" + payloadType + " events=" + count + " read=" + read + " of=" + (last + 1)
                + " payload_bytes=" + (count == 0 ? 0 : payloadBytes / count)
                + " event_bytes=" + (count == 0 ? 0 : eventBytes / count);
    }

    private static Read read(EventChannel events, double seconds) throws Exception {
        long last = events.getLastToken().get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long count = 0;
        long stored = 0;
        long payloadBytes = 0;
        long bytes = 0;
        Map<String, MetaDataValue> metaData = Map.of();
        // The stream starts after the given token: -1 is from the first event.
        try (EventStream stream = events.openStream(-1, READ_BUFFER)) {
            while (count <= last && count < MAX_EVENTS && System.nanoTime() < deadline) {
                EventWithToken next = stream.nextIfAvailable(1, TimeUnit.SECONDS);
                if (next == null) {
                    continue;
                }
                Event event = next.getEvent();
                int payload = event.getPayload().getData().size();
                bytes += payload + event.getSerializedSize();
                if (!event.getPayload().getType().equals(PAYLOAD_TYPE)) {
                    stored++;
                    payloadBytes += payload;
                    metaData = event.getMetaDataMap();
                }
                count++;
            }
        }
        double perSecond = bytes < 0 ? 0 : count / ((System.nanoTime() - start) / 1e9);
        return new Read(count, perSecond, stored == 0 ? 150 : (int) Math.max(1, payloadBytes / stored), metaData);
    }

    private static double append(EventChannel events, Appender appender, double seconds, int batchSize)
            throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        int appended = 0;
        while (System.nanoTime() < deadline && appended < MAX_EVENTS) {
            if (batchSize == 1) {
                events.appendEvents(appender.next()).get(30, TimeUnit.SECONDS);
            } else {
                AppendEventsTransaction transaction = events.startAppendEventsTransaction();
                for (int i = 0; i < batchSize; i++) {
                    transaction.appendEvent(appender.next());
                }
                transaction.commit().get(30, TimeUnit.SECONDS);
            }
            appended += batchSize;
        }
        return appended / ((System.nanoTime() - start) / 1e9);
    }

    private record Read(long count, double perSecond, int payloadBytes, Map<String, MetaDataValue> metaData) {
    }

    /** Seven events per aggregate, like a ride's; the stored events' payload size and metadata, in distinct ids. */
    private static final class Appender {
        final SerializedObject payload;
        final Map<String, MetaDataValue> metaData;
        String aggregate = scratchAggregate();
        long sequence;
        long appended;

        Appender(int payloadBytes, Map<String, MetaDataValue> metaData) {
            byte[] bytes = new byte[payloadBytes];
            Arrays.fill(bytes, (byte) 'x');
            this.payload = SerializedObject.newBuilder().setType(PAYLOAD_TYPE).setData(ByteString.copyFrom(bytes))
                                           .build();
            this.metaData = metaData;
        }

        Event next() {
            if (sequence == 7) {
                aggregate = scratchAggregate();
                sequence = 0;
            }
            appended++;
            return Event.newBuilder().setMessageIdentifier(UUID.randomUUID().toString())
                        .setAggregateIdentifier(aggregate).setAggregateType(AGGREGATE_TYPE)
                        .setAggregateSequenceNumber(sequence++).setTimestamp(System.currentTimeMillis())
                        .setPayload(payload).putAllMetaData(metaData).build();
        }

        private static String scratchAggregate() {
            return "benchmark-scratch-" + UUID.randomUUID();
        }
    }
}
