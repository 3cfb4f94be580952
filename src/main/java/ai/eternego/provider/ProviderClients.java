package ai.eternego.provider;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** The provider table in one place: which client serves a provider, and its default URL. */
@ApplicationScoped
public class ProviderClients {

    private final OllamaClient ollama;
    private final OpenAiClient openAi;
    private final AnthropicClient anthropic;
    private final GeminiClient gemini;

    public ProviderClients(OllamaClient ollama, OpenAiClient openAi, AnthropicClient anthropic, GeminiClient gemini) {
        this.ollama = ollama;
        this.openAi = openAi;
        this.anthropic = anthropic;
        this.gemini = gemini;
    }

    public String defaultUrl(Provider provider) {
        return switch (provider) {
            case LOCAL -> ollama.defaultUrl();
            case OPENAI, XAI -> openAi.defaultUrl(provider);
            case ANTHROPIC -> anthropic.defaultUrl();
            case GEMINI -> gemini.defaultUrl();
        };
    }

    /** The URL an organ uses: its override as given, else the provider's default. */
    public String urlFor(Provider provider, String override) {
        return override == null || override.isBlank() ? defaultUrl(provider) : override;
    }

    /** The cheap call that proves a cloud key and model (never a paid generation); for local, the model is there. */
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        return switch (provider) {
            case LOCAL -> ollama.requireModel(url, model);
            case OPENAI, XAI -> openAi.check(provider, url, apiKey, model);
            case ANTHROPIC -> anthropic.check(url, apiKey, model);
            case GEMINI -> gemini.check(url, apiKey, model);
        };
    }
}
