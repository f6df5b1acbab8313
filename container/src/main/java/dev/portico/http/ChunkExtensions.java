package dev.portico.http;

import java.io.IOException;

/**
 * The rest of a chunk-size line after its hex digits: the chunk extensions and the CRLF (RFC 9112 §7.1.1).
 * Portico knows no extension, so their content is ignored, but never their grammar:
 * <pre>
 *   chunk-ext     = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 *   chunk-ext-val = token / quoted-string
 * </pre>
 * A parser that skips to "the next CRLF" reads {@code ;a="x} + CRLF as the end of the line where another, reading
 * the quoted string, goes on into the data: the same bytes framed two ways, which is request smuggling (the
 * chunk-extension advisories of Netty, Kestrel and Jetty in 2025–26). So anything outside the grammar — a
 * {@code ;} without a name, an unclosed quoted string, a lone CR or LF, whitespace before the CRLF — is a 400, and
 * so is a line longer than the limit (an unbounded line is memory or time an attacker spends for free).
 */
final class ChunkExtensions {

    private enum State {
        /** After the size, a value or a quoted string: {@code ;}, whitespace, or the CRLF. */
        NEXT(true),
        /** Whitespace before a {@code ;} (BWS): only more whitespace or the {@code ;} may follow. */
        NEXT_BWS(false),
        /** After {@code ;}: optional whitespace, then the name. */
        NAME_START(false),
        /** chunk-ext-name = token. */
        NAME(true),
        /** Whitespace after a name: {@code =} or {@code ;} must follow. */
        NAME_BWS(false),
        /** After {@code =}: optional whitespace, then a token or a quoted string. */
        VALUE_START(false),
        /** A token value. */
        TOKEN_VALUE(true),
        /** Inside a quoted string (RFC 9110 §5.6.4). */
        QUOTED(false),
        /** After a backslash inside a quoted string. */
        QUOTED_PAIR(false);

        /** Whether the line may end (CRLF) in this state. */
        final boolean mayEnd;

        State(boolean mayEnd) {
            this.mayEnd = mayEnd;
        }
    }

    private ChunkExtensions() {
    }

    /**
     * Consumes the line from {@code b}, the first byte after the chunk size, through its CRLF.
     *
     * @param maxLength most bytes between the size and the CR
     * @throws HttpException 400 when the line is not chunk-ext CRLF or is longer than {@code maxLength}
     */
    static void skip(InputBuffer input, int b, int maxLength) throws IOException {
        State state = State.NEXT;
        int length = 0;
        while (b != '\r') {
            if (++length > maxLength) {
                throw bad("chunk extension longer than " + maxLength + " bytes");
            }
            state = next(state, b);
            b = input.readByte();
        }
        if (!state.mayEnd) {
            throw bad(state == State.QUOTED || state == State.QUOTED_PAIR ? "unclosed quoted string in chunk extension"
                    : "incomplete chunk extension");
        }
        if (input.readByte() != '\n') {
            throw bad("CR not followed by LF in chunk size line");
        }
    }

    private static State next(State state, int b) throws HttpException {
        boolean whitespace = b == ' ' || b == '\t';
        boolean tchar = CharClass.is(b, CharClass.TOKEN);
        // qdtext and the escaped byte of a quoted-pair: HTAB / SP / VCHAR / obs-text (RFC 9110 §5.6.4)
        boolean text = whitespace || CharClass.is(b, CharClass.FIELD_VCHAR);
        return switch (state) {
            case NEXT, NEXT_BWS -> b == ';' ? State.NAME_START : whitespace ? State.NEXT_BWS : invalid();
            case NAME_START -> whitespace ? State.NAME_START : tchar ? State.NAME
                    : fail("chunk extension without a name");
            case NAME -> tchar ? State.NAME : afterName(b, whitespace);
            case NAME_BWS -> afterName(b, whitespace);
            case VALUE_START -> whitespace ? State.VALUE_START : b == '"' ? State.QUOTED : tchar ? State.TOKEN_VALUE
                    : fail("chunk extension without a value after '='");
            case TOKEN_VALUE -> tchar ? State.TOKEN_VALUE : next(State.NEXT, b);
            case QUOTED -> b == '"' ? State.NEXT : b == '\\' ? State.QUOTED_PAIR : text ? State.QUOTED : invalid();
            case QUOTED_PAIR -> text ? State.QUOTED : invalid();
        };
    }

    private static State afterName(int b, boolean whitespace) throws HttpException {
        return b == '=' ? State.VALUE_START : b == ';' ? State.NAME_START : whitespace ? State.NAME_BWS : invalid();
    }

    private static State invalid() throws HttpException {
        return fail("invalid character in chunk extension");
    }

    private static State fail(String message) throws HttpException {
        throw bad(message);
    }

    private static HttpException bad(String message) {
        return new HttpException(400, message);
    }
}
