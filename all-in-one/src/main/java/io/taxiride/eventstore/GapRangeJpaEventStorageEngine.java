package io.taxiride.eventstore;

import java.util.List;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;

/**
 * Axon's JPA event store, reading the events of a token with gaps in a way a database can answer from the global
 * index's primary key.
 * <p>
 * A tracking processor's token remembers the indexes below its position whose events it has not seen yet (gaps: a
 * transaction still open, or one that rolled back), and Axon asks for {@code globalIndex > :token OR globalIndex IN
 * :gaps}. H2 cannot use an index for that disjunction: it walks the table from its first row on every read, so each
 * read costs as much as the event store is large, as long as the token has a gap (about a quarter of all CPU after
 * two restarts on 65,000 events: docs/benchmarks.md, "Settings and the measurements behind them"). Every gap lies
 * below the token's position, so adding {@code globalIndex >= } the lowest gap selects the same rows and lets the
 * database start at that gap.
 */
class GapRangeJpaEventStorageEngine extends JpaEventStorageEngine {

    GapRangeJpaEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected List<Object[]> fetchEvents(GapAwareTrackingToken token) {
        if (token == null || token.getGaps().isEmpty()) {
            return super.fetchEvents(token);
        }
        return entityManager()
                .createQuery("SELECT e.globalIndex, e.type, e.aggregateIdentifier, e.sequenceNumber, "
                                     + "e.eventIdentifier, e.timeStamp, e.payloadType, e.payloadRevision, e.payload, "
                                     + "e.metaData FROM " + domainEventEntryEntityName() + " e "
                                     + "WHERE e.globalIndex >= :lowestGap "
                                     + "AND (e.globalIndex > :token OR e.globalIndex IN :gaps) "
                                     + "ORDER BY e.globalIndex ASC", Object[].class)
                .setParameter("lowestGap", token.getGaps().first())
                .setParameter("token", token.getIndex())
                .setParameter("gaps", token.getGaps())
                .setMaxResults(batchSize())
                .getResultList();
    }
}
