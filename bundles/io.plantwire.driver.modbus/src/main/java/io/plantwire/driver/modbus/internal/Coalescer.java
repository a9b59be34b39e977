package io.plantwire.driver.modbus.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the points of one poll group into the fewest read requests the limits allow.
 *
 * <p>Per table, points are taken in address order and added to the current request while the request stays within
 * the size limit and the unread hole before the point is at most the allowed gap; otherwise a new request starts
 * at the point. Because a request can only grow to the right, starting each request at the lowest point not yet
 * covered and extending it as far as the limits allow is optimal (the usual greedy argument for covering sorted
 * intervals with windows of bounded span); the unit tests compare it against an exhaustive search.
 */
final class Coalescer {

    private Coalescer() {
    }

    /**
     * @param maxRegisters most registers per request (1-125)
     * @param maxBits most coils/discrete inputs per request (1-2000)
     * @param maxGapRegisters most unused registers a request may read to join two points
     * @param maxGapBits most unused bits a request may read to join two points
     */
    static List<ReadBlock> coalesce(List<PointDefinition> points, int maxRegisters, int maxBits, int maxGapRegisters,
            int maxGapBits) {
        Map<Table, List<PointDefinition>> byTable = new EnumMap<>(Table.class);
        for (PointDefinition p : points) {
            byTable.computeIfAbsent(p.table(), t -> new ArrayList<>()).add(p);
        }
        List<ReadBlock> blocks = new ArrayList<>();
        for (Map.Entry<Table, List<PointDefinition>> e : byTable.entrySet()) {
            Table table = e.getKey();
            int max = table.bits ? maxBits : maxRegisters;
            int gap = table.bits ? maxGapBits : maxGapRegisters;
            List<PointDefinition> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingInt(PointDefinition::address).thenComparingInt(PointDefinition::end));
            int start = -1;
            int end = -1;
            List<PointDefinition> members = new ArrayList<>();
            for (PointDefinition p : sorted) {
                if (start >= 0) {
                    int newEnd = Math.max(end, p.end());
                    int hole = p.address() - end - 1;
                    if (newEnd - start + 1 <= max && hole <= gap) {
                        end = newEnd;
                        members.add(p);
                        continue;
                    }
                    blocks.add(new ReadBlock(table, start, end - start + 1, List.copyOf(members)));
                    members.clear();
                }
                start = p.address();
                end = p.end();
                members.add(p);
            }
            if (start >= 0) {
                blocks.add(new ReadBlock(table, start, end - start + 1, List.copyOf(members)));
            }
        }
        return blocks;
    }
}
