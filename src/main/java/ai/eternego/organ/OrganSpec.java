package ai.eternego.organ;

import ai.eternego.provider.Provider;
import ai.eternego.record.Organ;

/**
 * One organ as a person declares it: the model, where it runs, its key and an optional base URL
 * override ({@code null} means the provider's configured default).
 */
public record OrganSpec(Organ organ, String model, Provider provider, String apiKey, String url) {

    /** How failures and progress name it: {@code eye (openai)}, {@code thinking (local)}. */
    public String label() {
        return organ.key() + " (" + (provider.isLocal() ? "local" : provider.key()) + ")";
    }
}
