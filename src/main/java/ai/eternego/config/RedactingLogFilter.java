package ai.eternego.config;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Passes every log line through {@link Redact} before any handler writes it (configured for the
 * console and the log file in application.properties), so that a key, a token or a phrase that
 * slipped into a message, ours or a library's, is masked.
 */
@LoggingFilter(name = "redact")
public final class RedactingLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String redacted = Redact.text(formatted);
            if (redacted != null && !redacted.equals(formatted)) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (record.getMessage() != null && record.getParameters() == null) {
            record.setMessage(Redact.text(record.getMessage()));
        }
        return true;
    }
}
