package io.taxiride.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

class ActorTest {

    @Test
    void anAuthenticationIsTheActorOfItsRole() {
        var driver = new TestingAuthenticationToken("d-7", null, List.of(new SimpleGrantedAuthority("ROLE_DRIVER")));

        assertThat(Actor.from(driver)).contains(Actor.driver("d-7"));
    }

    @Test
    void anAuthenticationWithoutATokenRoleIsNobody() {
        var platformClaim = new TestingAuthenticationToken("x", null,
                                                           List.of(new SimpleGrantedAuthority("ROLE_PLATFORM")));
        var unauthenticated = new TestingAuthenticationToken("u-1", null, "ROLE_PASSENGER");
        unauthenticated.setAuthenticated(false);

        assertThat(Actor.from(platformClaim)).as("a token cannot make its bearer the platform").isEmpty();
        assertThat(Actor.from(unauthenticated)).isEmpty();
    }

    @Test
    void metaDataNamesAnActorOnlyWithAKnownRole() {
        assertThat(Actor.from(Actor.operator("o-1").metaData())).contains(Actor.operator("o-1"));
        assertThat(Actor.from(Map.of(Actor.ID, "x", Actor.ROLE, "ADMIN"))).isEmpty();
        assertThat(Actor.from(Map.of(Actor.ID, "x"))).isEmpty();
    }

    @Test
    void runningAsAnActorEndsWithTheRun() {
        Actor.passenger("u-1").run(() -> assertThat(Actor.current()).contains(Actor.passenger("u-1")));

        assertThat(Actor.current()).isEmpty();
    }
}
