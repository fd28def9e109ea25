package io.taxiride.query.admin;

import static io.taxiride.query.admin.AdminProblems.problem;
import static io.taxiride.query.admin.AdminProblems.processorNotFound;

import io.taxiride.query.admin.ProcessorStatus.SegmentStatus;
import io.taxiride.security.Actor;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists every event processor of this process and replays one on request; operators only, by the role rules of the
 * security filter chain for {@code /admin/**}. Only processors whose handlers can be reset may be replayed: replaying
 * a saga would send its commands again. A paused processor is refused rather than replayed and started: the pause is
 * the operator's, and only they lift it. So is one whose segments other replicas hold: the replay is one instance's.
 */
@RestController
@RequestMapping("/admin/processors")
class ProcessorAdminController {

    private final EventProcessingConfiguration processing;
    private final ProcessorReplays replays;

    ProcessorAdminController(EventProcessingConfiguration processing, ProcessorReplays replays) {
        this.processing = processing;
        this.replays = replays;
    }

    @GetMapping
    List<ProcessorStatus> list() {
        // Only processors that track a position in the event stream: a subscribing one (the simulated fleet's) has no
        // tokens, nothing to catch up on and nothing to replay.
        return processing.eventProcessors().values().stream()
                         .filter(StreamingEventProcessor.class::isInstance)
                         .sorted(Comparator.comparing(EventProcessor::getName))
                         .map(this::status)
                         .toList();
    }

    @ApiResponse(responseCode = "202", description = "Accepted: the replay has started; the processor as it stands")
    @PostMapping("/{name}/replay")
    ResponseEntity<ProcessorStatus> replay(@PathVariable String name, Actor operator) {
        EventProcessor processor = processing.eventProcessor(name).orElseThrow(() -> processorNotFound(name));
        if (!(processor instanceof StreamingEventProcessor streaming) || !streaming.supportsReset()) {
            throw problem(HttpStatus.CONFLICT, name + " cannot be replayed: only a streaming processor whose "
                    + "handlers can be reset can, and never a saga's", "PROCESSOR_NOT_REPLAYABLE");
        }
        ProcessorReplays.Answer answer = replays.start(name, streaming, operator);
        switch (answer.outcome()) {
            case ALREADY_REPLAYING -> throw problem(HttpStatus.CONFLICT, name + " is already being replayed",
                                                    "REPLAY_IN_PROGRESS");
            case NOT_RUNNING -> throw problem(HttpStatus.CONFLICT, name + " is paused in this instance (from the Axon "
                    + "Server dashboard, or stopped): start it again there, then ask for the replay", "PROCESSOR_PAUSED");
            case SHARED -> throw problem(HttpStatus.CONFLICT, name + " has segments " + answer.heldElsewhere()
                    + " that this instance does not process (another replica holds them, or they are being balanced): "
                    + "a replay resets every segment, so scale this service to one instance, wait until it holds them "
                    + "all (GET /admin/processors), then ask again", "PROCESSOR_SHARED");
            case STARTED -> { }
        }
        return ResponseEntity.accepted().location(URI.create("/admin/processors")).body(status(processor));
    }

    private ProcessorStatus status(EventProcessor processor) {
        if (!(processor instanceof StreamingEventProcessor streaming)) {
            return new ProcessorStatus(processor.getName(), typeOf(processor), processor.isRunning(),
                                       processor.isError(), false, false, null, processor.isRunning(), List.of());
        }
        List<SegmentStatus> segments = streaming.processingStatus().values().stream()
                                                .map(ProcessorAdminController::segment)
                                                .sorted(Comparator.comparingInt(SegmentStatus::segment))
                                                .toList();
        boolean pending = replays.isPending(processor.getName());
        boolean replaying = pending || segments.stream().anyMatch(SegmentStatus::replaying);
        Integer progress = pending ? Integer.valueOf(0)
                : segments.stream().map(SegmentStatus::replayProgress).min(Integer::compare).orElse(null);
        boolean caughtUp = !replaying && streaming.isRunning() && !segments.isEmpty()
                && segments.stream().allMatch(SegmentStatus::caughtUp);
        return new ProcessorStatus(processor.getName(), typeOf(processor), streaming.isRunning(), streaming.isError(),
                                   streaming.supportsReset(), replaying, progress, caughtUp, segments);
    }

    private static SegmentStatus segment(EventTrackerStatus status) {
        Long position = value(status.getCurrentPosition());
        Long resetPosition = value(status.getResetPosition());
        boolean replaying = status.isReplaying() && !replayed(position, resetPosition);
        return new SegmentStatus(status.getSegment().getSegmentId(), status.getSegment().getMask(),
                                 status.isCaughtUp(), replaying, status.isErrorState(), position, resetPosition,
                                 progress(replaying, position, resetPosition));
    }

    /**
     * Axon keeps a token in replay until it sees an event past the reset position, which may take long when no new
     * events arrive; for us the replay is done once every event that existed at the reset has been handled again.
     */
    private static boolean replayed(Long position, Long resetPosition) {
        return position != null && resetPosition != null && position >= resetPosition;
    }

    private static int progress(boolean replaying, Long position, Long resetPosition) {
        if (!replaying) {
            return 100;
        }
        if (position == null || resetPosition == null || resetPosition <= 0) {
            return 0;
        }
        return (int) Math.min(99, Math.max(0, 100 * position / resetPosition));
    }

    private static Long value(OptionalLong position) {
        return position.isPresent() ? position.getAsLong() : null;
    }

    private static String typeOf(EventProcessor processor) {
        if (processor instanceof PooledStreamingEventProcessor) {
            return "pooled-streaming";
        }
        if (processor instanceof TrackingEventProcessor) {
            return "tracking";
        }
        if (processor instanceof SubscribingEventProcessor) {
            return "subscribing";
        }
        return processor.getClass().getSimpleName();
    }
}
