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
     * Her Mind answers {@code request}, streamed: her words as they arrive, in order, thoughts left out.
     * Completes only when the vendor ended the answer whole; else fails with an {@link OrganFault}.
     */
    Multi<String> chat(Provider provider, String url, String apiKey, String model, MindRequest request);
}
