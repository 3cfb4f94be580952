package ai.eternego.record;

/**
 * The organs of a persona, in the order of her record, and the one place their names are written:
 * the key in her record and every field name a request uses for them. The Mind ({@link #THINKING}) is
 * required; migrate's form names the Mind's fields bare ({@code model}, {@code provider}...).
 */
public enum Organ {
    THINKING("thinking"),
    IMAGINATION("imagination"),
    MOUTH("mouth"),
    EYE("eye"),
    EAR("ear"),
    TEACHER("teacher"),
    RESEARCHER("researcher");

    /** The parts of an organ's declaration, as they end its request fields. */
    public enum Part {
        MODEL("model"),
        PROVIDER("provider"),
        API_KEY("api_key"),
        URL("url");

        private final String key;

        Part(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final String key;

    Organ(String key) {
        this.key = key;
    }

    /** The JSON name and the request-field prefix: {@code thinking}, {@code eye}... */
    public String key() {
        return key;
    }

    /** A flat request field of this organ: {@code eye_api_key}. */
    public String field(Part part) {
        return key + "_" + part.key();
    }

    /** A field of migrate's form, where the Mind's fields are bare: {@code model}, {@code eye_model}. */
    public String formField(Part part) {
        return this == THINKING ? part.key() : field(part);
    }

    /** A field of this organ's object in an update: {@code eye.api_key}. */
    public String nestedField(Part part) {
        return key + "." + part.key();
    }

    /** The organ with this key, or {@code null}. */
    public static Organ byKey(String key) {
        for (Organ organ : values()) {
            if (organ.key.equals(key)) {
                return organ;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return key;
    }
}
