package ai.eternego.provider;

import jakarta.enterprise.context.ApplicationScoped;

import ai.eternego.config.EternegoConfig;
import ai.eternego.provider.OrganFault.Kind;
import io.smallrye.mutiny.Uni;

/** OpenAI, xAI and OpenAI-compatible servers (Groq, LM Studio, vLLM...): one API, two default URLs. */
@ApplicationScoped
public class OpenAiClient implements ModelProvider {

    private final EternegoConfig.Providers config;
    private final RestClients clients;

    public OpenAiClient(EternegoConfig config, RestClients clients) {
        this.config = config.providers();
        this.clients = clients;
    }

    /** The configured URL of {@link Provider#OPENAI} or {@link Provider#XAI}. */
    @Override
    public String defaultUrl(Provider provider) {
        return provider == Provider.XAI ? config.xai().url() : config.openai().url();
    }

    /**
     * Proves key and model with {@code GET /v1/models/{model}}; servers without that route (404/405)
     * are asked for the whole list instead.
     */
    @Override
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        OpenAiApi api = clients.get(OpenAiApi.class, BaseUrl.openAi(url), config.connectTimeout(), config.readTimeout());
        String authorization = "Bearer " + apiKey;
        return Uni.createFrom().deferred(() -> api.model(model, authorization))
                .replaceWithVoid()
                .onFailure(t -> t instanceof VendorStatus s && (s.status() == 404 || s.status() == 405))
                .recoverWithUni(() -> api.models(authorization).invoke(list -> {
                    boolean listed = list.data() != null && list.data().stream().anyMatch(m -> model.equals(m.id()));
                    if (!listed) {
                        throw new OrganFault(Kind.NO_MODEL, "no such model: " + model);
                    }
                }).replaceWithVoid())
                .onFailure().transform(t -> Faults.translate(t, Faults.Call.model(vendor(provider), url, model)));
    }

    private static String vendor(Provider provider) {
        return provider == Provider.XAI ? "xAI" : "OpenAI";
    }
}
