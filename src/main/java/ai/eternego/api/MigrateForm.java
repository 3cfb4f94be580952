package ai.eternego.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import ai.eternego.channel.ChannelSpec;
import ai.eternego.core.EditDistance;
import ai.eternego.core.Refusal;
import ai.eternego.persona.Migration;
import ai.eternego.record.Organ;
import ai.eternego.organ.OrganSpec;

/**
 * The multipart form of {@code POST /api/persona/migrate}, field by field as the API page names them:
 * the Mind uses bare {@code model}, {@code provider}, {@code api_key}, {@code url}; every other organ
 * the {@code <organ>_*} pattern.
 */
public class MigrateForm {

    @RestForm("diary")
    public FileUpload diary;

    @RestForm("phrase")
    public String phrase;

    @RestForm("model")
    public String model;

    @RestForm("provider")
    public String provider;

    @RestForm("api_key")
    public String apiKey;

    @RestForm("url")
    public String url;

    @RestForm("imagination_model")
    public String imaginationModel;

    @RestForm("imagination_provider")
    public String imaginationProvider;

    @RestForm("imagination_api_key")
    public String imaginationApiKey;

    @RestForm("imagination_url")
    public String imaginationUrl;

    @RestForm("mouth_model")
    public String mouthModel;

    @RestForm("mouth_provider")
    public String mouthProvider;

    @RestForm("mouth_api_key")
    public String mouthApiKey;

    @RestForm("mouth_url")
    public String mouthUrl;

    @RestForm("eye_model")
    public String eyeModel;

    @RestForm("eye_provider")
    public String eyeProvider;

    @RestForm("eye_api_key")
    public String eyeApiKey;

    @RestForm("eye_url")
    public String eyeUrl;

    @RestForm("ear_model")
    public String earModel;

    @RestForm("ear_provider")
    public String earProvider;

    @RestForm("ear_api_key")
    public String earApiKey;

    @RestForm("ear_url")
    public String earUrl;

    @RestForm("teacher_model")
    public String teacherModel;

    @RestForm("teacher_provider")
    public String teacherProvider;

    @RestForm("teacher_api_key")
    public String teacherApiKey;

    @RestForm("teacher_url")
    public String teacherUrl;

    @RestForm("researcher_model")
    public String researcherModel;

    @RestForm("researcher_provider")
    public String researcherProvider;

    @RestForm("researcher_api_key")
    public String researcherApiKey;

    @RestForm("researcher_url")
    public String researcherUrl;

    @RestForm("telegram_token")
    public String telegramToken;

    @RestForm("discord_token")
    public String discordToken;

    /** Every field the form takes, as {@link Organ} names them. */
    static final Set<String> FIELDS = fields();

    /**
     * The domain command, once no field is unknown (a typo must not pass silently: it is named, with
     * the closest field) and every required field is there.
     */
    public Migration toMigration(Collection<String> sent) {
        for (String name : new TreeSet<>(sent)) {
            if (!FIELDS.contains(name)) {
                throw Refusal.malformed("The form is not valid: " + name + " is not a field of a migration"
                        + EditDistance.closest(name, FIELDS).map(f -> "; did you mean " + f + "?").orElse(".")
                        + " See /q/swagger-ui for the fields.");
            }
        }
        requireFields();
        return new Migration(diary.uploadedFile(), diary.fileName(), phrase, organs(), channels());
    }

    private static Set<String> fields() {
        Set<String> fields = new LinkedHashSet<>(List.of("diary", "phrase"));
        for (Organ organ : Organ.values()) {
            for (Organ.Part part : Organ.Part.values()) {
                fields.add(organ.formField(part));
            }
        }
        fields.addAll(List.of("telegram_token", "discord_token"));
        return Collections.unmodifiableSet(fields);
    }

    /** Refuses the form as malformed, naming every required field that is missing. */
    private void requireFields() {
        List<String> missing = new ArrayList<>();
        if (diary == null) {
            missing.add("diary");
        }
        if (phrase == null || phrase.isBlank()) {
            missing.add("phrase");
        }
        if (model == null || model.isBlank()) {
            missing.add("model");
        }
        if (!missing.isEmpty()) {
            throw Refusal.malformed("The form is not valid: " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " required.");
        }
    }

    /** The organs she will have here: exactly those the form declares. */
    public List<OrganSpec> organs() {
        List<OrganSpec> organs = new ArrayList<>();
        OrganDeclarations.add(organs, Organ.THINKING, model, provider, apiKey, url,
                Organ.THINKING.formField(Organ.Part.PROVIDER));
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
}
