package ai.eternego.provider;

/**
 * A server refused to stream an answer (a compatible server that does not take {@code stream} or its
 * options): the caller asks again for the answer whole. Carries nothing the vendor said.
 */
final class StreamRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StreamRefused() {
        super("the server does not stream answers", null, false, false);
    }
}
