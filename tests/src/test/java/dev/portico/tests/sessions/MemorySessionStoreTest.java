package dev.portico.tests.sessions;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.session.MemorySessionStore;
import dev.portico.session.SessionData;
import dev.portico.session.SessionStore;
import dev.portico.session.SessionStoreException;
import dev.portico.session.SessionStoreProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore open(String namespace) {
        return MemorySessionStore.named("contract", namespace);
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndOpensTheNamedStore() {
        SessionStoreProvider provider = ServiceLoader.load(SessionStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.accepts("memory://found")).findFirst().orElseThrow();
        SessionStore viaProvider = provider.open("memory://found", "/ns");
        String id = id();
        assertTrue(viaProvider.create(session(id, System.currentTimeMillis(), 60, Map.of())));
        SessionData seen = MemorySessionStore.named("found", "/ns").load(id);
        assertNotNull(seen);
        assertThrows(SessionStoreException.class, () -> provider.open("memory://", "/ns"));
    }
}
