package dev.nioserve.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeadlinesTest {

    /** Records when it was woken. */
    private static final class Probe implements Deadlines.Timer {
        final List<Long> firedAt = new ArrayList<>();

        @Override
        public void onTimer(long entryAt, long now) {
            firedAt.add(now);
        }
    }

    /** Advances a clock in steps like a loop that wakes when told, and returns when the probe fired. */
    private static long runUntilFired(Deadlines<Probe> wheel, Probe probe, long start, long step, long limit) {
        for (long now = start; now <= limit; now += step) {
            wheel.expire(now);
            if (!probe.firedAt.isEmpty()) {
                return probe.firedAt.get(0);
            }
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 50, 99, 100, 101, 1000, 1050, 60_000, 60_001})
    void entryFiresWithinOneTickAfterItsTimeNeverBefore(long delay) {
        long start = 1_000_037;
        Deadlines<Probe> wheel = new Deadlines<>(start);
        Probe probe = new Probe();
        wheel.schedule(probe, start + delay);

        long fired = runUntilFired(wheel, probe, start, 7, start + delay + 10 * Deadlines.TICK_MILLIS);
        assertTrue(fired >= start + delay, "early: " + (fired - start));
        assertTrue(fired <= start + delay + Deadlines.TICK_MILLIS + 7, "late: " + (fired - start - delay));
        assertEquals(0, wheel.size());
    }

    @Test
    void loopSleepingLongerThanATickStillFiresEverythingDue() {
        Deadlines<Probe> wheel = new Deadlines<>(0);
        Probe early = new Probe();
        Probe late = new Probe();
        wheel.schedule(early, 250);
        wheel.schedule(late, 90_000);

        wheel.expire(5_000);
        assertEquals(List.of(5_000L), early.firedAt);
        assertTrue(late.firedAt.isEmpty(), "a later round stays");
        wheel.expire(89_999);
        assertTrue(late.firedAt.isEmpty());
        wheel.expire(90_100);
        assertEquals(List.of(90_100L), late.firedAt);
    }

    @Test
    void sleepIsUntilTheNextTickWhileAnythingIsScheduledElseForever() {
        Deadlines<Probe> wheel = new Deadlines<>(1_000);
        assertEquals(0, wheel.millisToNextTick(1_000));
        wheel.schedule(new Probe(), 1_500);
        long sleep = wheel.millisToNextTick(1_000);
        assertTrue(sleep >= 1 && sleep <= Deadlines.TICK_MILLIS, "sleep " + sleep);
    }
}
