package ai.eternego.api;

/** Java names of request fields back to the snake_case names people send. */
final class Naming {

    private Naming() {
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 8);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
