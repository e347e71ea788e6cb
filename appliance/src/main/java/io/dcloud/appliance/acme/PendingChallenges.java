package io.dcloud.appliance.acme;

import io.dcloud.sni.http.AcmeChallenges;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP-01 answers of the orders in flight, read by the :80 router's event loops while the
 * ordering thread adds and removes them; hosts compare case-insensitively and without a trailing dot.
 */
public final class PendingChallenges implements AcmeChallenges {
    private record Key(String host, String token) {}

    private final Map<Key, String> answers = new ConcurrentHashMap<>();

    /** Serves {@code keyAuthorization} for {@code token} on {@code host} until {@link #remove}. */
    public void put(String host, String token, String keyAuthorization) {
        answers.put(key(host, token), keyAuthorization);
    }

    public void remove(String host, String token) {
        answers.remove(key(host, token));
    }

    public int size() {
        return answers.size();
    }

    @Override
    public Optional<String> answer(String host, String token) {
        if (host == null || token == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(answers.get(key(host, token)));
    }

    private static Key key(String host, String token) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return new Key(name, token);
    }
}
