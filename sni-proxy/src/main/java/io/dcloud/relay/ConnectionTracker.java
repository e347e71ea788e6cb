package io.dcloud.relay;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live client connections grouped by route or mapping, so that ending a rental can cut exactly its
 * connections and a per-route limit can be enforced. Closed channels leave their group by themselves.
 */
public final class ConnectionTracker {
    private final ConcurrentHashMap<String, ChannelGroup> groups = new ConcurrentHashMap<>();

    /** Adds the client to the key's group unless that already holds {@code limit} connections (0: no limit). */
    public boolean register(String key, Channel client, int limit) {
        ChannelGroup group = groups.computeIfAbsent(key, k -> new DefaultChannelGroup(k, GlobalEventExecutor.INSTANCE));
        synchronized (group) {
            if (limit > 0 && group.size() >= limit) {
                return false;
            }
            group.add(client);
        }
        return true;
    }

    public int count(String key) {
        ChannelGroup group = groups.get(key);
        return group == null ? 0 : group.size();
    }

    /** Closes every live connection of the key (the peers close with them) and forgets the key. */
    public void closeAll(String key) {
        ChannelGroup group = groups.remove(key);
        if (group != null) {
            group.close();
        }
    }
}
