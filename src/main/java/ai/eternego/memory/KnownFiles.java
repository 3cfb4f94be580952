package ai.eternego.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of what she knows, in upstream's order, and the field of upstream's reflection answer that
 * rewrites each: {@code identity} is {@code person.md}, {@code context} is {@code notes.md}.
 */
public final class KnownFiles {

    /** Field of the reflection answer → the file it replaces, in upstream's order. */
    public static final Map<String, String> BY_FIELD;

    /** The file names, in upstream's order. */
    public static final List<String> NAMES;

    static {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("identity", "person.md");
        fields.put("traits", "traits.md");
        fields.put("wishes", "wishes.md");
        fields.put("struggles", "struggles.md");
        fields.put("persona_traits", "persona-trait.md");
        fields.put("permissions", "permissions.md");
        fields.put("context", "notes.md");
        BY_FIELD = java.util.Collections.unmodifiableMap(fields);
        NAMES = List.copyOf(fields.values());
    }

    private KnownFiles() {
    }

    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }
}
