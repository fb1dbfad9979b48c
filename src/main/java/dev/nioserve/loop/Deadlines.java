package dev.nioserve.loop;

import java.util.ArrayDeque;

/**
 * Every connection's next deadline, in one hashed timing wheel on the loop thread. Scheduling is
 * O(1) and a tick touches only its own slot, so 100,000 connections cost no scan. A connection
 * that pushes its deadline later keeps its entry; when the entry comes due the connection looks
 * at its own clock and schedules again, so keep-alive traffic does not churn the wheel.
 */
final class Deadlines {
    /** Granularity of every deadline; a timeout fires up to one tick late, never early. */
    static final long TICK_MILLIS = 100;

    private static final int SLOTS = 512;

    /** One scheduled wake-up; stale when the connection has since scheduled an earlier one or closed. */
    private record Entry(Connection connection, long at) {}

    @SuppressWarnings("unchecked")
    private final ArrayDeque<Entry>[] slots = new ArrayDeque[SLOTS];

    /** The first tick not yet expired. */
    private long nextTick;
    /** Entries in all slots, stale ones included. */
    private int size;

    Deadlines(long nowMillis) {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new ArrayDeque<>();
        }
        nextTick = nowMillis / TICK_MILLIS;
    }

    void schedule(Connection connection, long atMillis) {
        long tick = Math.max(atMillis / TICK_MILLIS, nextTick);
        slots[(int) (tick % SLOTS)].addLast(new Entry(connection, atMillis));
        size++;
    }

    /** How long the selector may sleep: until the next tick while anything is scheduled, else forever (0). */
    long millisToNextTick(long nowMillis) {
        if (size == 0) {
            return 0;
        }
        return Math.max(1, nextTick * TICK_MILLIS + TICK_MILLIS - nowMillis);
    }

    /** Hands every entry that is due to its connection; later rounds of the wheel stay put. */
    void expire(long nowMillis) {
        long nowTick = nowMillis / TICK_MILLIS;
        for (; nextTick <= nowTick; nextTick++) {
            ArrayDeque<Entry> slot = slots[(int) (nextTick % SLOTS)];
            for (int n = slot.size(); n > 0; n--) {
                Entry entry = slot.pollFirst();
                if (entry.at() > nowMillis) {
                    slot.addLast(entry); // a later round of the wheel
                    continue;
                }
                size--;
                entry.connection().onTimer(entry.at(), nowMillis);
            }
        }
    }

    int size() {
        return size;
    }
}
