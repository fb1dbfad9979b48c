package dev.nioserve.loop;

import java.util.ArrayDeque;

/**
 * Every connection's next deadline, in one hashed timing wheel on the loop thread. Scheduling is
 * O(1) and a tick touches only its own slot, so 100,000 connections cost no scan. A connection
 * that pushes its deadline later keeps its entry; when the entry comes due the connection looks
 * at its own clock and schedules again, so keep-alive traffic does not churn the wheel.
 *
 * <p>An entry is filed under the first tick at or after its time, and a tick's slot is processed
 * once that tick has begun; so everything found in a slot is due, except entries a whole round
 * (or more) of the wheel later, which stay.
 */
final class Deadlines<T extends Deadlines.Timer> {
    /** Granularity of every deadline; a timeout fires up to one tick late, never early. */
    static final long TICK_MILLIS = 100;

    private static final int SLOTS = 512;

    /** What the wheel wakes: a connection, or a test's stand-in. */
    interface Timer {
        /** An entry scheduled for {@code entryAt} came due at {@code now}; it may be stale. */
        void onTimer(long entryAt, long now);
    }

    /** One scheduled wake-up; stale when its timer has since scheduled an earlier one or closed. */
    private record Entry<T>(T timer, long at) {}

    @SuppressWarnings("unchecked")
    private final ArrayDeque<Entry<T>>[] slots = new ArrayDeque[SLOTS];

    /** The first tick whose slot has not been processed yet. */
    private long nextTick;
    /** Entries in all slots, stale ones included. */
    private int size;

    Deadlines(long nowMillis) {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new ArrayDeque<>();
        }
        nextTick = nowMillis / TICK_MILLIS;
    }

    void schedule(T timer, long atMillis) {
        long tick = Math.max(ceilTick(atMillis), nextTick);
        slots[(int) (tick % SLOTS)].addLast(new Entry<>(timer, atMillis));
        size++;
    }

    private static long ceilTick(long atMillis) {
        return Math.floorDiv(atMillis + TICK_MILLIS - 1, TICK_MILLIS);
    }

    /** How long the selector may sleep: until the next tick begins while anything is scheduled, else forever (0). */
    long millisToNextTick(long nowMillis) {
        if (size == 0) {
            return 0;
        }
        return Math.max(1, nextTick * TICK_MILLIS - nowMillis);
    }

    /** Hands every entry that is due to its timer; later rounds of the wheel stay put. */
    void expire(long nowMillis) {
        long nowTick = Math.floorDiv(nowMillis, TICK_MILLIS);
        for (; nextTick <= nowTick; nextTick++) {
            ArrayDeque<Entry<T>> slot = slots[(int) (nextTick % SLOTS)];
            for (int n = slot.size(); n > 0; n--) {
                Entry<T> entry = slot.pollFirst();
                if (entry.at() > nowMillis) {
                    slot.addLast(entry); // a later round of the wheel
                    continue;
                }
                size--;
                entry.timer().onTimer(entry.at(), nowMillis);
            }
        }
    }

    int size() {
        return size;
    }
}
