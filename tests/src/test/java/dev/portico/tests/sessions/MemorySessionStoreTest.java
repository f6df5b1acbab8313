package dev.portico.tests.sessions;

import dev.portico.session.MemorySessionStore;
import dev.portico.session.SessionStore;

class MemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore open(String namespace) {
        return MemorySessionStore.named("contract", namespace);
    }
}
