package ai.eternego.provider;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The provider table in one place: which adapter serves a provider, and its default URL. */
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

    /** The adapter that owns every call to {@code provider}: the one place that picks it. */
    public ModelProvider adapter(Provider provider) {
        return switch (provider) {
            case LOCAL -> ollama;
            case OPENAI, XAI -> openAi;
            case ANTHROPIC -> anthropic;
            case GEMINI -> gemini;
        };
    }

    public String defaultUrl(Provider provider) {
        return adapter(provider).defaultUrl(provider);
    }

    /** The default base URL of every provider, by the name people use ({@code local} for Ollama). */
    public Map<String, String> defaultUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Provider provider : Provider.values()) {
            urls.put(provider.isLocal() ? "local" : provider.key(), defaultUrl(provider));
        }
        return urls;
    }

    /** The URL an organ uses: its override as given, else the provider's default. */
    public String urlFor(Provider provider, String override) {
        return override == null || override.isBlank() ? defaultUrl(provider) : override;
    }

    /** The cheap call that proves a cloud key and model (never a paid generation); for local, the model is there. */
    public Uni<Void> check(Provider provider, String url, String apiKey, String model) {
        return adapter(provider).check(provider, url, apiKey, model);
    }

    /** Her Mind answers {@code request}, streamed word by word; see {@link ModelProvider#chat}. */
    public Multi<String> chat(Provider provider, String url, String apiKey, String model, MindRequest request) {
        return adapter(provider).chat(provider, url, apiKey, model, request);
    }

    /** Her Mind answers {@code request}: her words, then the calls of her abilities; see {@link ModelProvider#think}. */
    public Multi<MindPiece> think(Provider provider, String url, String apiKey, String model, MindRequest request) {
        return adapter(provider).think(provider, url, apiKey, model, request);
    }
}
