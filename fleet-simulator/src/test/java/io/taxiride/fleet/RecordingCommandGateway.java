package io.taxiride.fleet;

import io.taxiride.security.Actor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Records every command sent, and the actor it was sent as; those {@code refuse} matches are answered with the
 * failure {@code refusal} makes of them.
 */
class RecordingCommandGateway implements CommandGateway {

    final List<Object> sent = new CopyOnWriteArrayList<>();
    final List<Sent> sentAs = new CopyOnWriteArrayList<>();
    volatile Predicate<Object> refuse = command -> false;
    volatile Function<Object, Throwable> refusal = command -> new IllegalStateException("refused: " + command);

    @Override
    public <R> CompletableFuture<R> send(Object command) {
        sent.add(command);
        sentAs.add(new Sent(command, Actor.current().orElse(null)));
        return refuse.test(command)
               ? CompletableFuture.failedFuture(refusal.apply(command))
               : CompletableFuture.completedFuture(null);
    }

    record Sent(Object command, Actor actor) {
    }

    @Override
    public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <R> R sendAndWait(Object command) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        throw new UnsupportedOperationException();
    }

    <T> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
