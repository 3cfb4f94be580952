package ai.eternego.core;

import java.util.regex.Pattern;


/** Persona ids are canonical lower-case UUIDs; every id that becomes a path is checked here first. */
public final class PersonaId {

    private static final Pattern CANONICAL = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private PersonaId() {
    }

    public static boolean isCanonical(String id) {
        return id != null && CANONICAL.matcher(id).matches();
    }

    /** The id itself, or a 400 saying what an id looks like. */
    public static String require(String id) {
        if (!isCanonical(id)) {
            throw Refusal.invalid("A persona id is a lower-case UUID such as 6c17c83c-3158-450d-8e43-0e7efea717c1.");
        }
        return id;
    }
}
