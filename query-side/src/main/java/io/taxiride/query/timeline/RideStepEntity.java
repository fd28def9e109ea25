package io.taxiride.query.timeline;

import io.taxiride.api.view.RideStep;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import java.time.Instant;

import org.springframework.data.domain.Persistable;

/** A row of the ride-timeline read model: one event of a ride, keyed by the event's own identifier. */
@Entity
@Table(name = "ride_step", indexes = @Index(name = "ride_step_call", columnList = "call_id, global_index"))
class RideStepEntity implements Persistable<String> {

    @Id
    @Column(name = "event_id", length = 255)
    private String eventId;
    @Column(name = "call_id", nullable = false, length = 64)
    private String callId;
    /** The event's place in the whole event stream; null when it was handled without one (no tracking token). */
    @Column(name = "global_index")
    private Long globalIndex;
    @Column(nullable = false)
    private Instant occurredAt;
    @Column(nullable = false, length = 100)
    private String eventName;
    /** Token subjects are the identity provider's: up to 255 characters in OpenID Connect. */
    @Column(length = 255)
    private String actorId;
    @Column(length = 20)
    private String actorRole;

    /** The id is the event's, not generated: without this Spring Data would merge, reading the row before inserting. */
    @Transient
    private boolean isNew;

    protected RideStepEntity() {
    }

    RideStepEntity(String eventId, String callId, Long globalIndex, Instant occurredAt, String eventName,
                   String actorId, String actorRole) {
        this.eventId = eventId;
        this.callId = callId;
        this.globalIndex = globalIndex;
        this.occurredAt = occurredAt;
        this.eventName = eventName;
        this.actorId = actorId;
        this.actorRole = actorRole;
        this.isNew = true;
    }

    @Override
    public String getId() {
        return eventId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void stored() {
        isNew = false;
    }

    RideStep toStep() {
        return new RideStep(occurredAt, eventName, actorId, actorRole == null ? RideStep.UNKNOWN_ROLE : actorRole);
    }
}
