package ai.eternego.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.channel.ChannelSpec;
import ai.eternego.organ.OrganSpec;
import ai.eternego.persona.NewPersona;
import ai.eternego.record.Organ;

/**
 * The body of {@code POST /api/persona/create}: every field of the API page, by its exact name.
 * Only {@code name} and {@code thinking_model} are required; an organ exists only if its
 * {@code _model} is given.
 */
public record PersonaCreateRequest(
        @NotNull(message = "is required") @NotBlank(message = "must not be blank") @Pattern(regexp = Limits.NAME, message = Limits.NAME_MESSAGE) @JsonProperty("name") String name,
        @NotNull(message = "is required") @NotBlank(message = "must not be blank") @Pattern(regexp = Limits.MODEL, message = Limits.MODEL_MESSAGE) @JsonProperty("thinking_model") String thinkingModel,
        @Pattern(regexp = Limits.URL, message = Limits.URL_MESSAGE) @JsonProperty("thinking_url") String thinkingUrl,
        @JsonProperty("thinking_provider") String thinkingProvider,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("thinking_api_key") String thinkingApiKey,
        @Pattern(regexp = Limits.MODEL, message = Limits.MODEL_MESSAGE) @JsonProperty("imagination_model") String imaginationModel,
        @Pattern(regexp = Limits.URL, message = Limits.URL_MESSAGE) @JsonProperty("imagination_url") String imaginationUrl,
        @JsonProperty("imagination_provider") String imaginationProvider,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("imagination_api_key") String imaginationApiKey,
        @Pattern(regexp = Limits.MODEL, message = Limits.MODEL_MESSAGE) @JsonProperty("mouth_model") String mouthModel,
        @Pattern(regexp = Limits.URL, message = Limits.URL_MESSAGE) @JsonProperty("mouth_url") String mouthUrl,
        @JsonProperty("mouth_provider") String mouthProvider,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("mouth_api_key") String mouthApiKey,
        @Pattern(regexp = Limits.MODEL, message = Limits.MODEL_MESSAGE) @JsonProperty("eye_model") String eyeModel,
        @Pattern(regexp = Limits.URL, message = Limits.URL_MESSAGE) @JsonProperty("eye_url") String eyeUrl,
        @JsonProperty("eye_provider") String eyeProvider,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("eye_api_key") String eyeApiKey,
        @Pattern(regexp = Limits.MODEL, message = Limits.MODEL_MESSAGE) @JsonProperty("ear_model") String earModel,
        @Pattern(regexp = Limits.URL, message = Limits.URL_MESSAGE) @JsonProperty("ear_url") String earUrl,
        @JsonProperty("ear_provider") String earProvider,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("ear_api_key") String earApiKey,
        @Pattern(regexp = Limits.MODEL, message = Limits.MODEL_MESSAGE) @JsonProperty("teacher_model") String teacherModel,
        @Pattern(regexp = Limits.URL, message = Limits.URL_MESSAGE) @JsonProperty("teacher_url") String teacherUrl,
        @JsonProperty("teacher_provider") String teacherProvider,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("teacher_api_key") String teacherApiKey,
        @Pattern(regexp = Limits.MODEL, message = Limits.MODEL_MESSAGE) @JsonProperty("researcher_model") String researcherModel,
        @Pattern(regexp = Limits.URL, message = Limits.URL_MESSAGE) @JsonProperty("researcher_url") String researcherUrl,
        @JsonProperty("researcher_provider") String researcherProvider,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("researcher_api_key") String researcherApiKey,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("telegram_token") String telegramToken,
        @Pattern(regexp = Limits.SECRET, message = Limits.SECRET_MESSAGE) @JsonProperty("discord_token") String discordToken) {

    /** The organs she declared, with their providers parsed (an unknown provider is a 400). */
    public List<OrganSpec> organs() {
        List<OrganSpec> organs = new ArrayList<>();
        OrganDeclarations.add(organs, Organ.THINKING, thinkingModel, thinkingProvider, thinkingApiKey, thinkingUrl);
        OrganDeclarations.add(organs, Organ.IMAGINATION, imaginationModel, imaginationProvider, imaginationApiKey, imaginationUrl);
        OrganDeclarations.add(organs, Organ.MOUTH, mouthModel, mouthProvider, mouthApiKey, mouthUrl);
        OrganDeclarations.add(organs, Organ.EYE, eyeModel, eyeProvider, eyeApiKey, eyeUrl);
        OrganDeclarations.add(organs, Organ.EAR, earModel, earProvider, earApiKey, earUrl);
        OrganDeclarations.add(organs, Organ.TEACHER, teacherModel, teacherProvider, teacherApiKey, teacherUrl);
        OrganDeclarations.add(organs, Organ.RESEARCHER, researcherModel, researcherProvider, researcherApiKey, researcherUrl);
        return organs;
    }

    public List<ChannelSpec> channels() {
        return OrganDeclarations.channels(telegramToken, discordToken);
    }

    /** The domain command: her name, organs and channels. */
    public NewPersona toNewPersona() {
        return new NewPersona(name, organs(), channels());
    }
}
