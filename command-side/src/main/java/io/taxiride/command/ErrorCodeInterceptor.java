package io.taxiride.command;

import io.taxiride.api.ErrorCode;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Turns refusals into {@link CommandExecutionException}s whose details carry the {@link ErrorCode}: only the details
 * survive when the command side answers from another process through Axon Server.
 */
class ErrorCodeInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (CommandRefusedException e) {
            throw e.answer();
        } catch (AggregateNotFoundException e) {
            CommandRefusedException refusal = CommandRefusedException.notFound(
                    notFoundCode(unitOfWork.getMessage().getPayloadType()), e.getAggregateIdentifier());
            refusal.initCause(e);
            throw refusal.answer();
        }
    }

    private static ErrorCode notFoundCode(Class<?> commandType) {
        String concept = commandType.getPackageName();
        if (concept.endsWith(".drive")) {
            return ErrorCode.DRIVE_NOT_FOUND;
        }
        if (concept.endsWith(".payment")) {
            return ErrorCode.PAYMENT_NOT_FOUND;
        }
        if (concept.endsWith(".driver")) {
            return ErrorCode.DRIVER_NOT_FOUND;
        }
        return ErrorCode.CALL_NOT_FOUND;
    }
}
