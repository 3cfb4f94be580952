package ai.eternego.organ;

import java.util.Arrays;
import java.util.List;

/** The organs of a persona, in the order of her record. The Mind ({@link #THINKING}) is required. */
public enum Organ {
    THINKING("thinking", "Mind"),
    IMAGINATION("imagination", "draws images"),
    MOUTH("mouth", "text to voice"),
    EYE("eye", "looks at images"),
    EAR("ear", "audio to text"),
    TEACHER("teacher", "a stronger model she consults"),
    RESEARCHER("researcher", "reads documents");

    private final String key;
    private final String role;

    Organ(String key, String role) {
        this.key = key;
        this.role = role;
    }

    /** The JSON name and the request-field prefix: {@code thinking}, {@code eye}... */
    public String key() {
        return key;
    }

    public String role() {
        return role;
    }

    /** Every organ but the Mind. */
    public static List<Organ> optional() {
        return Arrays.stream(values()).filter(o -> o != THINKING).toList();
    }

    @Override
    public String toString() {
        return key;
    }
}
