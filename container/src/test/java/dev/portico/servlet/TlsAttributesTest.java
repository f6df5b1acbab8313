package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TlsAttributesTest {
    @Test
    void keySizeIsTheBulkCiphersKeyLength() {
        assertEquals(128, TlsAttributes.keySize("TLS_AES_128_GCM_SHA256"));
        assertEquals(256, TlsAttributes.keySize("TLS_AES_256_GCM_SHA384"));
        assertEquals(256, TlsAttributes.keySize("TLS_CHACHA20_POLY1305_SHA256"));
        assertEquals(128, TlsAttributes.keySize("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
        assertEquals(256, TlsAttributes.keySize("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"));
        assertEquals(168, TlsAttributes.keySize("SSL_RSA_WITH_3DES_EDE_CBC_SHA"));
        assertNull(TlsAttributes.keySize("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"));
    }
}
