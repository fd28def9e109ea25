package io.taxiride.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.junit.jupiter.api.Test;

class StorageIdentifierTest {

    @Test
    void anInstanceThatLosesTheInsertToAnotherReadsTheIdentifierOnItsNextAttempt() {
        AtomicInteger asked = new AtomicInteger();
        InMemoryTokenStore store = new InMemoryTokenStore() {
            @Override
            public Optional<String> retrieveStorageIdentifier() {
                if (asked.incrementAndGet() == 1) {
                    throw new UnableToRetrieveIdentifierException("duplicate key value violates token_entry_pk",
                                                                  new IllegalStateException());
                }
                return Optional.of("the winner's id");
            }
        };

        new StorageIdentifier(store, NoTransactionManager.INSTANCE).afterSingletonsInstantiated();

        assertThat(asked).hasValue(2);
    }

    @Test
    void aTokenStoreThatNeverAnswersStopsTheStartAfterFiveAttempts() {
        AtomicInteger asked = new AtomicInteger();
        InMemoryTokenStore store = new InMemoryTokenStore() {
            @Override
            public Optional<String> retrieveStorageIdentifier() {
                asked.incrementAndGet();
                throw new UnableToRetrieveIdentifierException("database gone", new IllegalStateException());
            }
        };

        assertThatThrownBy(() -> new StorageIdentifier(store, NoTransactionManager.INSTANCE)
                .afterSingletonsInstantiated()).isInstanceOf(UnableToRetrieveIdentifierException.class);
        assertThat(asked).hasValue(StorageIdentifier.ATTEMPTS);
    }
}
