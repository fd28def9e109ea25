package io.taxiride.command.call;

import io.taxiride.api.call.CallId;
import io.taxiride.api.call.CancelCallCommand;
import io.taxiride.api.call.CancelReason;
import io.taxiride.api.call.PlaceCallCommand;

import jakarta.validation.Valid;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/calls")
class CallController {

    private final CommandGateway commands;

    CallController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping
    CompletableFuture<ResponseEntity<CallPlaced>> place(@Valid @RequestBody PlaceCallRequest request) {
        CallId callId = CallId.create();
        PlaceCallCommand command = new PlaceCallCommand(callId, request.userId(), request.userName(),
                                                        request.distance(), request.origin(), request.destination());
        return commands.send(command).thenApply(
                ignored -> ResponseEntity.created(URI.create("/callViews/" + callId)).body(new CallPlaced(callId.value())));
    }

    @PostMapping("/{callId}/cancel")
    CompletableFuture<ResponseEntity<Void>> cancel(@PathVariable String callId) {
        return commands.send(new CancelCallCommand(new CallId(callId), CancelReason.PASSENGER))
                       .thenApply(ignored -> ResponseEntity.accepted().build());
    }

    record CallPlaced(String callId) {
    }
}
