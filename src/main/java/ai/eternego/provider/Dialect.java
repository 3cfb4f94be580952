package ai.eternego.provider;

/**
 * How one vendor's stream reads, line by line; one instance per answer. A line that carries a vendor
 * error throws an {@link OrganFault}; {@link #complete()} tells whether the vendor's final event came.
 */
interface Dialect {

    /** Her words in {@code line} (thoughts left out), or {@code null} when it carries none. */
    String line(String line);

    /** Whether the answer ended as the vendor ends a whole answer. */
    boolean complete();
}
