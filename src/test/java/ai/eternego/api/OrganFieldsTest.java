package ai.eternego.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.resteasy.reactive.RestForm;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;

import ai.eternego.record.Organ;

/**
 * Every organ's field names are written once, in {@link Organ}; the request classes must spell exactly
 * those (annotations need constants, so this test holds them to it).
 */
class OrganFieldsTest {

    @Test
    void createTakesEveryOrganFieldAndNothingElse() {
        Set<String> expected = new TreeSet<>(Set.of("name", "telegram_token", "discord_token"));
        for (Organ organ : Organ.values()) {
            for (Organ.Part part : Organ.Part.values()) {
                expected.add(organ.field(part));
            }
        }
        Set<String> declared = new TreeSet<>();
        for (RecordComponent c : PersonaCreateRequest.class.getRecordComponents()) {
            declared.add(c.getAccessor().getAnnotation(JsonProperty.class) != null
                    ? c.getAccessor().getAnnotation(JsonProperty.class).value()
                    : c.getDeclaredAnnotation(JsonProperty.class) != null
                            ? c.getDeclaredAnnotation(JsonProperty.class).value()
                            : c.getName());
        }
        assertEquals(expected, declared);
    }

    @Test
    void migrateTakesEveryOrganFieldWithABareMind() {
        Set<String> expected = new TreeSet<>(Set.of("diary", "phrase", "telegram_token", "discord_token"));
        for (Organ organ : Organ.values()) {
            for (Organ.Part part : Organ.Part.values()) {
                expected.add(organ.formField(part));
            }
        }
        Set<String> declared = new TreeSet<>();
        for (Field f : MigrateForm.class.getFields()) {
            declared.add(f.getAnnotation(RestForm.class).value());
        }
        assertEquals(expected, declared);
    }

    @Test
    void updateTakesEveryOrganAsAnObjectAndClearsEveryOptionalOne() {
        Set<String> expected = new TreeSet<>(Set.of("name", "status", "telegram_token", "discord_token",
                "clear_telegram", "clear_discord"));
        for (Organ organ : Organ.values()) {
            expected.add(organ.key());
            if (organ != Organ.THINKING) {
                expected.add("clear_" + organ.key());
            }
        }
        Set<String> declared = new TreeSet<>();
        Arrays.stream(PersonaUpdateRequest.class.getFields()).filter(f -> f.getAnnotation(JsonProperty.class) != null)
                .forEach(f -> declared.add(f.getAnnotation(JsonProperty.class).value()));
        assertEquals(expected, declared);
        Set<String> organParts = new TreeSet<>();
        for (RecordComponent c : PersonaUpdateRequest.OrganUpdate.class.getRecordComponents()) {
            organParts.add(c.getAccessor().getAnnotation(JsonProperty.class) != null
                    ? c.getAccessor().getAnnotation(JsonProperty.class).value()
                    : c.getName());
        }
        Set<String> parts = new TreeSet<>();
        Arrays.stream(Organ.Part.values()).forEach(p -> parts.add(p.key()));
        assertEquals(parts, organParts);
    }
}
