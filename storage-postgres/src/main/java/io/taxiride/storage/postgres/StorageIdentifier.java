package io.taxiride.storage.postgres;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Establishes the token store's identifier (the {@code __config} row of {@code token_entry}) before anything starts.
 * The first instance on a new database inserts it; instances started at the same moment each try the same insert,
 * and all but one fail on the primary key. Axon asks for the identifier while it starts the processors and the
 * connection to Axon Server, and a failure there stopped the whole instance (seen with two saga and two query-side
 * replicas started together, ServicesScaledOutOnPostgresTest). Here the loser tries again and reads the winner's row.
 */
class StorageIdentifier implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StorageIdentifier.class);
    static final int ATTEMPTS = 5;

    private final TokenStore tokenStore;
    private final TransactionManager transactions;

    StorageIdentifier(TokenStore tokenStore, TransactionManager transactions) {
        this.tokenStore = tokenStore;
        this.transactions = transactions;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (int attempt = 1; ; attempt++) {
            try {
                String identifier = transactions.fetchInTransaction(tokenStore::retrieveStorageIdentifier)
                                                .orElse("--unknown--");
                log.debug("Token store identifier {}", identifier);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.info("Token store identifier not established (attempt {} of {}, another instance may be creating "
                                 + "it): {}", attempt, ATTEMPTS, e.toString());
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(100L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while establishing the token store identifier", e);
        }
    }
}
