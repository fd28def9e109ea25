package io.taxiride.command.driver;

import io.taxiride.api.call.AcceptOfferCommand;
import io.taxiride.api.call.CallId;
import io.taxiride.api.call.DeclineOfferCommand;
import io.taxiride.api.driver.DriverId;
import io.taxiride.api.driver.GoOfflineCommand;
import io.taxiride.api.driver.GoOnlineCommand;
import io.taxiride.api.driver.MoveDriverCommand;
import io.taxiride.api.driver.RegisterDriverCommand;
import io.taxiride.command.web.PositionRequest;

import jakarta.validation.Valid;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The driver's app: registering, going online and offline, reporting the position, and answering an offer. An answer
 * is stamped with the time it arrives here; whether it came in time is the call's decision.
 */
@RestController
@RequestMapping("/drivers")
class DriverController {

    private final CommandGateway commands;
    private final Duration answerWithin;

    DriverController(CommandGateway commands,
                     @Value("${taxiride.command.answer-within:10s}") Duration answerWithin) {
        this.commands = commands;
        this.answerWithin = answerWithin;
    }

    @PostMapping
    CompletableFuture<ResponseEntity<DriverRegistered>> register(@Valid @RequestBody RegisterDriverRequest request) {
        DriverId driverId = DriverId.create();
        return commands.send(new RegisterDriverCommand(driverId, request.name(), request.taxiNumber()))
                       .orTimeout(answerWithin.toMillis(), TimeUnit.MILLISECONDS)
                       .thenApply(ignored -> ResponseEntity.created(URI.create("/drivers/" + driverId))
                                                           .body(new DriverRegistered(driverId.value())));
    }

    @PostMapping("/{driverId}/online")
    CompletableFuture<ResponseEntity<Void>> goOnline(@PathVariable String driverId,
                                                     @Valid @RequestBody PositionRequest position) {
        return accepted(commands.send(new GoOnlineCommand(new DriverId(driverId), position.toPosition())));
    }

    @PostMapping("/{driverId}/offline")
    CompletableFuture<ResponseEntity<Void>> goOffline(@PathVariable String driverId) {
        return accepted(commands.send(new GoOfflineCommand(new DriverId(driverId))));
    }

    @PutMapping("/{driverId}/position")
    CompletableFuture<ResponseEntity<Void>> move(@PathVariable String driverId,
                                                 @Valid @RequestBody PositionRequest position) {
        return accepted(commands.send(new MoveDriverCommand(new DriverId(driverId), position.toPosition())));
    }

    @PostMapping("/{driverId}/offers/{callId}/accept")
    CompletableFuture<ResponseEntity<Void>> accept(@PathVariable String driverId, @PathVariable String callId) {
        return accepted(commands.send(new AcceptOfferCommand(new CallId(callId), new DriverId(driverId),
                                                             Instant.now())));
    }

    @PostMapping("/{driverId}/offers/{callId}/decline")
    CompletableFuture<ResponseEntity<Void>> decline(@PathVariable String driverId, @PathVariable String callId) {
        return accepted(commands.send(new DeclineOfferCommand(new CallId(callId), new DriverId(driverId),
                                                              Instant.now())));
    }

    private CompletableFuture<ResponseEntity<Void>> accepted(CompletableFuture<?> result) {
        return result.orTimeout(answerWithin.toMillis(), TimeUnit.MILLISECONDS)
                     .thenApply(ignored -> ResponseEntity.accepted().build());
    }

    record DriverRegistered(String driverId) {
    }
}
