package io.taxiride.fleet;

import io.taxiride.api.driver.DriverId;
import io.taxiride.security.Actor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * A simulated driver's command, sent as that driver: it carries the driver as its actor, as a request with the
 * driver's token would, so the rules for drivers hold for the simulated ones too and their events name who acted.
 */
final class AsDriver {

    private AsDriver() {
    }

    static <R> CompletableFuture<R> send(CommandGateway commands, DriverId driver, Object command) {
        AtomicReference<CompletableFuture<R>> answer = new AtomicReference<>();
        Actor.driver(driver.value()).run(() -> answer.set(commands.send(command)));
        return answer.get();
    }
}
