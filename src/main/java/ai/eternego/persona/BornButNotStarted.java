package ai.eternego.persona;

import ai.eternego.core.Refusal;

/**
 * She was born, but her agent failed to start. She stays; and since her recovery phrase is told only
 * at birth, the refusal carries it (and her record) so that no door can lose it.
 */
public final class BornButNotStarted extends Refusal {

    private final transient Born born;

    public BornButNotStarted(String sentence, Born born) {
        super(Kind.FAILED_TO_START, sentence);
        this.born = born;
    }

    public Born born() {
        return born;
    }
}
