package ai.eternego.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.ProcessingException;

import org.junit.jupiter.api.Test;

import ai.eternego.provider.OrganFault.Kind;

class FaultsTest {

    private static final String SECRET = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private static final Faults.Call TELEGRAM = new Faults.Call("Telegram", "https://api.telegram.org",
            "the bot token was refused", "the bot token is malformed");

    @Test
    void connectionFailuresNameTheServerNotTheRequest() {
        OrganFault fault = Faults.translate(new ProcessingException(
                new ConnectException("Connection refused: https://api.telegram.org/bot" + SECRET + "/getMe")), TELEGRAM);
        assertEquals(Kind.UNREACHABLE, fault.kind());
        assertEquals("could not reach Telegram at https://api.telegram.org", fault.reason());
        assertNull(fault.getCause());
    }

    @Test
    void timeoutsAreNotTheUsersFault() {
        OrganFault fault = Faults.translate(new ProcessingException(new TimeoutException("read " + SECRET)), TELEGRAM);
        assertEquals(Kind.UNAVAILABLE, fault.kind());
        assertEquals(Faults.UNAVAILABLE, fault.reason());
    }

    @Test
    void statusesMapToSentences() {
        assertEquals("the bot token was refused", Faults.translate(new VendorStatus(401, null), TELEGRAM).reason());
        assertEquals("the bot token was refused", Faults.translate(new VendorStatus(403, null), TELEGRAM).reason());
        assertEquals("the bot token is malformed", Faults.translate(new VendorStatus(404, null), TELEGRAM).reason());
        assertEquals(Faults.UNAVAILABLE, Faults.translate(new VendorStatus(429, null), TELEGRAM).reason());
        assertEquals(Faults.UNAVAILABLE, Faults.translate(new VendorStatus(502, null), TELEGRAM).reason());
        assertEquals("Telegram refused the request (HTTP 400)",
                Faults.translate(new VendorStatus(400, null), TELEGRAM).reason());
    }

    @Test
    void anythingElseNeverEchoesItsMessage() {
        OrganFault fault = Faults.translate(new IllegalStateException("GET /bot" + SECRET + "/getMe"),
                new Faults.Call("Telegram", "https://user:pw@api.telegram.org/", "refused", "malformed"));
        assertEquals(Kind.REJECTED, fault.kind());
        assertEquals("the server at https://api.telegram.org did not answer like Telegram", fault.reason());
        assertFalse(fault.getMessage().contains(SECRET));
        assertFalse(fault.getMessage().contains("pw"));
    }
}
