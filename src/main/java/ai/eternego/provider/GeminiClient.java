package ai.eternego.provider;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import io.smallrye.mutiny.Uni;

/** Gemini: proves key and model with {@code GET /v1beta/models/{model}}. */
@ApplicationScoped
public class GeminiClient implements ModelProvider {

    private static final String RESOURCE_PREFIX = "models/";

    private final EternegoConfig.Providers config;
    private final RestClients clients;

    public GeminiClient(EternegoConfig config, RestClients clients) {
        this.config = config.providers();
        this.clients = clients;
    }

    @Override
    public String defaultUrl(Provider provider) {
        return config.gemini().url();
    }

    /** {@code model} may be given as Gemini names it ({@code models/gemini-2.5-flash}) or bare. */
    @Override
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        GeminiApi api = clients.get(GeminiApi.class, BaseUrl.gemini(url), config.connectTimeout(), config.readTimeout());
        String id = model.startsWith(RESOURCE_PREFIX) ? model.substring(RESOURCE_PREFIX.length()) : model;
        return Uni.createFrom().deferred(() -> api.model(id, apiKey))
                .replaceWithVoid()
                .onFailure().transform(t -> Faults.translate(t, Faults.Call.model("Gemini", url, model)));
    }
}
