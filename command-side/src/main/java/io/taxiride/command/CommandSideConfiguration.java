package io.taxiride.command;

import io.taxiride.command.call.FareSchedule;
import io.taxiride.command.drive.DriverDispatch;
import io.taxiride.command.drive.RosterDriverDispatch;
import io.taxiride.command.drive.ServiceArea;
import io.taxiride.command.payment.CardLimitPaymentGateway;
import io.taxiride.command.payment.PaymentGateway;

import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(RideProperties.class)
public class CommandSideConfiguration {

    @Bean
    FareSchedule fareSchedule(RideProperties properties) {
        return new FareSchedule(properties.fare().base(), properties.fare().perKm());
    }

    @Bean
    ServiceArea serviceArea(RideProperties properties) {
        return new ServiceArea(properties.drive().maxDistanceKm());
    }

    @Bean
    @ConditionalOnMissingBean
    PaymentGateway paymentGateway(RideProperties properties) {
        return new CardLimitPaymentGateway(properties.payment().cardLimit());
    }

    @Bean
    @ConditionalOnMissingBean
    DriverDispatch driverDispatch() {
        return new RosterDriverDispatch();
    }

    @Autowired
    void registerErrorCodes(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new ErrorCodeInterceptor());
    }
}
