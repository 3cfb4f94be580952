package ai.eternego.persona;

import ai.eternego.core.PersonaId;
import ai.eternego.core.Refusal;

/** The name of an uploaded diary: exactly {@code <canonical uuid>.diary}, taken as sent, never decoded. */
final class DiaryName {

    private static final String SUFFIX = ".diary";

    private DiaryName() {
    }

    /** The persona id the file name carries, or a 400 that states the naming rule. */
    static String personaId(String fileName) {
        if (fileName != null && fileName.endsWith(SUFFIX)) {
            String stem = fileName.substring(0, fileName.length() - SUFFIX.length());
            if (PersonaId.isCanonical(stem)) {
                return stem;
            }
        }
        throw Refusal.invalid("The diary file must be named <persona id>.diary, where the id is a lower-case"
                + " UUID such as 6c17c83c-3158-450d-8e43-0e7efea717c1.diary, with no folder in the name;"
                + " rename the file and upload it again.");
    }
}
