package dev.portico.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes {@link FormDecoder} with {@code application/x-www-form-urlencoded} bytes, in UTF-8 and ISO-8859-1. It
 * either refuses them as documented, with a {@link BadRequestException} (a 400) or, past the parameter limit, a
 * {@link PayloadTooLargeException} (a 413), or:
 * <ul>
 *   <li>a query string (the same octets as characters) decodes to the same parameters as the bytes;</li>
 *   <li>no more parameters come out than there are {@code &}-separated pairs;</li>
 *   <li>the parameters, encoded again the way a browser does, decode to the same parameters, in the same order.</li>
 * </ul>
 */
class FormDecoderFuzzTest {
    /** Small, so that inputs of fuzzer size reach the limit. */
    private static final int MAX_PARAMETERS = 64;

    @FuzzTest
    void decodeForm(byte[] data) {
        decodeIn(data, StandardCharsets.UTF_8);
        decodeIn(data, StandardCharsets.ISO_8859_1);
    }

    private static void decodeIn(byte[] data, Charset charset) {
        Map<String, String[]> parameters;
        try {
            parameters = new FormDecoder(MAX_PARAMETERS).decode(data, data.length, charset).toMap();
        } catch (BadRequestException | PayloadTooLargeException refused) {
            return;
        }
        String query = new String(data, StandardCharsets.ISO_8859_1);
        assertSame(parameters, new FormDecoder(MAX_PARAMETERS).decode(query, charset).toMap(), "query string and bytes");

        long pairs = 1 + query.chars().filter(c -> c == '&').count();
        long values = parameters.values().stream().mapToLong(v -> v.length).sum();
        assertTrue(values <= pairs, values + " parameters from " + pairs + " pairs");

        StringBuilder encoded = new StringBuilder();
        for (Map.Entry<String, String[]> e : parameters.entrySet()) {
            for (String value : e.getValue()) {
                if (encoded.length() > 0) {
                    encoded.append('&');
                }
                encoded.append(URLEncoder.encode(e.getKey(), charset)).append('=')
                        .append(URLEncoder.encode(value, charset));
            }
        }
        byte[] again = encoded.toString().getBytes(StandardCharsets.US_ASCII);
        assertSame(parameters, new FormDecoder(MAX_PARAMETERS).decode(again, again.length, charset).toMap(),
                "encoded again as " + encoded);
    }

    private static void assertSame(Map<String, String[]> expected, Map<String, String[]> actual, String what) {
        assertEquals(expected.keySet().stream().toList(), actual.keySet().stream().toList(), what + ": names");
        for (Map.Entry<String, String[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), what + ": values of " + e.getKey());
        }
    }
}
