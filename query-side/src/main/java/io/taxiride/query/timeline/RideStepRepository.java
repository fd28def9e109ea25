package io.taxiride.query.timeline;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RideStepRepository extends JpaRepository<RideStepEntity, String> {

    /** In the order of the event stream; by time where a step has no place in it. */
    @Query("""
            select step from RideStepEntity step where step.callId = :callId
            order by step.globalIndex asc nulls last, step.occurredAt asc, step.eventId asc""")
    List<RideStepEntity> findTimeline(String callId);
}
