package io.dcloud.appliance.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingChallengesTest {

    @Test
    void answersOnlyTheHostAndTokenItWasGiven() {
        var pending = new PendingChallenges();
        pending.put("api.provider.test", "tok", "tok.thumb");

        assertEquals(Optional.of("tok.thumb"), pending.answer("api.provider.test", "tok"));
        assertEquals(Optional.of("tok.thumb"), pending.answer("API.Provider.Test.", "tok"));
        assertEquals(Optional.empty(), pending.answer("other.provider.test", "tok"));
        assertEquals(Optional.empty(), pending.answer("api.provider.test", "other"));
        assertEquals(Optional.empty(), pending.answer(null, "tok"));
    }

    @Test
    void forgetsAnAnswerOnceRemoved() {
        var pending = new PendingChallenges();
        pending.put("api.provider.test", "tok", "tok.thumb");
        pending.remove("API.provider.test", "tok");

        assertEquals(Optional.empty(), pending.answer("api.provider.test", "tok"));
        assertEquals(0, pending.size());
    }
}
