package io.taxiride.query.deadletter;

import static io.taxiride.query.admin.AdminProblems.problem;
import static io.taxiride.query.admin.AdminProblems.processorNotFound;

import io.taxiride.query.deadletter.DeadLetterView.Cause;
import io.taxiride.security.Actor;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead-letter queues of this process's projections, for operators (the role rules of {@code /admin/**}): list
 * what is parked and why, retry a sequence once its cause is fixed, or evict it. A retry runs the projection's
 * handlers on the parked events, oldest first, in one transaction; the first that fails again stays parked with the
 * new cause, and so does everything behind it. An evicted sequence is gone: its events are never handled by the view,
 * unless the view is replayed.
 */
@RestController
@RequestMapping("/admin/processors/{name}/dead-letters")
class DeadLetterAdminController {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAdminController.class);

    private final EventProcessingConfiguration processing;

    DeadLetterAdminController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @GetMapping
    DeadLetters list(@PathVariable String name, @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(name);
        List<DeadLetterSequence> shown = StreamSupport.stream(queue.deadLetters().spliterator(), false)
                                                      .limit(limit)
                                                      .map(letters -> sequence(name, letters))
                                                      .toList();
        return new DeadLetters(name, queue.amountOfSequences(), queue.size(), shown);
    }

    @GetMapping("/{sequence}")
    DeadLetterSequence show(@PathVariable String name, @PathVariable String sequence) {
        return parked(name, sequence).orElseThrow(() -> noSequence(name, sequence));
    }

    @ApiResponse(responseCode = "200", description = "The sequence after the retry; handled says whether all of it was")
    @PostMapping("/{sequence}/retry")
    DeadLetterSequence retry(@PathVariable String name, @PathVariable String sequence, Actor operator) {
        DeadLetterSequence before = show(name, sequence);
        log.info("{} retries the dead letters of {} in {}", operator.id(), sequence, name);
        boolean handled = retry(name, before.letters().get(0).eventId());
        return parked(name, sequence).map(after -> new DeadLetterSequence(name, sequence, handled, after.letters()))
                                     .orElse(new DeadLetterSequence(name, sequence, handled, List.of()));
    }

    @PostMapping("/retry")
    RetryAll retryAll(@PathVariable String name, Actor operator) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(name);
        log.info("{} retries every dead letter of {}", operator.id(), name);
        List<String> firstLetters = StreamSupport.stream(queue.deadLetters().spliterator(), false)
                                                 .map(letters -> letters.iterator().next().message().getIdentifier())
                                                 .toList();
        int handled = (int) firstLetters.stream().filter(eventId -> retry(name, eventId)).count();
        return new RetryAll(name, handled, firstLetters.size() - handled);
    }

    @ApiResponse(responseCode = "204", description = "Evicted: the view will not handle these events")
    @DeleteMapping("/{sequence}")
    ResponseEntity<Void> evict(@PathVariable String name, @PathVariable String sequence, Actor operator) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(name);
        List<DeadLetter<? extends EventMessage<?>>> letters = letters(queue, sequence);
        if (letters.isEmpty()) {
            throw noSequence(name, sequence);
        }
        log.warn("{} evicts {} dead letters of {} from {}: the view will not handle them", operator.id(),
                 letters.size(), sequence, name);
        letters.forEach(queue::evict);
        return ResponseEntity.noContent().build();
    }

    /** Runs the sequence whose first letter is this event; a failure of the retry itself leaves it as it was. */
    private boolean retry(String name, String firstEventId) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(name)
                                                                            .orElseThrow(() -> noQueue(name));
        try {
            return processor.process(first -> first.message().getIdentifier().equals(firstEventId));
        } catch (RuntimeException failed) {
            log.warn("Retrying the dead letters of {} from event {} failed; they stay parked as they were", name,
                     firstEventId, failed);
            return false;
        }
    }

    private Optional<DeadLetterSequence> parked(String name, String sequence) {
        List<DeadLetter<? extends EventMessage<?>>> letters = letters(queue(name), sequence);
        return letters.isEmpty() ? Optional.empty() : Optional.of(sequence(name, letters));
    }

    private static List<DeadLetter<? extends EventMessage<?>>> letters(
            SequencedDeadLetterQueue<EventMessage<?>> queue, String sequence) {
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(sequence).forEach(letters::add);
        return letters;
    }

    private static DeadLetterSequence sequence(String name,
                                               Iterable<? extends DeadLetter<? extends EventMessage<?>>> letters) {
        List<? extends DeadLetter<? extends EventMessage<?>>> all =
                StreamSupport.stream(letters.spliterator(), false).toList();
        // Every queue here is Axon's JPA queue, which keeps the sequence's identifier as text.
        String sequence = all.get(0) instanceof JpaDeadLetter<?> stored ? stored.getSequenceIdentifier() : null;
        return new DeadLetterSequence(name, sequence, null, all.stream().map(DeadLetterAdminController::view).toList());
    }

    private static DeadLetterView view(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
        Cause cause = letter.cause().map(c -> new Cause(c.type(), c.message())).orElse(null);
        return new DeadLetterView(event.getIdentifier(), event.getPayloadType().getSimpleName(),
                                  domain == null ? null : domain.getAggregateIdentifier(),
                                  domain == null ? null : domain.getSequenceNumber(), event.getTimestamp(),
                                  letter.enqueuedAt(), letter.lastTouched(), cause,
                                  DeadLetterConfiguration.failures(letter.diagnostics()));
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String name) {
        if (processing.eventProcessor(name).isEmpty()) {
            throw processorNotFound(name);
        }
        return processing.deadLetterQueue(name).orElseThrow(() -> noQueue(name));
    }

    private static ErrorResponseException noQueue(String name) {
        return problem(HttpStatus.NOT_FOUND, name + " has no dead-letter queue: only the projections park failing "
                + "events; a saga stops on one and retries it until it succeeds", "NO_DEAD_LETTER_QUEUE");
    }

    private static ErrorResponseException noSequence(String name, String sequence) {
        return problem(HttpStatus.NOT_FOUND, "No dead letters of " + sequence + " in " + name,
                       "DEAD_LETTERS_NOT_FOUND");
    }
}
