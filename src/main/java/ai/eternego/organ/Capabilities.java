package ai.eternego.organ;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ai.eternego.provider.Provider;
import ai.eternego.record.Organ;

/**
 * Which provider can serve which organ: the Mind, the teacher, the eye and the researcher everywhere; the
 * ear and the mouth only at OpenAI (and compatible servers) and Gemini; imagination at OpenAI, Gemini and
 * xAI. An organ given to a provider that cannot serve it is refused at birth, before any call.
 */
public final class Capabilities {

    private static final Set<Provider> SPEECH = EnumSet.of(Provider.OPENAI, Provider.GEMINI);
    private static final Set<Provider> IMAGES = EnumSet.of(Provider.OPENAI, Provider.GEMINI, Provider.XAI);

    private Capabilities() {
    }

    /** The providers that can serve {@code organ}. */
    public static Set<Provider> servers(Organ organ) {
        return switch (organ) {
            case EAR, MOUTH -> SPEECH;
            case IMAGINATION -> IMAGES;
            case THINKING, TEACHER, EYE, RESEARCHER -> EnumSet.allOf(Provider.class);
        };
    }

    /**
     * Why {@code provider} cannot serve {@code organ}, in the words of a refusal
     * ("ear (anthropic): Anthropic has no speech-to-text; use openai or gemini"), or empty when it can.
     */
    public static Optional<String> refusal(Organ organ, Provider provider) {
        Set<Provider> servers = servers(organ);
        if (servers.contains(provider)) {
            return Optional.empty();
        }
        List<String> keys = servers.stream().map(Provider::key).toList();
        String use = String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.get(keys.size() - 1);
        return Optional.of(organ.key() + " (" + (provider.isLocal() ? "local" : provider.key()) + "): "
                + vendor(provider) + " has no " + craft(organ) + "; use " + use);
    }

    private static String craft(Organ organ) {
        return switch (organ) {
            case EAR -> "speech-to-text";
            case MOUTH -> "text-to-speech";
            case IMAGINATION -> "image generation";
            case THINKING, TEACHER, EYE, RESEARCHER -> "chat";
        };
    }

    private static String vendor(Provider provider) {
        return switch (provider) {
            case LOCAL -> "Ollama";
            case ANTHROPIC -> "Anthropic";
            case OPENAI -> "OpenAI";
            case XAI -> "xAI";
            case GEMINI -> "Gemini";
        };
    }
}
