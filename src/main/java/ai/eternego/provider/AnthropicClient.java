package ai.eternego.provider;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import io.smallrye.mutiny.Uni;

/** Anthropic: proves key and model with {@code GET /v1/models/{model}} (aliases resolve too). */
@ApplicationScoped
public class AnthropicClient implements ModelProvider {

    private final EternegoConfig.Providers config;
    private final RestClients clients;

    public AnthropicClient(EternegoConfig config, RestClients clients) {
        this.config = config.providers();
        this.clients = clients;
    }

    @Override
    public String defaultUrl(Provider provider) {
        return config.anthropic().url();
    }

    @Override
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        AnthropicApi api = clients.get(AnthropicApi.class, BaseUrl.anthropic(url), config.connectTimeout(),
                config.readTimeout());
        return Uni.createFrom().deferred(() -> api.model(model, apiKey))
                .replaceWithVoid()
                .onFailure().transform(t -> Faults.translate(t, Faults.Call.model("Anthropic", url, model)));
    }
}
