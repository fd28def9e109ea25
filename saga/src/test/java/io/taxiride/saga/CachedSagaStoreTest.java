package io.taxiride.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache must serve repeated reads from memory, and must forget what a rolled-back unit of work did: the handler
 * changes the cached instance in place, so without that the retry of a failed event would start from a state the
 * database never stored. And a lookup on another thread (another segment of the saga's processor) that reads the
 * database before a new saga or association is committed must not hide it from later lookups.
 */
class CachedSagaStoreTest {

    private static final AssociationValue CALL = new AssociationValue("callId", "c-1");
    private static final AssociationValue DRIVE = new AssociationValue("driveId", "d-1");
    private static final AssociationValue NEW_CALL = new AssociationValue("callId", "c-2");

    private final CopyingStore database = new CopyingStore();
    private CachedSagaStore<Counter> store;

    @BeforeEach
    void storeOneSaga() {
        store = new CachedSagaStore<>(database, new WeakReferenceCache(), new WeakReferenceCache());
        inUnitOfWork(() -> {
            store.insertSaga(Counter.class, "s-1", new Counter(1), Set.of(CALL));
            return null;
        }, true);
    }

    @Test
    void repeatedReadsComeFromTheCache() {
        Counter first = inUnitOfWork(() -> store.loadSaga(Counter.class, "s-1").saga(), true);
        Counter second = inUnitOfWork(() -> store.loadSaga(Counter.class, "s-1").saga(), true);
        inUnitOfWork(() -> store.findSagas(Counter.class, CALL), true);
        Set<String> found = inUnitOfWork(() -> store.findSagas(Counter.class, CALL), true);

        assertThat(second).isSameAs(first);
        assertThat(found).containsExactly("s-1");
        assertThat(database.loads).as("a saga written through the cache is not read back").hasValue(0);
        assertThat(database.finds).as("an association is looked up in the database once").hasValue(1);
    }

    @Test
    void aRolledBackChangeIsForgotten() {
        changeInUnitOfWork(99, false);

        Counter reloaded = inUnitOfWork(() -> store.loadSaga(Counter.class, "s-1").saga(), true);
        Set<String> byDrive = inUnitOfWork(() -> store.findSagas(Counter.class, DRIVE), true);

        assertThat(reloaded.value).isEqualTo(1);
        assertThat(byDrive).isEmpty();
        assertThat(database.loads).hasValue(1);
    }

    @Test
    void aCommittedChangeIsServedFromTheCache() {
        changeInUnitOfWork(2, true);

        assertThat(inUnitOfWork(() -> store.loadSaga(Counter.class, "s-1").saga(), true).value).isEqualTo(2);
        assertThat(inUnitOfWork(() -> store.findSagas(Counter.class, DRIVE), true)).containsExactly("s-1");
        assertThat(database.stored.get("s-1").value).isEqualTo(2);
    }

    @Test
    void aLookupOnAnotherThreadBeforeANewSagaIsCommittedDoesNotHideIt() throws Exception {
        DefaultUnitOfWork<?> creating = DefaultUnitOfWork.startAndGet(null);
        store.insertSaga(Counter.class, "s-2", new Counter(1), Set.of(NEW_CALL));

        assertThat(onAnotherThread(() -> inUnitOfWork(() -> store.findSagas(Counter.class, NEW_CALL), true)))
                .as("the other thread's database does not have it yet").isEmpty();
        creating.commit();

        assertThat(inUnitOfWork(() -> store.findSagas(Counter.class, NEW_CALL), true)).containsExactly("s-2");
    }

    @Test
    void aLookupOnAnotherThreadBeforeANewAssociationIsCommittedDoesNotHideIt() throws Exception {
        DefaultUnitOfWork<?> associating = DefaultUnitOfWork.startAndGet(null);
        Counter saga = store.loadSaga(Counter.class, "s-1").saga();
        AssociationValues associations = new AssociationValuesImpl(Set.of(CALL));
        associations.add(DRIVE);
        store.updateSaga(Counter.class, "s-1", saga, associations);
        associations.commit();

        assertThat(onAnotherThread(() -> inUnitOfWork(() -> store.findSagas(Counter.class, DRIVE), true))).isEmpty();
        associating.commit();

        assertThat(inUnitOfWork(() -> store.findSagas(Counter.class, DRIVE), true)).containsExactly("s-1");
    }

    /** The other thread reads the database before the commit and caches what it read after it. */
    @Test
    void aLookupThatReadsTheDatabaseAcrossTheCommitDoesNotHideANewSaga() throws Exception {
        ExecutorService creator = Executors.newSingleThreadExecutor();
        ExecutorService looker = Executors.newSingleThreadExecutor();
        try {
            creator.submit(() -> {
                DefaultUnitOfWork.startAndGet(null);
                store.insertSaga(Counter.class, "s-2", new Counter(1), Set.of(NEW_CALL));
            }).get(10, TimeUnit.SECONDS);
            database.readTaken = new CountDownLatch(1);
            database.readReturns = new CountDownLatch(1);
            Future<Set<String>> lookup = looker.submit(
                    () -> inUnitOfWork(() -> store.findSagas(Counter.class, NEW_CALL), true));
            assertThat(database.readTaken.await(10, TimeUnit.SECONDS)).isTrue();

            Future<?> commit = creator.submit(() -> CurrentUnitOfWork.get().commit());
            // Time for the commit to finish, where nothing holds it back.
            Thread.sleep(300);
            database.readReturns.countDown();
            lookup.get(10, TimeUnit.SECONDS);
            commit.get(10, TimeUnit.SECONDS);
        } finally {
            creator.shutdownNow();
            looker.shutdownNow();
        }
        database.readTaken = null;

        assertThat(inUnitOfWork(() -> store.findSagas(Counter.class, NEW_CALL), true)).containsExactly("s-2");
    }

    private static <R> R onAnotherThread(Callable<R> work) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(work).get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    /** As a saga handler does: changes the loaded instance in place, associates the drive, stores it. */
    private void changeInUnitOfWork(int value, boolean commit) {
        inUnitOfWork(() -> {
            Counter saga = store.loadSaga(Counter.class, "s-1").saga();
            saga.value = value;
            AssociationValues associations = new AssociationValuesImpl(Set.of(CALL));
            associations.add(DRIVE);
            store.updateSaga(Counter.class, "s-1", saga, associations);
            return null;
        }, commit);
    }

    private static <R> R inUnitOfWork(Supplier<R> work, boolean commit) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        R result = work.get();
        if (commit) {
            unitOfWork.commit();
        } else {
            unitOfWork.rollback();
        }
        return result;
    }

    static final class Counter {
        int value;

        Counter(int value) {
            this.value = value;
        }
    }

    /**
     * Stands for the database: keeps copies, so a change to a handed-out instance is not stored by accident, and
     * writes only when the unit of work commits, as a transaction would.
     */
    private static final class CopyingStore implements SagaStore<Counter> {
        final Map<String, Counter> stored = new ConcurrentHashMap<>();
        final Map<String, Set<AssociationValue>> associations = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger finds = new AtomicInteger();
        /** Where set, a lookup says it has read, and returns what it read only once let go. */
        volatile CountDownLatch readTaken;
        volatile CountDownLatch readReturns;

        @Override
        public Set<String> findSagas(Class<? extends Counter> sagaType, AssociationValue associationValue) {
            finds.incrementAndGet();
            Set<String> found = associations.entrySet().stream()
                                            .filter(entry -> entry.getValue().contains(associationValue))
                                            .map(Map.Entry::getKey).collect(Collectors.toSet());
            if (readTaken != null) {
                readTaken.countDown();
                try {
                    readReturns.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return found;
        }

        @Override
        public <S extends Counter> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
            loads.incrementAndGet();
            Counter copy = new Counter(stored.get(sagaIdentifier).value);
            Set<AssociationValue> values = Set.copyOf(associations.get(sagaIdentifier));
            return new Entry<>() {
                @Override
                public Set<AssociationValue> associationValues() {
                    return values;
                }

                @Override
                @SuppressWarnings("unchecked")
                public S saga() {
                    return (S) copy;
                }
            };
        }

        @Override
        public void deleteSaga(Class<? extends Counter> sagaType, String sagaIdentifier,
                               Set<AssociationValue> associationValues) {
            CurrentUnitOfWork.get().onCommit(unitOfWork -> {
                stored.remove(sagaIdentifier);
                associations.remove(sagaIdentifier);
            });
        }

        @Override
        public void insertSaga(Class<? extends Counter> sagaType, String sagaIdentifier, Counter saga,
                               Set<AssociationValue> associationValues) {
            Counter copy = new Counter(saga.value);
            Set<AssociationValue> values = new HashSet<>(associationValues);
            CurrentUnitOfWork.get().onCommit(unitOfWork -> {
                stored.put(sagaIdentifier, copy);
                associations.put(sagaIdentifier, values);
            });
        }

        @Override
        public void updateSaga(Class<? extends Counter> sagaType, String sagaIdentifier, Counter saga,
                               AssociationValues associationValues) {
            insertSaga(sagaType, sagaIdentifier, saga, associationValues.asSet());
        }
    }
}
