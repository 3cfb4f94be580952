package ai.eternego.provider;

/**
 * A server refused the tools offered with a request (a compatible server or a local model without tool
 * calling: a 400 whose error names tools): the caller asks again with her abilities described in words
 * instead. Carries nothing the vendor said.
 */
final class ToolsRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ToolsRefused() {
        super("the server does not take tools", null, false, false);
    }
}
