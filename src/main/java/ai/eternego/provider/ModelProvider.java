package ai.eternego.provider;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A vendor that serves organs. Each vendor has exactly one adapter, which owns every call made to it;
 * {@link ProviderClients#adapter(Provider)} is the one place that picks it.
 */
public interface ModelProvider {

    /** The configured base URL of {@code provider}, used when an organ names none. */
    String defaultUrl(Provider provider);

    /**
     * The cheap call that proves a key and a model (never a paid generation); for a local organ, that
     * the model is there. Fails with an {@link OrganFault}.
     */
    Uni<Void> check(Provider provider, String url, String apiKey, String model);

    /**
     * Her Mind answers {@code request}, streamed: her words as they arrive, in order, thoughts left out (a
     * call of an ability is left out too: see {@link #think}). Completes only when the vendor ended the answer whole; else fails with an {@link OrganFault}.
     */
    default Multi<String> chat(Provider provider, String url, String apiKey, String model, MindRequest request) {
        return think(provider, url, apiKey, model, request).filter(MindPiece.Words.class::isInstance)
                .map(piece -> ((MindPiece.Words) piece).text());
    }

    /**
     * Her Mind answers {@code request}, streamed: her words as they arrive, then every call of an ability
     * she made (native tool calls, offered from {@link MindRequest#tools()}), each whole. A server that
     * refuses the tools is asked again with her abilities told in words ({@link MindRequest#inWords()}).
     * Completes only when the vendor ended the answer whole; else fails with an {@link OrganFault}.
     */
    Multi<MindPiece> think(Provider provider, String url, String apiKey, String model, MindRequest request);
}
